import ICU

/// A problem a lint found in a message, with where it is.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    public var severity: Severity
    /// A stable identifier for the kind of problem (`missing-plural-category`).
    public var code: String
    public var message: String
    /// Where, in UTF-8 bytes of the message.
    public var range: SourceRange

    public init(_ severity: Severity, _ code: String, _ message: String, at range: SourceRange) {
        self.severity = severity
        self.code = code
        self.message = message
        self.range = range
    }

    /// A message that does not parse or compile: an error where the parser or compiler stopped.
    init(_ error: ParseError) {
        self.init(.error, error.kind.rawValue, error.message, at: error.range)
    }

    public var description: String { "\(severity.rawValue): \(message) [\(code)]" }

    /// Diagnostics in the order a reader meets them: by position, errors first at the same one.
    static func inSourceOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { ($0.range.start, $0.severity) < ($1.range.start, $1.severity) }
    }

    /// Compiler-style text with the source line and a caret.
    public func rendered(source: String, file: String? = nil, lineOffset: Int = 0) -> String {
        Caret.render(source: source, range: range, severity: severity.rawValue, message: "\(message) [\(code)]",
                     file: file, lineOffset: lineOffset)
    }
}

/// Checks a message for what ICU accepts silently but renders wrongly, and for drift from the
/// message it translates.
///
/// - Errors: syntax; a style ICU rejects; a plural without a category the locale needs (a
///   Russian plural without `few` shows the `other` text for 3); a plural keyword that is no
///   CLDR category; an argument the source message does not have.
/// - Warnings: categories the locale never selects; arguments of the source left out; an
///   apostrophe that quotes a whole placeholder; a quote never closed; a `}` outside any
///   argument; duplicate variant keys; `#` where it is not the plural number; a style ICU
///   would apply as a nonsense pattern or ignore.
///
/// ```swift
/// let problems = Linter.lint("{n, plural, one {# файл} other {# файлов}}", locale: LocaleID("ru"))
/// // error: the plural lacks 'few' (e.g. 2) and 'many' (e.g. 0) …
/// ```
public enum Linter {
    /// The diagnostics of `text`, written in `syntax`, for `locale`; against `source` (written
    /// in `sourceSyntax`) when it translates one.
    public static func lint(
        _ text: String, syntax: MessageSyntax = .mf1, locale: LocaleID, source: String? = nil, sourceSyntax: MessageSyntax = .mf1,
        provider: any FormatterProvider = CachingFormatterProvider.shared
    ) -> [Diagnostic] {
        if syntax == .mf2 { return lintMF2(text, locale: locale, source: source, sourceSyntax: sourceSyntax, provider: provider) }
        let message: Message
        do {
            message = try MessageParser.parse(text)
        } catch {
            return [Diagnostic(error)]
        }
        do {
            _ = try CompiledMessage(message: message, locale: locale, provider: provider)
        } catch {
            return [Diagnostic(error)]
        }
        var walker = Walker(locale: locale, provider: provider)
        walker.visit(message.pattern, depth: 0)
        var diagnostics = walker.diagnostics
        diagnostics += apostropheProblems(in: text)
        if let source, let wanted = argumentNames(of: source, syntax: sourceSyntax) {
            diagnostics += drift(used: message.argumentNames, wanted: wanted) { firstRange(of: $0, in: message.pattern) }
        }
        return Diagnostic.inSourceOrder(diagnostics)
    }

    // MARK: Drift from the source message

    /// The arguments a message uses, in either syntax; nil when it does not parse.
    static func argumentNames(of source: String, syntax: MessageSyntax) -> [String]? {
        switch syntax {
        case .mf1: (try? MessageParser.parse(source))?.argumentNames
        case .mf2: (try? MF2.Parser.parse(source))?.externalVariables.map(\.name)
        }
    }

    /// Arguments used that the source does not have (errors), and the source's left out (warnings).
    static func drift(used: [String], wanted: [String], rangeOf: (String) -> SourceRange?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for name in used where !wanted.contains(name) {
            let range = rangeOf(name) ?? SourceRange(0, 1)
            diagnostics.append(Diagnostic(.error, "unknown-argument",
                "'\(name)' is not an argument of the source message (it has \(list(wanted)))", at: range))
        }
        for name in wanted where !used.contains(name) {
            diagnostics.append(Diagnostic(.warning, "missing-argument",
                "the source message uses '\(name)', this translation does not", at: SourceRange(0, 1)))
        }
        return diagnostics
    }

    static func firstRange(of name: String, in pattern: Pattern) -> SourceRange? {
        for part in pattern.parts {
            switch part {
            case .placeholder(let placeholder) where placeholder.argument == name:
                return placeholder.argumentRange
            case .selection(let selection):
                if selection.argument == name { return selection.argumentRange }
                for variant in selection.variants {
                    if let range = firstRange(of: name, in: variant.pattern) { return range }
                }
            default:
                continue
            }
        }
        return nil
    }

