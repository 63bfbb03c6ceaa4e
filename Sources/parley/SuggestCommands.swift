import ArgumentParser
import Catalog
import Foundation
import ICU
import LanguageDetection
import ParleyClient
import Search
import Server

/// Where suggestions and searches come from: a catalog folder read here (offline), or the server.
struct CatalogSource: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Work offline on this catalog folder (Locales/, or one workspace's folder) instead of the server.", valueName: "folder"))
    var catalog: String?

    @OptionGroup var remote: RemoteOptions

    /// The workspace's catalog from the folder, as the index sees it, and the workspace.
    func offline(_ folder: String) throws -> (SearchIndex, Catalog.Workspace) {
        let url = URL(fileURLWithPath: folder).standardizedFileURL
        let isWorkspace = FileManager.default.fileExists(atPath: url.appendingPathComponent("workspace.yaml").path)
        let name = try remote.workspaceName()
        let bundle: CatalogBundle
        do {
            guard let read = try (isWorkspace ? SeedCatalog.read(url.deletingLastPathComponent(), only: url.lastPathComponent)
                                              : SeedCatalog.read(url, only: name)).first else {
                throw CommandFailure("no workspace '\(name)' in \(folder)", status: Status.problems)
            }
            bundle = read
        } catch let problems as FileProblems {
            throw CommandFailure(problems.description, status: Status.problems)
        }
        let index = SearchIndex()
        for template in SearchTemplate.templates(of: bundle) { index.replace(template) }
        let workspace = Catalog.Workspace(id: 0, name: bundle.workspace.name, defaultLocale: bundle.workspace.defaultLocale, locales: bundle.workspace.locales)
        return (index, workspace)
    }
}

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find templates as agents do: by words of their replies, examples, key or shortcut.",
        discussion: """
            Ranked best first: an exact shortcut, then the best text match. Case, accents and width do not \
            matter, and each word also finds longer words it starts.

            Examples:
              parley search reembolso --locale es
              parley search /refund
              parley search "cuenta hack" --catalog Locales/
            """
    )

    @Argument(help: "What to look for.") var query: String
    @Option(name: .long, help: ArgumentHelp("Search this locale's texts (default: every locale's).", valueName: "tag")) var locale: String?
    @Option(name: .long, help: "How many templates to list.") var top = 10
    @OptionGroup var source: CatalogSource

    func run() async throws {
        let keys: [String]
        if let folder = source.catalog {
            let (index, _) = try source.offline(folder)
            let locale = try locale.map { tag in
                guard let locale = try? LocaleID(tag) else { throw CommandFailure("'\(tag)' is not a locale tag", status: Status.usage) }
                return locale
            }
            keys = index.search(query, locale: locale, limit: top).map(\.key)
        } else {
            let client = try source.remote.client()
            keys = try await client.search(query, locale: locale, limit: top).map(\.key)
        }
        if source.remote.json { Output.json(keys) } else { keys.forEach { print($0) } }
    }
}

struct SuggestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Suggest replies for customers' messages: the best templates, in the customer's language.",
        discussion: """
            The message's language is detected among the workspace's locales (or given with --locale). With \
            --lines, one line of output per input line: the top keys, comma-separated (empty when nothing matches).

            Examples:
              parley suggest "where is my refund??"
              parley suggest --lines messages.txt --top 3 --catalog Locales/
            """
    )

    @Argument(help: "Customer messages (or use --lines).") var texts: [String] = []
    @Option(name: .long, help: ArgumentHelp("A file with one message per line ('-' for standard input).", valueName: "file"))
    var lines: String?
    @Option(name: .long, help: ArgumentHelp("The messages' locale (default: detected).", valueName: "tag")) var locale: String?
    @Option(name: .long, help: "How many replies per message (1 to 20).") var top = 3
    @OptionGroup var source: CatalogSource

    func validate() throws {
        if lines == nil && texts.isEmpty { throw ValidationError("give messages, or --lines FILE") }
        if !(1...20).contains(top) { throw ValidationError("--top is 1 to 20") }
    }

    func run() async throws {
        var messages = texts
        if let lines {
            let data = lines == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: lines))
            var text = String(decoding: data, as: UTF8.self)
            if text.hasSuffix("\n") { text.removeLast() }
            if !text.isEmpty { messages += text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) } }
        }
        let answers = try await suggestions(for: messages)
        if source.remote.json {
            Output.json(answers.map { $0.map(\.key) })
        } else if lines != nil {
            for keys in answers { print(keys.map(\.key).joined(separator: ",")) }
        } else {
            for (message, keys) in zip(messages, answers) {
                if messages.count > 1 { print("# \(message)") }
                for hit in keys { print("\(hit.key)\t\(String(format: "%.2f", hit.score))\t\(hit.text)") }
            }
        }
    }

    struct Hit { var key: String; var score: Double; var text: String }

    /// Each message's suggestions, offline or from the server. A blank line has none.
    private func suggestions(for messages: [String]) async throws -> [[Hit]] {
        if let folder = source.catalog {
            let (index, workspace) = try source.offline(folder)
            let detector = try LanguageDetector.bundled()
            let candidates = Candidates(workspace.locales.map(\.tag))
            let negotiate = SuggestionLocale.negotiate(in: workspace)
            return try messages.map { message in
                guard !message.allSatisfy(\.isWhitespace) else { return [] }
                let (chosen, _) = try SuggestionLocale.choose(tag: locale, acceptLanguage: nil, text: message, workspace: workspace,
                                                              detector: detector, candidates: candidates, negotiate: negotiate)
                return index.suggest(message, locale: chosen, backup: workspace.defaultLocale, limit: top)
                    .map { Hit(key: $0.key, score: Double($0.score), text: $0.matched.joined(separator: " ")) }
            }
        }
        let client = try source.remote.client()
        var answers: [[Hit]] = []
        for message in messages {
            guard !message.allSatisfy(\.isWhitespace) else { answers.append([]); continue }
            let answer = try await client.suggest(message, locale: locale, limit: top)
            answers.append(answer.suggestions.map { Hit(key: $0.key, score: $0.score, text: $0.text.split(separator: "\n").first.map(String.init) ?? "") })
        }
        return answers
    }
}
