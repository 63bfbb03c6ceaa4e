/// A failure of a catalog operation that the caller can act on. Messages name the data the
/// caller gave, never SQL or server internals (those go to the log).
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The workspace, template, translation, revision or key does not exist.
        case notFound = "not-found"
        /// It exists already.
        case conflict
        /// The version named is not the current one: someone changed it since.
        case stale
        /// The request is not valid for the data (a locale the workspace lacks, a bad key name).
        case invalid
        /// The database could not be reached or failed.
        case unavailable
    }

    public var kind: Kind
    public var message: String
    /// For `stale`: the current version, who changed it last and when.
    public var current: VersionStamp?
    /// For `stale` in a batch: every text that changed since it was read.
    public var conflicts: [TextConflict]?

    public init(_ kind: Kind, _ message: String, current: VersionStamp? = nil, conflicts: [TextConflict]? = nil) {
        self.kind = kind
        self.message = message
        self.current = current
        self.conflicts = conflicts
    }

    public var description: String { message }
}

/// Who last changed something, when, and to which version.
public struct VersionStamp: Sendable, Hashable, Codable {
    public var version: Int
    public var author: String
    /// ISO 8601.
    public var at: String

    public init(version: Int, author: String, at: String) {
        self.version = version
        self.author = author
        self.at = at
    }
}
