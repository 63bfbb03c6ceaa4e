import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request that NIO's HTTP parser refused with the API's error body, then closes the
/// connection: 431 for headers over the parser's limit (80 KiB in all), 400 for anything else.
/// (Hummingbird would answer 400 with an empty body, which tells the caller nothing.)
///
/// It sits after the parser in the channel pipeline and keeps the error from going further, so
/// Hummingbird does not answer a second time.
final class HTTPParserErrorHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    private let logger: Logger
    private var answered = false

    init(logger: Logger) {
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }  // the rest of a refused request
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? HTTPParserError else { return context.fireErrorCaught(error) }
        guard !answered else { return }
        answered = true
        let refusal = Self.refusal(for: error)
        let requestID = RequestID.generate()
        logger.info("request", metadata: ["status": .stringConvertible(refusal.status.code), "request_id": .string(requestID),
                                          "parser_error": .string("\(error)")])
        let body = refusal.body(requestID: requestID)
        var headers = refusal.headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentLength] = String(body.count)
        headers[.connection] = "close"
        headers[RequestID.field] = requestID
        context.write(wrapOutboundOut(.head(HTTPResponse(status: refusal.status, headerFields: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: body))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        // Close only the sending side at first: a client still sending the rest of its headers
        // would otherwise fail on a reset connection before it reads the answer. What it sends
        // meanwhile is dropped; the connection closes when it does, or after a grace period.
        let channel = NIOLoopBound(context, eventLoop: context.eventLoop)
        written.futureResult.whenComplete { _ in
            channel.value.close(mode: .output, promise: nil)
            channel.value.eventLoop.scheduleTask(in: .seconds(2)) { channel.value.close(promise: nil) }
        }
    }

    static func refusal(for error: HTTPParserError) -> APIError {
        switch error {
        case .headerOverflow:
            APIError(.requestHeaderFieldsTooLarge, "headers-too-large",
                     "the request's headers are larger than the server accepts (80 KiB in all); send smaller ones")
        default:
            APIError.badRequest("the request is not valid HTTP/1.1 (\(error))")
        }
    }
}
