import Foundation
@testable import LanguageDetection
import Testing

@Suite("Language detection")
struct LanguageDetectionTests {
    static let detector = Result { try LanguageDetector.bundled() }
    static let twentyOne = ["ar", "de", "en", "es", "fa", "fr", "he", "hi", "id", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "uk", "vi", "zh"]

    func detect(_ text: String, _ candidates: [String]? = nil) throws -> Detection {
        try Self.detector.get().detect(text, candidates: candidates)
    }

    @Test("the script decides: Hangul, kana, Thai, Hebrew, Greek, Georgian, Armenian, Bengali, and more",
          arguments: [
              ("계정이 해킹당했어요", "ko"), ("アカウントが乗っ取られました", "ja"), ("iPhoneを買いました", "ja"),
              ("บัญชีของฉันถูกแฮ็ก", "th"), ("החשבון שלי נפרץ", "he"), ("ο λογαριασμός μου παραβιάστηκε", "el"),
              ("ჩემი ანგარიში გატეხეს", "ka"), ("իմ հաշիվը կոտրել են", "hy"), ("আমার অ্যাকাউন্ট হ্যাক হয়েছে", "bn"),
              ("என் கணக்கு ஹேக் செய்யப்பட்டது", "ta"),
          ])
    func scripts(text: String, tag: String) throws {
        let detection = try detect(text)
        #expect(detection.language == tag)
        #expect(detection.reason == .script && detection.confidence == 1)
    }

    @Test("Han without kana is Chinese, Simplified or Traditional when the characters show it")
    func chinese() throws {
        #expect(try detect("充值的金币没到账").language == "zh-Hans")
        #expect(try detect("儲值的金幣沒有到帳").language == "zh-Hant")
        #expect(try detect("東京大学").language == "zh", "characters common to both say only zh")
        // A workspace locale zh-Hant makes zh a candidate.
        #expect(try detect("我們的國家很強大", ["en", "zh-Hant"]).language == "zh-Hant")
    }

    @Test("languages that share a script are told apart by the model",
          arguments: [
              ("mi cuenta fue hackeada", "es"), ("minha conta foi hackeada", "pt"), ("mon compte a été piraté", "fr"),
              ("mein Konto wurde gehackt", "de"), ("il mio account è stato violato", "it"), ("mijn account is gehackt", "nl"),
              ("moje konto zostało zhakowane", "pl"), ("hesabım hacklendi", "tr"), ("akun saya diretas", "id"),
              ("tài khoản của tôi bị hack", "vi"), ("мой аккаунт взломали", "ru"), ("мій акаунт зламали", "uk"),
              ("تم اختراق حسابي", "ar"), ("حساب من هک شده است", "fa"), ("मेरा खाता हैक हो गया है", "hi"),
          ])
    func sharedScripts(text: String, tag: String) throws {
        let detection = try detect(text, Self.twentyOne)
        #expect(detection.language == tag, "\(text): \(detection.languages.prefix(3))")
        #expect(detection.reason == .model)
        #expect(detection.confidence > 0.5 && detection.confidence <= 1)
        let sum = detection.languages.map(\.confidence).reduce(0, +)
        #expect(abs(sum - 1) < 1e-9)
    }

    @Test("decomposed text reads as composed text")
    func decomposed() throws {
        let composed = "Tôi muốn hoàn tiền cho đơn hàng này"
        let decomposed = composed.decomposedStringWithCanonicalMapping
        #expect(Array(composed.unicodeScalars) != Array(decomposed.unicodeScalars))
        #expect(try detect(decomposed, Self.twentyOne) == detect(composed, Self.twentyOne))
        #expect(try detect(decomposed, Self.twentyOne).language == "vi")
    }

    @Test("candidates restrict the answer, as a workspace's locales do")
    func candidates() throws {
        #expect(try detect("Saya suka makan nasi goreng.").language == "ms")
        #expect(try detect("Saya suka makan nasi goreng.", ["en", "id"]).language == "id")
        let restricted = try detect("mi cuenta fue hackeada", ["en-US", "es-419", "pt-BR"])
        #expect(restricted.language == "es")
        #expect(Set(restricted.languages.map(\.tag)) == ["en", "es", "pt"])
        #expect(try detect("계정이 해킹당했어요", ["en", "de"]).reason == .notACandidate)
        #expect(try detect("мой аккаунт взломали", ["en", "de"]).reason == .notACandidate)
    }

