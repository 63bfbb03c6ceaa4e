import Catalog
import ICU
import Logging
import MessageFormat
import Synchronization

/// A stored text as the render cache holds it. A workspace loads without its texts' sources,
/// which stay in the database until a render needs one: the first render of one of a template's
/// texts reads the sources of all its texts (``RenderCache/readSources(of:in:)``), and the text
/// rendered is compiled and kept compiled. A million texts loaded then take a small object each,
/// and a text that is never rendered is never read or compiled.
final class StoredText: Sendable {
    let locale: LocaleID
    let channel: ReplyChannel
    /// Where the bytes it reads and compiles are counted (the workspace's count).
    let count: CompiledBytes
    private let state: Mutex<State>

    private enum State {
        /// Its source is in the database.
        case inDatabase
        case source(String)
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

    /// A text with its source (a template's change, read with its texts), or with its source in
    /// the database (`source` nil: a workspace's load).
    init(locale: LocaleID, channel: ReplyChannel, source: String?, count: CompiledBytes) {
        self.locale = locale
        self.channel = channel
        self.count = count
        state = Mutex(source.map(State.source) ?? .inDatabase)
    }

    /// The compiled text, compiled now if its source is held; a text that does not compile is
    /// logged once, as a text of template `key`.
    func compiled(template key: String) -> Compiled {
        state.withLock { state in
            switch state {
            case .compiled(let message): return .message(message)
            case .fails, .gone: return .none
            case .inDatabase: return .inDatabase
            case .source(let source):
                do {
                    let message = try CompiledMessage(source, locale: locale)
                    state = .compiled(message)
                    // The compiled form shares the source: what it adds is counted, not the source again.
                    count.add(message.estimatedBytes - MemoryEstimate.string(source))
                    return .message(message)
                } catch {
                    state = .fails
                    Logger(label: "parley").error("stored text does not compile; it is not served",
                                                  metadata: ["template": "\(key)", "locale": "\(locale)", "error": "\(error)"])
                    return .none
                }
            }
        }
    }

    /// Takes the source read from the database (nil: the text is gone there), unless it has one.
    func take(_ source: String?) {
        state.withLock { state in
            guard case .inDatabase = state else { return }
            guard let source else {
                state = .gone
                return
            }
            state = .source(source)
            count.add(MemoryEstimate.string(source))
        }
    }

    /// Whether its source was read (or came with it): false while the source is in the database.
    var isRead: Bool {
        state.withLock { state in
            if case .inDatabase = state { false } else { true }
        }
    }

    /// The bytes it holds as made: the object, and its source when it came with one.
    var estimatedBytes: Int {
        // The object: its header and fields (locale, channel, count, state and its lock).
        let source = state.withLock { state -> Int in
            if case .source(let source) = state { MemoryEstimate.string(source) } else { 0 }
        }
        return MemoryEstimate.allocation(72) + source
    }
}

/// Bytes of texts compiled on first render: each workspace's, added into the whole cache's.
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
