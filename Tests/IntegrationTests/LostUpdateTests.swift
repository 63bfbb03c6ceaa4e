import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Concurrent edits", .needsDatabase)
struct LostUpdateTests {
    struct Edit: Sendable {
        var status: HTTPResponse.Status
        var version: Int?
        var message: String
    }

    @Test("8 writers × 100 read-modify-write edits of one text with If-Match: every success a new version, every refusal 412, nothing lost")
    func lostUpdates() async throws {
        try await TestServer.run { server, client in
            let uri = "/v1/workspaces/\(server.workspace)/templates/greeting/translations/es"
            let admin = server.adminKey
            let edits = try await withTimeLimit(.seconds(180)) {
                try await TestServer.withConnections(8, to: client) { connections in
                    try await withThrowingTaskGroup(of: [Edit].self) { group in
                        for (writer, connection) in connections.enumerated() {
                            group.addTask {
                                var edits: [Edit] = []
                                for edit in 0..<100 {
                                    let read = try await connection.json(.get, uri, key: admin)
                                    let etag = try #require(read.headers[.eTag])
                                    let message = "Hola {name} (\(writer).\(edit))"
                                    let written = try await connection.json(.put, uri, key: admin, body: ["message": message], headers: [.ifMatch: etag])
                                    let version = written.headers[.eTag].flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
                                    edits.append(Edit(status: written.status, version: version, message: message))
                                }
                                return edits
                            }
                        }
                        return try await group.reduce(into: []) { $0 += $1 }
                    }
                }
            }
            #expect(edits.count == 800)
            let successes = edits.filter { $0.status == .ok }
            #expect(!successes.isEmpty)
            #expect(edits.allSatisfy { $0.status == .ok || $0.status == .preconditionFailed }, "\(Set(edits.map(\.status.code)))")
            let versions = successes.compactMap(\.version)
            #expect(versions.count == successes.count)
            #expect(Set(versions).count == versions.count, "two successes produced the same version")

            let final = try await client.json(.get, uri, key: admin)
            #expect(final.json["version"] as? Int == 1 + successes.count)
            let revisions = try await PagingTests.all(client, uri + "/revisions", "revisions", key: admin)
            #expect(revisions.count == 1 + successes.count)
            #expect(Set(revisions.compactMap { $0["message"] as? String }).isSuperset(of: successes.map(\.message)), "a successful write is missing from the history")
            #expect(Set(revisions.compactMap { $0["version"] as? Int }) == Set(1...(1 + successes.count)))
        }
    }
}
