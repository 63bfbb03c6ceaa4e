import ICU

/// MessageFormat 2 messages that say what MessageFormat 1 can say, written as MessageFormat 1's
/// tree, so that they compile to the same nodes and render through the same code.
///
/// A message lowers when every placeholder is a variable (or a literal) formatted by a function
/// with a MessageFormat 1 style, every selector is `:number` (plural or ordinal), `:offset` or
/// `:string` on an argument, and its variants form a complete table: for each key of a column, a variant
/// whose later keys are all `*`. Then choosing a variant column by column (MessageFormat 1's
/// nested choice) picks the variant the specification's pattern selection picks. Messages
/// converted from MessageFormat 1 lower; others are formatted by ``MF2/Formatter``.
///
/// Lowered nodes are rendered only without bidi isolation, and a render that meets any problem
/// is done again by the formatter, whose fallbacks (`{$name}`) the specification defines.
enum MF2Lowering {
    static func lower(_ message: MF2.Message) -> Message? {
        var lowering = Lowering()
        for declaration in message.declarations {
            lowering.declare(declaration)
        }
        let parts: [PatternPart]?
        switch message.body {
        case .pattern(let pattern):
            parts = lowering.lower(pattern, pluralNumber: nil)
        case .matcher(let selectors, let variants):
            let columns = selectors.map { lowering.bindings[$0.name] ?? nil }
            guard columns.allSatisfy({ $0 != nil }) else { return nil }
            parts = lowering.lower(variants.map { ($0.keys[...], $0.pattern) }, columns: columns.map { $0! }[...], pluralNumber: nil)
        }
        guard let parts else { return nil }
        return Message(source: message.source, pattern: Pattern(parts: parts, range: SourceRange(0, 0)))
    }
}

private struct Lowering {
    /// What a declared variable stands for: an argument, with a function and literal options or
    /// none; nil when it stands for something MessageFormat 1 cannot say.
    struct Binding: Equatable {
        var argument: String
        var function: String?
        var options: [String: String]
        /// What `:offset` takes away from the argument (`subtract=1`; `add=1` is -1).
        var offset: Double = 0
    }

    var bindings: [String: Binding?] = [:]
    let nowhere = SourceRange(0, 0)

    mutating func declare(_ declaration: MF2.Declaration) {
        let expression = declaration.expression
        guard case .variable(let variable) = expression.operand else {
            bindings[declaration.name] = .some(nil)
            return
        }
        let operand = declaration.kind == .input ? Binding(argument: variable.name, function: nil, options: [:]) : binding(of: variable.name)
        bindings[declaration.name] = .some(operand.flatMap { apply(expression.function, to: $0) })
    }

    func binding(of name: String) -> Binding? {
        if let declared = bindings[name] { return declared }
        return Binding(argument: name, function: nil, options: [:])
    }

    /// The binding with a function applied: a function on a bare argument, or a number
    /// function on a plain `:number` value (which has no options to pass on).
    func apply(_ function: MF2.FunctionReference?, to binding: Binding) -> Binding? {
        guard let function else { return binding }
        var options: [String: String] = [:]
        for option in function.options {
            guard case .literal(let text) = option.value else { return nil }
            options[option.name] = text
        }
        guard binding.offset == 0 else { return nil }
        switch binding.function {
        case nil: break
        case "number" where binding.options.isEmpty && ["number", "integer", "percent", "currency", "offset"].contains(function.name): break
        default: return nil
        }
        if function.name == "offset" {
            // MessageFormat 1's plural `offset:`: a whole number taken away, the rest as `:number`.
            guard options.count == 1, let amount = (options["subtract"] ?? options["add"]).flatMap(Int.init) else { return nil }
            return Binding(argument: binding.argument, function: "number", options: [:],
                           offset: Double(options["subtract"] != nil ? amount : -amount))
        }
        return Binding(argument: binding.argument, function: function.name, options: options)
    }

    // MARK: Patterns

    /// The pattern's parts; `pluralNumber` is the plural it is a variant of, whose value
    /// MessageFormat 1 writes `#`.
    func lower(_ pattern: MF2.Pattern, pluralNumber: Binding?) -> [PatternPart]? {
        var parts: [PatternPart] = []
        for part in pattern {
            switch part {
            case .text(let text): parts.append(.text(text, nowhere))
            case .markup: break
            case .expression(let expression):
                switch expression.operand {
                case .literal(let text) where expression.function == nil:
                    parts.append(.text(text, nowhere))
                case .variable(let variable):
                    guard let bound = binding(of: variable.name) else { return nil }
                    if expression.function == nil, bound == pluralNumber {
                        parts.append(.pluralNumber(nowhere))
                        continue
                    }
                    guard let binding = apply(expression.function, to: bound), let placeholder = placeholder(binding) else { return nil }
                    parts.append(.placeholder(placeholder))
                default:
                    return nil
                }
            }
        }
        return parts
    }

