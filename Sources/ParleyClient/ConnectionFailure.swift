import AsyncHTTPClient
import Foundation
import NIOCore

/// Why a connection to the server failed, in words a person reads: `connection refused`, not
/// NIO's `connection reset (error set): Connection refused (errno: 111)`.
enum ConnectionFailure {
    static func reason(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "no connection within the connect timeout (PARLEY_CONNECT_TIMEOUT)"
            case .deadlineExceeded, .readTimeout: return "no answer in time"
            default: break
            }
        }
        if let failure = find(IOError.self, in: error) {
            return String(cString: strerror(failure.errnoCode)).lowercased()
        }
        if find(SocketAddressError.UnknownHost.self, in: error) != nil { return "unknown host" }
        return "\(error)"
    }

    /// The first `T` inside `value`. A connect failure is NIOPosix's `NIOConnectionError`, which
    /// holds the DNS errors and one `IOError` per address tried; a mirror finds them without this
    /// module depending on NIOPosix.
    private static func find<T>(_ type: T.Type, in value: Any, depth: Int = 0) -> T? {
        if let found = value as? T { return found }
        guard depth < 6 else { return nil }
        for child in Mirror(reflecting: value).children {
            if let found = find(type, in: child.value, depth: depth + 1) { return found }
        }
        return nil
    }
}
