import AsyncHTTPClient
import Foundation
import NIOCore

/// Asks a server's `/readyz` or `/healthz` whether it is up: for the container's health check,
/// where the image has no curl.
public enum HealthProbe {
    /// The status the URL answers with, within `timeout` (connecting included).
    public static func status(of url: URL, timeout: Duration) async throws -> Int {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .GET
        let response = try await HTTPClient.shared.execute(request, timeout: TimeAmount(timeout))
        // Read the body, so the connection goes back to the pool whole.
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }
}
