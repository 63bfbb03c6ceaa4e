import ICU

extension MF2 {
    /// How formatted placeholders are isolated from the text around them.
    public enum BidiIsolation: String, Sendable, Hashable, Codable {
        /// The specification's default strategy: placeholders whose direction is not the
        /// message's, or not known, are wrapped in U+2066–U+2069 isolates.
        case `default`
        /// No isolation characters.
        case none
    }

    /// The outcome of formatting: the text, and the problems met (each shown in the text as a fallback).
    public struct Formatted: Sendable {
        public var text: String
        public var issues: [Issue]
    }

    /// Formats parsed messages for one locale.
    ///
    /// Declarations are resolved when first used, once; a function's problem is reported and
    /// its expression shows as its fallback (`{$name}`, `{|literal|}`, `{:function}`).
    public struct Formatter: Sendable {
        public var context: Context
        public var bidiIsolation: BidiIsolation
        /// The function registry: the built-in functions, and any a caller adds.
        public var functions: [String: any MF2Function]
        /// Most UTF-8 bytes of output.
        public var maxOutputBytes: Int

        public init(context: Context, bidiIsolation: BidiIsolation = .default,
                    functions: [String: any MF2Function] = MF2.builtInFunctions, maxOutputBytes: Int = 1 << 20) {
            self.context = context
            self.bidiIsolation = bidiIsolation
            self.functions = functions
            self.maxOutputBytes = maxOutputBytes
        }

        public init(locale: LocaleID, bidiIsolation: BidiIsolation = .default) {
            self.init(context: Context(locale: locale), bidiIsolation: bidiIsolation)
        }

        public func format(_ message: Message, _ arguments: MessageArguments) -> Formatted {
            var evaluation = Evaluation(message: message, formatter: self, arguments: arguments)
            let pattern = evaluation.selectPattern()
            let text = evaluation.format(pattern)
            return Formatted(text: text, issues: evaluation.issues)
        }
    }
}

/// An expression's resolved value, or its fallback.
private enum Resolved {
    /// The value, and the direction `u:dir` set on its expression.
    case value(any MF2Value, direction: MF2.Direction?)
    /// The fallback representation, without braces.
    case fallback(String)
}

/// One formatting of one message.
private struct Evaluation {
    let message: MF2.Message
    let formatter: MF2.Formatter
    let arguments: MessageArguments
    /// Each declared name's declaration.
    let declarations: [String: Int]
    var resolvedDeclarations: [Int: Resolved] = [:]
    var issues: [MF2.Issue] = []

    init(message: MF2.Message, formatter: MF2.Formatter, arguments: MessageArguments) {
        self.message = message
        self.formatter = formatter
        self.arguments = arguments
        var declarations: [String: Int] = [:]
        for (index, declaration) in message.declarations.enumerated() { declarations[declaration.name] = index }
        self.declarations = declarations
    }

    // MARK: Variables and expressions

    mutating func resolve(_ variable: MF2.Variable, external: Bool = false) -> Resolved {
        if !external, let index = declarations[variable.name] {
            if let done = resolvedDeclarations[index] { return done }
            let declaration = message.declarations[index]
            var resolved = resolve(declaration.expression, inputDeclaration: declaration.kind == .input)
            if case .fallback = resolved { resolved = .fallback("$" + variable.name) }
            resolvedDeclarations[index] = resolved
            return resolved
        }
        guard let argument = arguments[variable.name] else {
            issues.append(MF2.Issue(.unresolvedVariable, "no argument `\(variable.name)` was given", variable: variable.name))
            return .fallback("$" + variable.name)
        }
        return .value(MF2.value(of: argument), direction: nil)
    }

    mutating func resolve(_ expression: MF2.Expression, inputDeclaration: Bool = false) -> Resolved {
        var operand: (any MF2Value)?
        var operandFailed = false
        switch expression.operand {
        case .literal(let text): operand = MF2.StringValue(text)
        case .variable(let variable):
            let resolved = resolve(variable, external: inputDeclaration)
            // Without a function, the expression is its variable's value, with the variable's `u:dir`.
            if expression.function == nil { return resolved }
            switch resolved {
            case .value(let value, _): operand = value
            case .fallback: operandFailed = true
            }
        case nil: break
        }
        guard let reference = expression.function else {
            return .value(operand ?? MF2.StringValue(""), direction: nil)
        }
        guard let function = formatter.functions[reference.name] else {
            issues.append(MF2.Issue(.unknownFunction, "there is no function :\(reference.name)"))
            return .fallback(expression.fallbackSource)
        }
        if operandFailed {
            if let value = function.resolveUnresolved(expression.fallbackSource) { return .value(value, direction: nil) }
            issues.append(MF2.Issue(.badOperand, ":\(reference.name) was given a value that could not be resolved"))
            return .fallback(expression.fallbackSource)
        }
        var context = formatter.context
        var localeChanged = false
        var direction: MF2.Direction?
        var options: [MF2.Options.Entry] = []
        for option in reference.options {
            guard let value = resolveOptionValue(option.value) else { continue }
            switch option.name {
            case "u:dir":
                switch MF2.text(of: value.argument) {
                case "ltr": direction = .leftToRight
                case "rtl": direction = .rightToLeft
                case "auto": direction = .unknown
                case "inherit": direction = nil
                default: issues.append(MF2.Issue(.badOption, "u:dir is ltr, rtl, auto or inherit"))
                }
            case "u:locale":
                if let tag = MF2.text(of: value.argument), let locale = try? LocaleID(tag) {
                    context.locale = locale
                    localeChanged = true
                } else {
                    issues.append(MF2.Issue(.badOption, "u:locale is a BCP 47 language tag"))
                }
            case "u:id":
                break
            default:
                let fromVariable = if case .variable = option.value { true } else { false }
                options.append(MF2.Options.Entry(name: option.name, value: value, fromVariable: fromVariable))
            }
        }
        do {
            let value = try function.resolve(operand, MF2.Options(options), context, &issues)
            return .value(localeChanged ? ContextBound(value: value, context: context) : value, direction: direction)
        } catch {
            issues.append(error)
            return .fallback(expression.fallbackSource)
        }
    }

