import ICU

/// The inverted index of one locale's documents (one per template with words in the locale),
/// and BM25 ranking over it. Not thread-safe: the workspace's ``SearchIndex`` guards it.
///
/// Postings are kept in two sets: the core fields (replies, examples, the template's names),
/// which suggestions rank a customer's message against, and the long channel texts and the
/// description, which only an agent's search adds: a suggestion never walks the postings of
/// every email's greeting and sign-off.
///
/// A changed template's old document is marked dead and a new one appended, so a change costs
/// its own words only; dead documents are dropped from the postings once they are a third of
/// the partition. Documents are kept as parallel arrays, so ranking reads lengths, not records.
final class LocalePartition {
    let folder: TermFolder

    /// Which fields a query looks at.
    enum Scope {
        /// Replies, examples, key, shortcut, category, tags: what a customer's message is matched against.
        case core
        /// Also the channel texts and the description: an agent's search.
        case all
    }

    /// A document a term occurs in.
    struct Posting {
        var document: UInt32
        /// The field-weighted frequency, in tenths.
        var frequency: UInt16
        /// The fields it occurs in (``Field/bit``).
        var fields: UInt8
    }

    // Terms.
    private var termIDs: [Term: UInt32] = [:]
    private var terms: [Term] = []
    /// Term ids in the order of their keys, for prefix ranges.
    private var sortedTermIDs: [UInt32] = []
    private var corePostings: [[Posting]] = []
    private var extraPostings: [[Posting]] = []
    /// Live documents per term: in the core fields, and in any field.
    private var coreFrequency: [UInt32] = []
    private var allFrequency: [UInt32] = []

    // Documents, by id.
    private(set) var keys: [String] = []
    private var coreLengths: [Float] = []
    private var allLengths: [Float] = []
    private var alive: [Bool] = []
    /// Each document's distinct terms, to undo its counts when it goes; the top bit marks a term in the core fields.
    private var documentTerms: [[UInt32]] = []
    /// Tells an unchanged reload from a change.
    private var fingerprints: [Int] = []
    /// Orders the listing: the collation key of the start of its reply.
    private var sortKeys: [[UInt8]] = []
    private var documentOfKey: [String: UInt32] = [:]
    private var coreTotal: Double = 0
    private var allTotal: Double = 0
    private var deadDocuments = 0
    private var listingOrder: [String]?

    private static let coreBit: UInt32 = 1 << 31

    init(folder: TermFolder) { self.folder = folder }

    var locale: LocaleID { folder.locale }
    var liveDocuments: Int { documentOfKey.count }

    // MARK: Changes

    /// Whether the document of `key` was made from content with this fingerprint.
    func isCurrent(_ key: String, fingerprint: Int) -> Bool {
        documentOfKey[key].map { fingerprints[Int($0)] == fingerprint } ?? false
    }

    /// Sets a template's document from its fields (none with words: it has none in this locale).
    func replace(key: String, fields: [(Field, String)], fingerprint: Int) {
        if isCurrent(key, fingerprint: fingerprint) { return }
        remove(key: key)
        guard fields.contains(where: { $0.0 == .message || $0.0 == .channelText || $0.0 == .example }) else { return }
        var core: [UInt32: (Float, UInt8)] = [:]
        var extra: [UInt32: (Float, UInt8)] = [:]
        var (coreLength, allLength): (Float, Float) = (0, 0)
        for (field, text) in fields {
            let weight = field.weight
            for word in folder.words(in: text) {
                allLength += weight
                if field.isCore { coreLength += weight }
                for term in [word.term, word.alias].compactMap({ $0 }) {
                    let id = termID(term)
                    if field.isCore {
                        let current = core[id] ?? (0, 0)
                        core[id] = (current.0 + weight, current.1 | field.bit)
                    } else {
                        let current = extra[id] ?? (0, 0)
                        extra[id] = (current.0 + weight, current.1 | field.bit)
                    }
                }
            }
        }
        let document = UInt32(keys.count)
        func posting(_ entry: (Float, UInt8)) -> Posting {
            Posting(document: document, frequency: UInt16(min(65_535, (entry.0 * 10).rounded())), fields: entry.1)
        }
        var distinct: [UInt32] = []
        distinct.reserveCapacity(core.count + extra.count)
        for (id, entry) in core {
            corePostings[Int(id)].append(posting(entry))
            coreFrequency[Int(id)] += 1
            allFrequency[Int(id)] += 1
            distinct.append(id | Self.coreBit)
        }
        for (id, entry) in extra {
            extraPostings[Int(id)].append(posting(entry))
            if core[id] == nil {
                allFrequency[Int(id)] += 1
                distinct.append(id)
            }
        }
        let message = fields.first { $0.0 == .message }?.1 ?? ""
        keys.append(key)
        coreLengths.append(coreLength)
        allLengths.append(allLength)
        alive.append(true)
        documentTerms.append(distinct)
        fingerprints.append(fingerprint)
        sortKeys.append(folder.sortKey(String(message.prefix(48))))
        documentOfKey[key] = document
        coreTotal += Double(coreLength)
        allTotal += Double(allLength)
        listingOrder = nil
    }

