import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import ICU
import Store
import Testing

/// Listings that grow with the catalog come a page at a time: `?limit=` and `?after=` the
/// previous page's `next`, which the last page leaves out.
@Suite("Listings page", .needsDatabase)
struct PagingTests {
    /// Every item of a listing, read in pages of 500.
    static func all(_ client: any TestClientProtocol, _ path: String, _ member: String, key: String) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        _ = try await pages(client, path, member, key: key, limit: 500) { items.append($0); return "" }
        return items
    }

    /// Every item of a listing, read in pages of `limit`, and how many pages it took.
    static func pages(_ client: any TestClientProtocol, _ path: String, _ member: String, key: String, limit: Int,
                      _ item: ([String: Any]) -> String) async throws -> (items: [String], pages: Int) {
        var items: [String] = []
        var after: String?
        for page in 1...50 {
            let query = "limit=\(limit)" + (after.map { "&after=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? "")
            let answer = try await client.json(.get, "\(path)\(path.contains("?") ? "&" : "?")\(query)", key: key)
            #expect(answer.status == .ok)
            let found = answer.json[member] as? [[String: Any]] ?? []
            #expect(found.count <= limit)
            items += found.map(item)
            guard let next = answer.json["next"] as? String else { return (items, page) }
            after = next
        }
        Issue.record("more than 50 pages")
        return (items, 50)
    }

    @Test("workspaces, keys and a text's revisions, each read in pages, are the whole listing once, in order")
    func wholeListingOnce() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await TestServer.run(database: configuration) { server, client in
                let en = try LocaleID("en")
                for index in 1...4 {
                    _ = try await server.server.store.createWorkspace(name: "paged-\(index)", defaultLocale: en, locales: [en])
                }
                let workspaces = try await Self.pages(client, "/v1/workspaces", "workspaces", key: server.adminKey, limit: 2) { $0["name"] as? String ?? "" }
                #expect(workspaces.items == [server.workspace, "paged-1", "paged-2", "paged-3", "paged-4"].sorted())
                #expect(workspaces.pages == 3)

                for _ in 1...4 { _ = try await server.key(.render) }
                let keys = try await Self.pages(client, "/v1/keys", "keys", key: server.adminKey, limit: 2) { "\($0["id"] as? Int ?? 0)" }
                #expect(keys.items.count == 5, "the admin key and four more")
                #expect(keys.items.compactMap(Int.init) == keys.items.compactMap(Int.init).sorted())
                #expect(Set(keys.items).count == keys.items.count)

                let text = "/v1/workspaces/\(server.workspace)/templates/greeting/translations/en"
                for version in 1...4 {
                    let put = try await client.json(.put, text, key: server.adminKey, body: ["message": "Hello {name} \(version)"],
                                                    headers: [.ifMatch: "\"\(version)\""])
                    #expect(put.status == .ok)
                }
                let revisions = try await Self.pages(client, "\(text)/revisions", "revisions", key: server.adminKey, limit: 2) {
                    "\($0["version"] as? Int ?? 0)"
                }
                #expect(revisions.items == ["5", "4", "3", "2", "1"], "newest first")
                #expect(revisions.pages == 3)
            }
        }
    }

    @Test("a limit out of range or a cursor that is not one is a 400; an empty name cursor is the first page")
    func badPages() async throws {
        try await TestServer.run { server, client in
            let long = String(repeating: "z", count: 201)
            for path in ["/v1/workspaces?limit=0", "/v1/workspaces?limit=501", "/v1/keys?after=abc", "/v1/keys?after=", "/v1/keys?after=+5",
                         "/v1/workspaces?after=\(long)",
                         "/v1/workspaces/\(server.workspace)/templates/greeting/translations/en/revisions?after=x"] {
                let status = try await client.json(.get, path, key: server.adminKey).status
                #expect(status == .badRequest, "\(path)")
            }
            let first = try await client.json(.get, "/v1/workspaces?after=", key: server.adminKey)
            #expect(first.status == .ok)
            #expect((first.json["workspaces"] as? [[String: Any]])?.isEmpty == false)
        }
    }
}
