/// A message that is not valid ICU MessageFormat (1 or 2), with where and why.
public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A `{` without its `}`.
        case unclosedBrace = "unclosed-brace"
        /// An argument name that is empty, or a number with a leading zero.
        case invalidArgumentName = "invalid-argument-name"
        /// Something other than `,` or `}` after an argument name or type.
        case invalidArgumentSyntax = "invalid-argument-syntax"
        /// An argument type ICU does not know (`{n, numbr}`).
        case unknownArgumentType = "unknown-argument-type"
        /// `choice`, deprecated since ICU 4.4 in favour of `plural` and `select`.
        case unsupportedChoice = "unsupported-choice"
        /// `plural`, `selectordinal` or `select` without variants.
        case missingVariants = "missing-variants"
        /// A selection without the required `other` variant.
        case missingOther = "missing-other"
        /// A variant key that is not a word or `=number`.
        case invalidVariantKey = "invalid-variant-key"
        /// A variant key without a `{message}` after it.
        case missingVariantMessage = "missing-variant-message"
        /// `offset:` without a number, or after the first variant.
        case invalidOffset = "invalid-offset"
        /// A style text whose quote is never closed.
        case unclosedQuoteInStyle = "unclosed-quote-in-style"
        /// A number or date style that ICU rejects (a bad skeleton or pattern).
        case invalidStyle = "invalid-style"
        /// Selections nested deeper than the limit.
        case nestingTooDeep = "nesting-too-deep"
        /// A message longer than the limit.
        case messageTooLong = "message-too-long"

        // MessageFormat 2: its syntax error and its data model errors, named as the specification names them.
        /// Not valid MessageFormat 2 syntax.
        case syntax = "syntax-error"
        /// A variable declared twice, or declared after an expression used it.
        case duplicateDeclaration = "duplicate-declaration"
        /// The same option twice in one expression or markup.
        case duplicateOptionName = "duplicate-option-name"
        /// Two variants with the same keys.
        case duplicateVariant = "duplicate-variant"
        /// No variant whose keys are all `*`.
        case missingFallbackVariant = "missing-fallback-variant"
        /// A `.match` selector whose declaration has no function.
        case missingSelectorAnnotation = "missing-selector-annotation"
        /// A variant with more or fewer keys than the `.match` has selectors.
        case variantKeyMismatch = "variant-key-mismatch"
    }

    public var kind: Kind
    /// What went wrong, in words.
    public var message: String
    /// Where, in Unicode scalars of the source.
    public var range: SourceRange
    /// The 1-based line and column of `range.start`.
    public var location: SourceLocation
    /// The message source.
    public var source: String

    public init(_ kind: Kind, _ message: String, at range: SourceRange, in source: String) {
        self.kind = kind
        self.message = message
        self.range = range
        self.location = SourceLocation(offset: range.start, in: source)
        self.source = source
    }

    /// `line:column: error: message`.
    public var description: String { "\(location): error: \(message)" }

    /// Compiler-style text: position, message, the source line and a caret.
    public func rendered(file: String? = nil, lineOffset: Int = 0) -> String {
        Caret.render(source: source, range: range, severity: "error", message: message, file: file, lineOffset: lineOffset)
    }
}
