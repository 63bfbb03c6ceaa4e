import Foundation
import Catalog
import ICU

/// One CSV file for a whole catalog, RFC 4180: a header `key,locale,channel,message`, then one
/// row per text (an empty channel is the default text). Messages with commas, quotes or line
/// breaks are quoted, as spreadsheets write them.
///
/// Read by hand: the CSV packages here report records, not the file line a record starts on.
enum CSVFormat {
    static let header = ["key", "locale", "channel", "message"]

    static let head = header.joined(separator: ",") + "\r\n"

    /// A unit's row ("" when the unit is untranslated).
    static func row(_ unit: ExportUnit, locale: LocaleID) -> String {
        guard let target = unit.target else { return "" }
        let channel = unit.name.channel == .default ? "" : unit.name.channel.rawValue
        return [unit.name.key, locale.tag, channel, target.message].map(field).joined(separator: ",") + "\r\n"
    }

    private static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || value.hasPrefix(" ") || value.hasSuffix(" ") else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func read(_ file: InterchangeFile) throws(FileProblems) -> [TextSpec] {
        var problems: [FileProblem] = []
        func problem(_ line: Int, _ message: String) { problems.append(FileProblem(FilePosition(file: file.name, line: line), message)) }
        let records: [(line: Int, fields: [String])]
        do throws(FileProblem) {
            records = try self.records(file)
        } catch {
            throw FileProblems(problems: [error])
        }
        guard let first = records.first else { throw FileProblems(problems: [FileProblem(FilePosition(file: file.name, line: 1), "the file is empty; it needs the header key,locale,channel,message")]) }
        let names = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let columns = header.map { names.firstIndex(of: $0) }
        guard columns.allSatisfy({ $0 != nil }) else {
            throw FileProblems(problems: [FileProblem(FilePosition(file: file.name, line: first.line),
                "the header must name the columns key, locale, channel and message (it has \(names.joined(separator: ",")))")])
        }
        let (keyColumn, localeColumn, channelColumn, messageColumn) = (columns[0]!, columns[1]!, columns[2]!, columns[3]!)
        var texts: [TextSpec] = []
        for record in records.dropFirst() {
            if record.fields.count == 1 && record.fields[0].isEmpty { continue }
            guard record.fields.count == names.count else {
                problem(record.line, "\(record.fields.count) fields; the header has \(names.count)"); continue
            }
            let key = record.fields[keyColumn]
            guard Template.isValidKey(key) else { problem(record.line, "'\(key)' is not a valid template key"); continue }
            guard let locale = try? LocaleID(record.fields[localeColumn]) else {
                problem(record.line, "'\(record.fields[localeColumn])' is not a valid locale"); continue
            }
            let channelName = record.fields[channelColumn]
            let channel = channelName.isEmpty ? ReplyChannel.default : ReplyChannel(rawValue: channelName)
            guard channel.isValid else { problem(record.line, "'\(channelName)' is not a valid channel"); continue }
            let message = record.fields[messageColumn]
            guard !message.isEmpty else { continue }
            texts.append(TextSpec(key: key, locale: locale, channel: channel, message: message, namesSyntax: false,
                                  origin: FilePosition(file: file.name, line: record.line), marks: .unspecified))
        }
        guard problems.isEmpty else { throw FileProblems(problems: problems) }
        return texts
    }

    /// The records and the line each starts on; quoted fields may span lines.
    private static func records(_ file: InterchangeFile) throws(FileProblem) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var quoted = false
        var quoteLine = 0
        var fieldStarted = false
        var afterQuote = false
        var scalars = Array(file.contents.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if quoted {
                if scalar == "\"" {
                    if index < scalars.count && scalars[index] == "\"" { field.append("\""); index += 1 } else { quoted = false; afterQuote = true }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where !fieldStarted:
                quoted = true
                quoteLine = line
                fieldStarted = true
            case "\"" where afterQuote:
                throw FileProblem(FilePosition(file: file.name, line: line), "text after a closing quote")
            case "\"":
                throw FileProblem(FilePosition(file: file.name, line: line), "a quote inside an unquoted field (quote the whole field and double the quote)")
            case ",":
                fields.append(String(field)); field = String.UnicodeScalarView(); fieldStarted = false; afterQuote = false
            case "\r" where index < scalars.count && scalars[index] == "\n":
                continue
            case "\n", "\r":
                fields.append(String(field)); field = String.UnicodeScalarView(); fieldStarted = false; afterQuote = false
                records.append((recordLine, fields))
                fields = []
                line += 1
                recordLine = line
            default:
                if afterQuote { throw FileProblem(FilePosition(file: file.name, line: line), "text after a closing quote") }
                fieldStarted = true
                field.append(scalar)
            }
        }
        if quoted { throw FileProblem(FilePosition(file: file.name, line: quoteLine), "a quoted field is not closed") }
        if fieldStarted || !fields.isEmpty {
            fields.append(String(field))
            records.append((recordLine, fields))
        }
        return records
    }
}