    mutating func resolveOptionValue(_ operand: MF2.Operand) -> (any MF2Value)? {
        switch operand {
        case .literal(let text): return MF2.StringValue(text)
        case .variable(let variable):
            if case .value(let value, _) = resolve(variable) { return value }
            return nil
        }
    }

    // MARK: Selection

    /// The pattern to format: the body's, or the best variant's (specification, "Pattern Selection").
    mutating func selectPattern() -> MF2.Pattern {
        switch message.body {
        case .pattern(let pattern):
            return pattern
        case .matcher(let selectors, let variants):
            var preferences: [[String]] = []
            for (column, selector) in selectors.enumerated() {
                var keys: [String] = []
                for variant in variants {
                    if case .literal(let key) = variant.keys[column], !keys.contains(key) { keys.append(key) }
                }
                switch resolve(selector) {
                case .value(let value, _):
                    do {
                        preferences.append(try value.select(keys, formatter.context))
                    } catch {
                        issues.append(MF2.Issue(.badSelector, error.message))
                        preferences.append([])
                    }
                case .fallback:
                    issues.append(MF2.Issue(.badSelector, "`$\(selector.name)` could not be resolved, so only `*` matches it"))
                    preferences.append([])
                }
            }
            func rank(_ key: MF2.Key, _ column: Int) -> Int? {
                switch key {
                case .catchAll: preferences[column].count
                case .literal(let text): preferences[column].firstIndex(of: text)
                }
            }
            let candidates = variants.filter { variant in
                variant.keys.indices.allSatisfy { rank(variant.keys[$0], $0) != nil }
            }
            let best = candidates.min { left, right in
                for column in selectors.indices {
                    let l = rank(left.keys[column], column)!, r = rank(right.keys[column], column)!
                    if l != r { return l < r }
                }
                return false
            }
            return best?.pattern ?? []
        }
    }

    // MARK: Formatting

    mutating func format(_ pattern: MF2.Pattern) -> String {
        var output = ""
        let isolating = formatter.bidiIsolation == .default
        // Directions cost a locale lookup each: only isolation needs them.
        let messageDirection = isolating ? formatter.context.localeDirection : .leftToRight
        for part in pattern {
            if output.utf8.count > formatter.maxOutputBytes { break }
            switch part {
            case .text(let text):
                output += text
            case .markup(let markup):
                for option in markup.options {
                    _ = resolveOptionValue(option.value)
                    if option.name == "u:dir" { issues.append(MF2.Issue(.badOption, "u:dir does not apply to markup")) }
                }
            case .expression(let expression):
                let (text, direction, isolate) = formatPlaceholder(expression, directed: isolating)
                guard isolating else { output += text; continue }
                switch direction {
                case .leftToRight where messageDirection == .leftToRight && !isolate: output += text
                case .leftToRight: output += "\u{2066}" + text + "\u{2069}"
                case .rightToLeft: output += "\u{2067}" + text + "\u{2069}"
                case .unknown: output += "\u{2068}" + text + "\u{2069}"
                }
            }
        }
        return cut(output, at: formatter.maxOutputBytes)
    }

    /// The text cut at the output limit, between two scalars, with the cut reported.
    mutating func cut(_ output: String, at limit: Int) -> String {
        guard output.utf8.count > limit else { return output }
        issues.append(MF2.Issue(.outputLimit, "the text reached the output limit of \(limit) bytes and was cut there"))
        var end = output.utf8.index(output.utf8.startIndex, offsetBy: limit)
        while end > output.startIndex, output.utf8[end] & 0xC0 == 0x80 { end = output.utf8.index(before: end) }
        return String(output[..<end])
    }

    /// The placeholder's text, its direction (when `directed`; else `.unknown`), and whether
    /// `u:dir` asks for isolation.
    mutating func formatPlaceholder(_ expression: MF2.Expression, directed: Bool) -> (String, MF2.Direction, Bool) {
        switch resolve(expression) {
        case .value(let value, let direction):
            do {
                let text = try value.format(formatter.context)
                guard directed else { return (text, .unknown, direction != nil) }
                return (text, direction ?? value.direction(formatter.context), direction != nil)
            } catch {
                issues.append(error)
                return ("{" + expression.fallbackSource + "}", .unknown, false)
            }
        case .fallback(let source):
            return ("{" + source + "}", .unknown, false)
        }
    }
}

/// A function's value with the context it was resolved in: a `u:locale` stays with the value.
private struct ContextBound: MF2Value {
    let value: any MF2Value
    let context: MF2.Context

    var argument: ArgumentValue { value.argument }
    func format(_ context: MF2.Context) throws(MF2.Issue) -> String { try value.format(self.context) }
    func select(_ keys: [String], _ context: MF2.Context) throws(MF2.Issue) -> [String] { try value.select(keys, self.context) }
    func direction(_ context: MF2.Context) -> MF2.Direction { value.direction(self.context) }
}
