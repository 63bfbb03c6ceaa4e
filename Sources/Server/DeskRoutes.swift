import Catalog
import Hummingbird
import HTTPTypes
import ParleyAPI
import Store

/// The agent desk: a page served from files built into the binary (`Desk/`, embedded by the
/// EmbedDesk plugin), and its own interface texts, which are the workspace `desk` rendered in the
/// browser's language. Public: the page asks for an API key and sends it with every API call.
///
/// Every answer carries a Content-Security-Policy that allows scripts and styles from this
/// server only (no inline script, no `eval`) and no HTML written from strings at all (Trusted
/// Types with no policy), so a customer's or a catalog's text can only ever be shown as text.
struct DeskRoutes {
    let cache: RenderCache

    /// The workspace holding the desk's interface texts (`Locales/desk`).
    static let workspace = "desk"

    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self'",
        "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
        "require-trusted-types-for 'script'", "trusted-types 'none'",
    ].joined(separator: "; ")

    /// A file of the page, as it is sent.
    struct Asset: Sendable {
        var contentType: String
        var body: String
        var etag: String
    }

    /// The embedded files by the path they are served at.
    static let assets: [String: Asset] = {
        var assets: [String: Asset] = [:]
        for file in embeddedDeskFiles {
            let type: String
            switch file.name.split(separator: ".").last {
            case "html": type = "text/html; charset=utf-8"
            case "css": type = "text/css; charset=utf-8"
            case "js": type = "text/javascript; charset=utf-8"
            case "svg": type = "image/svg+xml"
            default: type = "application/octet-stream"
            }
            // Pages at /desk and /desk/insights, the rest under their own names.
            let path = file.name == "index.html" ? "/desk" : file.name == "insights.html" ? "/desk/insights" : "/desk/\(file.name)"
            assets[path] = Asset(contentType: type, body: file.text, etag: "\"\(fnv1a(file.text))\"")
        }
        return assets
    }()

    func register(on router: Router<ParleyContext>) {
        for path in Self.assets.keys.sorted() {
            router.get(RouterPath(path), use: asset)
        }
        router.get("desk/strings", use: strings)
    }

    @Sendable func asset(_ request: Request, context: ParleyContext) async throws -> Response {
        guard let asset = Self.assets[request.uri.path] else { throw APIError.notFound("no such file of the desk") }
        var headers = Self.headers
        headers[.contentType] = asset.contentType
        headers[.eTag] = asset.etag
        if request.headers[.ifNoneMatch] == asset.etag {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: asset.body)))
    }

    /// The headers of every desk answer: the policy, no sniffing, no referrer, revalidated before use.
    static let headers: HTTPFields = [
        .contentSecurityPolicy: contentSecurityPolicy,
        .xContentTypeOptions: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        HTTPField.Name("Cross-Origin-Opener-Policy")!: "same-origin",
        .cacheControl: "no-cache",
    ]

    /// The page's texts, keyed, in one locale, with the locales the page offers.
    typealias Strings = Operations.GetDeskStrings.Output.Ok.Body.JsonPayload

    /// Every text of the `desk` workspace, rendered in `?locale=` or else the request's
    /// Accept-Language (the browser's), negotiated as any render is. Without that workspace,
    /// no texts (the page then shows its keys).
    @Sendable func strings(_ request: Request, context: ParleyContext) async throws -> Response {
        let snapshot: RenderCache.Snapshot
        do {
            snapshot = try await cache.snapshot(named: Self.workspace)
        } catch let error as StoreError where error.kind == .notFound {
            var response = try JSON.response(Strings(locale: "en", locales: [], strings: .init()))
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
            return response
        }
        let tag = request.uri.queryParameters["locale"].map(String.init)
        let acceptLanguage = tag == nil ? request.headers[.acceptLanguage] : nil
        var strings: [String: String] = [:]
        // The locale negotiated (a text missing in it falls back along the chain, as any render does).
        var locale = snapshot.workspace.defaultLocale.tag
        for key in snapshot.templates.keys.sorted() {
            let rendered = try await cache.render(RenderRequest(key: key, locale: tag, acceptLanguage: acceptLanguage), in: snapshot, by: .render)
            strings[key] = rendered.text
            locale = rendered.chain.first ?? locale
        }
        var response = try JSON.response(Strings(locale: locale, locales: snapshot.workspace.locales.map(\.tag),
                                                 strings: .init(additionalProperties: strings)))
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.cacheControl] = "no-cache"
        response.headers[.vary] = "Accept-Language"
        return response
    }
}

/// FNV-1a (64 bits) of a text, in hex: a file's ETag.
private func fnv1a(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x100_0000_01b3
    }
    return String(hash, radix: 16)
}

extension RenderRequest {
    init(key: String, locale: String?, acceptLanguage: String?) {
        self.init(key: key, locale: locale, acceptLanguage: acceptLanguage, channel: nil, args: nil, strict: nil, timeZone: nil,
                  customerText: nil)
    }
}
