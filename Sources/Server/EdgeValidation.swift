import Hummingbird

/// Refuses, before any route or the database sees it, input that cannot be stored or that the
/// API's contract (the OpenAPI document) does not allow, each with a 400 naming the field:
///
/// - a NUL character (U+0000) in the path, a query parameter, a JSON string or member name, or
///   anywhere in an uploaded file: PostgreSQL cannot store it in text;
/// - a body that is not UTF-8, or not JSON where the operation takes JSON;
/// - a number that is not finite once read (`1e400`);
/// - a query parameter of the wrong type (`?archived=8583`: booleans are `true` or `false`);
/// - a body that does not fit the operation's schema (`"tags": null`: null only where the
///   document allows it).
///
/// A method a path does not have is answered 405 with `Allow`, rather than 404.
struct EdgeValidationMiddleware: RouterMiddleware {
    typealias Context = ParleyContext
    let contract: APIContract

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let endpoint = context.endpointPath, let operation = contract.operation(request.method.rawValue, endpoint: endpoint) else {
            let methods = contract.methods(forPath: request.uri.path)
            guard methods.isEmpty else { throw Self.methodNotAllowed(request.method.rawValue, methods) }
            return try await next(request, context)  // no such path: 404
        }
        // The path is as sent: a NUL can only be there percent-encoded (the HTTP parser refuses a raw one).
        if request.uri.path.contains("%00") {
            throw APIError.badRequest("the path contains a NUL character (%00)")
        }
        for (name, schema) in operation.path {
            guard let value = context.parameters.get(name), let pattern = schema.pattern, !pattern.matches(value) else { continue }
            throw APIError.badRequest(pattern.problem(value, at: "the path's \(name)"))
        }
        for (name, value) in request.uri.queryParameters {
            if let problem = Self.problem(query: String(value), named: String(name), schema: operation.query[String(name)]) {
                throw APIError.badRequest(problem)
            }
        }
        guard operation.hasBody else { return try await next(request, context) }
        let buffer = try await Self.collect(request, context)
        var context = context
        context.checkedBody = try Self.check(buffer, json: operation.jsonBody)
        var request = request
        request.body = RequestBody(buffer: buffer)
        return try await next(request, context)
    }

    static func methodNotAllowed(_ method: String, _ methods: [String]) -> APIError {
        let allowed = methods.joined(separator: ", ")
        return APIError(.methodNotAllowed, "method-not-allowed", "this path does not take \(method); it takes \(allowed)",
                        headers: [.allow: allowed])
    }

    static func problem(query value: String, named name: String, schema: ContractSchema?) -> String? {
        if value.utf8.contains(0) || name.utf8.contains(0) {
            return "query parameter '\(name.replacingNUL)' contains a NUL character (U+0000), which cannot be stored"
        }
        guard let schema else { return nil }
        let types = schema.types ?? []
        if types.contains("boolean"), value != "true", value != "false" {
            return "query parameter '\(name)' is true or false"
        }
        if types.contains("integer"), Int(value) == nil {
            return "query parameter '\(name)' must be an integer"
        }
        if let allowed = schema.allowedValues, !allowed.contains(value) {
            return "query parameter '\(name)' is one of \(allowed.joined(separator: ", "))"
        }
        if let pattern = schema.pattern, !pattern.matches(value) { return pattern.problem(value, at: "query parameter '\(name)'") }
        return nil
    }

    static func collect(_ request: Request, _ context: Context) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: context.maxUploadSize)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "too-large", "the request body is larger than \(context.maxUploadSize >> 20) MiB")
        }
    }

    /// Checks a body; returns it parsed when the operation takes JSON.
    static func check(_ buffer: ByteBuffer, json schema: ContractSchema?) throws -> FastJSON.Value? {
        let bytes = buffer.readableBytesView
        if let nul = bytes.firstIndex(of: 0) {
            throw APIError.badRequest("the request body contains a NUL character (byte \(nul - bytes.startIndex)), which cannot be stored")
        }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw APIError.badRequest("the request body is not valid UTF-8") }
        let parsed: FastJSON.Value
        do {
            parsed = try buffer.withUnsafeReadableBytes { bytes throws(FastJSON.SyntaxError) in try FastJSON.parse(bytes) }
        } catch {
            // A file that is not JSON (XLIFF, PO, CSV) has had its checks; a JSON body must be JSON.
            guard schema != nil else { return nil }
            throw APIError.badRequest("the request body is not valid JSON (byte \(error.offset): \(error.reason))")
        }
        // Escapes (`\u0000`) and numbers are only seen once parsed, in a JSON file as in a JSON body.
        if let problem = unstorable(parsed, at: "") { throw APIError.badRequest(problem) }
        if let problem = schema?.problem(with: parsed, at: "") { throw APIError.badRequest(problem) }
        return schema == nil ? nil : parsed
    }

    /// The first string or number in a JSON value that cannot be stored or used.
    static func unstorable(_ value: FastJSON.Value, at path: @autoclosure () -> String) -> String? {
        switch value {
        case .string(let text):
            return text.utf8.contains(0) ? "\(ContractSchema.name(path())) contains a NUL character (U+0000), which cannot be stored" : nil
        case .number(let text, _):
            guard Double(text)?.isFinite != true else { return nil }
            return "\(ContractSchema.name(path())) is a number out of range (\(text.prefix(32)))"
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let problem = unstorable(item, at: "\(path())[\(index)]") { return problem }
            }
            return nil
        case .object(let members):
            for (name, member) in members {
                if name.utf8.contains(0) {
                    return "the member name \(ContractSchema.name(ContractSchema.join(path(), name))) contains a NUL character (U+0000), which cannot be stored"
                }
                if let problem = unstorable(member, at: ContractSchema.join(path(), name)) { return problem }
            }
            return nil
        case .null, .bool:
            return nil
        }
    }
}
