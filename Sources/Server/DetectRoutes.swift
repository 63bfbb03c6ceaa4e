import Foundation
import Hummingbird
import LanguageDetection
import ParleyAPI

/// `POST /v1/detect`: the language of a customer's message.
struct DetectRoutes {
    let detector: LanguageDetector?

    func register(on group: RouterGroup<ParleyContext>) {
        group.post("detect", use: detect)
    }

    @Sendable func detect(_ request: Request, context: ParleyContext) async throws -> Response {
        _ = try context.require(.render)
        guard let detector else { throw APIError(.serviceUnavailable, "unavailable", "language detection is not available") }
        let body = try await request.decode(as: Operations.DetectLanguage.Input.Body.JsonPayload.self, context: context)
        guard body.text.utf8.count <= 100_000 else { throw APIError.badRequest("text is limited to 100 000 bytes") }
        return try JSON.response(DetectionAnswer(detector.detect(body.text, candidates: body.candidates)))
    }
}

/// A detection as `/v1/detect` answers it, and `parley detect --json` prints it.
public typealias DetectionAnswer = Operations.DetectLanguage.Output.Ok.Body.JsonPayload

extension DetectionAnswer {
    /// Confidences to three decimals, the five likeliest languages; `best` only for `und` by
    /// poor-fit or better-outside-candidates.
    public init(_ detection: Detection) {
        func rounded(_ confidence: Double) -> Double { (confidence * 1000).rounded() / 1000 }
        let languages = detection.languages.prefix(5).map { LanguagesPayloadPayload(tag: $0.tag, confidence: rounded($0.confidence)) }
        self.init(language: detection.language, confidence: languages.first?.confidence ?? 0,
                  reason: Components.Schemas.DetectionReason(rawValue: detection.reason.name), languages: languages,
                  best: detection.best.map { BestPayload(language: $0.tag, confidence: rounded($0.confidence)) },
                  repaired: detection.repaired != nil, repairedText: detection.repaired)
    }
}
