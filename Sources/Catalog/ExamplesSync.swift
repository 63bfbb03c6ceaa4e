import ICU

/// A template's examples in one locale as the server had them when pulled or pushed.
public struct PulledExamples: Sendable, Hashable, Codable {
    public var key: String
    public var locale: LocaleID
    public var version: Int
    public var phrases: [String]

    public init(key: String, locale: LocaleID, version: Int, phrases: [String]) {
        self.key = key
        self.locale = locale
        self.version = version
        self.phrases = phrases
    }

    public var spec: ExampleSpec { ExampleSpec(key: key, locale: locale, phrases: phrases) }
}

/// Pulling and pushing examples. A template's examples are a set of phrasings, so they merge
/// without conflicts: what you added since the pull is added to the server's, what you removed
/// is removed from them, and what a colleague changed meanwhile stays.
public enum ExamplesSync {
    struct Place: Hashable {
        var key: String
        var locale: LocaleID
    }

    /// The examples a pull writes into the files, and the places where your edits were kept.
    /// - Parameters:
    ///   - base: what the last pull or push saw (none: nothing was pulled before).
    ///   - theirs: the server's examples now.
    ///   - yours: the files' examples.
    public static func merge(base: [PulledExamples], theirs: [PulledExamples], yours: [ExampleSpec]) -> (examples: [ExampleSpec], kept: [String]) {
        let base = Dictionary(base.map { (Place(key: $0.key, locale: $0.locale), $0.phrases) }, uniquingKeysWith: { _, last in last })
        let theirs = Dictionary(theirs.map { (Place(key: $0.key, locale: $0.locale), $0.phrases) }, uniquingKeysWith: { _, last in last })
        let yours = Dictionary(yours.map { (Place(key: $0.key, locale: $0.locale), $0.phrases) }, uniquingKeysWith: { _, last in last })
        var merged: [ExampleSpec] = []
        var kept: [String] = []
        for place in Set(base.keys).union(theirs.keys).union(yours.keys).sorted(by: { ($0.key, $0.locale.tag) < ($1.key, $1.locale.tag) }) {
            let server = theirs[place] ?? []
            let result: [String]
            if let mine = yours[place], mine != base[place] ?? [] {
                let before = Set(base[place] ?? [])
                let added = mine.filter { !before.contains($0) }
                let removed = before.subtracting(mine)
                result = unique(server.filter { !removed.contains($0) } + added)
                if result != server { kept.append("examples of \(place.key) (\(place.locale))") }
            } else {
                result = server
            }
            if !result.isEmpty || yours[place] != nil { merged.append(ExampleSpec(key: place.key, locale: place.locale, phrases: result)) }
        }
        return (merged, kept)
    }

    /// The examples a push sends: those whose phrases differ from what was pulled, each with the
    /// version it was made from (nil: the server had none).
    public static func outgoing(_ files: [ExampleSpec], pulled: [PulledExamples]) -> [(examples: ExampleSpec, base: Int?)] {
        let pulled = Dictionary(pulled.map { (Place(key: $0.key, locale: $0.locale), $0) }, uniquingKeysWith: { _, last in last })
        return files.compactMap { spec in
            let base = pulled[Place(key: spec.key, locale: spec.locale)]
            guard spec.phrases != (base?.phrases ?? []) else { return nil }
            return (spec, base?.version)
        }
    }

    private static func unique(_ phrases: [String]) -> [String] {
        var seen = Set<String>()
        return phrases.filter { seen.insert($0).inserted }
    }
}
