import Foundation
import ICU
import Testing
import TestSupport
@testable import MessageFormat

/// The Unicode MessageFormat 2 conformance suite (`../shared/conformance/mf2`), every file.
///
/// A test passes when its `exp` text (if given) is the formatted text and its `expErrors`
/// (absent means none) are the errors met, as a multiset of kinds. `expParts` is not compared:
/// formatting to parts is not an output Parley has.
@Suite struct MF2ConformanceTests {
    /// Tests that do not pass, each with why. Each must still fail, so the list stays true.
    static let knownFailures: [String: String] = [:]

    @Test func suite() throws {
        let folder = Shared.url("conformance/mf2/tests")
        guard FileManager.default.fileExists(atPath: folder.path) else {
            print("conformance/mf2 is not beside the repository; skipped")
            return
        }
        let cases = try ConformanceCase.load(from: folder)
        #expect(cases.count >= 461)
        var failures: [String] = []
        var listedThatPassed: [String] = []
        for testCase in cases {
            let outcome = testCase.run()
            let listed = Self.knownFailures[testCase.source] != nil
            if outcome == nil && listed { listedThatPassed.append(testCase.source) }
            if let outcome, !listed { failures.append("\(testCase.file): \(testCase.source.debugDescription): \(outcome)") }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count) failed:\n\(failures.joined(separator: "\n"))")
        #expect(listedThatPassed.isEmpty, "listed as failing but passed: \(listedThatPassed)")
        #expect(Double(Self.knownFailures.count) < Double(cases.count) * 0.05)
    }
}

/// One test of the suite, with the file's defaults applied.
struct ConformanceCase {
    var file: String
    var source: String
    var locale: String
    var bidiIsolation: MF2.BidiIsolation
    var arguments: MessageArguments
    var expected: String?
    var expectedErrors: [String]

    static func load(from folder: URL) throws -> [ConformanceCase] {
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        var cases: [ConformanceCase] = []
        for url in files {
            let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
            let defaults = root["defaultTestProperties"] as? [String: Any] ?? [:]
            for test in root["tests"] as! [[String: Any]] {
                let merged = defaults.merging(test) { $1 }
                var arguments = MessageArguments()
                for parameter in merged["params"] as? [[String: Any]] ?? [] {
                    arguments = arguments.adding(parameter["name"] as! String, Self.argument(parameter))
                }
                cases.append(ConformanceCase(
                    file: url.lastPathComponent, source: merged["src"] as! String,
                    locale: merged["locale"] as? String ?? "en-US",
                    bidiIsolation: MF2.BidiIsolation(rawValue: merged["bidiIsolation"] as? String ?? "none") ?? .none,
                    arguments: arguments, expected: merged["exp"] as? String,
                    expectedErrors: (merged["expErrors"] as? [[String: Any]] ?? []).map { $0["type"] as! String }))
            }
        }
        return cases
    }

    static func argument(_ parameter: [String: Any]) -> ArgumentValue? {
        let value = parameter["value"]
        if parameter["type"] as? String == "datetime", let text = value as? String { return .date(iso8601: text) }
        switch value {
        case let flag as Bool where type(of: value!) != NSNumber.self && String(cString: (value as! NSNumber).objCType) == "c":
            return .string(flag ? "true" : "false")
        case let number as NSNumber:
            let double = number.doubleValue
            return double == double.rounded() && abs(double) < 1e15 ? .integer(Int64(double)) : .double(double)
        case let text as String: return .string(text)
        default: return nil
        }
    }

