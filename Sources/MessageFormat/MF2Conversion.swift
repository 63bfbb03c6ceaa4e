extension MF2 {
    /// Writes an ICU MessageFormat 1 message as MessageFormat 2 that formats the same text
    /// (without bidi isolation) for the same arguments.
    ///
    /// - Selections become one `.match` at the top, nested and consecutive ones alike: each
    ///   selection is a column, and the text around them is repeated in every variant.
    /// - `plural` selects on `:number`, `selectordinal` on `:number select=ordinal`, `select`
    ///   on `:string`; a plural's `offset:` becomes `:offset subtract=…`, its `=N` keys the
    ///   number after the offset, `#` the selector's variable, `other` the `*` key.
    /// - Styles map to functions: `integer` → `:integer`, `percent` → `:percent`,
    ///   `::currency/EUR` → `:currency currency=EUR`, date and time lengths to `:date` and `:time`.
    ///
    /// What MessageFormat 2 cannot say the same way throws ``ConversionError``: numbered
    /// arguments, spellout, ordinal and duration formats, patterns and other skeletons, and a
    /// message whose variants would pass ``maxVariants``.
    ///
    /// ```swift
    /// try MF2.Converter.convert(MessageParser.parse("{n, plural, one {# day} other {# days}}"))
    /// // ".local $n_count = {$n :number}\n.match $n_count\none {{{$n_count} day}}\n* {{{$n_count} days}}"
    /// ```
    public enum Converter {
        /// Most variants a converted message may have.
        public static let maxVariants = 512

        public static func convert(_ message: MessageFormat.Message) throws(ConversionError) -> String {
            var converter = Conversion()
            let rows = try converter.flatten(message.pattern)
            if converter.columns.isEmpty {
                // A simple message cannot start, after white space, with `.` or `{{`: those start a complex one.
                let body = converter.write(rows[0].parts)
                let start = body.unicodeScalars.drop { Grammar.isSpace($0) || Grammar.isBidi($0) }
                return start.first == "." || start.starts(with: "{{".unicodeScalars) ? "{{" + body + "}}" : body
            }
            var lines = converter.declarations
            lines.append(".match " + converter.columns.map { "$" + $0.variable }.joined(separator: " "))
            var seen: Set<[String]> = []
            for row in rows {
                let keys = converter.columns.indices.map { row.keys[$0] ?? "*" }
                guard seen.insert(keys).inserted else { continue }
                lines.append(keys.joined(separator: " ") + " {{" + converter.write(row.parts) + "}}")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// A message MessageFormat 2 cannot express the way the original formats.
    public struct ConversionError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}

/// One conversion: the selector columns found so far and the declarations they need.
private struct Conversion {
    struct Column {
        /// The variable `.match` names.
        var variable: String
    }

    /// A variant of the flattened message: a key for each column it passed through, and its parts.
    struct Row {
        var keys: [Int: String] = [:]
        var parts: [Part] = []
    }

    enum Part {
        case text(String)
        /// A placeholder, already written as MessageFormat 2.
        case placeholder(String)
    }

    var columns: [Column] = []
    var declarations: [String] = []
    /// Variable names in use: the message's arguments and the declarations added.
    var names: Set<String> = []
    /// The variable of each kind of selector already declared, by argument.
    var selectorVariables: [String: String] = [:]

    mutating func flatten(_ pattern: Pattern, number: String? = nil) throws(MF2.ConversionError) -> [Row] {
        var rows = [Row()]
        for part in pattern.parts {
            switch part {
            case .text(let text, _):
                for index in rows.indices { rows[index].parts.append(.text(text)) }
            case .pluralNumber:
                guard let number else { throw MF2.ConversionError(message: "`#` outside a plural") }
                for index in rows.indices { rows[index].parts.append(.placeholder("{$" + number + "}")) }
            case .placeholder(let placeholder):
                let written = try write(placeholder)
                for index in rows.indices { rows[index].parts.append(.placeholder(written)) }
            case .selection(let selection):
                let (column, variable) = try selector(for: selection)
                var combined: [Row] = []
                for variant in selection.variants {
                    let key = try key(variant.key, of: selection)
                    let inner = try flatten(variant.pattern, number: selection.kind == .select ? number : variable)
                    for row in rows {
                        for innerRow in inner {
                            var joined = row
                            if let key { joined.keys[column] = key }
                            joined.keys.merge(innerRow.keys) { $1 }
                            joined.parts += innerRow.parts
                            combined.append(joined)
                        }
                    }
                    guard combined.count <= MF2.Converter.maxVariants else {
                        throw MF2.ConversionError(message: "the message would have more than \(MF2.Converter.maxVariants) variants")
                    }
                }
                rows = combined
            }
        }
        return rows
    }

    /// A new column for the selection, and the variable it selects on (declared once per argument and kind).
    mutating func selector(for selection: Selection) throws(MF2.ConversionError) -> (Int, String) {
        let argument = try variableName(selection.argument)
        let kindKey: String
        let declaration: (String) -> String
        switch selection.kind {
        case .plural where selection.offset != 0:
            let offset = MF2.decimalText(selection.offset)
            kindKey = "offset" + offset
            declaration = { ".local $\($0) = {$\(argument) :offset subtract=\(offset)}" }
        case .plural:
            kindKey = "plural"
            declaration = { ".local $\($0) = {$\(argument) :number}" }
        case .selectordinal:
            kindKey = "ordinal"
            declaration = { ".local $\($0) = {$\(argument) :number select=ordinal}" }
        case .select:
            kindKey = "select"
            declaration = { ".local $\($0) = {$\(argument) :string}" }
        }
        let variable: String
        if let known = selectorVariables[argument + "/" + kindKey] {
            variable = known
        } else {
            variable = unusedName(argument + "_" + (kindKey == "plural" ? "count" : kindKey))
            declarations.append(declaration(variable))
            selectorVariables[argument + "/" + kindKey] = variable
        }
        columns.append(Column(variable: variable))
        return (columns.count - 1, variable)
    }

    /// The key as MessageFormat 2 writes it; nil for `other` (the `*` key).
    func key(_ key: VariantKey, of selection: Selection) throws(MF2.ConversionError) -> String? {
        switch key {
        case .keyword("other"): return nil
        case .keyword(let word): return literal(word)
        case .exact(let value, _): return MF2.decimalText(value - selection.offset)
        }
    }

    // MARK: Placeholders

    mutating func write(_ placeholder: Placeholder) throws(MF2.ConversionError) -> String {
        let variable = "$" + (try variableName(placeholder.argument))
        guard let function = placeholder.function else { return "{" + variable + "}" }
        let style = String(function.style?.trimmingASCIISpaces ?? "")
        switch function.name {
        case .spellout, .ordinal, .duration:
            throw MF2.ConversionError(message: "`\(function.name.rawValue)` has no MessageFormat 2 function")
        case .number, .date, .time:
            guard let written = MF2Styles.function(for: function.name, style: style) else {
                throw MF2.ConversionError(message: "the \(function.name.rawValue) style `\(style)` has no MessageFormat 2 form")
            }
            return "{\(variable) :\(written.function)" + written.options.map { " \($0.key)=\($0.value)" }.joined() + "}"
        }
    }

    // MARK: Names and text

    /// The argument's name as a MessageFormat 2 variable: numbered arguments have none.
    mutating func variableName(_ argument: String) throws(MF2.ConversionError) -> String {
        guard let first = argument.unicodeScalars.first, !("0"..."9").contains(first),
              argument.unicodeScalars.allSatisfy(Grammar.isNameChar) else {
            throw MF2.ConversionError(message: "the argument `\(argument)` is not a MessageFormat 2 name")
        }
        names.insert(argument)
        return argument
    }

    mutating func unusedName(_ base: String) -> String {
        var name = base
        while names.contains(name) { name += "_" }
        names.insert(name)
        return name
    }

    /// A key as an unquoted literal when it can be one, quoted otherwise.
    func literal(_ text: String) -> String {
        !text.isEmpty && text.unicodeScalars.allSatisfy(Grammar.isNameChar) ? text : MF2.quotedLiteral(text)
    }

    func write(_ parts: [Part]) -> String {
        var output = ""
        for part in parts {
            switch part {
            case .placeholder(let text): output += text
            case .text(let text):
                for character in text {
                    if character == "\\" || character == "{" || character == "}" { output.append("\\") }
                    output.append(character)
                }
            }
        }
        return output
    }
}
