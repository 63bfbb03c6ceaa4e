import CICU

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A C call that writes UTF-8 into a buffer and returns the length it needs.
typealias UTF8Writer = (UnsafeMutablePointer<CChar>, Int32, UnsafeMutablePointer<Int32>) -> Int32

/// Runs a shim call that writes UTF-8 and returns the text, retrying once with the exact size
/// when the first buffer was too small. Most results (numbers, dates, tags) fit in the first.
@inline(__always)
func readUTF8(_ operation: @autoclosure () -> String, _ write: UTF8Writer) throws(ICUError) -> String {
    var failure: Int32 = 0
    let text: String? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
        var status: Int32 = 0
        let length = write(buffer.baseAddress!, 256, &status)
        if status == PARLEY_BUFFER_OVERFLOW { return nil }
        if isFailure(status) {
            failure = status
            return ""
        }
        return decode(buffer.baseAddress!, Int(length))
    }
    if isFailure(failure) { throw ICUError(status: failure, operation: operation()) }
    if let text { return text }
    return try readLarge(operation(), write)
}

private func readLarge(_ operation: String, _ write: UTF8Writer) throws(ICUError) -> String {
    var status: Int32 = 0
    var empty: CChar = 0
    let needed = write(&empty, 0, &status)
    status = 0
    var result = ""
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(needed)) { buffer in
        let length = write(buffer.baseAddress!, needed, &status)
        if !isFailure(status) { result = decode(buffer.baseAddress!, Int(length)) }
    }
    if isFailure(status) { throw ICUError(status: status, operation: operation) }
    return result
}

@inline(__always)
private func decode(_ pointer: UnsafeMutablePointer<CChar>, _ count: Int) -> String {
    pointer.withMemoryRebound(to: UInt8.self, capacity: count) {
        String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
    }
}

/// Runs `body` with C strings for each element of `strings`, kept alive for the call.
func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return body(pointers.map { UnsafePointer($0) })
}
