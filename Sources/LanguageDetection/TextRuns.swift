import CICU

/// The scripts the detector tells apart, and how each is decided: by the script alone, by the
/// CJK rules, or by the n-gram model of its group (see `Tools/langid/MODEL.md`).
enum ScriptGroup: Int, CaseIterable, Sendable {
    // Declared in the order that breaks ties between groups of equal weight.
    case latin, cyrillic, arabic, devanagari, cjk, thai, hebrew, greek, georgian, armenian, bengali
    case tamil, telugu, gujarati, kannada, malayalam, gurmukhi, oriya, sinhala, khmer, lao, myanmar, ethiopic
    case unsupported

    /// The group's name in the model file (`Latn`): the n-gram groups carry classes.
    var modelName: String {
        switch self {
        case .latin: "Latn"
        case .cyrillic: "Cyrl"
        case .arabic: "Arab"
        case .devanagari: "Deva"
        default: ""
        }
    }

    /// The language a script alone decides.
    var directTag: String? {
        switch self {
        case .thai: "th"
        case .hebrew: "he"
        case .greek: "el"
        case .georgian: "ka"
        case .armenian: "hy"
        case .bengali: "bn"
        case .tamil: "ta"
        case .telugu: "te"
        case .gujarati: "gu"
        case .kannada: "kn"
        case .malayalam: "ml"
        case .gurmukhi: "pa"
        case .oriya: "or"
        case .sinhala: "si"
        case .khmer: "km"
        case .lao: "lo"
        case .myanmar: "my"
        case .ethiopic: "am"
        default: nil
        }
    }
}

/// A script as the detector sees a letter's (Unicode Script property, through ICU).
struct LetterScript: Equatable, Sendable {
    /// Index into `LetterScript.names`.
    let index: UInt8

    static let names = [
        "Latn", "Cyrl", "Arab", "Deva", "Hani", "Hira", "Kana", "Hang", "Bopo", "Thai", "Hebr",
        "Grek", "Geor", "Armn", "Beng", "Taml", "Telu", "Gujr", "Knda", "Mlym", "Guru", "Orya",
        "Sinh", "Khmr", "Laoo", "Mymr", "Ethi", "Zyyy", "Zinh", "Zzzz",
    ]
    static let han = LetterScript(index: 4), hiragana = LetterScript(index: 5), katakana = LetterScript(index: 6)
    static let hangul = LetterScript(index: 7)
    static let common = LetterScript(index: 27), inherited = LetterScript(index: 28), other = LetterScript(index: 29)

    var isShared: Bool { self == .common || self == .inherited }
    /// CJK letters weigh three: a word of one or two of them says as much as a Latin word.
    var weight: Int { (4...8).contains(index) ? 3 : 1 }

    var group: ScriptGroup {
        switch index {
        case 0: .latin
        case 1: .cyrillic
        case 2: .arabic
        case 3: .devanagari
        case 4...8: .cjk
        case 9: .thai
        case 10: .hebrew
        case 11: .greek
        case 12: .georgian
        case 13: .armenian
        case 14: .bengali
        case 15: .tamil
        case 16: .telugu
        case 17: .gujarati
        case 18: .kannada
        case 19: .malayalam
        case 20: .gurmukhi
        case 21: .oriya
        case 22: .sinhala
        case 23: .khmer
        case 24: .lao
        case 25: .myanmar
        case 26: .ethiopic
        default: .unsupported
        }
    }

    /// ICU's UScriptCode → ours, built once.
    static let byICUCode: [UInt8] = {
        var table = [UInt8](repeating: LetterScript.other.index, count: 256)
        for (index, name) in names.enumerated() where name != "Zzzz" {
            let code = parley_script_from_code(name)
            if code >= 0 && code < 256 { table[Int(code)] = UInt8(index) }
        }
        return table
    }()
}

/// A run of letters of one script, lowercased: a word, or the part of one in a script. Its
/// letters are `letters[range]` of its `TextRuns`.
struct Run {
    var script: LetterScript
    var range: Range<Int>
}

/// The words of a text, each in one script, and the letter weight of each script group.
struct TextRuns {
    /// At most this many code points of the input are looked at.
    static let scanCap = 20_000
    /// Reading stops after this many letters.
    static let letterCap = 1_000

    /// Every kept letter, lowercased, in order; runs are ranges of it.
    var letters: [UInt32] = []
    var runs: [Run] = []
    var weights = [Int](repeating: 0, count: ScriptGroup.allCases.count)

    /// The words of a script group, as ranges of `letters`.
    func words(of group: ScriptGroup) -> [Range<Int>] {
        runs.compactMap { $0.script.group == group ? $0.range : nil }
    }

