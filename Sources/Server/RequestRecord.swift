import HTTPTypes
import Hummingbird
import Synchronization

/// What one request's layers learn for its access log line and its error body: the request id
/// and the caller's key id. A reference, so that every copy of the request's context (each
/// middleware passes on its own) and the error handler outside them all see the same record.
final class RequestRecord: Sendable {
    private struct State {
        var requestID = ""
        var keyID: Int64?
    }

    private let state = Mutex(State())

    /// The id the answer carries in `X-Request-Id` (empty until the access log middleware sets it).
    var requestID: String {
        get { state.withLock { $0.requestID } }
        set { state.withLock { $0.requestID = newValue } }
    }

    /// The id (never the secret) of the key that authenticated the request.
    var keyID: Int64? {
        get { state.withLock { $0.keyID } }
        set { state.withLock { $0.keyID = newValue } }
    }
}

/// `X-Request-Id`: taken from the caller when it is safe to log and echo, made up otherwise.
enum RequestID {
    static let field = HTTPField.Name("X-Request-Id")!

    /// The caller's id when it is 1 to 128 visible ASCII characters (no spaces or controls, so it
    /// cannot forge log lines or headers); nil otherwise.
    static func accepted(_ header: String?) -> String? {
        guard let header, (1...128).contains(header.utf8.count), header.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            return nil
        }
        return header
    }

    /// A new id: 32 hex digits, 64 random bits drawn once per process and a counter, so ids are
    /// unique across replicas and requests without a system call per request.
    static func generate() -> String {
        hex(processPrefix) + hex(counter.add(1, ordering: .relaxed).newValue)
    }

    private static let processPrefix: UInt64 = .random(in: .min ... .max)
    private static let counter = Atomic<UInt64>(0)

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
