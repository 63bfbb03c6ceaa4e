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
    public func render(_ arguments: [String: ArgumentValue], options: RenderOptions = RenderOptions()) -> RenderedMessage {
        var renderer = Renderer(arguments: arguments, defaultNumber: defaultNumber, message: self, limit: options.maxOutputBytes)
        renderer.render(nodes, plural: nil)
        return RenderedMessage(text: renderer.output, issues: renderer.issues)
    }

    /// Renders, or throws when any argument is missing or of the wrong type.
    public func renderStrict(_ arguments: [String: ArgumentValue], options: RenderOptions = RenderOptions()) throws(RenderError) -> String {
        let rendered = render(arguments, options: options)
        guard rendered.issues.isEmpty else { throw RenderError(issues: rendered.issues) }
        return rendered.text
    }
}

/// The number a `#` stands for: the plural argument minus the offset.
private struct PluralNumber {
    let value: ArgumentValue
    let offset: Double
}

private struct Renderer {
    let arguments: [String: ArgumentValue]
    let defaultNumber: NumberFormat
    let message: CompiledMessage
    let limit: Int
    var output = ""
    var issues: [RenderIssue] = []

    init(arguments: [String: ArgumentValue], defaultNumber: NumberFormat, message: CompiledMessage, limit: Int) {
        self.arguments = arguments
        self.defaultNumber = defaultNumber
        self.message = message
        self.limit = limit
        output.reserveCapacity(128)
    }

    mutating func render(_ nodes: [Node], plural: PluralNumber?) {
        for node in nodes {
            guard output.utf8.count <= limit else {
                cutAtLimit()
                return
            }
            switch node {
            case .text(let text):
                output += text
            case .argument(let name):
                guard let value = value(name) else { continue }
                appendPlain(value)
            case .number(let name, let format):
                guard let value = value(name) else { continue }
                appendNumber(value, name, format)
            case .date(let name, let format):
                guard let value = value(name) else { continue }
                appendDate(value, name, format)
            case .pluralNumber:
                appendPluralNumber(plural)
            case .plural(let node):
                renderPlural(node)
            case .select(let node):
                renderSelect(node, plural: plural)
            }
        }
        if output.utf8.count > limit { cutAtLimit() }
    }

    // MARK: Values

    /// The argument's value, or nil after marking it missing.
    mutating func value(_ name: String) -> ArgumentValue? {
        if let value = arguments[name] { return value }
        issue(.missingArgument, name, "missing argument '\(name)'")
        return nil
    }

    mutating func mark(_ name: String) {
        output += "{"
        output += name
        output += "}"
    }

    mutating func issue(_ kind: RenderIssue.Kind, _ name: String, _ text: String) {
        if kind != .outputLimit { mark(name) }
        issues.append(RenderIssue(kind: kind, argument: name, message: text))
    }

    /// `{name}`: as ICU formats a value with no style (numbers in the locale's decimal format,
    /// dates in its short date and time).
    mutating func appendPlain(_ value: ArgumentValue) {
        switch value {
        case .string(let text): output += text
        case .integer(let number): output += defaultNumber.format(number)
        case .double(let number): output += defaultNumber.format(number)
        case .decimal(let text): output += (try? defaultNumber.format(decimal: text)) ?? text
        case .date(let millis):
            if let format = try? message.provider.dateFormat(
                .lengths(date: .short, time: .short), locale: message.locale, timeZone: message.timeZone)
            {
                output += format.format(millisecondsSince1970: millis)
            }
        }
    }

    mutating func appendNumber(_ value: ArgumentValue, _ name: String, _ format: NumberFormat) {
        switch value {
        case .integer(let number): output += format.format(number)
        case .double(let number): output += format.format(number)
        case .decimal(let text):
            guard let formatted = try? format.format(decimal: text) else {
                return issue(.wrongType, name, "argument '\(name)' is not a decimal number: '\(text)'")
            }
            output += formatted
        case .string(let text):
            guard let number = Double(text.trimmingASCIISpaces) else {
                return issue(.wrongType, name, "argument '\(name)' must be a number, not the text '\(text)'")
            }
            output += format.format(number)
        case .date:
            issue(.wrongType, name, "argument '\(name)' must be a number, not a date")
        }
    }

    mutating func appendDate(_ value: ArgumentValue, _ name: String, _ format: DateFormat) {
        switch value {
        case .date(let millis): output += format.format(millisecondsSince1970: millis)
        case .integer(let millis): output += format.format(millisecondsSince1970: Double(millis))
        case .double(let millis): output += format.format(millisecondsSince1970: millis)
        case .string(let text):
            guard let millis = ISO8601.millisecondsSince1970(text) else {
                return issue(.wrongType, name, "argument '\(name)' must be a date (ISO 8601 or milliseconds), not '\(text)'")
            }
            output += format.format(millisecondsSince1970: millis)
        case .decimal(let text):
            guard let millis = Double(text) else {
                return issue(.wrongType, name, "argument '\(name)' must be a date, not '\(text)'")
            }
            output += format.format(millisecondsSince1970: millis)
        }
    }

    /// `#`: the plural number minus the offset, in the locale's decimal format.
    mutating func appendPluralNumber(_ plural: PluralNumber?) {
        guard let plural else {
            output += "#"
            return
        }
        if plural.offset == 0 {
            switch plural.value {
            case .integer(let number): output += defaultNumber.format(number)
            case .decimal(let text): output += (try? defaultNumber.format(decimal: text)) ?? text
            default: output += defaultNumber.format(plural.value.number ?? 0)
            }
        } else {
            output += defaultNumber.format((plural.value.number ?? 0) - plural.offset)
        }
    }

    // MARK: Selections

    mutating func renderPlural(_ node: PluralNode) {
        guard let value = arguments[node.argument] else {
            return issue(.missingArgument, node.argument, "missing argument '\(node.argument)'")
        }
        guard let number = value.number else {
            issues.append(RenderIssue(kind: .wrongType, argument: node.argument,
                                      message: "argument '\(node.argument)' must be a number for plural selection, not a \(value.typeName)"))
            return render(node.other, plural: nil)
        }
        for exact in node.exact where exact.value == number {
            return render(exact.nodes, plural: PluralNumber(value: value, offset: node.offset))
        }
        let category = category(of: number - node.offset, node)
        let nodes = node.categories[category.rawValue] ?? node.other
        render(nodes, plural: PluralNumber(value: value, offset: node.offset))
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

    mutating func renderSelect(_ node: SelectNode, plural: PluralNumber?) {
        guard let value = arguments[node.argument] else {
            return issue(.missingArgument, node.argument, "missing argument '\(node.argument)'")
        }
        guard case .string(let key) = value else {
            issues.append(RenderIssue(kind: .wrongType, argument: node.argument,
                                      message: "argument '\(node.argument)' must be a string for select, not a \(value.typeName)"))
            return render(node.other, plural: plural)
        }
        render(node.cases[key] ?? node.other, plural: plural)
    }

    // MARK: Limits

    mutating func cutAtLimit() {
        guard !issues.contains(where: { $0.kind == .outputLimit }) else { return }
        var utf8 = Array(output.utf8.prefix(limit))
        // Do not cut a character in half.
        while let last = utf8.last, last & 0xC0 == 0x80 { utf8.removeLast() }
        if let last = utf8.last, last >= 0xC0 { utf8.removeLast() }
        output = String(decoding: utf8, as: UTF8.self)
        issue(.outputLimit, "", "the rendered text exceeds \(limit) bytes and was cut")
    }
}
