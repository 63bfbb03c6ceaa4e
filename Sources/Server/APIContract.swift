/// What the OpenAPI document says each operation takes, read once: the edge checks every request
/// against it, so a query's or a body's shape is written in one place, the document.
struct APIContract: Sendable {
    struct Operation: Sendable {
        /// Query parameters by name.
        var query: [String: ContractSchema] = [:]
        /// Path parameters by name, where the document gives them a pattern.
        var path: [String: ContractSchema] = [:]
        /// Whether the operation takes a body at all.
        var hasBody = false
        /// The schema of a JSON body (nil: no body, or one that is not JSON, such as an imported file).
        var jsonBody: ContractSchema?
        /// `"security": []`: anyone may call it, and credentials sent anyway are ignored.
        var isPublic = false
    }

    /// By path template (`/v1/workspaces/{workspace}/render`, as Hummingbird names endpoints), then method.
    let operations: [String: [String: Operation]]

    /// Parley's own document.
    static let parley = APIContract(document: OpenAPIDocument.json)

    init(document: String) {
        var text = document
        // The document is a constant the tests read too: failing to parse it is a mistake in the build.
        guard let root = text.withUTF8({ try? FastJSON.parse(UnsafeRawBufferPointer($0)) }) else {
            preconditionFailure("the OpenAPI document is not valid JSON")
        }
        func resolve(_ reference: String) -> FastJSON.Value? {
            guard reference.hasPrefix("#/") else { return nil }
            return reference.dropFirst(2).split(separator: "/").reduce(Optional(root)) { $0?[String($1)] }
        }
        var operations: [String: [String: Operation]] = [:]
        guard case .object(let paths)? = root["paths"] else { self.operations = [:]; return }
        for (path, item) in paths {
            guard case .object(let methods) = item else { continue }
            for (method, json) in methods {
                var operation = Operation()
                if case .array(let parameters)? = json["parameters"] {
                    for parameter in parameters {
                        var parameter = parameter
                        if case .string(let reference)? = parameter["$ref"], let target = resolve(reference) { parameter = target }
                        guard case .string(let name)? = parameter["name"], let schema = parameter["schema"] else { continue }
                        if parameter["in"] == .string("query") { operation.query[name] = ContractSchema(schema, resolve: resolve) }
                        if parameter["in"] == .string("path") {
                            let schema = ContractSchema(schema, resolve: resolve)
                            if schema.pattern != nil { operation.path[name] = schema }
                        }
                    }
                }
                if let content = json["requestBody"]?["content"] {
                    operation.hasBody = true
                    operation.jsonBody = content["application/json"]?["schema"].map { ContractSchema($0, resolve: resolve) }
                }
                if case .array(let security)? = json["security"], security.isEmpty { operation.isPublic = true }
                operations[path, default: [:]][method.uppercased()] = operation
            }
        }
        self.operations = operations
    }

    /// The operation of an endpoint and method (`POST`), if the document has it.
    func operation(_ method: String, endpoint: String) -> Operation? {
        operations[endpoint]?[method]
    }

    /// Endpoints anyone may call.
    var publicEndpoints: Set<String> {
        Set(operations.filter { $0.value.values.contains { $0.isPublic } }.keys)
    }

    /// The methods of the endpoints a concrete path falls under (empty when it falls under none).
    func methods(forPath path: String) -> [String] {
        let segments = path.split(separator: "/")
        var methods: Set<String> = []
        for (template, byMethod) in operations {
            let parts = template.split(separator: "/")
            guard parts.count == segments.count,
                  zip(parts, segments).allSatisfy({ $0.first == "{" || $0 == $1 }) else { continue }
            methods.formUnion(byMethod.keys)
        }
        return methods.sorted()
    }
}
