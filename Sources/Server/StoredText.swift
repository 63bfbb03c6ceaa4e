import Catalog
import ICU
import Logging
import MessageFormat
import Synchronization

/// A stored text as the render cache holds it: its source, compiled on its first render and kept
/// compiled. Loading a workspace then reads and keeps sources only, about a fifth of the compiled
/// form's memory, and a text that is never rendered is never compiled.
final class StoredText: Sendable {
    let locale: LocaleID
    let channel: ReplyChannel
    let source: String
    /// Where the compiled form's bytes are counted (the workspace's count).
    let count: CompiledBytes
    private let state = Mutex(State.notCompiled)

    private enum State {
        case notCompiled
        case compiled(CompiledMessage)
        /// Writes are checked, so only data written around the API lands here: it is not served.
        case fails
    }

    init(locale: LocaleID, channel: ReplyChannel, source: String, count: CompiledBytes) {
        self.locale = locale
        self.channel = channel
        self.source = source
        self.count = count
    }

    /// The compiled text; nil when it does not compile (logged once, as a text of template `key`).
    func compiled(template key: String) -> CompiledMessage? {
        state.withLock { state in
            switch state {
            case .compiled(let message): return message
            case .fails: return nil
            case .notCompiled:
                do {
                    let message = try CompiledMessage(source, locale: locale)
                    state = .compiled(message)
                    // The compiled form shares this text's source: counted once, here.
                    count.add(message.estimatedBytes - MemoryEstimate.string(source))
                    return message
                } catch {
                    state = .fails
                    Logger(label: "parley").error("stored text does not compile; it is not served",
                                                  metadata: ["template": "\(key)", "locale": "\(locale)", "error": "\(error)"])
                    return nil
                }
            }
        }
    }

    /// The bytes it holds before it is compiled: the object and its source.
    var estimatedBytes: Int {
        // The object: its header and fields (locale, channel, source, count, state and its lock).
        MemoryEstimate.allocation(80) + MemoryEstimate.string(source)
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