    /// Nil when the test passes, or what differed.
    func run() -> String? {
        guard let locale = try? LocaleID(locale) else { return "unknown locale \(locale)" }
        let errors: [String]
        let text: String?
        do {
            let message = try MF2.Parser.parse(source)
            var functions = MF2.builtInFunctions
            functions["test:function"] = TestFunction(formats: true, selects: true)
            functions["test:select"] = TestFunction(formats: false, selects: true)
            functions["test:format"] = TestFunction(formats: true, selects: false)
            let formatter = MF2.Formatter(context: MF2.Context(locale: locale), bidiIsolation: bidiIsolation, functions: functions)
            let formatted = formatter.format(message, arguments)
            text = formatted.text
            errors = formatted.issues.map(\.kind.rawValue)
        } catch {
            text = nil
            errors = [error.kind.rawValue]
        }
        var problems: [String] = []
        if let expected, text != expected { problems.append("text \(text.debugDescription), expected \(expected.debugDescription)") }
        if errors.sorted() != expectedErrors.sorted() { problems.append("errors \(errors), expected \(expectedErrors)") }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }
}

extension MessageArguments {
    func adding(_ name: String, _ value: ArgumentValue?) -> MessageArguments {
        var dictionary = self.dictionary
        dictionary[name] = value
        return MessageArguments(dictionary)
    }
}

/// `:test:function`, `:test:select` and `:test:format`, as the suite's README defines them.
struct TestFunction: MF2Function {
    let formats: Bool
    let selects: Bool

    struct Value: MF2Value {
        var input: Double
        var decimalPlaces: Int
        var failsFormat: Bool
        var failsSelect: Bool
        let formats: Bool
        let selects: Bool

        var argument: ArgumentValue { .double(input) }

        func format(_ context: MF2.Context) throws(MF2.Issue) -> String {
            guard formats else { throw MF2.Issue(.messageFunction, ":test:select does not format") }
            guard !failsFormat else { throw MF2.Issue(.badOption, "fails=format") }
            let whole = abs(input).rounded(.down)
            var text = (input < 0 ? "-" : "") + String(Int64(whole))
            if decimalPlaces == 1 { text += "." + String(Int64(((abs(input) - whole) * 10).rounded(.down))) }
            return text
        }

        func select(_ keys: [String], _ context: MF2.Context) throws(MF2.Issue) -> [String] {
            guard selects else { throw MF2.Issue(.badSelector, ":test:format does not select") }
            guard !failsSelect else { throw MF2.Issue(.badOption, "fails=select") }
            guard input == 1 else { return [] }
            let matching = decimalPlaces == 1 ? ["1.0", "1"] : ["1"]
            return matching.filter(keys.contains)
        }
    }

    func resolve(_ operand: (any MF2Value)?, _ options: MF2.Options, _ context: MF2.Context,
                 _ issues: inout [MF2.Issue]) throws(MF2.Issue) -> any MF2Value {
        var value: Value
        if let previous = operand as? Value {
            value = Value(input: previous.input, decimalPlaces: previous.decimalPlaces, failsFormat: previous.failsFormat,
                          failsSelect: previous.failsSelect, formats: formats, selects: selects)
        } else if let operand, let number = Self.number(operand.argument) {
            value = Value(input: number, decimalPlaces: 0, failsFormat: false, failsSelect: false, formats: formats, selects: selects)
        } else {
            throw MF2.Issue(.badOperand, "bad-input")
        }
        if let places = options.text("decimalPlaces") {
            guard places == "0" || places == "1" else { throw MF2.Issue(.badOption, "decimalPlaces is 0 or 1") }
            value.decimalPlaces = Int(places)!
        }
        switch options.text("fails") {
        case "always": value.failsFormat = true; value.failsSelect = true
        case "format": value.failsFormat = true
        case "select": value.failsSelect = true
        case "never", nil: break
        default: issues.append(MF2.Issue(.badOption, "fails is never, select, format or always"))
        }
        return value
    }

    static func number(_ argument: ArgumentValue) -> Double? {
        switch argument {
        case .integer(let value): Double(value)
        case .double(let value): value
        case .decimal(let text): Double(text)
        case .string(let text): MF2.isNumberLiteral(text) ? Double(text) : nil
        case .date: nil
        }
    }
}
