import Hummingbird

/// `?after=…&limit=…`, as every listing reads them (the `after` and `limit` parameters of
/// openapi.yaml): a page of at most `limit` items after the cursor `after`, which is the
/// previous page's `next`.
struct PageRequest {
    static let standardLimit = 100
    static let mostLimit = 500

    var after: String?
    var limit: Int

    /// The longest cursor taken (a name or key is shorter).
    static let longestAfter = 200

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        // Empty is the first page, as left out is.
        after = query["after"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        if let after, after.unicodeScalars.count > Self.longestAfter {
            throw APIError.badRequest("after is at most \(Self.longestAfter) characters: the next of a previous page")
        }
        guard let text = query["limit"] else {
            limit = Self.standardLimit
            return
        }
        guard let value = Int(text), (1...Self.mostLimit).contains(value) else {
            throw APIError.badRequest("limit is 1 to \(Self.mostLimit)")
        }
        limit = value
    }

    /// How many items to read: one more than a page, to tell whether another page follows.
    var readLimit: Int { limit + 1 }

    /// `after` as a number (for listings ordered by id: digits only, as openapi.yaml's `afterID`
    /// says); a 400 when it is not one, empty included.
    static func id(_ request: Request) throws -> Int64? {
        guard let text = request.uri.queryParameters["after"].map(String.init) else { return nil }
        guard (1...18).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let id = Int64(text) else {
            throw APIError.badRequest("after is the next of a previous page, a number, not '\(text.prefix(40))'")
        }
        return id
    }

    /// The page of items read with ``readLimit``, and its `next`: the cursor of its last item
    /// when more follow.
    func page<Item>(_ items: [Item], cursor: (Item) -> String) -> (items: [Item], next: String?) {
        guard items.count > limit else { return (items, nil) }
        let page = Array(items.prefix(limit))
        return (page, page.last.map(cursor))
    }
}
