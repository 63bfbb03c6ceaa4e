import ArgumentParser
import Foundation
import LanguageDetection
import Server

struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Tell the language of texts: TAG<TAB>CONFIDENCE for each.",
        discussion: """
            With --lines, one result line per input line, in order (`und` with confidence 0 when unknown: \
            empty, mixed, an unsupported script, or no candidate fits). The model loads once for the whole file. \
            With --json, one JSON object per text instead (JSON Lines), as POST /v1/detect answers: language, \
            confidence, the likeliest languages, reason, for `und` the best candidate, and repairedText when the \
            text was read back from a wrong charset.

            Examples:
              parley detect "mi cuenta fue hackeada"
              parley detect --lines messages.txt --candidates en,de,fr,es
            """
    )

    @Argument(help: "Texts to detect (or use --lines).") var texts: [String] = []
    @Option(name: .long, help: ArgumentHelp("A file with one text per line ('-' for standard input).", valueName: "file"))
    var lines: String?
    @Option(name: .long, help: ArgumentHelp("Languages to choose from, comma-separated (such as a workspace's locales).", valueName: "tags"))
    var candidates: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if lines == nil && texts.isEmpty { throw ValidationError("give texts, or --lines FILE") }
    }

    func run() throws {
        let detector = try LanguageDetector.bundled()
        let allowed = candidates.map(Candidates.init(list:))
        let json = self.output.json
        var output = ""
        func emit(_ text: String) {
            let detection = detector.detect(text, among: allowed)
            if json {
                output += String(decoding: (try? JSONEncoder.lines.encode(DetectionAnswer(detection))) ?? Data(), as: UTF8.self) + "\n"
            } else {
                output += "\(detection.language)\t\(String(format: "%.3f", detection.confidence))\n"
            }
            if output.utf8.count > 1 << 16 { flush() }
        }
        func flush() {
            FileHandle.standardOutput.write(Data(output.utf8))
            output.removeAll(keepingCapacity: true)
        }
        if let lines {
            // Read line by line: memory stays that of one line, however long the file.
            guard let file = fopen(lines == "-" ? "/dev/stdin" : lines, "r") else {
                throw ValidationError("cannot read \(lines)")
            }
            defer { fclose(file) }
            var buffer: UnsafeMutablePointer<CChar>?
            var capacity = 0
            defer { free(buffer) }
            while true {
                let length = getline(&buffer, &capacity, file)
                guard length >= 0, let buffer else { break }
                var bytes = UnsafeRawBufferPointer(start: buffer, count: length)
                if bytes.last == UInt8(ascii: "\n") { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
                if bytes.last == UInt8(ascii: "\r") { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
                emit(String(decoding: bytes, as: UTF8.self))
            }
        }
        texts.forEach(emit)
        flush()
    }
}

struct DetectBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Detect every line of a file, round after round, in one thread; prints lines per second.",
        discussion: """
            The model is loaded before the clock starts (as the lingua peer preloads its models). Build with -c release.

            Example: parley bench detect messages.txt --candidates en,de,fr,es
            """
    )

    @Argument(help: "A file with one text per line.") var file: String
    @Option(name: .long, help: "Languages to choose from, comma-separated.") var candidates: String?
    @Option(name: .long, help: "Seconds to measure.") var seconds: Double = 3

    func run() throws {
        let detector = try LanguageDetector.bundled()
        let allowed = candidates.map(Candidates.init(list:))
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        var checksum = 0
        for line in lines { checksum &+= detector.detect(line, among: allowed).language.utf8.count }  // warm-up
        let clock = ContinuousClock()
        let start = clock.now
        var detected = 0
        while clock.now - start < .seconds(seconds) {
            for line in lines { checksum &+= detector.detect(line, among: allowed).language.utf8.count }
            detected += lines.count
        }
        let elapsed = clock.now - start
        let perSecond = Double(detected) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        print("detect: \(Int(perSecond)) lines/s (\(lines.count) lines, \(detected) detections, checksum \(checksum))")
    }
}

extension Candidates {
    /// Candidates from a comma-separated option value (`en, de,fr`).
    init(list: String) {
        self.init(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }
}
