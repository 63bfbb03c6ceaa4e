import Catalog
import ICU
import Search
import Store

extension RenderCache {
    /// Brings a workspace's search index up to date with what was just read: the whole
    /// workspace (`templateID` nil) or one template, which is replaced, or removed when it is
    /// gone or archived. Runs under the snapshot lock, so the index and the render texts change
    /// together.
    static func index(_ texts: [RenderText], _ data: SearchData, into index: SearchIndex, keys: inout [Int64: String], templateID: Int64?) {
        var entries: [Int64: SearchTemplate] = [:]
        for template in data.templates {
            var entry = SearchTemplate(key: template.key, shortcut: template.shortcut, category: template.category, tags: template.tags,
                                       description: template.description, sourceLocale: template.sourceLocale)
            for (locale, phrases) in data.examples[template.id] ?? [:] {
                entry.locales[locale, default: .init()].examples = phrases
            }
            entries[template.id] = entry
        }
        for text in texts {
            entries[text.templateID]?.locales[text.locale, default: .init()].texts[text.channel] = text.message
        }
        if let templateID, entries[templateID] == nil, let gone = keys.removeValue(forKey: templateID) {
            index.remove(key: gone)
            index.setFeedback([], for: gone)
        }
        for (id, entry) in entries {
            index.replace(entry)
            keys[id] = entry.key
            let votes = (data.feedback[id] ?? []).map {
                FeedbackVote(key: entry.key, text: $0.text, accepted: $0.accepted, voter: $0.voter, locale: $0.locale)
            }
            index.setFeedback(votes, for: entry.key)
        }
    }
}
