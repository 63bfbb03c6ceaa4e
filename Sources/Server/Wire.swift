import Catalog
import Foundation
import Hummingbird
import ICU
import Store

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
