import Catalog
import Foundation
import Testing
import TestSupport

/// `parley catalog convert`, offline, as translators run it on the seed catalog.
@Suite("parley catalog convert")
struct ConvertCommandTests {
    static let seed = SeedFiles.folder

    /// A workspace folder's catalog.
    static func bundle(_ folder: URL) throws -> CatalogBundle {
        let files = try SeedFiles.read(folder)
        return try LocalesFormat.read(workspaceFile: files.workspace, localeFiles: files.locales)
    }

    @Test("the seed goes out to each format and comes back to the same catalog; a broken file changes nothing",
          .enabled(if: FileManager.default.isExecutableFile(atPath: ServeBinaryTests.binary.path), "needs the built parley binary"),
          arguments: ["xliff2", "xliff12", "po", "json", "csv"])
    func roundTrip(format: String) async throws {
        let folder = try TranslatorWorkflowTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = try await TranslatorWorkflowTests.parley(["catalog", "convert", Self.seed.path, "--to", format, "-o", "exported"], in: folder)
        #expect(out.status == 0, "\(out.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("exported").path).sorted()
        #expect(files.count == (format == "csv" ? 1 : 17))

        let back = try await TranslatorWorkflowTests.parley(
            ["catalog", "convert"] + files.map { "exported/\($0)" } + ["--catalog", Self.seed.path, "--to", "locales", "-o", "support"], in: folder)
        #expect(back.status == 0, "\(back.err)")
        let original = try Self.bundle(Self.seed)
        let returned = try Self.bundle(folder.appendingPathComponent("support"))
        #expect(returned.templates == original.templates)
        let contents = { (bundle: CatalogBundle) in Set(bundle.texts.map { "\($0.key) \($0.locale.tag) \($0.channel.rawValue) \($0.message)" }) }
        #expect(contents(returned) == contents(original))

        // A broken file: its line, and no folder written.
        let broken = folder.appendingPathComponent("exported").appendingPathComponent(files[0])
        var text = try String(contentsOf: broken, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = min(12, lines.count)
        text = lines.enumerated().map { $0.offset == line - 1 ? Substring("\"unclosed <" + $0.element) : $0.element }.joined(separator: "\n")
        try text.write(to: broken, atomically: true, encoding: .utf8)
        let refused = try await TranslatorWorkflowTests.parley(
            ["catalog", "convert", "exported/\(files[0])", "--catalog", Self.seed.path, "--to", "locales", "-o", "refused"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.out.contains("exported/\(files[0]):"), "\(refused.out)")
        #expect(refused.out.contains(": error: "))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("refused").path))
    }

    @Test("--syntax mf2 writes the seed as MessageFormat 2: every text converted, the folder lints clean, parley lint reads MF2",
          .enabled(if: FileManager.default.isExecutableFile(atPath: ServeBinaryTests.binary.path), "needs the built parley binary"))
    func toMessageFormat2() async throws {
        let folder = try TranslatorWorkflowTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = try await TranslatorWorkflowTests.parley(
            ["catalog", "convert", Self.seed.path, "--to", "locales", "--syntax", "mf2", "-o", "support"], in: folder)
        #expect(out.status == 0, "\(out.err)")
        let original = try Self.bundle(Self.seed)
        let converted = try Self.bundle(folder.appendingPathComponent("support"))
        #expect(converted.texts.count == original.texts.count)
        #expect(converted.texts.allSatisfy { $0.syntax == .mf2 })
        #expect(converted.diagnostics().filter { $0.severity == .error }.isEmpty)
        let english = try String(contentsOf: folder.appendingPathComponent("support/en.yaml"), encoding: .utf8)
        #expect(english.contains("syntax: mf2"))
        let lint = try await TranslatorWorkflowTests.parley(["catalog", "lint", "support"], in: folder)
        #expect(lint.status == 0, "\(lint.out)")

        // parley lint with --syntax mf2: a Russian plural without `few`.
        let russian = try await TranslatorWorkflowTests.parley(
            ["lint", "--syntax", "mf2", "--locale", "ru", ".input {$n :number}\n.match $n\none {{файл}}\n* {{файлов}}"], in: folder)
        #expect(russian.status == 1)
        #expect(russian.out.contains("missing-plural-category"), "\(russian.out)")
    }
}
