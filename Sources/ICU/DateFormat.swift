import CICU

/// A date and time format from ICU, bound to a locale and a time zone.
///
/// ```swift
/// let format = try DateFormat(date: .long, locale: LocaleID("de"), timeZone: "Europe/Berlin")
/// format.format(millisecondsSince1970: 1_773_477_000_000)   // "14. März 2026"
/// ```
public final class DateFormat: @unchecked Sendable {
    // Immutable after creation; ICU formats on a clone of its calendar: safe to share.
    @usableFromInline let handle: OpaquePointer
    /// The locale the format is for.
    public let locale: LocaleID
    /// The IANA time zone ID.
    public let timeZone: String
    /// For Gregorian formats in UTC: a verified way to write dates without calling ICU.
    @usableFromInline var layout: DateLayout? = nil

    /// The length of a date or time.
    public enum Length: Int32, Sendable, Hashable {
        case full = 0, long = 1, medium = 2, short = 3
    }

    /// The locale's format for a date, a time, or both.
    public init(date: Length?, time: Length? = nil, locale: LocaleID, timeZone: String = "UTC") throws(ICUError) {
        var status: Int32 = 0
        let handle = parley_date_open_styles(date?.rawValue ?? -1, time?.rawValue ?? -1, locale.tag, timeZone, &status)
        self.handle = try Self.check(handle, status, "open date format")
        self.locale = locale
        self.timeZone = timeZone
        self.layout = makeLayout()
    }

    /// A SimpleDateFormat pattern (`d MMM y, HH:mm`).
    public convenience init(pattern: String, locale: LocaleID, timeZone: String = "UTC") throws(ICUError) {
        try self.init(text: pattern, locale: locale, timeZone: timeZone, operation: "open date pattern", open: parley_date_open_pattern)
    }

    /// A date skeleton (`yMMMd`), resolved to the locale's best pattern for it.
    public convenience init(skeleton: String, locale: LocaleID, timeZone: String = "UTC") throws(ICUError) {
        try self.init(text: skeleton, locale: locale, timeZone: timeZone, operation: "open date skeleton", open: parley_date_open_skeleton)
    }

    private init(
        text: String, locale: LocaleID, timeZone: String, operation: String,
        open: (UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutablePointer<Int32>?) -> OpaquePointer?
    ) throws(ICUError) {
        var status: Int32 = 0
        var text = text
        let handle = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { open($0.baseAddress, Int32($0.count), locale.tag, timeZone, &status) }
        }
        self.handle = try Self.check(handle, status, operation)
        self.locale = locale
        self.timeZone = timeZone
        self.layout = makeLayout()
    }

    private static func check(_ handle: OpaquePointer?, _ status: Int32, _ operation: String) throws(ICUError) -> OpaquePointer {
        guard let handle, !isFailure(status) else { throw ICUError(status: status, operation: operation) }
        return handle
    }

    deinit { parley_date_close(handle) }

    private func makeLayout() -> DateLayout? {
        let handle = self.handle
        return DateLayout(handle: handle) { millis in
            (try? readUTF8("format date") { parley_date_format(handle, millis, $0, $1, $2) }) ?? ""
        }
    }

    /// Formats an instant given in milliseconds since 1970-01-01T00:00:00Z.
    public func format(millisecondsSince1970 millis: Double) -> String {
        if let layout, DateLayout.range.contains(millis) {
            var buffer = UTF8Buffer(capacity: 64)
            layout.write(millis, into: &buffer)
            return buffer.string
        }
        return (try? readUTF8("format date") { parley_date_format(handle, millis, $0, $1, $2) }) ?? ""
    }

    /// Formats through ICU itself, bypassing the verified layout (for checking the layout).
    public func formatWithICU(millisecondsSince1970 millis: Double) -> String {
        (try? readUTF8("format date") { parley_date_format(handle, millis, $0, $1, $2) }) ?? ""
    }

    /// Whether ICU knows the time zone ID (ICU would quietly use GMT for an unknown one).
    public static func isKnownTimeZone(_ identifier: String) -> Bool {
        parley_time_zone_is_known(identifier) != 0
    }
}
