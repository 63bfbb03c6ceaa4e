import ArgumentParser
import Catalog
import Foundation
import ICU
import Search
#if canImport(Glibc)
import Glibc
#endif

/// The search index at scale, in process: a synthetic workspace made from the seed catalog's
/// texts and examples, mixed so that every template differs from every other.
struct SuggestBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Build the search index for a synthetic workspace and time suggest, type-ahead search and one template's change.",
        discussion: """
            Template i takes its chat reply and examples from seed template i mod 22, its email text and more \
            examples from two others, and a number of its own, in each of the catalog's locales. Queries are the \
            messages of a set (JSON lines with text and locale), in their locales. Memory is the process's resident \
            memory after the build minus before it, against the UTF-8 bytes of every text the index reads. Build \
            with -c release.

            Example: parley bench suggest --catalog Locales/support --templates 10000 --queries Tools/suggest/dev.jsonl
            """
    )

    @Option(name: .long, help: "A workspace folder of the catalog format.") var catalog = "Locales/support"
    @Option(name: .long, help: "How many templates to make.") var templates = 10_000
    @Option(name: .long, help: "Customer messages, JSON lines with text and locale.") var queries = "Tools/suggest/dev.jsonl"
    @Option(name: .long, help: "Rounds over the queries.") var rounds = 5

    func run() throws {
        let folder = URL(fileURLWithPath: catalog).standardizedFileURL
        guard let bundle = try SeedCatalog.read(folder.deletingLastPathComponent(), only: folder.lastPathComponent).first else {
            throw CommandFailure("\(catalog) is not a workspace folder", status: Status.problems)
        }
        let seeds = SearchTemplate.templates(of: bundle)
        let made = (0..<templates).map { Self.synthetic($0, from: seeds) }
        let indexedBytes = made.reduce(0) { $0 + Self.bytes(of: $1) }

        let before = Self.allocated()
        let clock = ContinuousClock()
        let started = clock.now
        let index = SearchIndex()
        for template in made { index.replace(template) }
        let built = clock.now - started
        let memory = Self.allocated() - before
        print("index: \(templates) templates × \(bundle.workspace.locales.count) locales, built in \(built); "
              + "\(memory >> 20) MB for \(indexedBytes >> 20) MB of text: ratio \(String(format: "%.2f", Double(memory) / Double(indexedBytes)))")

        struct Query: Decodable { var text: String; var locale: String }
        let messages = try String(contentsOfFile: queries, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Query.self, from: Data($0.utf8))
        }.map { ($0.text, try LocaleID($0.locale)) }
        let english = bundle.workspace.defaultLocale
        var checksum = 0
        for (text, locale) in messages { checksum &+= index.suggest(text, locale: locale, backup: english, limit: 3).count }  // warm-up
        var suggest: [Duration] = []
        for _ in 0..<rounds {
            for (text, locale) in messages {
                let start = clock.now
                checksum &+= index.suggest(text, locale: locale, backup: english, limit: 3).count
                suggest.append(clock.now - start)
            }
        }
        print("suggest: \(Self.describe(suggest))")

        var typeAhead: [Duration] = []
        for _ in 0..<rounds {
            for (text, locale) in messages {
                guard let word = text.split(separator: " ").first(where: { $0.count >= 3 }) else { continue }
                for length in 2...min(6, word.count) {
                    let start = clock.now
                    checksum &+= index.search(String(word.prefix(length)), locale: locale, limit: 10).count
                    typeAhead.append(clock.now - start)
                }
            }
        }
        print("type-ahead search: \(Self.describe(typeAhead))")

        var changes: [Duration] = []
        var random = SystemRandomNumberGenerator()
        for round in 0..<2_000 {
            var template = made[Int.random(in: 0..<made.count, using: &random)]
            for locale in template.locales.keys { template.locales[locale]?.examples.append("changed \(round)") }
            let start = clock.now
            index.replace(template)
            changes.append(clock.now - start)
        }
        print("one template's change in all its locales: \(Self.describe(changes))")
        var oneLocale: [Duration] = []
        for round in 0..<2_000 {
            var template = made[Int.random(in: 0..<made.count, using: &random)]
            let locale = template.locales.keys.randomElement(using: &random)!
            template.locales[locale]?.examples.append("one locale changed \(round)")
            let start = clock.now
            index.replace(template)
            oneLocale.append(clock.now - start)
        }
        print("one template's change in one locale (a text or its examples): \(Self.describe(oneLocale))")
        print("checksum \(checksum)")
    }

    static func synthetic(_ number: Int, from seeds: [SearchTemplate]) -> SearchTemplate {
        let (first, second, third) = (seeds[number % seeds.count], seeds[(number * 7 + 3) % seeds.count], seeds[(number * 13 + 5) % seeds.count])
        var template = SearchTemplate(key: "synthetic.\(first.key).\(number)", shortcut: "/s\(number)", category: first.category,
                                      tags: first.tags + second.tags, description: first.description, sourceLocale: first.sourceLocale)
        for (locale, own) in first.locales {
            var texts = own.texts
            texts[.default] = (own.texts[.default] ?? "") + " (\(number))"
            texts["email"] = second.locales[locale]?.texts["email"] ?? texts["email"]
            let examples = Array(own.examples.prefix(5)) + Array((third.locales[locale]?.examples ?? []).suffix(3)) + ["#\(number)"]
            template.locales[locale] = .init(texts: texts, examples: examples)
        }
        return template
    }

    /// The UTF-8 bytes of every field the index reads.
    static func bytes(of template: SearchTemplate) -> Int {
        let own = template.key.utf8.count + (template.shortcut?.utf8.count ?? 0) + template.category.utf8.count
            + template.tags.reduce(0) { $0 + $1.utf8.count }
        return template.locales.reduce(template.description.utf8.count) { total, entry in
            total + own + entry.value.texts.values.reduce(0) { $0 + MessageWords.literalText(of: $1).utf8.count }
                + entry.value.examples.reduce(0) { $0 + $1.utf8.count }
        }
    }

    /// The process's resident memory (Linux), in bytes. The difference around the build also
    /// counts what the allocator keeps of the build's temporary memory: an upper bound.
    static func allocated() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func describe(_ durations: [Duration]) -> String {
        let sorted = durations.sorted()
        func at(_ share: Double) -> String {
            let value = sorted[min(sorted.count - 1, Int(Double(sorted.count) * share))]
            return String(format: "%.3f ms", Double(value.components.attoseconds) / 1e15 + Double(value.components.seconds) * 1000)
        }
        return "median \(at(0.5)), p99 \(at(0.99)) (\(sorted.count) runs)"
    }
}
