import Foundation

/// The API's error body, with the details some refusals carry.
public struct Failure: Codable, Sendable, Hashable {
    public var code: String
    public var message: String
    /// A stale write: the text's current version, who changed it and when.
    public var current: Stamp?
    /// A refused batch: each text changed since it was read.
    public var conflicts: [Conflict]?
    /// A refused import: `file:line: severity: message`.
    public var diagnostics: [String]?
    /// A refused message: each problem with its line, column and caret.
    public var problems: [Problem]?

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

struct FailureBody: Decodable { var error: Failure }

public struct Stamp: Codable, Sendable, Hashable {
    public var version: Int
    public var author: String
    public var at: String
}

public struct Conflict: Codable, Sendable, Hashable {
    public var key: String
    public var locale: String
    public var channel: String
    public var expected: Int?
    public var current: Stamp
}

public struct Problem: Codable, Sendable, Hashable {
    public var line: Int
    public var column: Int
    public var message: String
    public var caret: String?
}

public struct Workspace: Codable, Sendable, Hashable {
    public var name: String
    public var defaultLocale: String
    public var locales: [String]
}

public struct Template: Codable, Sendable, Hashable {
    public var key: String
    public var category: String
    public var tags: [String]
    public var shortcut: String?
    /// Absent from servers older than aliases.
    public var aliases: [String]?
    public var description: String
    public var sourceLocale: String
    public var archived: Bool
    public var version: Int
}

/// A text as the server has it.
public struct Text: Codable, Sendable, Hashable {
    public var key: String
    public var locale: String
    public var channel: String
    public var message: String
    public var state: String
    public var version: Int
    public var sourceVersion: Int?
    public var outdated: Bool
    public var author: String
    public var updatedAt: String
}

public struct Snapshot: Codable, Sendable, Hashable {
    public var workspace: Workspace
    public var templates: [Template]
    public var texts: [Text]
    /// Absent from servers that predate examples.
    public var examples: [Examples]?
}

/// A template's examples in one locale.
public struct Examples: Codable, Sendable, Hashable {
    public var key: String?
    public var locale: String
    public var version: Int
    public var phrases: [String]
}

public struct LocaleCoverage: Codable, Sendable, Hashable {
    public var locale: String
    public var templates: Int
    public var translated: Int
    public var approved: Int
    public var outdated: Int
    public var missing: Int
}

public struct Coverage: Codable, Sendable, Hashable {
    public var workspace: String
    public var locales: [LocaleCoverage]
}

/// One text to write, with the version it was made from (nil: a new text).
public struct Change: Codable, Sendable, Hashable {
    public var key: String
    public var locale: String
    public var channel: String
    public var message: String
    public var state: String?
    public var baseVersion: Int?

    public init(key: String, locale: String, channel: String, message: String, state: String? = nil, baseVersion: Int?) {
        self.key = key
        self.locale = locale
        self.channel = channel
        self.message = message
        self.state = state
        self.baseVersion = baseVersion
    }
}

struct ChangeBatch: Encodable {
    var changes: [Change]
    var dryRun: Bool
}

public struct BatchSummary: Codable, Sendable, Hashable {
    public var created: Int
    public var updated: Int
    /// Texts sent as they already are, so not written (nil from a server that does not count them).
    public var unchanged: Int?
    public var dryRun: Bool
    /// The texts written, at their new versions (empty in a dry run).
    public var written: [WrittenText]
    /// Every text written, or that a dry run would write (nil from a server that does not list them).
    public var changes: [ChangedText]?
}

/// A text a batch or an import writes (or, in a dry run, would write).
public struct ChangedText: Codable, Sendable, Hashable {
    public var key: String
    public var locale: String
    public var channel: String
    /// `created` or `updated`.
    public var action: String
    /// The state it is written in.
    public var state: String
    public var outdated: Bool?
}

/// A text a batch wrote.
public struct WrittenText: Codable, Sendable, Hashable {
    public var key: String
    public var locale: String
    public var channel: String
    public var version: Int
    public var state: String
}

public struct ImportSummary: Codable, Sendable, Hashable {
    public var file: String
    public var texts: Int
    public var created: Int
    public var updated: Int
    public var unchanged: Int
    public var dryRun: Bool
    /// Every text written, or that a dry run would write (nil from a server that does not list them).
    public var changes: [ChangedText]?
}

public struct Revision: Codable, Sendable, Hashable {
    public var id: Int64
    public var version: Int
    public var message: String
    public var state: String
    public var sourceVersion: Int?
    public var author: String
    public var action: String
    public var createdAt: String
}

struct RevisionList: Decodable { var revisions: [Revision] }

/// A page of templates.
public struct TemplatePage: Codable, Sendable, Hashable {
    public var templates: [Template]
    public var next: String?
}

struct SuggestRequest: Encodable {
    var text: String
    var locale: String?
    var limit: Int
}

/// What `POST suggest` answers.
public struct Suggestions: Codable, Sendable, Hashable {
    public struct Suggestion: Codable, Sendable, Hashable {
        public var key: String
        public var score: Double
        public var matched: [String]
        public var text: String
        public var locale: String
    }

    public var suggestions: [Suggestion]
    /// Absent when the message's language is unknown.
    public var locale: String?
    public var searched: [String]
}

/// What `GET usage` answers.
public struct Usage: Codable, Sendable, Hashable {
    public struct Total: Codable, Sendable, Hashable { public var renders: Int; public var fallbacks: Int }
    public struct Point: Codable, Sendable, Hashable { public var at: String; public var renders: Int }
    public struct Group: Codable, Sendable, Hashable {
        public var key: String
        public var renders: Int
        public var fallbacks: Int
        public var series: [Point]
    }
    public struct Suggestions: Codable, Sendable, Hashable {
        public var key: String
        public var shown: Int
        public var accepted: Int
        public var rejected: Int
    }

    public var workspace: String
    public var from: String
    public var to: String
    public var by: String
    public var total: Total
    public var groups: [Group]
    public var suggestions: [Suggestions]
}

/// What `GET demand` answers.
public struct Demand: Codable, Sendable, Hashable {
    public struct AskedLocale: Codable, Sendable, Hashable { public var locale: String; public var servedFrom: String; public var renders: Int }
    public struct MissingText: Codable, Sendable, Hashable {
        public var key: String
        public var locale: String
        public var servedFrom: String
        public var renders: Int
    }
    public struct OutdatedText: Codable, Sendable, Hashable { public var key: String; public var locale: String; public var renders: Int }
    public struct UnusedTemplate: Codable, Sendable, Hashable { public var key: String; public var lastUsed: String? }

    public var from: String
    public var to: String
    public var locales: [AskedLocale]
    public var missing: [MissingText]
    public var outdated: [OutdatedText]
    public var unused: [UnusedTemplate]
}
