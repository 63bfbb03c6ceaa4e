import ICU

/// The outcome of rendering: the text, and what was wrong with the arguments, if anything.
public struct RenderedMessage: Sendable, Hashable {
    public var text: String
    /// Problems met while rendering (a missing argument, a value of the wrong type). The text
    /// is still complete: a missing or unusable argument shows as `{name}`, as ICU shows it.
    public var issues: [RenderIssue]
}

/// A problem with the arguments, found while rendering.
public struct RenderIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The message uses an argument that was not given.
        case missingArgument = "missing-argument"
        /// The value cannot be used where it appears (a word where a number is needed).
        case wrongType = "wrong-type"
        /// The text reached the output limit and was cut there.
        case outputLimit = "output-limit"
    }

    public var kind: Kind
    public var argument: String
    public var message: String

    public var description: String { message }
}

/// Rendering in strict mode found problems; nothing was produced.
public struct RenderError: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [RenderIssue]
    public var description: String { issues.map(\.message).joined(separator: "; ") }
}

/// Options for one render.
public struct RenderOptions: Sendable, Hashable {
    /// Most UTF-8 bytes of output; rendering stops there and reports `outputLimit`.
    public var maxOutputBytes: Int

    public init(maxOutputBytes: Int = 1 << 20) {
        self.maxOutputBytes = maxOutputBytes
    }
}

extension CompiledMessage {
    /// Renders with the given arguments. Problems are reported in ``RenderedMessage/issues``
    /// and marked in the text; the text is always produced.
    public func render(_ arguments: MessageArguments, options: RenderOptions = RenderOptions()) -> RenderedMessage {
        // `lowered` and `syntax` are read on this path, not `mf2`: reading an optional struct
        // retains what it holds, which measured as a third of a short render's time.
        if !lowered, let mf2 { return formatMF2(mf2, arguments, options) }
        let rendered = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { scratch in
            var state = RenderState(output: UTF8Buffer(scratch: scratch), limit: options.maxOutputBytes)
            render(nodes, arguments, &state, plural: nil)
            if state.output.count > state.limit { cutAtLimit(&state) }
            return RenderedMessage(text: state.output.string, issues: state.issues)
        }
        if syntax == .mf2, !rendered.issues.isEmpty, let mf2 { return formatMF2(mf2, arguments, options) }
        return rendered
    }

    /// Renders into a UTF-8 buffer (for callers that send bytes, such as an HTTP response),
    /// without making a String. Returns the issues, as ``render(_:options:)`` reports them.
    public func render(_ arguments: MessageArguments, into output: inout UTF8Buffer, options: RenderOptions = RenderOptions()) -> [RenderIssue] {
        let start = output.count
        if lowered {
            var state = RenderState(output: UTF8Buffer(capacity: 16), limit: start + options.maxOutputBytes)
            swap(&state.output, &output)
            render(nodes, arguments, &state, plural: nil)
            if state.output.count > state.limit { cutAtLimit(&state) }
            swap(&state.output, &output)
            guard syntax == .mf2, !state.issues.isEmpty else { return state.issues }
            output.truncate(to: start)
        }
        guard let mf2 else { return [] }
        let formatted = formatMF2(mf2, arguments, options)
        output.append(formatted.text)
        return formatted.issues
    }

    /// A MessageFormat 2 render by the specification's formatter, without bidi isolation (as
    /// MessageFormat 1 texts render), its problems reported as MessageFormat 1's are.
    private func formatMF2(_ message: MF2.Message, _ arguments: MessageArguments, _ options: RenderOptions) -> RenderedMessage {
        let context = MF2.Context(locale: locale, timeZone: timeZone, provider: provider)
        let formatter = MF2.Formatter(context: context, bidiIsolation: .none, maxOutputBytes: options.maxOutputBytes)
        let formatted = formatter.format(message, arguments)
        let issues = formatted.issues.map { issue in
            let kind: RenderIssue.Kind = switch issue.kind {
            case .unresolvedVariable: .missingArgument
            case .outputLimit: .outputLimit
            default: .wrongType
            }
            return RenderIssue(kind: kind, argument: issue.variable ?? "", message: issue.description)
        }
        return RenderedMessage(text: formatted.text, issues: issues)
    }