    /// Drops a template's document.
    func remove(key: String) {
        guard let id = documentOfKey.removeValue(forKey: key) else { return }
        let index = Int(id)
        alive[index] = false
        for term in documentTerms[index] {
            let termID = Int(term & ~Self.coreBit)
            allFrequency[termID] -= 1
            if term & Self.coreBit != 0 { coreFrequency[termID] -= 1 }
        }
        coreTotal -= Double(coreLengths[index])
        allTotal -= Double(allLengths[index])
        documentTerms[index] = []
        sortKeys[index] = []
        deadDocuments += 1
        listingOrder = nil
        if deadDocuments > max(64, keys.count / 3) { compact() }
    }

    private func termID(_ term: Term) -> UInt32 {
        if let id = termIDs[term] { return id }
        let id = UInt32(terms.count)
        termIDs[term] = id
        terms.append(term)
        corePostings.append([])
        extraPostings.append([])
        coreFrequency.append(0)
        allFrequency.append(0)
        sortedTermIDs.insert(id, at: firstTermIndex(notBefore: term))
        return id
    }

    /// Renumbers the live documents and drops the dead ones' postings.
    private func compact() {
        var newID = [UInt32](repeating: .max, count: keys.count)
        var next: UInt32 = 0
        for index in keys.indices where alive[index] {
            newID[index] = next
            next += 1
        }
        func renumbered(_ postings: [Posting]) -> [Posting] {
            postings.compactMap { posting in
                let id = newID[Int(posting.document)]
                return id == .max ? nil : Posting(document: id, frequency: posting.frequency, fields: posting.fields)
            }
        }
        for index in corePostings.indices {
            corePostings[index] = renumbered(corePostings[index])
            extraPostings[index] = renumbered(extraPostings[index])
        }
        func live<T>(_ values: [T]) -> [T] { values.indices.filter { alive[$0] }.map { values[$0] } }
        keys = live(keys)
        coreLengths = live(coreLengths)
        allLengths = live(allLengths)
        documentTerms = live(documentTerms)
        fingerprints = live(fingerprints)
        sortKeys = live(sortKeys)
        alive = [Bool](repeating: true, count: keys.count)
        documentOfKey = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, UInt32($0)) })
        deadDocuments = 0
    }

    // MARK: Terms

    /// Where `term` is, or would be, in the sorted terms.
    private func firstTermIndex(notBefore term: Term) -> Int {
        var low = 0, high = sortedTermIDs.count
        while low < high {
            let middle = (low + high) / 2
            if terms[Int(sortedTermIDs[middle])] < term { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The index's terms a query word reaches, each with how much of a match it is: itself;
    /// with `completing`, the words it starts; with `stemming`, the words that share most of it
    /// ("hackearon" reaches "hackeada" through "hackea"), by the share they share. Expansions
    /// stop at ``Reach/maximumExpansions`` words or ``Reach/mostPostings`` postings.
    func reach(of term: Term, completing: Bool, stemming: Bool, _ scope: Scope) -> [(id: UInt32, weight: Float)] {
        var found: [(id: UInt32, weight: Float)] = []
        if let exact = termIDs[term] { found.append((exact, 1)) }
        guard term.bytes.count >= Reach.minimumKey, completing || stemming else { return found }
        let length = term.bytes.count
        let stem = stemming ? max(Reach.minimumKey, Int((Double(length) * Reach.stemShare).rounded(.up))) : length
        let prefix = Term(bytes: Array(term.bytes.prefix(stem)))
        var index = firstTermIndex(notBefore: prefix)
        var postings = 0
        while index < sortedTermIDs.count, found.count < Reach.maximumExpansions, postings < Reach.mostPostings {
            let id = sortedTermIDs[index]
            let candidate = terms[Int(id)]
            guard candidate.hasPrefix(prefix) else { break }
            index += 1
            if candidate == term { continue }
            if candidate.hasPrefix(term) {
                guard completing else { continue }
                found.append((id, Reach.completion))
            } else if stemming {
                let shared = zip(candidate.bytes, term.bytes).prefix { $0 == $1 }.count
                found.append((id, Reach.stem * Float(shared) / Float(max(length, candidate.bytes.count))))
            } else {
                continue
            }
            postings += corePostings[Int(id)].count + (scope == .all ? extraPostings[Int(id)].count : 0)
        }
        return found
    }

    /// The inverse document frequency of a query word in the scope (a word the index has never
    /// seen weighs most).
    func idf(of term: Term, _ scope: Scope = .core) -> Float {
        let frequency = termIDs[term].map { Int(scope == .core ? coreFrequency[Int($0)] : allFrequency[Int($0)]) } ?? 0
        return BM25.idf(documentFrequency: frequency, documents: liveDocuments)
    }

    // MARK: Ranking

    /// A document's score for a query, and which of the query's words it matched (bit i: word i).
    struct Scored {
        var key: String
        var score: Float
        var matched: UInt64
    }

    /// BM25 over the scope's fields: per query word, the best of the index words it reaches.
    /// `naming` multiplies a match in the key, shortcut, category or tags. Answers the best
    /// `limit` documents, best first, and those of `including` that matched at all.
    func rank(_ words: [TermFolder.Word], _ scope: Scope, completing: Bool, stemming: Bool, naming: Float,
              limit: Int, including: some Collection<String> = [String]()) -> [Scored] {
        let count = keys.count
        guard liveDocuments > 0, !words.isEmpty else { return [] }
        let lengths = scope == .core ? coreLengths : allLengths
        let average = Float((scope == .core ? coreTotal : allTotal) / Double(liveDocuments))
        // The length part of BM25's denominator, once per document and query.
        let norms = lengths.map { BM25.k1 * (1 - BM25.b + BM25.b * $0 / max(average, 1)) }
        var scores = [Float](repeating: 0, count: count)
        var matched = [UInt64](repeating: 0, count: count)
        var best = [Float](repeating: 0, count: count)
        var frequency = [Float](repeating: 0, count: count)
        var fieldsSeen = [UInt8](repeating: 0, count: count)
        var touched: [UInt32] = []
        var seen = Set<Term>()
        for (position, word) in words.prefix(64).enumerated() where seen.insert(word.term).inserted {
            let completes = completing || position == words.count - 1
            var reach = self.reach(of: word.term, completing: completes, stemming: stemming, scope)
            if let alias = word.alias {
                reach += self.reach(of: alias, completing: completes, stemming: stemming, scope).map { ($0.id, $0.weight * Reach.alias) }
            }
            var wordTouched: [UInt32] = []
            for (id, weight) in reach {
                let frequencies = scope == .core ? coreFrequency : allFrequency
                let idf = BM25.idf(documentFrequency: Int(frequencies[Int(id)]), documents: liveDocuments)
                var termTouched: [UInt32] = []
                func gather(_ postings: [Posting]) {
                    for posting in postings where alive[Int(posting.document)] {
                        let document = Int(posting.document)
                        if frequency[document] == 0 { termTouched.append(posting.document) }
                        frequency[document] += Float(posting.frequency) / 10
                        fieldsSeen[document] |= posting.fields
                    }
                }
                gather(corePostings[Int(id)])
                if scope == .all { gather(extraPostings[Int(id)]) }
                for document in termTouched {
                    let index = Int(document)
                    let tf = frequency[index]
                    var score = weight * idf * tf * (BM25.k1 + 1) / (tf + norms[index])
                    if fieldsSeen[index] & Field.naming != 0 { score *= naming }
                    if best[index] == 0 { wordTouched.append(document) }
                    best[index] = max(best[index], score)
                    frequency[index] = 0
                    fieldsSeen[index] = 0
                }
            }
            for document in wordTouched {
                let index = Int(document)
                if matched[index] == 0 { touched.append(document) }
                scores[index] += best[index]
                matched[index] |= 1 << UInt64(position)
                best[index] = 0
            }
        }
        // The best few, without sorting every document the query touched.
        var top: [UInt32] = []
        top.reserveCapacity(limit + 1)
        for document in touched {
            let score = scores[Int(document)]
            guard top.count < limit || score > scores[Int(top[top.count - 1])] else { continue }
            let at = top.firstIndex { score > scores[Int($0)] } ?? top.count
            top.insert(document, at: at)
            if top.count > limit { top.removeLast() }
        }
        for key in including {
            if let document = documentOfKey[key], matched[Int(document)] != 0, !top.contains(document) { top.append(document) }
        }
        return top.map { Scored(key: keys[Int($0)], score: scores[Int($0)], matched: matched[Int($0)]) }
    }

    /// The live templates in the locale's collation order of their replies, then by key.
    func orderedKeys() -> [String] {
        if let listingOrder { return listingOrder }
        let order = keys.indices.filter { alive[$0] }.sorted { a, b in
            sortKeys[a] == sortKeys[b] ? keys[a] < keys[b] : sortKeys[a].lexicographicallyPrecedes(sortKeys[b])
        }.map { keys[$0] }
        listingOrder = order
        return order
    }
}
