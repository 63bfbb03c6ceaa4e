import ArgumentParser
import Catalog
import Foundation
import ParleyAPI
import ParleyClient

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Per locale: templates translated, approved, outdated and missing.",
        discussion: """
            Outdated: translated from an older version of the source text; it stays so until updated or re-approved.

            Example: parley status -w support --json
            """)

    @OptionGroup var remote: RemoteOptions

    func run() async throws {
        let client = try remote.client()
        do {
            let coverage = try await client.coverage()
            if remote.json { Output.json(coverage); return }
            Output.table(["LOCALE", "TRANSLATED", "APPROVED", "OUTDATED", "MISSING", "DONE"], coverage.locales.map { row in
                let done = row.templates == 0 ? 100 : max(0, row.translated - row.outdated) * 100 / row.templates
                return [row.locale, "\(row.translated)/\(row.templates)", "\(row.approved)", "\(row.outdated)", "\(row.missing)", "\(done)%"]
            })
        } catch {
            throw Status.report(error, json: remote.json)
        }
    }
}

struct MissingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "missing",
        abstract: "The templates a locale lacks (and, with --outdated, those to update), with the source text.",
        discussion: """
            With --by-demand: what customers asked for and did not get, most renders first (every locale, or \
            --locale's): texts missing in a workspace locale, locales the workspace lacks, and with --outdated \
            outdated texts in use.

            Examples:
              parley missing --locale fr --outdated
              parley missing --by-demand --since 30d
            """)

    @OptionGroup var remote: RemoteOptions
    @Option(name: .long, help: "The locale (optional with --by-demand).") var locale: String?
    @Flag(name: .long, help: "List outdated texts too.") var outdated = false
    @Flag(name: .long, help: "Rank by the renders that fell back for want of the text.") var byDemand = false
    @Option(name: .long, help: Since.help) var since = Since(argument: "30d")!

    func validate() throws {
        if locale == nil, !byDemand { throw ValidationError("--locale is needed (or --by-demand)") }
    }

    struct Item: Encodable { var key: String; var channel: String; var reason: String; var source: String }

    func run() async throws {
        let client = try remote.client()
        do {
            if byDemand {
                let items = DemandItem.items(try await client.demand(from: since.start), locale: locale, outdated: outdated)
                if remote.json { Output.json(items); return }
                if items.isEmpty { print("No renders fell back\(locale.map { " in \($0)" } ?? "") in that period.") }
                items.forEach { print($0.line) }
                return
            }
            guard let locale else { return }
            let snapshot = try await client.snapshot()
            guard snapshot.workspace.locales.contains(locale) else {
                throw CommandFailure("\(locale) is not one of the workspace's locales (\(snapshot.workspace.locales.joined(separator: ", ")))",
                                     status: Status.problems)
            }
            // A template's texts by locale; a missing text is a missing default text, an outdated
            // one any channel's, shown with the source text it follows (SourceText's rule).
            let textsByKey = Dictionary(grouping: snapshot.texts, by: \.key)
            var items: [Item] = []
            for template in snapshot.templates {
                let texts = textsByKey[template.key] ?? []
                let sources = texts.filter { $0.locale == template.sourceLocale }
                func source(for channel: String) -> String {
                    let followed = SourceText.channel(for: ReplyChannel(rawValue: channel), sourceChannels: sources.map { ReplyChannel(rawValue: $0.channel) })
                    return sources.first { $0.channel == followed.rawValue }?.message ?? ""
                }
                let mine = texts.filter { $0.locale == locale }
                if !mine.contains(where: { $0.channel == ReplyChannel.default.rawValue }) {
                    items.append(Item(key: template.key, channel: ReplyChannel.default.rawValue, reason: "missing", source: source(for: ReplyChannel.default.rawValue)))
                }
                for text in mine where outdated && text.outdated {
                    items.append(Item(key: template.key, channel: text.channel, reason: "outdated", source: source(for: text.channel)))
                }
            }
            if remote.json { Output.json(items); return }
            if items.isEmpty { print("\(locale): nothing missing\(outdated ? " or outdated" : "").") }
            for item in items {
                let key = item.channel == ReplyChannel.default.rawValue ? item.key : "\(item.key) (\(item.channel))"
                print("\(key)\t\(item.reason)\t\(Output.short(item.source))")
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw Status.report(error, json: remote.json)
        }
    }
}

/// The text a command acts on.
struct TextOptions: ParsableArguments {
    @Argument(help: "The template key.") var key: String
    @Option(name: .long, help: "The locale.") var locale: String
    @Option(name: .long, help: "The channel (default: the default text).") var channel = "default"
}

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Approve or reject a text (reviewers).",
        discussion: """
            approve: the text is reviewed, and up to date with the source again (no longer outdated). \
            reject: back to draft, not shown to customers.

            Example: parley review approve account.hacked_recovery --locale ru
            """)

    enum Decision: String, ExpressibleByArgument { case approve, reject }

    @OptionGroup var remote: RemoteOptions
    @Argument(help: "approve or reject.") var decision: Decision
    @OptionGroup var text: TextOptions

    func run() async throws {
        let client = try remote.client()
        do {
            let current = try await client.text(text.key, locale: text.locale, channel: text.channel)
            let reviewed = try await client.review(text.key, locale: text.locale, channel: text.channel,
                                                   approve: decision == .approve, version: current.version)
            if remote.json { Output.json(reviewed) } else {
                print("\(text.key) (\(text.locale)): \(reviewed.state), version \(reviewed.version)")
            }
        } catch {
            throw Status.report(error, json: remote.json)
        }
    }
}

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The revisions of a text, newest first; roll back with their numbers.",
        discussion: "Example: parley history account.hacked_recovery --locale ru --channel email")

    @OptionGroup var remote: RemoteOptions
    @OptionGroup var text: TextOptions

    func run() async throws {
        let client = try remote.client()
        do {
            let revisions = try await client.history(text.key, locale: text.locale, channel: text.channel)
            if remote.json { Output.json(revisions); return }
            Output.table(["REVISION", "VERSION", "STATE", "AUTHOR", "ACTION", "AT", "MESSAGE"], revisions.map {
                ["\($0.id)", "\($0.version)", $0.state.rawValue, $0.author, $0.action, $0.createdAt, Output.short($0.message)]
            })
        } catch {
            throw Status.report(error, json: remote.json)
        }
    }
}

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Restore the text of an earlier revision, as a new revision.",
        discussion: """
            Find REVISION with `parley history KEY --locale L`. Nothing is lost: the rollback is itself a revision.

            Example: parley rollback account.hacked_recovery --locale ru --to 1234
            """)

    @OptionGroup var remote: RemoteOptions
    @OptionGroup var text: TextOptions
    @Option(name: .long, help: "The revision to restore.") var to: Int

    func run() async throws {
        let client = try remote.client()
        do {
            let current = try await client.text(text.key, locale: text.locale, channel: text.channel)
            let restored = try await client.rollback(text.key, locale: text.locale, channel: text.channel, to: to, version: current.version)
            if remote.json { Output.json(restored) } else {
                print("\(text.key) (\(text.locale)): revision \(to) restored as version \(restored.version)")
            }
        } catch {
            throw Status.report(error, json: remote.json)
        }
    }
}

extension JSONEncoder {
    /// Sorted keys, indented: the state files and `--json` output.
    static let sorted: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }()

    /// One line per value (JSON Lines), keys sorted.
    static let lines: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
