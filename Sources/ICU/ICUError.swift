import CICU

/// A failure reported by ICU, with the operation that failed.
///
/// The description names the ICU status (`U_ILLEGAL_ARGUMENT_ERROR`) and what was being done,
/// never the caller's data beyond the identifier it passed.
public struct ICUError: Error, Sendable, Hashable, CustomStringConvertible {
    /// ICU's `UErrorCode` value.
    public let status: Int32
    /// What was being done, e.g. `open number format "::currency/XYZ"`.
    public let operation: String
    /// For a pattern or skeleton, the offset of the offending character, when ICU reports it.
    public let offset: Int?

    public init(status: Int32, operation: String, offset: Int? = nil) {
        self.status = status
        self.operation = operation
        self.offset = offset
    }

    /// ICU's name for the status, e.g. `U_ILLEGAL_ARGUMENT_ERROR`.
    public var name: String { String(cString: parley_error_name(status)) }

    public var description: String { "\(operation): \(name)" }
}

@inline(__always)
func isFailure(_ status: Int32) -> Bool { status > 0 }