    /// The MessageFormat 1 placeholder formatting as the binding does.
    func placeholder(_ binding: Binding) -> Placeholder? {
        func call(_ name: FunctionName, _ style: String?) -> Placeholder {
            Placeholder(argument: binding.argument, argumentRange: nowhere,
                        function: FunctionCall(name: name, nameRange: nowhere, style: style, styleRange: nil, options: [:]), range: nowhere)
        }
        // How a number selects does not change how it shows.
        let options = binding.function == "number" ? binding.options.filter { $0.key != "select" } : binding.options
        guard binding.offset == 0 else { return nil }
        guard let function = binding.function else {
            return options.isEmpty ? Placeholder(argument: binding.argument, argumentRange: nowhere, function: nil, range: nowhere) : nil
        }
        return MF2Styles.style(for: function, options: options).map { call($0.name, $0.style) }
    }

    // MARK: Matchers

    /// The variants still possible, keyed from `columns.first` on, as nested selections.
    func lower(_ rows: [(keys: ArraySlice<MF2.Key>, pattern: MF2.Pattern)], columns: ArraySlice<Binding>, pluralNumber: Binding?) -> [PatternPart]? {
        guard let column = columns.first else { return rows.first.flatMap { lower($0.pattern, pluralNumber: pluralNumber) } }
        let kind: SelectionKind
        switch (column.function, column.options) {
        case ("number", [:]), ("number", ["select": "plural"]): kind = .plural
        case ("number", ["select": "ordinal"]): kind = .selectordinal
        case ("string", [:]): kind = .select
        default: return nil
        }
        // `#` is the innermost plural's number, formatted as `:number` formats it: the selector's
        // variable is written `#` inside its own variants (an offset plural's value can be written
        // no other way), and not under another plural.
        let innerPluralNumber = kind == .select ? pluralNumber : column
        var variants: [Variant] = []
        var keys: [String] = []
        for row in rows { if case .literal(let key) = row.keys.first!, !keys.contains(key) { keys.append(key) } }
        for key in keys + ["*"] {
            let group = rows.filter { key == "*" ? $0.keys.first! == .catchAll : $0.keys.first! == .literal(key) }
                .map { (keys: $0.keys.dropFirst(), pattern: $0.pattern) }
            // The group must end in a variant whose later keys are all `*`, or the formatter
            // could fall back past this key, which a nested choice cannot.
            guard group.contains(where: { $0.keys.allSatisfy { $0 == .catchAll } }),
                  let parts = lower(group, columns: columns.dropFirst(), pluralNumber: innerPluralNumber) else { return nil }
            let pattern = Pattern(parts: parts, range: nowhere)
            if key == "*" {
                variants.append(Variant(key: .other, keyRange: nowhere, pattern: pattern))
            } else if kind == .select {
                variants.append(Variant(key: .keyword(key), keyRange: nowhere, pattern: pattern))
            } else if PluralCategory(keyword: key) != nil, key != "other" {
                variants.append(Variant(key: .keyword(key), keyRange: nowhere, pattern: pattern))
            } else if let value = Self.integerKey(key) {
                // MessageFormat 1's `=N` is the number before the offset.
                let exact = value + column.offset
                variants.append(Variant(key: .exact(exact, literal: MF2.decimalText(exact)), keyRange: nowhere, pattern: pattern))
            } else if MF2.isNumberLiteral(key) || key == "other" {
                return nil  // `1.0` or `other` as a key: the formatter compares them in its own way
            }
            // Other keys never match a number: they are left out.
        }
        return [.selection(Selection(argument: column.argument, argumentRange: nowhere, kind: kind, offset: column.offset,
                                     variants: variants, range: nowhere))]
    }

    /// A key written as a whole number the way a number is shown (`3`, `-1`, not `03` or `1.0`).
    static func integerKey(_ key: String) -> Double? {
        guard let value = Int64(key), String(value) == key else { return nil }
        return Double(value)
    }
}
