import ICU

/// The inverted index of one locale's documents (one per template with words in the locale).
/// Not thread-safe: the workspace's ``SearchIndex`` guards it.
///
/// A changed template's old document is marked dead and a new one appended, so a change costs
/// its own words only; dead documents are dropped from the postings once they are a third of
/// the partition.
final class LocalePartition {
    let folder: TermFolder

    /// One template's words in this locale.
    struct Document {
        var key: String
        /// Its distinct terms, to undo its counts when it goes.
        var terms: [UInt32]
        /// The sum of its field-weighted frequencies.
        var length: Float
        var isAlive: Bool
        /// Tells an unchanged reload from a change.
        var fingerprint: Int
        /// Orders the listing: the collation key of the start of its reply.
        var sortKey: [UInt8]
    }

    /// A document a term occurs in.
    struct Posting {
        var document: UInt32
        /// The field-weighted frequency, in tenths.
        var frequency: UInt16
        /// The fields it occurs in (``Field/bit``).
        var fields: UInt8
    }

    private var termIDs: [Term: UInt32] = [:]
    private var terms: [Term] = []
    /// Term ids in the order of their keys, for prefix ranges.
    private var sortedTermIDs: [UInt32] = []
    private var postings: [[Posting]] = []
    /// Live documents per term.
    private var documentFrequency: [UInt32] = []
    private(set) var documents: [Document] = []
    private var documentOfKey: [String: UInt32] = [:]
    private var totalLength: Double = 0
    private var deadDocuments = 0
    private var listingOrder: [String]?

    init(folder: TermFolder) { self.folder = folder }

    var locale: LocaleID { folder.locale }
    var liveDocuments: Int { documentOfKey.count }
    var averageLength: Float { liveDocuments == 0 ? 1 : Float(totalLength / Double(liveDocuments)) }

    func document(of key: String) -> UInt32? { documentOfKey[key] }

    // MARK: Changes

    /// Sets a template's document from its fields (none: it has no words in this locale).
    func replace(key: String, fields: [(Field, String)]) {
        let fingerprint = Self.fingerprint(fields)
        if let current = documentOfKey[key], documents[Int(current)].fingerprint == fingerprint { return }
        remove(key: key)
        guard fields.contains(where: { $0.0 == .message || $0.0 == .channelText || $0.0 == .example }) else { return }
        var frequencies: [UInt32: (Float, UInt8)] = [:]
        var length: Float = 0
        for (field, text) in fields {
            for word in folder.words(in: text) {
                let weight = field.weight
                length += weight
                for term in [word.term, word.alias].compactMap({ $0 }) {
                    let id = termID(term)
                    let current = frequencies[id] ?? (0, 0)
                    frequencies[id] = (current.0 + weight, current.1 | field.bit)
                }
            }
        }
        let documentID = UInt32(documents.count)
        for (id, (frequency, fields)) in frequencies {
            postings[Int(id)].append(Posting(document: documentID, frequency: UInt16(min(65_535, (frequency * 10).rounded())), fields: fields))
            documentFrequency[Int(id)] += 1
        }
        let message = fields.first { $0.0 == .message }?.1 ?? ""
        documents.append(Document(key: key, terms: Array(frequencies.keys), length: length, isAlive: true,
                                  fingerprint: fingerprint, sortKey: folder.sortKey(String(message.prefix(48)))))
        documentOfKey[key] = documentID
        totalLength += Double(length)
        listingOrder = nil
    }

    /// Drops a template's document.
    func remove(key: String) {
        guard let id = documentOfKey.removeValue(forKey: key) else { return }
        documents[Int(id)].isAlive = false
        for term in documents[Int(id)].terms { documentFrequency[Int(term)] -= 1 }
        totalLength -= Double(documents[Int(id)].length)
        documents[Int(id)].terms = []
        documents[Int(id)].sortKey = []
        deadDocuments += 1
        listingOrder = nil
        if deadDocuments > max(64, documents.count / 3) { compact() }
    }

    private func termID(_ term: Term) -> UInt32 {
        if let id = termIDs[term] { return id }
        let id = UInt32(terms.count)
        termIDs[term] = id
        terms.append(term)
        postings.append([])
        documentFrequency.append(0)
        sortedTermIDs.insert(id, at: firstTermIndex(notBefore: term))
        return id
    }

    /// Renumbers the live documents and drops the dead ones' postings.
    private func compact() {
        var newID = [UInt32](repeating: .max, count: documents.count)
        var live: [Document] = []
        live.reserveCapacity(liveDocuments)
        for (old, document) in documents.enumerated() where document.isAlive {
            newID[old] = UInt32(live.count)
            live.append(document)
        }
        for index in postings.indices {
            postings[index] = postings[index].compactMap { posting in
                let id = newID[Int(posting.document)]
                return id == .max ? nil : Posting(document: id, frequency: posting.frequency, fields: posting.fields)
            }
        }
        documents = live
        documentOfKey = Dictionary(uniqueKeysWithValues: live.enumerated().map { ($1.key, UInt32($0)) })
        deadDocuments = 0
    }

    private static func fingerprint(_ fields: [(Field, String)]) -> Int {
        var hasher = Hasher()
        for (field, text) in fields {
            hasher.combine(field.rawValue)
            hasher.combine(text)
        }
        return hasher.finalize()
    }

    // MARK: Queries

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
    /// ("hackearon" reaches "hackeada" through "hackea"), by the share they share.
    func reach(of term: Term, completing: Bool, stemming: Bool) -> [(id: UInt32, weight: Float)] {
        var found: [(id: UInt32, weight: Float)] = []
        if let exact = termIDs[term] { found.append((exact, 1)) }
        guard term.bytes.count >= Reach.minimumKey, completing || stemming else { return found }
        let length = term.bytes.count
        let stem = stemming ? max(Reach.minimumKey, Int((Double(length) * Reach.stemShare).rounded(.up))) : length
        let prefix = Term(bytes: Array(term.bytes.prefix(stem)))
        var index = firstTermIndex(notBefore: prefix)
        while index < sortedTermIDs.count, found.count < Reach.maximumExpansions {
            let id = sortedTermIDs[index]
            let candidate = terms[Int(id)]
            guard candidate.hasPrefix(prefix) else { break }
            index += 1
            if candidate == term { continue }
            if candidate.hasPrefix(term) {
                if completing { found.append((id, Reach.completion)) }
            } else if stemming {
                let shared = zip(candidate.bytes, term.bytes).prefix { $0 == $1 }.count
                found.append((id, Reach.stem * Float(shared) / Float(max(length, candidate.bytes.count))))
            }
        }
        return found
    }

    func documentFrequency(of id: UInt32) -> Int { Int(documentFrequency[Int(id)]) }

    func postings(of id: UInt32) -> [Posting] { postings[Int(id)] }

    /// The inverse document frequency of a query word (the best of what it reaches; a word the
    /// index has never seen weighs most).
    func idf(of term: Term) -> Float {
        let frequency = termIDs[term].map { documentFrequency(of: $0) } ?? 0
        return BM25.idf(documentFrequency: frequency, documents: liveDocuments)
    }

    /// The live templates in the locale's collation order of their replies, then by key.
    func orderedKeys() -> [String] {
        if let listingOrder { return listingOrder }
        let order = documents.filter(\.isAlive).sorted { a, b in
            a.sortKey == b.sortKey ? a.key < b.key : a.sortKey.lexicographicallyPrecedes(b.sortKey)
        }.map(\.key)
        listingOrder = order
        return order
    }
}
