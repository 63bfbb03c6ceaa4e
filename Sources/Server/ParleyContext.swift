import Catalog
import Hummingbird
import Store

/// The request context: Hummingbird's core fields and the caller, once authenticated.
public struct ParleyContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller, set by the authentication middleware.
    public var principal: Principal?
    /// The request id and key id, for the access log and error bodies.
    let record = RequestRecord()
    /// The JSON body, once the edge has read and checked it (so the render path parses it once).
    var checkedBody: FastJSON.Value?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.principal = nil
    }

    /// Request bodies up to 4 MiB (imports are the largest).
    public var maxUploadSize: Int { 4 << 20 }

    /// The caller, who must have at least `role`.
    func require(_ role: Role) throws -> Principal {
        guard let principal else { throw APIError.missingKey }
        guard principal.role >= role else {
            throw APIError.forbidden("this needs a key with the \(role.rawValue) role (yours is \(principal.role.rawValue))")
        }
        return principal
    }
}
