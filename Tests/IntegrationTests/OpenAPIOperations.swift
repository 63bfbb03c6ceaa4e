import Catalog
import Foundation
import Hummingbird

/// The operations of Parley's OpenAPI document, each with the least role its description names
/// (`Role: agent.`, `Role: admin (for every workspace).`, `Role: none.`), for tests that must
/// cover every route.
struct OpenAPIOperations {
    struct Operation {
        var method: HTTPRequest.Method
        var path: String
        /// nil: no key needed.
        var role: Role?
        /// A key limited to one workspace is refused.
        var everyWorkspace: Bool
        /// The operation object, `$ref`s not yet followed.
        var object: [String: Any]

        var name: String { "\(method) \(path)" }
    }

    /// Why the document cannot be read as the tests need.
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    let document: [String: Any]

    /// Every operation; an operation whose description has no `Role:` line is an error.
    func operations() throws -> [Operation] {
        guard let paths = document["paths"] as? [String: [String: Any]] else { throw Unreadable(description: "the document has no paths") }
        var operations: [Operation] = []
        for (path, methods) in paths.sorted(by: { $0.key < $1.key }) {
            for (methodName, value) in methods.sorted(by: { $0.key < $1.key }) {
                guard let object = value as? [String: Any], let method = HTTPRequest.Method(methodName.uppercased()) else { continue }
                let name = "\(methodName.uppercased()) \(path)"
                let (role, everyWorkspace) = try Self.role(in: object["description"] as? String ?? "", of: name)
                operations.append(Operation(method: method, path: path, role: role, everyWorkspace: everyWorkspace, object: object))
            }
        }
        return operations
    }

    /// The role named by `Role: X.` in a description (nil for `none`), and whether it says "for every workspace".
    static func role(in description: String, of name: String) throws -> (Role?, Bool) {
        guard let marker = description.range(of: "Role: ") else {
            throw Unreadable(description: "\(name) does not say which role it needs: end its description with \"Role: <role>.\"")
        }
        let rest = description[marker.upperBound...]
        let word = String(rest.prefix { $0.isLetter })
        let everyWorkspace = rest.dropFirst(word.count).hasPrefix(" (for every workspace)")
        if word == "none" { return (nil, false) }
        guard let role = Role(rawValue: word) else { throw Unreadable(description: "\(name) names no known role: '\(word)'") }
        return (role, everyWorkspace)
    }

    /// `object` with its `$ref` followed (within this document).
    func resolved(_ object: [String: Any]) -> [String: Any] {
        guard let reference = object["$ref"] as? String, reference.hasPrefix("#/") else { return object }
        var node: Any = document
        for part in reference.dropFirst(2).split(separator: "/") {
            guard let next = (node as? [String: Any])?[String(part)] else { return object }
            node = next
        }
        return resolved(node as? [String: Any] ?? [:])
    }

    /// The operation's parameters, resolved.
    func parameters(of operation: Operation) -> [[String: Any]] {
        (operation.object["parameters"] as? [[String: Any]] ?? []).map(resolved)
    }

    /// Whether any schema under `schema` has a property with this name.
    func mentions(_ property: String, in schema: [String: Any], depth: Int = 0) -> Bool {
        let schema = resolved(schema)
        guard depth < 8 else { return false }
        if let properties = schema["properties"] as? [String: [String: Any]] {
            if properties[property] != nil { return true }
            if properties.values.contains(where: { mentions(property, in: $0, depth: depth + 1) }) { return true }
        }
        if let items = schema["items"] as? [String: Any] { return mentions(property, in: items, depth: depth + 1) }
        return false
    }

    /// The JSON request body's schema, if the operation takes one.
    func jsonBody(of operation: Operation) -> [String: Any]? {
        let content = (operation.object["requestBody"] as? [String: Any])?["content"] as? [String: Any]
        return (content?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
    }

    /// Whether the operation takes a file as its body.
    func takesFile(_ operation: Operation) -> Bool {
        let content = (operation.object["requestBody"] as? [String: Any])?["content"] as? [String: Any]
        return content?["application/octet-stream"] != nil
    }

    /// Whether the operation acts on a locale: in its path, its query or its body.
    func involvesLocale(_ operation: Operation) -> Bool {
        operation.path.contains("{locale}") || parameters(of: operation).contains { $0["name"] as? String == "locale" }
            || jsonBody(of: operation).map { mentions("locale", in: $0) } == true
    }
}