    static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.map { "'\($0)'" }.joined(separator: ", ")
    }

    // MARK: Apostrophes

    /// ICU's quoting is easy to trip over: `'{name}'` shows the text "{name}", not the value.
    static func apostropheProblems(in text: String) -> [Diagnostic] {
        let bytes = Array(text.utf8)
        var diagnostics: [Diagnostic] = []
        var index = 0
        var depth = 0
        let quote = UInt8(ascii: "'"), open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        while index < bytes.count {
            guard bytes[index] == quote else {
                if bytes[index] == open {
                    depth += 1
                } else if bytes[index] == close {
                    if depth == 0 {
                        diagnostics.append(Diagnostic(.warning, "unmatched-close-brace",
                            "'}' outside any argument is shown as written; quote it as '}' if that is meant",
                            at: SourceRange(index, index + 1)))
                    }
                    depth = max(0, depth - 1)
                }
                index += 1
                continue
            }
            if index + 1 < bytes.count && bytes[index + 1] == quote {
                index += 2
                continue
            }
            guard index + 1 < bytes.count, bytes[index + 1] == open || bytes[index + 1] == close || bytes[index + 1] == UInt8(ascii: "#") else {
                index += 1
                continue
            }
            let start = index
            var end = index + 1
            while end < bytes.count {
                if bytes[end] == quote {
                    if end + 1 < bytes.count && bytes[end + 1] == quote {
                        end += 2
                        continue
                    }
                    break
                }
                end += 1
            }
            if end >= bytes.count {
                diagnostics.append(Diagnostic(.warning, "unclosed-quote",
                    "this apostrophe starts quoted text that is never closed: the rest of the message is shown as written",
                    at: SourceRange(start, start + 1)))
                return diagnostics
            }
            let quoted = bytes[(start + 1)..<end]
            if quoted.first == open, quoted.last == close, quoted.count > 2,
                quoted.dropFirst().dropLast().contains(where: { $0 != open && $0 != close && $0 != UInt8(ascii: " ") })
            {
                let inner = String(decoding: quoted, as: UTF8.self)
                diagnostics.append(Diagnostic(.warning, "quoted-placeholder",
                    "the apostrophes make \(inner) literal text, not a placeholder; to put quotes around the value write ''\(inner)''",
                    at: SourceRange(start, end + 1)))
            }
            index = end + 1
        }
        return diagnostics
    }
}

/// Walks the syntax tree collecting diagnostics.
struct Walker {
    let locale: LocaleID
    let provider: any FormatterProvider
    var diagnostics: [Diagnostic] = []

    mutating func visit(_ pattern: Pattern, depth: Int) {
        for part in pattern.parts {
            switch part {
            case .text, .pluralNumber:
                continue
            case .placeholder(let placeholder):
                check(placeholder)
            case .selection(let selection):
                check(selection)
                for variant in selection.variants {
                    visit(variant.pattern, depth: depth + 1)
                    if selection.kind != .select { markSelects(in: variant.pattern) }
                }
            }
        }
    }

    /// Selects directly inside a plural variant: a `#` in their text is literal.
    mutating func markSelects(in pattern: Pattern) {
        for part in pattern.parts {
            guard case .selection(let inner) = part, inner.kind == .select else { continue }
            for variant in inner.variants {
                for case .text(let text, let range) in variant.pattern.parts where text.contains("#") {
                    diagnostics.append(Diagnostic(.warning, "literal-pound",
                        "'#' inside a select is shown as written, not as the plural number; use {\(inner.argument)} or the plural's argument",
                        at: range))
                }
                markSelects(in: variant.pattern)
            }
        }
    }

    // MARK: Selections

    mutating func check(_ selection: Selection) {
        var seen: Set<String> = []
        for variant in selection.variants {
            let key = variant.key.description
            if !seen.insert(key).inserted {
                diagnostics.append(Diagnostic(.warning, "duplicate-variant",
                    "the variant '\(key)' appears twice; only the first is used", at: variant.keyRange))
            }
        }
        guard selection.kind != .select else { return }
        let type: PluralType = selection.kind == .plural ? .cardinal : .ordinal
        guard let rules = try? provider.pluralRules(type, locale: locale) else { return }
        let used = rules.categories.sorted().map(\.keyword).joined(separator: ", ")
        let kindName = selection.kind == .plural ? "plural" : "ordinal"
        var present: Set<PluralCategory> = []
        for variant in selection.variants {
            guard case .keyword(let word) = variant.key else { continue }
            guard let category = PluralCategory(keyword: word) else {
                diagnostics.append(Diagnostic(.error, "unknown-plural-keyword",
                    "'\(word)' is not a plural category; \(locale) uses \(used)", at: variant.keyRange))
                continue
            }
            present.insert(category)
            if !rules.categories.contains(category) {
                diagnostics.append(Diagnostic(.warning, "unused-plural-category",
                    "'\(word)' is never selected in \(locale) (its \(kindName) categories are \(used))", at: variant.keyRange))
            }
        }
        let exact = Set(selection.variants.compactMap { variant -> Double? in
            if case .exact(let value, _) = variant.key { return value } else { return nil }
        })
        var missing: [String] = []
        for category in rules.categories.sorted() where category != .other && !present.contains(category) {
            let samples = Self.samples(of: category, rules, offset: selection.offset)
            if !samples.integers.isEmpty || !samples.decimals.isEmpty,
                samples.decimals.isEmpty, samples.integers.allSatisfy({ exact.contains($0) })
            {
                continue  // every number of the category has its own =N variant
            }
            let example = samples.integers.first.map { formatSample($0) } ?? samples.decimals.first ?? "?"
            missing.append("'\(category.keyword)' (e.g. \(example))")
        }
        if !missing.isEmpty {
            diagnostics.append(Diagnostic(.error, "missing-plural-category",
                "the \(kindName) lacks \(missing.joined(separator: ", ")), which \(locale) needs: those numbers would show the 'other' text",
                at: SourceRange(selection.range.start, selection.argumentRange.end)))
        }
    }

