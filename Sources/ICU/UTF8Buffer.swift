/// A growable UTF-8 byte buffer that ICU's formatters write into directly, so that rendering
/// builds its text without intermediate strings.
///
/// It is not copyable: it owns its memory and frees it when it goes away.
public struct UTF8Buffer: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var written = 0
    /// Bytes written so far.
    public var count: Int { written }

    /// Whether `base` is ours to free (not the caller's scratch space).
    @usableFromInline var ownsStorage = true

    public init(capacity: Int = 256) {
        self.capacity = max(16, capacity)
        self.base = .allocate(capacity: self.capacity)
    }

    /// Starts in the caller's scratch space (say, a stack allocation) and moves to the heap
    /// only if the text outgrows it. The buffer must not outlive `scratch`.
    public init(scratch: UnsafeMutableBufferPointer<UInt8>) {
        self.capacity = scratch.count
        self.base = scratch.baseAddress!
        self.ownsStorage = false
    }

    deinit { if ownsStorage { base.deallocate() } }

    /// Makes room for at least `extra` more bytes.
    @inlinable
    public mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        grow(to: count + extra)
    }

    @usableFromInline
    mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        if ownsStorage { base.deallocate() }
        ownsStorage = true
        base = newBase
        capacity = newCapacity
    }

    @inlinable
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        (base + count).update(from: bytes.baseAddress!, count: bytes.count)
        written += bytes.count
    }

    /// Appends a string's UTF-8.
    @inlinable
    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    @inlinable
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    @inlinable
    public mutating func append(byte: UInt8) {
        reserve(1)
        base[count] = byte
        written += 1
    }

    /// Lets a C call write UTF-8 at the end: it gets the free space and returns the length it
    /// needs; when that is more than it got, the buffer grows and the call runs again.
    @inlinable
    public mutating func write(_ writer: (UnsafeMutablePointer<CChar>, Int32, UnsafeMutablePointer<Int32>) -> Int32) {
        reserve(64)
        var status: Int32 = 0
        var length = (base + count).withMemoryRebound(to: CChar.self, capacity: capacity - count) {
            writer($0, Int32(capacity - count), &status)
        }
        if Int(length) > capacity - count {
            reserve(Int(length))
            status = 0
            length = (base + count).withMemoryRebound(to: CChar.self, capacity: capacity - count) {
                writer($0, Int32(capacity - count), &status)
            }
        }
        if status <= 0 { written += Int(length) }
    }

    /// Drops bytes after the first `newCount`.
    public mutating func truncate(to newCount: Int) {
        written = min(written, max(0, newCount))
    }

    /// The bytes written, as a view that must not escape the closure.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        body(UnsafeBufferPointer(start: base, count: count))
    }

    /// The text written (invalid UTF-8, which ICU never writes, would be repaired).
    public var string: String {
        String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    }
}

extension NumberFormat {
    /// Formats straight into a buffer.
    @inlinable
    public func write(_ value: Int64, into buffer: inout UTF8Buffer) {
        if let integerLayout, value >= 0 { return integerLayout.write(value, into: &buffer) }
        buffer.write { parley_number_format_int64(handle, value, $0, $1, $2) }
    }

    @inlinable
    public func write(_ value: Double, into buffer: inout UTF8Buffer) {
        // An integral double shows as the integer would (the layout is only kept for formats
        // whose integers print without fraction digits).
        if let integerLayout, value >= 0, value < 1e15, value.rounded(.towardZero) == value, value.sign == .plus {
            return integerLayout.write(Int64(value), into: &buffer)
        }
        buffer.write { parley_number_format_double(handle, value, $0, $1, $2) }
    }
}

extension DateFormat {
    @inlinable
    public func write(millisecondsSince1970 millis: Double, into buffer: inout UTF8Buffer) {
        if let layout, DateLayout.range.contains(millis) { return layout.write(millis, into: &buffer) }
        buffer.write { parley_date_format(handle, millis, $0, $1, $2) }
    }
}

import CICU
