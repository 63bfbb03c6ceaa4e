import Foundation
import Hummingbird
import LanguageDetection

/// `POST /v1/detect`: the language of a customer's message.
struct DetectRoutes {
    let detector: LanguageDetector?

    func register(on group: RouterGroup<ParleyContext>) {
        group.post("detect", use: detect)
    }

    struct DetectRequest: Decodable {
        var text: String
        /// Tags to choose from (only their language subtag counts), as a workspace's locales.
        var candidates: [String]?
    }

    @Sendable func detect(_ request: Request, context: ParleyContext) async throws -> Response {
        _ = try context.require(.render)
        guard let detector else { throw APIError(.serviceUnavailable, "unavailable", "language detection is not available") }
        let body = try await request.decode(as: DetectRequest.self, context: context)
        guard body.text.utf8.count <= 100_000 else { throw APIError.badRequest("text is limited to 100 000 bytes") }
        return try JSON.response(DetectionAnswer(detector.detect(body.text, candidates: body.candidates)))
    }
}

/// A detection as `/v1/detect` answers it, and `parley detect --json` prints it: confidences to
/// three decimals, the five likeliest languages.
public struct DetectionAnswer: Encodable, Sendable {
    public struct Best: Encodable, Sendable { var language: String; var confidence: Double }

    /// The best tag, or `und`.
    var language: String
    var confidence: Double
    /// The candidates, likeliest first (empty for `und`).
    var languages: [RankedLanguage]
    /// Why: script, model, empty, mixed, unsupported-script, not-a-candidate, better-outside-candidates, poor-fit.
    var reason: String
    /// For `und` by poor-fit or better-outside-candidates: the best candidate and its confidence.
    var best: Best?
    /// Whether the text was read as written before a wrong charset garbled it; then `repairedText` is that text.
    var repaired: Bool
    var repairedText: String?

    public init(_ detection: Detection) {
        func rounded(_ confidence: Double) -> Double { (confidence * 1000).rounded() / 1000 }
        languages = detection.languages.prefix(5).map { RankedLanguage(tag: $0.tag, confidence: rounded($0.confidence)) }
        language = detection.language
        confidence = languages.first?.confidence ?? 0
        reason = detection.reason.name
        best = detection.best.map { Best(language: $0.tag, confidence: rounded($0.confidence)) }
        repaired = detection.repaired != nil
        repairedText = detection.repaired
    }
}
