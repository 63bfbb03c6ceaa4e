import Foundation

/// When a new key stops working, as people write it: the rule for `parley keys create --expires`
/// and for the keys API's `expiresAt`.
///
/// ```swift
/// try KeyExpiry.parse("30d")                    // 30 days from now
/// try KeyExpiry.parse("2026-12-31")             // midnight UTC at the start of that day
/// try KeyExpiry.parse("2026-12-31T18:00:00Z")   // that moment (an offset such as +02:00 works too)
/// ```
public enum KeyExpiry {
    /// Why an expiry was refused, in words for the person who wrote it.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// Seconds per unit of a relative expiry.
    static let units: [Character: Double] = ["m": 60, "h": 3_600, "d": 86_400, "w": 604_800]

    /// A relative expiry (`90m`, `12h`, `30d`, `2w`) counted from `now`, or an absolute one (`timestamp`).
    public static func parse(_ text: String, now: Date = Date()) throws(Refusal) -> Date {
        if let unit = text.last, let seconds = units[unit], let count = Int(text.dropLast()), count > 0 {
            return now.addingTimeInterval(Double(count) * seconds)
        }
        do {
            return try timestamp(text)
        } catch {
            throw Refusal(description: "'\(text)' is not an expiry: give a duration (90m, 12h, 30d, 2w) or a date (2026-12-31, 2026-12-31T18:00:00Z)")
        }
    }

    /// An absolute time: an ISO 8601 date and time with its offset (fractions of a second allowed),
    /// or a date alone (midnight UTC).
    public static func timestamp(_ text: String) throws(Refusal) -> Date {
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        throw Refusal(description: "'\(text)' is not an ISO 8601 time, such as 2026-12-31T18:00:00Z or 2026-12-31")
    }
}
