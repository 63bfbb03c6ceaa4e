import Catalog
import ICU
import LanguageDetection

/// Which locale's texts a customer's message is matched against: the explicit tag, else
/// Accept-Language, else the language detected in the message (among the workspace's locales),
/// each negotiated against the workspace's locales as a render is. Nil when the language is
/// unknown: then every locale is searched. The server and the offline CLI both follow it.
public enum SuggestionLocale {
    /// - Parameter negotiate: negotiation for a tag or an Accept-Language text (the server
    ///   passes its remembered negotiations).
    public static func choose(
        tag: String?, acceptLanguage: String?, text: String, workspace: Workspace, detector: LanguageDetector?, candidates: Candidates,
        negotiate: @escaping (_ tag: String?, _ acceptLanguage: String?) throws -> LocaleNegotiation
    ) throws -> (locale: LocaleID?, detection: Detection?) {
        if tag != nil || acceptLanguage != nil {
            return (try negotiate(tag, acceptLanguage).chain.first, nil)
        }
        guard let detector else { return (nil, nil) }
        let detection = detector.detect(text, among: candidates)
        guard !detection.languages.isEmpty else { return (nil, detection) }
        return (try negotiate(detection.language, nil).chain.first, detection)
    }

    /// Negotiation without a server's memory of earlier ones (for the CLI).
    public static func negotiate(in workspace: Workspace) -> @Sendable (String?, String?) throws -> LocaleNegotiation {
        { tag, acceptLanguage in
            if let tag {
                guard let locale = try? LocaleID(tag) else { throw APIError.badRequest("'\(tag)' is not a valid locale tag") }
                return LocaleNegotiation(preferences: [locale], workspace: workspace)
            }
            return LocaleNegotiation(preferences: acceptLanguage.map(AcceptLanguage.parse) ?? [], workspace: workspace)
        }
    }
}