    /// Renders, or throws when any argument is missing or of the wrong type.
    public func renderStrict(_ arguments: MessageArguments, options: RenderOptions = RenderOptions()) throws(RenderError) -> String {
        let rendered = render(arguments, options: options)
        guard rendered.issues.isEmpty else { throw RenderError(issues: rendered.issues) }
        return rendered.text
    }
}

/// The number a `#` stands for: the plural argument minus the offset.
fileprivate struct PluralNumber {
    let value: ArgumentValue
    let offset: Double
}

/// The text being built and the problems met, threaded through rendering.
fileprivate struct RenderState: ~Copyable {
    var output: UTF8Buffer
    var issues: [RenderIssue] = []
    let limit: Int
}

/// Rendering walks the compiled nodes with the arguments and state passed as parameters
/// (borrowed, not stored), which keeps reference counting off the hot path.
fileprivate extension CompiledMessage {
    func render(_ nodes: [Node], _ arguments: MessageArguments, _ state: inout RenderState, plural: PluralNumber?) {
        // Indexing borrows each node in place; iterating would copy (and retain) it.
        for index in nodes.indices {
            guard state.output.count <= state.limit else { return }
            switch nodes[index] {
            case .text(let bytes):
                state.output.append(bytes)
            case .argument(let name):
                guard let value = value(name, arguments, &state) else { continue }
                appendPlain(value, &state)
            case .number(let name, let format):
                guard let value = value(name, arguments, &state) else { continue }
                appendNumber(value, name, format, &state)
            case .date(let name, let format):
                guard let value = value(name, arguments, &state) else { continue }
                appendDate(value, name, format, &state)
            case .pluralNumber:
                appendPluralNumber(plural, &state)
            case .plural(let node):
                renderPlural(node, arguments, &state)
            case .select(let node):
                renderSelect(node, arguments, &state, plural: plural)
            }
        }
    }

    // MARK: Values

    /// The argument's value, or nil after marking it missing.
    func value(_ name: String, _ arguments: MessageArguments, _ state: inout RenderState) -> ArgumentValue? {
        if let value = arguments[name] { return value }
        issue(.missingArgument, name, "missing argument '\(name)'", &state)
        return nil
    }

    func issue(_ kind: RenderIssue.Kind, _ name: String, _ text: String, _ state: inout RenderState) {
        if kind != .outputLimit {
            state.output.append(byte: UInt8(ascii: "{"))
            state.output.append(name)
            state.output.append(byte: UInt8(ascii: "}"))
        }
        state.issues.append(RenderIssue(kind: kind, argument: name, message: text))
    }

    /// `{name}`: as ICU formats a value with no style (numbers in the locale's decimal format,
    /// dates in its short date and time).
    func appendPlain(_ value: ArgumentValue, _ state: inout RenderState) {
        switch value {
        case .string(let text): state.output.append(text)
        case .integer(let number): defaultNumber.write(number, into: &state.output)
        case .double(let number): defaultNumber.write(number, into: &state.output)
        case .decimal(let text): state.output.append((try? defaultNumber.format(decimal: text)) ?? text)
        case .date(let millis):
            if let format = try? provider.dateFormat(
                .lengths(date: .short, time: .short), locale: locale, timeZone: timeZone)
            {
                format.write(millisecondsSince1970: millis, into: &state.output)
            }
        }
    }

    func appendNumber(_ value: ArgumentValue, _ name: String, _ format: NumberFormat, _ state: inout RenderState) {
        switch value {
        case .integer(let number): format.write(number, into: &state.output)
        case .double(let number): format.write(number, into: &state.output)
        case .decimal(let text):
            guard let formatted = try? format.format(decimal: text) else {
                return issue(.wrongType, name, "argument '\(name)' is not a decimal number: '\(text)'", &state)
            }
            state.output.append(formatted)
        case .string(let text):
            guard let number = Double(text.trimmingASCIISpaces) else {
                return issue(.wrongType, name, "argument '\(name)' must be a number, not the text '\(text)'", &state)
            }
            format.write(number, into: &state.output)
        case .date:
            issue(.wrongType, name, "argument '\(name)' must be a number, not a date", &state)
        }
    }

    func appendDate(_ value: ArgumentValue, _ name: String, _ format: DateFormat, _ state: inout RenderState) {
        switch value {
        case .date(let millis): format.write(millisecondsSince1970: millis, into: &state.output)
        case .integer(let millis): format.write(millisecondsSince1970: Double(millis), into: &state.output)
        case .double(let millis): format.write(millisecondsSince1970: millis, into: &state.output)
        case .string(let text):
            guard let millis = ISO8601.millisecondsSince1970(text) else {
                return issue(.wrongType, name, "argument '\(name)' must be a date (ISO 8601 or milliseconds), not '\(text)'", &state)
            }
            format.write(millisecondsSince1970: millis, into: &state.output)
        case .decimal(let text):
            guard let millis = Double(text) else {
                return issue(.wrongType, name, "argument '\(name)' must be a date, not '\(text)'", &state)
            }
            format.write(millisecondsSince1970: millis, into: &state.output)
        }
    }

    /// `#`: the plural number minus the offset, in the locale's decimal format.
    func appendPluralNumber(_ plural: PluralNumber?, _ state: inout RenderState) {
        guard let plural else {
            state.output.append(byte: UInt8(ascii: "#"))
            return
        }
        if plural.offset == 0 {
            switch plural.value {
            case .integer(let number): defaultNumber.write(number, into: &state.output)
            case .decimal(let text): state.output.append((try? defaultNumber.format(decimal: text)) ?? text)
            default: defaultNumber.write(plural.value.number ?? 0, into: &state.output)
            }
        } else {
            defaultNumber.write((plural.value.number ?? 0) - plural.offset, into: &state.output)
        }
    }

    // MARK: Selections

    func renderPlural(_ node: PluralNode, _ arguments: MessageArguments, _ state: inout RenderState) {
        guard let value = arguments[node.argument] else {
            return issue(.missingArgument, node.argument, "missing argument '\(node.argument)'", &state)
        }
        guard let number = value.number else {
            state.issues.append(RenderIssue(kind: .wrongType, argument: node.argument,
                                      message: "argument '\(node.argument)' must be a number for plural selection, not a \(value.typeName)"))
            return render(node.other, arguments, &state, plural: nil)
        }
        for exact in node.exact where exact.value == number {
            return render(exact.nodes, arguments, &state, plural: PluralNumber(value: value, offset: node.offset))
        }
        let category = category(of: number - node.offset, node)
        let nodes = node.categories[category.rawValue] ?? node.other
        render(nodes, arguments, &state, plural: PluralNumber(value: value, offset: node.offset))
    }

    func category(of number: Double, _ node: PluralNode) -> PluralCategory {
        switch node.selection {
        case .defaultFormat(let format):
            // The default format shows an integer as it is, so its operands are the number's own.
            if number == number.rounded(), abs(number) < 1e15 { return node.rules.category(for: number) }
            return node.rules.category(for: number, formattedBy: format)
        case .decimalFormat(let format):
            return node.rules.category(for: number, formattedBy: format)
        case .plainNumber:
            return node.rules.category(for: number)
        }
    }

    func renderSelect(_ node: SelectNode, _ arguments: MessageArguments, _ state: inout RenderState, plural: PluralNumber?) {
        guard let value = arguments[node.argument] else {
            return issue(.missingArgument, node.argument, "missing argument '\(node.argument)'", &state)
        }
        guard case .string(let key) = value else {
            state.issues.append(RenderIssue(kind: .wrongType, argument: node.argument,
                                      message: "argument '\(node.argument)' must be a string for select, not a \(value.typeName)"))
            return render(node.other, arguments, &state, plural: plural)
        }
        render(node.cases[key] ?? node.other, arguments, &state, plural: plural)
    }

    // MARK: Limits

    func cutAtLimit(_ state: inout RenderState) {
        var end = state.limit
        // Do not cut a character in half.
        state.output.withBytes { bytes in
            while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        }
        state.output.truncate(to: end)
        issue(.outputLimit, "", "the rendered text exceeds \(state.limit) bytes and was cut", &state)
    }
}
