import Synchronization

/// The part of JSON Schema the OpenAPI document uses (types, properties, items, enums, patterns
/// and alternatives), for checking requests at the edge. References are resolved when it is read.
final class ContractSchema: Sendable {
    /// The JSON types allowed (`"null"` only where the document says so); nil allows any.
    let types: Set<String>?
    let properties: [String: ContractSchema]
    let required: [String]
    let items: ContractSchema?
    /// The schema of members not named in `properties` (nil: anything goes).
    let additionalProperties: ContractSchema?
    let allowedValues: [String]?
    /// `oneOf`: the value must fit one of them.
    let alternatives: [ContractSchema]?
    /// `pattern`: a string must match it (the whole string: the document's patterns are anchored).
    let pattern: Pattern?

    /// A `pattern` and the name of the schema that gives it (`LocaleTag`), for messages.
    final class Pattern: Sendable {
        let source: String
        let name: String?
        /// (`Regex<AnyRegexOutput>` is not marked Sendable; it is an immutable value, and matching only reads it.)
        nonisolated(unsafe) private let regex: Regex<AnyRegexOutput>
        /// Answers already worked out: requests repeat a few workspace names and locale tags, and a
        /// match costs microseconds on the render path, a lookup a fraction of one.
        private let known = Mutex<[String: Bool]>([:])

        init?(_ source: String, name: String?) {
            guard let regex = try? Regex(source) else { return nil }
            (self.source, self.name, self.regex) = (source, name, regex)
        }

        func matches(_ text: String) -> Bool {
            if let answer = known.withLock({ $0[text] }) { return answer }
            let answer = (try? regex.firstMatch(in: text)) != nil
            if text.utf8.count <= 64 {
                known.withLock { known in
                    if known.count >= 4096 { known.removeAll() }  // bounded: a caller cannot grow it
                    known[text] = answer
                }
            }
            return answer
        }

        /// What a value that does not match is told.
        func problem(_ text: String, at place: String) -> String {
            let form = name.map { "a valid \($0) (\(source))" } ?? "of the form \(source)"
            return "\(place) ('\(text.prefix(64))') must be \(form)"
        }
    }

    init(types: Set<String>?, properties: [String: ContractSchema] = [:], required: [String] = [], items: ContractSchema? = nil,
         additionalProperties: ContractSchema? = nil, allowedValues: [String]? = nil, alternatives: [ContractSchema]? = nil,
         pattern: Pattern? = nil) {
        self.types = types
        self.properties = properties
        self.required = required
        self.items = items
        self.additionalProperties = additionalProperties
        self.allowedValues = allowedValues
        self.alternatives = alternatives
        self.pattern = pattern
    }

    /// Reads a schema object, following `$ref` through `resolve` (the document has no cycles;
    /// the depth bound only stops a mistaken one).
    convenience init(_ json: FastJSON.Value, depth: Int = 0, resolve: (String) -> FastJSON.Value?) {
        var json = json
        var name: String?
        if case .string(let reference)? = json["$ref"], depth < 16, let target = resolve(reference) {
            json = target
            name = reference.split(separator: "/").last.map(String.init)
        }
        func child(_ value: FastJSON.Value) -> ContractSchema { ContractSchema(value, depth: depth + 1, resolve: resolve) }
        let types: Set<String>? = if case .string(let type)? = json["type"] { [type] } else { Self.strings(json["type"]).map(Set.init) }
        var properties: [String: ContractSchema] = [:]
        if case .object(let members)? = json["properties"] { for (name, value) in members { properties[name] = child(value) } }
        var alternatives: [ContractSchema]?
        if case .array(let list)? = json["oneOf"] { alternatives = list.map(child) }
        self.init(types: types, properties: properties, required: Self.strings(json["required"]) ?? [], items: json["items"].map(child),
                  additionalProperties: json["additionalProperties"].map(child), allowedValues: Self.strings(json["enum"]),
                  alternatives: alternatives, pattern: { if case .string(let source)? = json["pattern"] { Pattern(source, name: name) } else { nil } }())
    }

    /// The strings of a JSON array (nil when it is no array).
    private static func strings(_ value: FastJSON.Value?) -> [String]? {
        guard case .array(let list)? = value else { return nil }
        return list.compactMap { item -> String? in
            guard case .string(let text) = item else { return nil }
            return text
        }
    }

    /// The first way `value` departs from the schema, as a sentence naming the field; nil when it fits.
    func problem(with value: FastJSON.Value, at path: @autoclosure () -> String) -> String? {
        if let alternatives {
            guard alternatives.contains(where: { $0.problem(with: value, at: path()) == nil }) else {
                var forms: [String] = []
                for type in alternatives.flatMap({ $0.types?.sorted() ?? [] }) where !forms.contains(type) { forms.append(type) }
                return "\(Self.name(path())) must be one of: \(forms.map(Self.describe).joined(separator: ", ")) (as the API document describes)"
            }
            return nil
        }
        if let types, !types.contains(where: { Self.fits(value, $0) }) {
            let expected = types.sorted().map(Self.describe).joined(separator: " or ")
            return "\(Self.name(path())) must be \(expected), not \(Self.describe(value))"
        }
        switch value {
        case .string(let text):
            if let allowedValues, !allowedValues.contains(text) {
                return "\(Self.name(path())) is one of \(allowedValues.joined(separator: ", "))"
            }
            if let pattern, !pattern.matches(text) { return pattern.problem(text, at: Self.name(path())) }
        case .array(let elements):
            guard let items else { return nil }
            for (index, element) in elements.enumerated() {
                if let problem = items.problem(with: element, at: "\(path())[\(index)]") { return problem }
            }
        case .object(let members):
            for name in required where !members.contains(where: { $0.0 == name }) {
                return "missing \(Self.name(Self.join(path(), name)))"
            }
            for (name, member) in members {
                guard let schema = properties[name] ?? additionalProperties else { continue }
                if let problem = schema.problem(with: member, at: Self.join(path(), name)) { return problem }
            }
        case .null, .bool, .number:
            break
        }
        return nil
    }

    static func fits(_ value: FastJSON.Value, _ type: String) -> Bool {
        switch (value, type) {
        case (.null, "null"), (.bool, "boolean"), (.string, "string"), (.array, "array"), (.object, "object"), (.number, "number"): true
        case (.number(let text, let isInteger), "integer"): isInteger || Double(text).map { $0 == $0.rounded() } == true
        default: false
        }
    }

    /// `changes[2].message`, from a parent path and a member's name.
    static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    /// How an error message names a field (or the whole body), with any NUL spelled out so the
    /// message itself can be logged and stored.
    static func name(_ path: String) -> String {
        path.isEmpty ? "the request body" : "'\(path.replacingNUL)'"
    }

    static func describe(_ type: String) -> String {
        switch type {
        case "boolean": "true or false"
        case "integer": "an integer"
        case "array": "an array"
        case "object": "an object"
        case "null": "null"
        default: "a \(type)"
        }
    }

    static func describe(_ value: FastJSON.Value) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension String {
    /// The text with each U+0000 written as `\u0000`.
    var replacingNUL: String { contains("\u{0}") ? replacing("\u{0}", with: "\\u0000") : self }
}
