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

    struct DetectResponse: Encodable {
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
    }

    struct Best: Encodable { var language: String; var confidence: Double }

    @Sendable func detect(_ request: Request, context: ParleyContext) async throws -> Response {
        _ = try context.require(.render)
        guard let detector else { throw APIError(.serviceUnavailable, "unavailable", "language detection is not available") }
        let body = try await request.decode(as: DetectRequest.self, context: context)
        guard body.text.utf8.count <= 100_000 else { throw APIError.badRequest("text is limited to 100 000 bytes") }
        let detection = detector.detect(body.text, candidates: body.candidates)
        let languages = detection.languages.prefix(5).map { RankedLanguage(tag: $0.tag, confidence: (($0.confidence * 1000).rounded()) / 1000) }
        return try JSON.response(DetectResponse(
            language: detection.language, confidence: languages.first?.confidence ?? 0, languages: Array(languages),
            reason: detection.reason.name,
            best: detection.best.map { Best(language: $0.tag, confidence: (($0.confidence * 1000).rounded()) / 1000) },
            repaired: detection.repaired != nil, repairedText: detection.repaired))
    }
}
