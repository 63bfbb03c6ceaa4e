/// The specification's data model errors: what parses but is not a valid message.
///
/// Names are compared as the specification asks, as if NFC-normalized; Swift's `String`
/// equality is canonical equivalence, which is that.
enum DataModelCheck {
    static func check(_ message: MF2.Message) throws(ParseError) {
        try checkOptions(message)
        try checkDeclarations(message)
        if case .matcher(let selectors, let variants) = message.body {
            try checkMatcher(selectors: selectors, variants: variants, in: message)
        }
    }

    /// No option twice in one function or markup.
    static func checkOptions(_ message: MF2.Message) throws(ParseError) {
        func check(_ options: [MF2.Option]) throws(ParseError) {
            var names: Set<String> = []
            for option in options where !names.insert(option.name).inserted {
                throw ParseError(.duplicateOptionName, "the option `\(option.name)` is given twice", at: option.range, in: message.source)
            }
        }
        func check(_ pattern: MF2.Pattern) throws(ParseError) {
            for part in pattern {
                switch part {
                case .expression(let expression): try check(expression.function?.options ?? [])
                case .markup(let markup): try check(markup.options)
                case .text: break
                }
            }
        }
        for declaration in message.declarations { try check(declaration.expression.function?.options ?? []) }
        switch message.body {
        case .pattern(let pattern): try check(pattern)
        case .matcher(_, let variants): for variant in variants { try check(variant.pattern) }
        }
    }

    /// A variable is declared once, and not after an earlier declaration used it (the earlier
    /// one would have read the external value under the same name).
    static func checkDeclarations(_ message: MF2.Message) throws(ParseError) {
        var known: Set<String> = []
        for declaration in message.declarations {
            let expression = declaration.expression
            let optionVariables = (expression.function?.options ?? []).compactMap { option -> String? in
                if case .variable(let variable) = option.value { variable.name } else { nil }
            }
            if declaration.kind == .local, case .variable(let operand) = expression.operand {
                known.insert(operand.name)
            }
            known.formUnion(optionVariables)
            guard known.insert(declaration.name).inserted else {
                throw ParseError(.duplicateDeclaration, "`$\(declaration.name)` is declared twice, or declared after it was used",
                                 at: declaration.range, in: message.source)
            }
        }
    }

    static func checkMatcher(selectors: [MF2.Variable], variants: [MF2.Variant], in message: MF2.Message) throws(ParseError) {
        for variant in variants where variant.keys.count != selectors.count {
            throw ParseError(.variantKeyMismatch, "this variant has \(variant.keys.count) keys for \(selectors.count) selectors",
                             at: variant.range, in: message.source)
        }
        for selector in selectors where message.selectorFunction(selector.name) == nil {
            throw ParseError(.missingSelectorAnnotation,
                             "`$\(selector.name)` is selected on without a function: declare it with one, such as `.input {$\(selector.name) :number}`",
                             at: selector.range, in: message.source)
        }
        guard variants.contains(where: { $0.keys.allSatisfy { $0 == .catchAll } }) else {
            throw ParseError(.missingFallbackVariant, "a variant whose keys are all `*` is required",
                             at: variants.last?.range ?? SourceRange(0, 0), in: message.source)
        }
        var seen: Set<[MF2.Key]> = []
        for variant in variants where !seen.insert(variant.keys).inserted {
            throw ParseError(.duplicateVariant, "another variant has the same keys", at: variant.range, in: message.source)
        }
    }
}
