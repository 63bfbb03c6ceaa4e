import Hummingbird
import ICU

/// The HTTP `Accept-Language` header, as render, batch render and suggest read it: it stands
/// for the body's `acceptLanguage` when the body names neither `locale` nor `acceptLanguage`,
/// because browsers and chat gateways send the customer's languages there and nowhere else.
///
/// A header that names no language (`*`, empty, nothing parseable) is left out, so the
/// customer's text still decides; the desk sends `*` for that reason, as its requests carry the
/// agent's browser's languages, not the customer's.
enum AcceptLanguageHeader {
    /// The header's value when it names at least one language.
    static func languages(of request: Request) -> String? {
        guard let value = request.headers[.acceptLanguage], !AcceptLanguage.parse(value).isEmpty else { return nil }
        return value
    }

    /// `acceptLanguage` as the request means it: the body's, else the header's when the body
    /// names no locale either.
    static func resolve(locale: String?, acceptLanguage: inout String?, header: String?) {
        if locale == nil, acceptLanguage == nil { acceptLanguage = header }
    }
}
