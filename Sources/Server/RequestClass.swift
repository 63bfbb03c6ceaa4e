import Hummingbird

/// The kinds of API request that are limited separately: a key has its own rate for each
/// (renders are cheap and many, detection and writes cost more).
public enum RequestClass: String, Sendable, Hashable, CaseIterable {
    /// Rendering replies, one or a batch.
    case render
    /// Detecting a message's language.
    case detect
    /// Reading the catalog (every other GET under /v1, and suggestions).
    case read
    /// Changing anything (every other method under /v1).
    case write

    /// The class of a route, from its method and Hummingbird's endpoint path
    /// (`/v1/workspaces/{workspace}/render`); nil outside `/v1` (health, metrics, the document).
    static func of(method: HTTPRequest.Method, endpoint: String) -> RequestClass? {
        guard endpoint.hasPrefix("/v1/") else { return nil }
        if endpoint.hasSuffix("/render") || endpoint.hasSuffix("/render/batch") { return .render }
        if endpoint == "/v1/detect" { return .detect }
        // Suggestions read the index (and render): as many as reads, though they are POSTed.
        if endpoint.hasSuffix("/suggest") { return .read }
        return method == .get || method == .head ? .read : .write
    }

    /// Routes that read or write a whole workspace at once (export, import, snapshot): each
    /// replica runs only a few of them at a time.
    static func isExpensive(endpoint: String) -> Bool {
        endpoint.hasSuffix("/export") || endpoint.hasSuffix("/import") || endpoint.hasSuffix("/snapshot")
    }
}
