import Foundation
import Catalog
import MessageFormat

/// One line of a render corpus: `{"id","locale","message","args"}` (as in `render-corpus.jsonl`),
/// with an optional `"syntax": "mf1"|"mf2"` (MessageFormat 1 when absent) and, for MessageFormat 2,
/// `"bidiIsolation": "none"|"default"` (none when absent, as in the Unicode conformance suite).
///
/// Arguments are read as the API reads them (Catalog's ``JSONArgument``), with one convention of
/// corpus files besides: a string in the ISO 8601 form `YYYY-MM-DDTHH:MM:SSZ` is a date, as if it
/// were `{"date": …}`.
public struct CorpusLine: Sendable, Decodable {
    public var id: String
    public var locale: String
    public var message: String
    public var arguments: MessageArguments
    /// The source-locale message this one translates, when the corpus gives it (for lint).
    public var source: String?
    public var syntax: MessageSyntax
    /// How MessageFormat 2 placeholders are isolated.
    public var bidiIsolation: MF2.BidiIsolation

    enum CodingKeys: String, CodingKey {
        case id, locale, message, args, source, syntax, bidiIsolation
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
        locale = try container.decodeIfPresent(String.self, forKey: .locale) ?? "en"
        message = try container.decode(String.self, forKey: .message)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        syntax = try container.decodeIfPresent(MessageSyntax.self, forKey: .syntax) ?? .mf1
        bidiIsolation = try container.decodeIfPresent(MF2.BidiIsolation.self, forKey: .bidiIsolation) ?? .none
        let raw = try container.decodeIfPresent(JSONValue.self, forKey: .args) ?? .object([])
        guard case .object(let members) = raw else {
            throw DecodingError.dataCorruptedError(forKey: .args, in: container, debugDescription: "'args' must be an object")
        }
        arguments = try JSONArgument.arguments(of: members.map { ($0.0, Self.corpusDate($0.1)) })
    }

    /// Reads a JSON-lines file; blank lines are skipped. A bad line throws with its line number.
    public static func read(contentsOf path: String) throws -> [CorpusLine] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try parse(String(decoding: data, as: UTF8.self))
    }

    /// A string of the corpus's date form as the date it stands for; other values as they are.
    static func corpusDate(_ value: JSONValue) -> JSONValue {
        guard case .string(let text) = value, isCorpusDate(text) else { return value }
        return .object([("date", value)])
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` exactly.
    static func isCorpusDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 else { return false }
        let digitPositions = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
        return digitPositions.allSatisfy { (48...57).contains(bytes[$0]) } && bytes[4] == 45 && bytes[7] == 45
            && bytes[10] == 84 && bytes[13] == 58 && bytes[16] == 58 && bytes[19] == 90
    }

    public static func parse(_ text: String) throws -> [CorpusLine] {
        let decoder = JSONDecoder()
        var lines: [CorpusLine] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            do {
                lines.append(try decoder.decode(CorpusLine.self, from: Data(line.utf8)))
            } catch {
                throw CorpusError(line: number + 1, reason: "not a corpus line: \(error)")
            }
        }
        return lines
    }
}

/// A corpus file that cannot be read.
public struct CorpusError: Error, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
}

/// JSON output in the same byte form as the peer's (UTF-8 kept, minimal escapes), keys in the order given.
public enum JSONLine {
    public static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(quoted($0.0)):\(quoted($0.1))" }.joined(separator: ",") + "}"
    }

    public static func quoted(_ text: String) -> String { JSONText.quoted(text) }
}
