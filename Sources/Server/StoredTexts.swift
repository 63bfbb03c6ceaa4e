import Catalog
import ICU
import Logging
import MessageFormat
import Synchronization

/// A template's texts as the render cache holds them, in one object: where each text is (its
/// locale and channel) and what it holds. A workspace loads without its texts' sources, which stay
/// in the database until a render needs one: the first render of one of a template's texts reads
/// the sources of them all (``RenderCache/readSources(of:in:)``), and the text rendered is
/// compiled and kept compiled. A text that is never rendered is never read or compiled.
///
/// One object and two lists per template, not an object per text: a cache that loads and lets go
/// of workspaces all day would scatter a million small objects over pages that, partly in use,
/// it could never hand back to the system.
final class StoredTexts: Sendable {
    /// Where a text is.
    struct Place: Hashable, Sendable {
        let locale: LocaleID
        let channel: ReplyChannel
    }

    /// A text's source and the syntax it is written in.
    struct Source: Sendable {
        let text: String
        let syntax: MessageSyntax
    }

    /// Each text's place, in the order of its state.
    let places: [Place]
    /// Where the bytes read and compiled are counted (the workspace's count).
    let counted: CompiledBytes
    private let states: Mutex<[State]>

    private enum State {
        /// Its source is in the database.
        case inDatabase
        case source(Source)
        case compiled(CompiledMessage)
        /// Writes are checked, so only data written around the API lands here: it is not served.
        case fails
        /// Read again, the text was gone (deleted, or made a draft): not served until the change
        /// that did it arrives.
        case gone
    }

    /// What a render finds.
    enum Compiled {
        case message(CompiledMessage)
        /// Not served (see ``State/fails`` and ``State/gone``).
        case none
        /// Its source must be read first.
        case inDatabase
    }

    /// Texts with their sources (a template's change, read with its texts), or with their sources
    /// in the database (nil: a workspace's load).
    init(_ texts: [(place: Place, source: Source?)], counted: CompiledBytes) {
        places = texts.map(\.place)
        states = Mutex(texts.map { $0.source.map(State.source) ?? .inDatabase })
        self.counted = counted
    }

    /// The index of the text in `locale` for `channel`: a template has a few dozen texts, and
    /// going through them takes nanoseconds.
    func index(_ locale: LocaleID, _ channel: ReplyChannel) -> Int? {
        places.firstIndex { $0.locale == locale && $0.channel == channel }
    }

    /// The compiled text at `index`, compiled now if its source is held. Compiling happens
    /// outside the lock, so the template's other texts are not held up; a text that does not
    /// compile is logged once, as a text of template `key`.
    func compiled(at index: Int, template key: String) -> Compiled {
        let source: Source
        switch states.withLock({ $0[index] }) {
        case .compiled(let message): return .message(message)
        case .fails, .gone: return .none
        case .inDatabase: return .inDatabase
        case .source(let held): source = held
        }
        let locale = places[index].locale
        let compiled = Result { try CompiledMessage(source.text, syntax: source.syntax, locale: locale) }
        // The first to finish keeps its result; a render that compiled it too uses what was kept.
        let (kept, isFirst) = states.withLock { states -> (State, Bool) in
            guard case .source = states[index] else { return (states[index], false) }
            states[index] = (try? compiled.get()).map(State.compiled) ?? .fails
            return (states[index], true)
        }
        if isFirst {
            switch compiled {
            case .success(let message):
                // The compiled form shares the source: what it adds is counted, not the source again.
                counted.add(message.estimatedBytes - MemoryEstimate.string(source.text))
            case .failure(let error):
                Logger(label: "parley").error("stored text does not compile; it is not served",
                                              metadata: ["template": "\(key)", "locale": "\(locale)", "error": "\(error)"])
            }
        }
        if case .compiled(let message) = kept { return .message(message) }
        return .none
    }

    /// Takes the sources read from the database for the texts still without one; a text the
    /// database no longer has is gone.
    func take(_ sources: [Place: Source]) {
        let added = states.withLock { states in
            var added = 0
            for index in states.indices {
                guard case .inDatabase = states[index] else { continue }
                if let source = sources[places[index]] {
                    states[index] = .source(source)
                    added += MemoryEstimate.string(source.text)
                } else {
                    states[index] = .gone
                }
            }
            return added
        }
        counted.add(added)
    }

    /// How many texts have their source read (or came with it).
    var readCount: Int {
        states.withLock { states in
            states.count(where: { if case .inDatabase = $0 { false } else { true } })
        }
    }

    /// The bytes it holds as made: the object, its two lists, and the sources it came with.
    var estimatedBytes: Int {
        let sources = states.withLock { states in
            states.reduce(0) { total, state in
                if case .source(let source) = state { total + MemoryEstimate.string(source.text) } else { total }
            }
        }
        return MemoryEstimate.allocation(48) + MemoryEstimate.allocation(32 + places.count * MemoryLayout<Place>.stride)
            + MemoryEstimate.allocation(32 + places.count * MemoryLayout<State>.stride) + sources
    }
}

/// Bytes of texts read and compiled on first render: each workspace's, added into the whole cache's.
final class CompiledBytes: Sendable {
    private let bytes = Atomic<Int>(0)
    private let whole: CompiledBytes?

    init(addingTo whole: CompiledBytes? = nil) {
        self.whole = whole
    }

    var value: Int { bytes.load(ordering: .relaxed) }

    func add(_ count: Int) {
        bytes.add(count, ordering: .relaxed)
        whole?.add(count)
    }
}
