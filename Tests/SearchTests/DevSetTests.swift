import Catalog
import Foundation
import ICU
import Search
import Testing
import TestSupport

/// Suggestions for the development set of customer messages (`Tools/suggest/dev.jsonl`, written
/// for Parley and never used as examples) against the seed catalog.
@Suite struct DevSetTests {
    struct Message: Decodable { var locale: String; var key: String; var text: String }

    static func index() throws -> SearchIndex {
        let files = try SeedFiles.read()
        let bundle = try LocalesFormat.read(workspaceFile: files.workspace, localeFiles: files.locales)
        let index = SearchIndex()
        for template in SearchTemplate.templates(of: bundle) { index.replace(template) }
        return index
    }

    static func messages(_ name: String) throws -> [Message] {
        let url = SeedFiles.folder.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Tools/suggest/\(name)")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Message.self, from: Data($0.utf8))
        }
    }

    @Test func devSetFloors() throws {
        let index = try Self.index()
        let messages = try Self.messages("dev.jsonl")
        var first = 0, three = 0
        var misses: [String] = []
        for message in messages {
            let hits = index.suggest(message.text, locale: try LocaleID(message.locale), backup: try LocaleID("en"), limit: 3).map(\.key)
            if hits.first == message.key { first += 1 } else { misses.append("\(message.locale) \(message.key) ← \(hits.first ?? "-"): \(message.text)") }
            if hits.contains(message.key) { three += 1 }
        }
        let top1 = Double(first) / Double(messages.count), top3 = Double(three) / Double(messages.count)
        print("dev set: \(messages.count) messages, top-1 \(top1), top-3 \(top3)")
        for miss in misses { print("miss: \(miss)") }
        #expect(top1 >= 0.93)
        #expect(top3 >= 0.98)
    }
}
