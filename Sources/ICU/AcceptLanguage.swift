/// Parsing of the HTTP `Accept-Language` header (RFC 9110 §12.5.4).
public enum AcceptLanguage {
    /// The tags of an `Accept-Language` value, most preferred first; unparseable ranges,
    /// `*` and ranges with `q=0` are dropped. Equal weights keep their order.
    ///
    /// `"fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5"` → `[fr-CH, fr, en]`.
    public static func parse(_ header: String) -> [LocaleID] {
        var ranges: [(tag: LocaleID, weight: Double, position: Int)] = []
        for (position, item) in header.split(separator: ",").prefix(32).enumerated() {
            let fields = item.split(separator: ";").map { $0.trimmingWhitespace() }
            guard let range = fields.first, !range.isEmpty, range != "*" else { continue }
            var weight = 1.0
            for parameter in fields.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0, let tag = try? LocaleID(String(range)) else { continue }
            ranges.append((tag, weight, position))
        }
        return ranges.sorted { ($0.weight, -$0.position) > ($1.weight, -$1.position) }.map(\.tag)
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