    /// Numbers of a category, found by asking the rules (integers below 1000, and one-decimal
    /// numbers below 10); the argument value is the number plus the offset.
    static func samples(of category: PluralCategory, _ rules: PluralRules, offset: Double) -> (integers: [Double], decimals: [String]) {
        var integers: [Double] = []
        let larger: [Double] = [1000, 10_000, 100_000, 1_000_000, 2_000_000, 1_000_000_000]
        for value in (0..<1000).map(Double.init) + larger where rules.category(for: value) == category {
            integers.append(value + offset)
        }
        var decimals: [String] = []
        for tenths in 0..<100 {
            let text = "\(tenths / 10).\(tenths % 10)"
            if rules.category(forDecimal: text) == category { decimals.append(text) }
            if decimals.count == 3 { break }
        }
        return (integers, decimals)
    }

    func formatSample(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    // MARK: Styles

    mutating func check(_ placeholder: Placeholder) {
        guard let function = placeholder.function, let style = function.style else { return }
        let range = function.styleRange ?? function.nameRange
        let resolved = StyleResolver.resolve(function)
        switch resolved {
        case .number(.spellout(let name)), .number(.ordinal(let name)), .number(.duration(let name)):
            let trimmed = name.trimmingPatternWhiteSpace
            guard !trimmed.isEmpty, let numberStyle = resolved.numberStyle,
                let format = try? provider.numberFormat(numberStyle, locale: locale)
            else { return }
            if !format.hasRuleSet(trimmed) {
                diagnostics.append(Diagnostic(.warning, "unknown-rule-set",
                    "\(locale) has no rule set '\(trimmed)' for \(function.name.rawValue); ICU ignores it and uses the default", at: range))
            } else if trimmed != name {
                // ICU looks the rule set up with the spaces around it, fails, and quietly uses the default.
                diagnostics.append(Diagnostic(.warning, "style-leading-space",
                    "ICU ignores the rule set '\(trimmed)' because of the space around it; write {\(placeholder.argument), \(function.name.rawValue),\(trimmed)}", at: range))
            }
        case .number(.pattern(let pattern)):
            if !Self.hasDigitPlaceholder(pattern) {
                let hint = Self.nearKeyword(pattern, ["currency", "percent", "integer"]).map { " (did you mean '\($0)'?)" } ?? ""
                diagnostics.append(Diagnostic(.warning, "pattern-without-digits",
                    "ICU reads '\(style)' as a number pattern with no digits: the text shows around the number\(hint)", at: range))
            } else if style.first.map({ PatternCharacters.isWhiteSpace($0.unicodeScalars.first!) }) == true {
                diagnostics.append(Diagnostic(.warning, "style-leading-space",
                    "the space before this pattern is part of it: ICU shows it before the number", at: range))
            }
        case .date(.pattern(let pattern)):
            if let keyword = Self.nearKeyword(pattern, ["short", "medium", "long", "full"]) {
                diagnostics.append(Diagnostic(.warning, "suspicious-date-style",
                    "ICU reads '\(style)' as a date pattern of letters, not a style (did you mean '\(keyword)'?)", at: range))
            } else if style.first.map({ PatternCharacters.isWhiteSpace($0.unicodeScalars.first!) }) == true {
                diagnostics.append(Diagnostic(.warning, "style-leading-space",
                    "the space before this pattern is part of it: ICU shows it before the date", at: range))
            }
        default:
            return
        }
    }

    /// Whether a DecimalFormat pattern has a digit (`0`, `#`, `@`) outside quotes.
    static func hasDigitPlaceholder(_ pattern: String) -> Bool {
        var quoted = false
        for character in pattern {
            if character == "'" { quoted.toggle() } else if !quoted, "0#@123456789".contains(character) { return true }
        }
        return false
    }

    /// A keyword within two edits of `word` (letters only), or nil.
    static func nearKeyword(_ word: String, _ keywords: [String]) -> String? {
        let trimmed = word.trimmingPatternWhiteSpace.lowercased()
        guard trimmed.count >= 3, trimmed.allSatisfy(\.isLetter) else { return nil }
        return keywords.first { editDistance(trimmed, $0) <= 2 }
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return row[b.count]
    }
}

extension StyleResolver.Resolved {
    var numberStyle: NumberFormat.Style? {
        if case .number(let style) = self { return style }
        return nil
    }
}
