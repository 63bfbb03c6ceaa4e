import ICU
import MessageFormat

/// The two render loops of the ICU4C peer (`icu4c-msgfmt-bench.cpp`), over the same corpus:
/// compiled messages rendered round after round, then parse + compile + render of each message.
public enum CorpusBenchmark {
    public struct Result: Sendable {
        public var compiledRendersPerSecond: Double
        public var parseAndRenderPerSecond: Double
    }

    /// Runs each loop for at least `seconds`. Lines that do not compile are left out.
    public static func run(_ lines: [CorpusLine], seconds: Double) -> Result {
        let items: [Item] = lines.compactMap { line in
            guard let locale = try? LocaleID(line.locale),
                let compiled = try? CompiledMessage(line.message, syntax: line.syntax, locale: locale)
            else { return nil }
            return Item(source: line.message, syntax: line.syntax, locale: locale, arguments: line.arguments, compiled: compiled)
        }
        guard !items.isEmpty else { return Result(compiledRendersPerSecond: 0, parseAndRenderPerSecond: 0) }
        let clock = ContinuousClock()
        var checksum = 0
        let compiled = items.map(\.compiled)
        let arguments = items.map(\.arguments)

        // Like the peer, which formats into one reused UnicodeString, render into one reused buffer.
        var output = UTF8Buffer(capacity: 4096)
        func round() {
            for index in compiled.indices {
                output.truncate(to: 0)
                _ = compiled[index].render(arguments[index], into: &output)
                checksum &+= output.count
            }
        }
        for _ in 0..<200 { round() }
        var renders = 0
        let start = clock.now
        var elapsed = Duration.zero
        repeat {
            round()
            renders += compiled.count
            elapsed = clock.now - start
        } while elapsed < .seconds(seconds)

        var coldRenders = 0
        let coldStart = clock.now
        var coldElapsed = Duration.zero
        repeat {
            for item in items {
                if let compiled = try? CompiledMessage(item.source, syntax: item.syntax, locale: item.locale) {
                    checksum &+= compiled.render(item.arguments).text.utf8.count
                }
                coldRenders += 1
            }
            coldElapsed = clock.now - coldStart
        } while coldElapsed < .seconds(seconds)

        precondition(checksum != 0)  // keeps the work from being optimized away
        return Result(
            compiledRendersPerSecond: Double(renders) / elapsed.seconds,
            parseAndRenderPerSecond: Double(coldRenders) / coldElapsed.seconds)
    }
}

extension CorpusBenchmark {
    /// The corpus's MessageFormat 1 lines converted to MessageFormat 2 (``MF2/Converter``), and
    /// the lines that converted, in the same order. Lines that do not are left out of both.
    public static func convertedToMF2(_ lines: [CorpusLine]) -> (mf1: [CorpusLine], mf2: [CorpusLine]) {
        var mf1: [CorpusLine] = [], mf2: [CorpusLine] = []
        for line in lines where line.syntax == .mf1 {
            guard let message = try? MessageParser.parse(line.message), let converted = try? MF2.Converter.convert(message) else { continue }
            var line2 = line
            line2.message = converted
            line2.syntax = .mf2
            mf1.append(line)
            mf2.append(line2)
        }
        return (mf1, mf2)
    }
}

private final class Item {
    let source: String
    let syntax: MessageSyntax
    let locale: LocaleID
    let arguments: MessageArguments
    let compiled: CompiledMessage

    init(source: String, syntax: MessageSyntax, locale: LocaleID, arguments: MessageArguments, compiled: CompiledMessage) {
        self.source = source
        self.syntax = syntax
        self.locale = locale
        self.arguments = arguments
        self.compiled = compiled
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
