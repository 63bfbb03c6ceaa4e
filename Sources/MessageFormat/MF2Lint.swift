import ICU

/// Lint of MessageFormat 2 messages, with MessageFormat 1's rules where they mean the same.
///
/// - Errors: syntax and data model errors; a function that does not exist; a plural `.match`
///   without a category the locale needs; a key that is no plural category; a variable the
///   source message does not have.
/// - Warnings: categories the locale never selects; variables of the source left out; a
///   declaration nothing uses.
extension Linter {
    static func lintMF2(_ text: String, locale: LocaleID, source: String?, sourceSyntax: MessageSyntax,
                        provider: any FormatterProvider) -> [Diagnostic] {
        let message: MF2.Message
        do {
            message = try MF2.Parser.parse(text)
        } catch {
            return [Diagnostic(.error, error.kind.rawValue, error.message, at: error.range)]
        }
        var diagnostics = unknownFunctions(in: message) + unusedDeclarations(in: message)
        if case .matcher(let selectors, let variants) = message.body {
            var walker = Walker(locale: locale, provider: provider)
            for (column, selector) in selectors.enumerated() {
                guard let selection = pluralSelection(selector, column: column, variants: variants, in: message) else { continue }
                walker.check(selection)
            }
            diagnostics += walker.diagnostics
        }
        if let source, let wanted = argumentNames(of: source, syntax: sourceSyntax) {
            let used = message.externalVariables
            diagnostics += drift(used: used.map(\.name), wanted: wanted) { name in used.first { $0.name == name }?.range }
        }
        return diagnostics.sorted { ($0.range.start, $0.severity) < ($1.range.start, $1.severity) }
    }

    /// A `.match` column on a plural `:number` or `:integer`, as a MessageFormat 1 selection
    /// (`*` as `other`), so that the plural rules are checked by the same code.
    static func pluralSelection(_ selector: MF2.Variable, column: Int, variants: [MF2.Variant], in message: MF2.Message) -> Selection? {
        guard let function = message.selectorFunction(selector.name), ["number", "integer"].contains(function.name) else { return nil }
        let select = function.options.first { $0.name == "select" }?.value
        let kind: SelectionKind
        switch select {
        case nil, .literal("plural")?: kind = .plural
        case .literal("ordinal")?: kind = .selectordinal
        default: return nil
        }
        var seen: Set<MF2.Key> = []
        var keys: [Variant] = []
        for variant in variants where seen.insert(variant.keys[column]).inserted {
            let key: VariantKey
            switch variant.keys[column] {
            case .catchAll: key = .other
            case .literal(let text):
                if MF2.isNumberLiteral(text), let value = Double(text) { key = .exact(value, literal: text) } else { key = .keyword(text) }
            }
            keys.append(Variant(key: key, keyRange: variant.range, pattern: Pattern(parts: [], range: variant.range)))
        }
        return Selection(argument: selector.name, argumentRange: selector.range, kind: kind, offset: 0, variants: keys, range: selector.range)
    }

    static func unknownFunctions(in message: MF2.Message) -> [Diagnostic] {
        message.expressions.compactMap { expression in
            guard let function = expression.function, MF2.builtInFunctions[function.name] == nil else { return nil }
            return Diagnostic(.error, "unknown-function", "there is no function :\(function.name)", at: function.range)
        }
    }

    static func unusedDeclarations(in message: MF2.Message) -> [Diagnostic] {
        let used = Set(message.referencedVariables(includingInputOperands: false).map(\.name))
        return message.declarations.compactMap { declaration in
            guard !used.contains(declaration.name) else { return nil }
            return Diagnostic(.warning, "unused-declaration", "`$\(declaration.name)` is declared and never used", at: declaration.range)
        }
    }
}

extension MF2.Message {
    /// Every expression: of the declarations, then of the patterns.
    var expressions: [MF2.Expression] {
        var found = declarations.map(\.expression)
        func visit(_ pattern: MF2.Pattern) {
            for case .expression(let expression) in pattern { found.append(expression) }
        }
        switch body {
        case .pattern(let pattern): visit(pattern)
        case .matcher(_, let variants): variants.forEach { visit($0.pattern) }
        }
        return found
    }

    /// Variables as they are referenced: in operands, option values, markup options and selectors.
    /// An `.input`'s own operand is a reference only when asked for.
    func referencedVariables(includingInputOperands: Bool) -> [MF2.Variable] {
        var found: [MF2.Variable] = []
        func visit(_ expression: MF2.Expression, isInput: Bool) {
            if case .variable(let variable) = expression.operand, !isInput || includingInputOperands { found.append(variable) }
            for case .variable(let variable) in (expression.function?.options ?? []).map(\.value) { found.append(variable) }
        }
        func visit(_ pattern: MF2.Pattern) {
            for part in pattern {
                switch part {
                case .expression(let expression): visit(expression, isInput: false)
                case .markup(let markup): for case .variable(let variable) in markup.options.map(\.value) { found.append(variable) }
                case .text: break
                }
            }
        }
        for declaration in declarations { visit(declaration.expression, isInput: declaration.kind == .input) }
        switch body {
        case .pattern(let pattern): visit(pattern)
        case .matcher(let selectors, let variants):
            found += selectors
            variants.forEach { visit($0.pattern) }
        }
        return found
    }

    /// The variables the caller gives: referenced or declared by `.input`, and not `.local`, each once.
    public var externalVariables: [MF2.Variable] {
        let locals = Set(declarations.filter { $0.kind == .local }.map(\.name))
        var seen: Set<String> = []
        return referencedVariables(includingInputOperands: true).filter { !locals.contains($0.name) && seen.insert($0.name).inserted }
    }

    /// The function a selector's declaration (or the one it refers to) applies.
    func selectorFunction(_ name: String) -> MF2.FunctionReference? {
        var name = name
        for _ in 0...declarations.count {
            guard let declaration = declarations.last(where: { $0.name == name }) else { return nil }
            if let function = declaration.expression.function { return function }
            guard case .variable(let operand) = declaration.expression.operand else { return nil }
            name = operand.name
        }
        return nil
    }
}
