import Catalog
import Hummingbird
import Logging
import OpenAPIHummingbird
import OpenAPIRuntime
import RenderContract

/// The yardstick for the render path's wire layer: one server answering the render operation
/// three ways, with the same answer for the same request.
///
/// - `POST /v1/workspaces/{workspace}/render` as swift-openapi-hummingbird serves it: the request
///   decoded into the generated types by the OpenAPI runtime, the answer encoded from them.
/// - `POST /codable/v1/workspaces/{workspace}/render`: the same generated types on a Hummingbird
///   route, read and written by Foundation's JSON coders, as Parley's other operations are.
/// - `POST /hand/v1/workspaces/{workspace}/render` as Parley serves renders: ``FastJSON`` reads
///   the body into a ``RenderRequest`` and writes the ``RenderResponse``.
///
/// None renders (the answer is the request's key and a constant text), so the differences between
/// them are the costs of the layers alone (`Tools/bench-contract.sh`).
public enum ContractYardstick {
    public static func run(host: String, port: Int, logger: Logger) async throws {
        let router = Router()
        router.post("/hand/v1/workspaces/:workspace/render") { request, context in
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let json = try body.withUnsafeReadableBytes { bytes throws(FastJSON.SyntaxError) in try FastJSON.parse(bytes) }
            var writer = FastJSON.Writer()
            answer(to: try RenderRequest(json: json)).write(into: &writer)
            return RenderRoutes.response(writer)
        }
        router.post("/codable/v1/workspaces/:workspace/render") { request, context in
            let body = try await request.decode(as: Components.Schemas.RenderRequest.self, context: context)
            return try JSON.response(GeneratedRender.answer(to: body))
        }
        try GeneratedRender().registerHandlers(on: router)
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Contract"),
                              logger: logger)
        try await app.runService()
    }

    /// The one answer both routes give.
    static func answer(to request: RenderRequest) -> RenderResponse {
        RenderResponse(key: request.key, text: "Hola Ana, hemos bloqueado tu cuenta.", locale: "es",
                       requestedLocale: request.locale ?? "es", fallback: false, chain: ["es-MX", "es-419", "es"],
                       use: RenderUse(workspaceID: 1, templateID: 1, requested: "es-MX", wanted: "es", served: "es", channel: "default",
                                      role: .render))
    }

    /// The render operation as the generated protocol has it.
    struct GeneratedRender: APIProtocol {
        func renderTemplate(_ input: Operations.RenderTemplate.Input) async throws -> Operations.RenderTemplate.Output {
            guard case .json(let body) = input.body else { return .undocumented(statusCode: 415, .init()) }
            return .ok(.init(body: .json(try Self.answer(to: body))))
        }

        /// The one answer, from and to the generated types.
        static func answer(to body: Components.Schemas.RenderRequest) throws -> Components.Schemas.RenderResponse {
            let args = try body.args.map { try JSONArgument.arguments(of: $0.additionalProperties.map { ($0.key, JSONValue($0.value)) }) }
            let request = RenderRequest(key: body.key, locale: body.locale ?? nil, acceptLanguage: body.acceptLanguage, channel: body.channel,
                                        args: args, strict: body.strict, timeZone: body.timeZone, customerText: body.text,
                                        preview: body.preview)
            let answer = ContractYardstick.answer(to: request)
            return .init(key: answer.key, text: answer.text, locale: answer.locale, requestedLocale: answer.requestedLocale,
                         fallback: answer.fallback, chain: answer.chain, issues: answer.issues)
        }
    }
}

extension JSONValue {
    /// A generated argument as JSON. The runtime has already read every number as a `Double`, so
    /// an integer past 2^53 or a long fraction arrives changed: one more reason the render path
    /// reads its own JSON.
    init(_ argument: Components.Schemas.Argument) {
        if let text = argument.value1 {
            self = .string(text)
        } else if let number = argument.value2 {
            let integral = number.rounded() == number && abs(number) < 1e15
            self = .number(integral ? String(Int64(number)) : String(number), isInteger: integral)
        } else if let flag = argument.value3 {
            self = .bool(flag)
        } else if let date = argument.value4?.date {
            self = .object([("date", date.value1.map(JSONValue.string) ?? .number(String(date.value2 ?? 0), isInteger: false))])
        } else if let decimal = argument.value5 {
            self = .object([("decimal", .string(decimal.decimal))])
        } else {
            self = .null
        }
    }
}
