import Foundation
import HTTPTypes
import NIOCore
import Synchronization

/// Every answer the suite's JSON helpers receive, written as JSON lines to the file
/// `PARLEY_EXCHANGE_LOG` names (nothing when it is unset). `Tools/contract/validate-exchanges.py`
/// then checks each one against `openapi.yaml`: its status is one the operation documents, its
/// body fits the schema documented for that status.
enum ExchangeLog {
    private static let file: Mutex<FileHandle?> = Mutex(open())

    private static func open() -> FileHandle? {
        guard let path = ProcessInfo.processInfo.environment["PARLEY_EXCHANGE_LOG"], !path.isEmpty else { return nil }
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
        return handle
    }

    static func record(_ method: HTTPRequest.Method, _ uri: String, _ status: HTTPResponse.Status, _ headers: HTTPFields, _ body: ByteBuffer?) {
        file.withLock { file in
            guard let file else { return }
            let line: [String: Any] = [
                "method": method.rawValue, "uri": uri, "status": status.code,
                "contentType": headers[.contentType] ?? "",
                "body": body.map { String(buffer: $0) } ?? "",
            ]
            guard var data = try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]) else { return }
            data.append(0x0A)
            // One write per line, appended: test processes running at once do not interleave lines.
            file.write(data)
        }
    }
}