    init(_ text: String) {
        let table = LetterScript.byICUCode
        let plane = Self.basicPlane
        letters.reserveCapacity(min(text.utf8.count, Self.letterCap) + 1)  // ß may add one
        runs.reserveCapacity(32)
        // The word being read: its letters go straight to `letters` (from `wordStart`), its
        // letters' scripts here, with whether each counts toward the script weights.
        withUnsafeTemporaryAllocation(of: (LetterScript, Bool).self, capacity: Self.letterCap + 2) { word in
            var wordLength = 0
            var kept = 0
            var scanned = 0
            for scalar in text.unicodeScalars {
                if scanned == Self.scanCap { break }
                scanned += 1
                let code = scalar.value
                if code == 0x0640 { continue }  // Arabic tatweel: stretching, not a boundary
                var lower: UInt32 = 0
                let ours: LetterScript
                if code < 0x80 {
                    // ASCII without the C call: letters are Latin, everything else a boundary.
                    let isUpper = code >= 0x41 && code <= 0x5A
                    guard isUpper || (code >= 0x61 && code <= 0x7A) else { flush(word, &wordLength); continue }
                    lower = isUpper ? code + 32 : code
                    ours = LetterScript(index: 0)
                } else {
                    if code <= 0xFFFF, case let facts = plane[Int(code)], facts & Self.outsideTable == 0 {
                        guard facts & Self.letterBit != 0 else { flush(word, &wordLength); continue }
                        lower = facts & 0xFFFF
                        ours = LetterScript(index: UInt8((facts >> 16) & 0xFF))
                    } else {
                        var script: Int32 = 0
                        guard parley_letter_info(code, &script, &lower) != 0 else { flush(word, &wordLength); continue }
                        ours = script >= 0 && script < 256 ? LetterScript(index: table[Int(script)]) : .other
                    }
                    if Self.isDroppedArabicMark(code) { continue }
                }
                if lower == 0xDF {
                    letters.append(0x73)  // ß is written "ss", one letter
                    word[wordLength] = (ours, true)
                    wordLength += 1
                    lower = 0x73
                    word[wordLength] = (ours, false)
                } else {
                    word[wordLength] = (ours, true)
                }
                letters.append(lower)
                wordLength += 1
                kept += 1
                if kept >= Self.letterCap { break }
            }
            flush(word, &wordLength)
        }
    }

    /// Closes the word in progress (its letters are the last `length` of `letters`, their
    /// scripts in `word`): shared letters (Common, Inherited) take the script before them (the
    /// first real one, at the start); the word splits into runs where the script changes.
    private mutating func flush(_ word: UnsafeMutableBufferPointer<(LetterScript, Bool)>, _ length: inout Int) {
        guard length > 0 else { return }
        defer { length = 0 }
        let start = letters.count - length
        guard var previous = word[0..<length].first(where: { !$0.0.isShared })?.0 else {
            letters.removeLast(length)  // only shared letters: not a word
            return
        }
        var runStart = start
        var runScript = previous
        for index in 0..<length {
            let (letterScript, counts) = word[index]
            let script = letterScript.isShared ? previous : letterScript
            previous = script
            if counts { weights[script.group.rawValue] += script.weight }
            if script != runScript {
                runs.append(Run(script: runScript, range: runStart..<(start + index)))
                runStart = start + index
                runScript = script
            }
        }
        runs.append(Run(script: runScript, range: runStart..<letters.count))
    }

    /// What ICU says of every code point of the Basic Multilingual Plane, asked once: its
    /// lowercase (bits 0–15), our script index (bits 16–23), whether it is a letter or a mark
    /// (`letterBit`); `outsideTable` when the lowercase is outside the plane (ask ICU each time).
    static let basicPlane: [UInt32] = {
        let scripts = LetterScript.byICUCode
        return (0...0xFFFF).map { code -> UInt32 in
            var script: Int32 = 0
            var lower: UInt32 = 0
            let isLetter = parley_letter_info(UInt32(code), &script, &lower) != 0
            guard lower <= 0xFFFF else { return outsideTable }
            let ours = script >= 0 && script < 256 ? UInt32(scripts[Int(script)]) : UInt32(LetterScript.other.index)
            return lower | ours << 16 | (isLetter ? letterBit : 0)
        }
    }()
    static let letterBit: UInt32 = 1 << 24
    static let outsideTable: UInt32 = 1 << 25

    /// Arabic harakat and other Arabic combining marks are dropped (vowelled and unvowelled
    /// text read alike).
    static func isDroppedArabicMark(_ code: UInt32) -> Bool {
        (0x0610...0x061A).contains(code) || (0x064B...0x065F).contains(code) || code == 0x0670
            || (0x06D6...0x06DC).contains(code) || (0x06DF...0x06E4).contains(code) || (0x06E7...0x06E8).contains(code)
            || (0x06EA...0x06ED).contains(code) || (0x08D3...0x08FF).contains(code)
    }
}
