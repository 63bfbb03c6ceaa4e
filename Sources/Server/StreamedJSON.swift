import Foundation
import Hummingbird

/// A JSON object written while it is made: members, and arrays whose items come in runs, each
/// run encoded and written as it arrives. An answer of any size then takes the memory of one run,
/// and the writer waits while the client reads (the body's backpressure).
final class StreamedJSONObject: @unchecked Sendable {
    // Unchecked: only the response body's task uses it, one call after another.
    private var writer: any ResponseBodyWriter
    private var members = 0
    /// The array member now open, and how many items it has.
    private var array: (name: String, items: Int)?
    /// The array members opened so far: each is written once.
    private var arrays: Set<String> = []

    init(_ writer: any ResponseBodyWriter) {
        self.writer = writer
    }

    /// Writes the member `name` with `value`, closing the array before it.
    func member(_ name: String, _ value: some Encodable) async throws {
        try await closeArray()
        try await write(separator() + quoted(name) + ":" + String(decoding: try JSON.encoder.encode(value), as: UTF8.self))
    }

    /// Adds `items` to the array member `name`, opening it (and closing the one before) when it is not open yet.
    func append(_ items: [some Encodable], to name: String) async throws {
        if array?.name != name {
            precondition(!arrays.contains(name), "the array member \(name) was written already")
            arrays.insert(name)
            try await closeArray()
            try await write(separator() + quoted(name) + ":[")
            array = (name, 0)
        }
        guard !items.isEmpty else { return }
        var text = String(decoding: try JSON.encoder.encode(items), as: UTF8.self)
        // The run as an array, without its brackets, after a comma when items came before.
        text = String(text.dropFirst().dropLast())
        try await write(array!.items > 0 ? "," + text : text)
        array!.items += items.count
    }

    /// Writes the array member `name`, empty, unless it was written already.
    func ensureArray(_ name: String) async throws {
        if !arrays.contains(name) { try await append([Int](), to: name) }
    }

    /// Closes the object and ends the body.
    func finish() async throws {
        try await closeArray()
        try await write(members == 0 ? "{}" : "}")
        try await writer.finish(nil)
    }

    private func closeArray() async throws {
        guard array != nil else { return }
        array = nil
        try await write("]")
    }

    /// `{` before the first member, `,` before the others.
    private func separator() -> String {
        defer { members += 1 }
        return members == 0 ? "{" : ","
    }

    private func quoted(_ name: String) -> String { "\"\(name)\"" }

    private func write(_ text: String) async throws {
        try await writer.write(ByteBuffer(string: text))
    }
}