    @Test("und: empty, no letters, mixed scripts, an unsupported script, a language outside the candidates")
    func unknown() throws {
        #expect(try detect("").reason == .empty)
        #expect(try detect("12345 !!! ... 🙂").reason == .empty)
        #expect(try detect("Hello привет").reason == .mixed)
        #expect(try detect("ꯃꯤꯇꯩ ꯂꯣꯟ").reason == .unsupportedScript)
        let catalan = try detect("Bon dia, com estàs? Avui fa molt bon temps a Barcelona.", Self.twentyOne)
        #expect(catalan.language == "und", "\(catalan)")
        #expect(try detect("Bon dia, com estàs? Avui fa molt bon temps a Barcelona.").language == "ca")
        let galician = try detect("Onte non puiden entrar na miña conta e hoxe tampouco", Self.twentyOne)
        #expect(galician.reason == .betterOutsideCandidates("gl"), "\(galician)")
        #expect(try detect("Onte non puiden entrar na miña conta e hoxe tampouco").language == "gl")
        for detection in [try detect(""), catalan, galician] {
            #expect(detection.languages.isEmpty && detection.confidence == 0)
        }
    }

    /// Two words need a wide margin before a language outside the candidates wins (in-set
    /// pairs are often fitted better by a neighbour); three words and more need less.
    @Test("a language outside the candidates: two words need the wider margin, three do not")
    func outsideMarginByLength() throws {
        let threeWords = try detect("Todo vai ben.", Self.twentyOne)
        #expect(threeWords.reason == .betterOutsideCandidates("gl"), "\(threeWords)")
        let twoWords = try detect("Tes razón.", Self.twentyOne)
        #expect(twoWords.reason == .model && twoWords.language != "gl", "\(twoWords)")
        #expect(try detect("Tes razón.").language == "gl")
    }

    /// The reference implementation's vectors (`Tools/langid/vectors.json`): every tag, every
    /// confidence to 0.001, and for model decisions the scored positions and each class's cost.
    @Test("answers, costs and confidences equal the reference implementation's")
    func referenceVectors() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tools/langid/vectors.json")
        let file = try JSONDecoder().decode(VectorFile.self, from: Data(contentsOf: url))
        let detector = try Self.detector.get()
        for vector in file.hash_vectors {
            var hash = FNV1a()
            let hex = Array(vector.key_bytes_hex)
            for index in stride(from: 0, to: hex.count, by: 2) { hash.add(UInt8(String(hex[index...index + 1]), radix: 16)!) }
            #expect(String(hash.value, radix: 16).leftPadded(16) == vector.fnv1a64, "\(vector.key_bytes_hex)")
        }
        #expect(file.vectors.count >= 30)
        for vector in file.vectors {
            let detection = detector.detect(vector.text, candidates: vector.candidates)
            #expect(detection.language == vector.tag, "\(vector.text): \(detection)")
            #expect(abs(detection.confidence - vector.confidence) <= 0.0011, "\(vector.text)")
            guard let positions = vector.positions, let costs = vector.costs, let group = vector.group else { continue }
            let model = detector.model
            let scriptGroup = ScriptGroup.allCases.first { $0.modelName == group }!
            let runs = TextRuns(LanguageDetector.composed(vector.text))
            let classes = model.classesByGroup[scriptGroup.rawValue]
            let score = Score(model: model, group: classes, letters: runs.letters, words: runs.words(of: scriptGroup))
            #expect(score.positions == positions, "\(vector.text)")
            for index in classes {
                #expect(score.costs[index] == costs[model.classes[index].tag], "\(vector.text): \(model.classes[index].tag)")
            }
        }
    }

    struct VectorFile: Decodable {
        struct HashVector: Decodable { var key_bytes_hex: String; var fnv1a64: String }
        struct Vector: Decodable {
            var text: String
            var candidates: [String]?
            var tag: String
            var confidence: Double
            var group: String?
            var positions: Int?
            var costs: [String: Int]?
        }
        var hash_vectors: [HashVector]
        var vectors: [Vector]
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
