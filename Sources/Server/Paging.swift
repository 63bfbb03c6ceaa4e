import Hummingbird

/// `?after=…&limit=…`, as every listing reads them (the `after` and `limit` parameters of
/// openapi.yaml): a page of at most `limit` items after the cursor `after`, which is the
/// previous page's `next`.
struct PageRequest {
    static let standardLimit = 100
    static let mostLimit = 500

    var after: String?
    var limit: Int

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        after = query["after"].map(String.init)
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

    /// `after` as a number (for listings ordered by id); a 400 when it is not one.
    var afterID: Int64? {
        get throws {
            guard let after else { return nil }
            guard let id = Int64(after) else { throw APIError.badRequest("after is the next of a previous page, not '\(after)'") }
            return id
        }
    }

    /// The page of items read with ``readLimit``, and its `next`: the cursor of its last item
    /// when more follow.
    func page<Item>(_ items: [Item], cursor: (Item) -> String) -> (items: [Item], next: String?) {
        guard items.count > limit else { return (items, nil) }
        let page = Array(items.prefix(limit))
        return (page, page.last.map(cursor))
    }
}
