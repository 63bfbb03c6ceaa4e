import Catalog
import Hummingbird
import ICU
import Store

/// `POST /v1/workspaces/{workspace}/render` and its batch form.
struct RenderRoutes {
    let cache: RenderCache
    let usage: UsageCounter

    func register(on group: RouterGroup<ParleyContext>) {
        group.post("workspaces/:workspace/render", use: render)
        group.post("workspaces/:workspace/render/batch", use: renderBatch)
    }

    @Sendable func render(_ request: Request, context: ParleyContext) async throws -> Response {
        let (snapshot, role) = try await snapshot(context)
        var body = try RenderRequest(json: try await Self.json(request, context))
        AcceptLanguageHeader.resolve(locale: body.locale, acceptLanguage: &body.acceptLanguage,
                                     header: AcceptLanguageHeader.languages(of: request))
        let response = try await cache.render(body, in: snapshot, by: role)
        if body.preview != true { usage.count(response.use) }
        var json = FastJSON.Writer()
        response.write(into: &json)
        return Self.response(json)
    }

    @Sendable func renderBatch(_ request: Request, context: ParleyContext) async throws -> Response {
        let (snapshot, role) = try await snapshot(context)
        guard case .array(let items)? = try await Self.json(request, context)["requests"] else {
            throw APIError.badRequest("a batch is {\"requests\": [ … ]}")
        }
        guard items.count <= 1000 else { throw APIError.badRequest("at most 1000 renders per batch") }
        let header = AcceptLanguageHeader.languages(of: request)
        var json = FastJSON.Writer(capacity: 256 * items.count + 16)
        json.raw("{\"results\":[")
        for (index, item) in items.enumerated() {
            if index > 0 { json.raw(",") }
            do {
                var body = try RenderRequest(json: item, at: " of request \(index)")
                AcceptLanguageHeader.resolve(locale: body.locale, acceptLanguage: &body.acceptLanguage, header: header)
                let response = try await cache.render(body, in: snapshot, by: role)
                if body.preview != true { usage.count(response.use) }
                json.raw("{\"result\":")
                response.write(into: &json)
                json.raw("}")
            } catch let error as APIError {
                json.raw("{\"error\":{\"code\":")
                json.string(error.code)
                if let issues = error.issues {
                    json.raw(",\"issues\":")
                    json.strings(issues)
                }
                json.raw(",\"message\":")
                json.string(error.message)
                json.raw("}}")
            }
        }
        json.raw("]}")
        return Self.response(json)
    }

    /// The request body as JSON (a 400 naming the position when it is not); the edge has usually
    /// read and checked it already.
    static func json(_ request: Request, _ context: ParleyContext) async throws -> FastJSON.Value {
        if let checked = context.checkedBody { return checked }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        do {
            return try body.withUnsafeReadableBytes { bytes throws(FastJSON.SyntaxError) in try FastJSON.parse(bytes) }
        } catch {
            throw APIError.badRequest("the request body is not valid JSON (byte \(error.offset): \(error.reason))")
        }
    }

    static func response(_ json: FastJSON.Writer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }

    private func snapshot(_ context: ParleyContext) async throws -> (RenderCache.Snapshot, Role) {
        try await cache.renderSnapshot(context)
    }

}
