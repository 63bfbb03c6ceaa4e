/// Which MessageFormat 2 function and options format as a MessageFormat 1 style does, both
/// ways: ``MF2/Converter`` writes a style as its function, ``MF2Lowering`` reads a function back
/// as its style. One table, so the two cannot drift apart.
enum MF2Styles {
    struct Entry {
        let name: FunctionName
        /// The MessageFormat 1 styles written this way; the first is the one read back.
        let styles: [String]
        let function: String
        /// The options, in the order they are written.
        let options: KeyValuePairs<String, String>

        var optionMap: [String: String] { Dictionary(uniqueKeysWithValues: options.map { ($0.key, $0.value) }) }
    }

    /// In order: a style's first entry is the one a conversion writes.
    static let entries: [Entry] = [
        Entry(name: .number, styles: [""], function: "number", options: [:]),
        Entry(name: .number, styles: ["integer"], function: "integer", options: [:]),
        Entry(name: .number, styles: ["percent"], function: "percent", options: [:]),
        Entry(name: .date, styles: ["", "medium"], function: "date", options: [:]),
        Entry(name: .date, styles: ["short"], function: "date", options: ["length": "short"]),
        Entry(name: .date, styles: ["medium"], function: "date", options: ["length": "medium"]),
        Entry(name: .date, styles: ["long"], function: "date", options: ["length": "long"]),
        Entry(name: .date, styles: ["full"], function: "date", options: ["fields": "year-month-day-weekday", "length": "long"]),
        Entry(name: .time, styles: ["medium", ""], function: "time", options: ["precision": "second"]),
        Entry(name: .time, styles: ["short"], function: "time", options: [:]),
        Entry(name: .time, styles: ["long"], function: "time", options: ["precision": "second", "timeZoneStyle": "short"]),
        Entry(name: .time, styles: ["full"], function: "time", options: ["precision": "second", "timeZoneStyle": "long"]),
    ]

    /// The function and options a MessageFormat 1 style (trimmed) is written as, when it has some.
    static func function(for name: FunctionName, style: String) -> (function: String, options: KeyValuePairs<String, String>)? {
        if name == .number, let code = currency(style) { return ("currency", ["currency": code]) }
        return entries.first { $0.name == name && $0.styles.contains(style) }.map { ($0.function, $0.options) }
    }

    /// The MessageFormat 1 function and style that format as `function` with `options` do.
    static func style(for function: String, options: [String: String]) -> (name: FunctionName, style: String?)? {
        if function == "currency", options.count == 1, let code = options["currency"], currency("::currency/" + code) != nil {
            return (.number, "::currency/" + code)
        }
        guard let entry = entries.first(where: { $0.function == function && $0.optionMap == options }) else { return nil }
        return (entry.name, entry.styles[0].isEmpty ? nil : entry.styles[0])
    }

    /// The currency of a `::currency/XXX` style, three ASCII letters as written.
    static func currency(_ style: String) -> String? {
        guard style.hasPrefix("::currency/") else { return nil }
        let code = style.dropFirst("::currency/".count)
        return code.count == 3 && code.allSatisfy({ $0.isASCII && $0.isLetter }) ? String(code) : nil
    }
}
