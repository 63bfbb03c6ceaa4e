import Catalog
import Foundation
import Hummingbird
import ICU
import MessageFormat
import Store

/// JSON shapes of the API.
struct TemplateBody: Codable, Sendable {
    var key: String
    var category: String
    var tags: [String]
    var shortcut: String?
    var aliases: [String]
    var description: String
    var sourceLocale: String
    var archived: Bool
    var version: Int

    init(_ template: Template) {
        key = template.key
        category = template.category
        tags = template.tags
        shortcut = template.shortcut
        aliases = template.aliases
        description = template.description
        sourceLocale = template.sourceLocale.tag
        archived = template.archived
        version = template.version
    }
}

/// How a template's texts use one argument: `{"name": "amount", "type": "number", "style": "::currency/USD", "currency": "USD"}`.
struct ArgumentBody: Codable, Sendable {
    var name: String
    /// text, number, plural, date, time or select.
    var type: String
    var style: String?
    var currency: String?
    /// A select's keys other than `other`.
    var options: [String]?

    init(_ use: ArgumentUse) {
        name = use.name
        type = use.kind.rawValue
        style = use.style
        currency = use.currency
        options = use.options.isEmpty ? nil : use.options
    }
}

struct TranslationBody: Codable, Sendable {
    var key: String
    var locale: String
    var channel: String
    var message: String
    var state: String
    var version: Int
    var sourceVersion: Int?
    /// Made from an older version of the source text.
    var outdated: Bool
    var author: String
    var updatedAt: String

    /// `outdated` by ``SourceText``'s rule.
    init(_ translation: Translation, key: String, outdated: Bool) {
        self.key = key
        locale = translation.locale.tag
        channel = translation.channel.rawValue
        message = translation.message
        state = translation.state.rawValue
        version = translation.version
        sourceVersion = translation.sourceVersion
        self.outdated = outdated
        author = translation.author
        updatedAt = translation.updatedAt
    }
}

struct WorkspaceBody: Codable, Sendable {
    var name: String
    var defaultLocale: String
    var locales: [String]

    init(_ workspace: Workspace) {
        name = workspace.name
        defaultLocale = workspace.defaultLocale.tag
        locales = workspace.locales.map(\.tag)
    }
}

/// Encodes responses as JSON with sorted keys, and sets an ETag when asked.
enum JSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, etag: Int? = nil) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let etag { headers[.eTag] = "\"\(etag)\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

/// Reading the preconditions of a write.
enum Precondition {
    /// `If-Match: "3"` → version 3; `If-None-Match: *` → absent; neither → 428. A weak tag
    /// (`W/"3"`) never matches: If-Match compares strongly (RFC 9110, 13.1.1), so it is a 412.
    static func expectation(_ request: Request) throws -> CatalogStore.Expectation {
        if let match = request.headers[.ifMatch] {
            if match.trimmingCharacters(in: .whitespaces).hasPrefix("W/") {
                throw APIError(.preconditionFailed, "weak-tag", "If-Match compares versions strongly: send \"3\", not a weak tag W/\"3\"")
            }
            guard let version = version(match) else { throw APIError.badRequest("If-Match must hold a version, such as \"3\"") }
            return .version(version)
        }
        if request.headers[.ifNoneMatch]?.trimmingCharacters(in: .whitespaces) == "*" { return .absent }
        throw APIError(.preconditionRequired, "precondition-required",
                       "send If-Match with the version you are changing (or If-None-Match: * to create)")
    }

    /// The version of an existing resource the caller names.
    static func version(of request: Request) throws -> Int {
        guard case .version(let version) = try expectation(request) else {
            throw APIError(.preconditionRequired, "precondition-required", "send If-Match with the version you are changing")
        }
        return version
    }

    static func version(_ header: String) -> Int? {
        Int(header.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
    }
}

extension ParleyContext {
    /// A path parameter, or 400.
    func parameter(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw APIError.badRequest("missing \(name)") }
        return value
    }

    func locale(_ name: String = "locale") throws -> LocaleID {
        let tag = try parameter(name)
        guard let locale = try? LocaleID(tag) else { throw APIError.badRequest("'\(tag)' is not a valid locale tag") }
        return locale
    }
}
