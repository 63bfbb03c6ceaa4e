import Catalog
import ICU
import Testing
@testable import Search

/// The index's behaviour on small catalogs made for one property each.
@Suite struct IndexTests {
    let en = try! LocaleID("en")

    func template(_ key: String, shortcut: String? = nil, _ texts: [String: String], examples: [String: [String]] = [:]) throws -> SearchTemplate {
        var locales: [LocaleID: SearchTemplate.LocaleTexts] = [:]
        for (tag, text) in texts { locales[try LocaleID(tag), default: .init()].texts[.default] = text }
        for (tag, phrases) in examples { locales[try LocaleID(tag), default: .init()].examples = phrases }
        return SearchTemplate(key: key, shortcut: shortcut, category: key.split(separator: ".").first.map(String.init) ?? "", sourceLocale: en, locales: locales)
    }

    func index() throws -> SearchIndex {
        let index = SearchIndex()
        index.replace(try template("payments.refund", shortcut: "/refund", ["en": "Your refund of {amount} was issued.", "es": "Tu reembolsó fue emitido."],
                                   examples: ["en": ["where is my refund", "money back?"]]))
        index.replace(try template("account.hacked", shortcut: "/hacked", ["en": "We secured your account after the takeover."],
                                   examples: ["en": ["my account was hacked", "someone changed my password"]]))
        index.replace(try template("general.greeting", shortcut: "/hi", ["en": "Hi {name}, how can I help?"], examples: ["en": ["hello", "hi there"]]))
        return index
    }

    @Test func exactShortcutComesFirst() throws {
        let index = try index()
        #expect(index.search("/hacked", locale: nil, limit: 3).first?.key == "account.hacked")
        #expect(index.search("REFUND", locale: en, limit: 3).first?.key == "payments.refund")
    }

    @Test func typeAheadFindsWordsByTheirStart() throws {
        let index = try index()
        #expect(index.search("secu", locale: en, limit: 3).map(\.key) == ["account.hacked"])
        #expect(index.search("reembol", locale: try LocaleID("es"), limit: 3).map(\.key) == ["payments.refund"])
        // The argument names of a message are not its words.
        #expect(index.search("amount", locale: en, limit: 3).isEmpty)
    }

    @Test func aChangeReplacesOnlyThatTemplate() throws {
        let index = try index()
        index.replace(try template("account.hacked", shortcut: "/hacked", ["en": "Your profile is locked."]))
        #expect(index.search("takeover", locale: en, limit: 3).isEmpty)
        #expect(index.search("locked", locale: en, limit: 3).map(\.key) == ["account.hacked"])
        #expect(index.suggest("where is my refund", locale: en, backup: en, limit: 1).first?.key == "payments.refund")
        index.remove(key: "account.hacked")
        #expect(index.search("/hacked", locale: nil, limit: 3).isEmpty)
        #expect(!index.keys.contains("account.hacked"))
    }

    @Test func manyChangesKeepTheIndexExact() throws {
        // Enough replacements to compact the postings several times over.
        let index = try index()
        for round in 0..<300 {
            index.replace(try template("churn.\(round % 7)", ["en": "round \(round) churning words"]))
        }
        #expect(index.search("churning", locale: en, limit: 20).count == 7)
        #expect(index.suggest("someone hacked my account", locale: en, backup: en, limit: 1).first?.key == "account.hacked")
    }

    @Test func votesAreBoundedPerVoterAndErasable() throws {
        let index = try index()
        let message = "my money please"
        let beforeHits = index.suggest(message, locale: en, backup: en, limit: 3)
        let before = beforeHits.map(\.key)
        #expect(before.first == "payments.refund")
        let original = try #require(beforeHits.first)
        // One voter rejecting a hundred times weighs as one vote: the reply is lowered, not buried.
        let rejections = (0..<100).map { _ in FeedbackVote(key: "payments.refund", text: message, accepted: false, voter: "a", locale: en) }
        index.setFeedback(rejections, for: "payments.refund")
        let lowered = index.suggest(message, locale: en, backup: en, limit: 3)
        let now = try #require(lowered.first { $0.key == "payments.refund" })
        #expect(now.score < original.score)
        #expect(now.score >= original.score * Learning.floor)
        // Acceptances lift a reply that matched nothing for similar messages only.
        let votes = ["a", "b"].map { FeedbackVote(key: "general.greeting", text: message, accepted: true, voter: $0, locale: en) }
        index.setFeedback(votes, for: "general.greeting")
        #expect(index.suggest("please, my money", locale: en, backup: en, limit: 3).first?.key == "general.greeting")
        #expect(index.suggest("someone hacked my account", locale: en, backup: en, limit: 1).first?.key == "account.hacked")
        index.setFeedback([], for: "general.greeting")
        index.setFeedback([], for: "payments.refund")
        #expect(index.suggest(message, locale: en, backup: en, limit: 3).map(\.key) == before)
    }
}

