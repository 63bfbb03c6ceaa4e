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
            return [Diagnostic(error)]
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
        return Diagnostic.inSourceOrder(diagnostics)
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
