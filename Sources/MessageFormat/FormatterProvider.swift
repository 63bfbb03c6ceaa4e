import ICU
import Synchronization

/// Where compiled messages get their ICU formatters from: the seam between the message engine
/// and the locale services that implement it.
///
/// ICU formatters are expensive to create (they load locale data) and cheap to use, and they
/// are immutable once made, so one shared, caching provider serves every message.
public protocol FormatterProvider: Sendable {
    func numberFormat(_ style: NumberFormat.Style, locale: LocaleID) throws(ICUError) -> NumberFormat
    func dateFormat(_ style: DateStyle, locale: LocaleID, timeZone: String) throws(ICUError) -> DateFormat
    func pluralRules(_ type: PluralType, locale: LocaleID) throws(ICUError) -> PluralRules
}

/// A date or time format as a message names it.
public enum DateStyle: Sendable, Hashable {
    /// The locale's date and/or time format of these lengths.
    case lengths(date: DateFormat.Length?, time: DateFormat.Length?)
    /// A SimpleDateFormat pattern.
    case pattern(String)
    /// A skeleton, resolved to the locale's best pattern.
    case skeleton(String)
}

/// The default provider: creates formatters through ICU and keeps them, up to a bound.
public final class CachingFormatterProvider: FormatterProvider {
    /// The process-wide provider.
    public static let shared = CachingFormatterProvider()

    private enum Key: Hashable {
        case number(NumberFormat.Style, LocaleID)
        case date(DateStyle, LocaleID, String)
        case plural(PluralType, LocaleID)
    }

    private let cache = Mutex<[Key: any AnyObject & Sendable]>([:])
    /// Beyond this many formatters, new ones are made for the caller but not kept, so that
    /// a flood of distinct patterns cannot grow memory without bound.
    public let capacity: Int

    public init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    public func numberFormat(_ style: NumberFormat.Style, locale: LocaleID) throws(ICUError) -> NumberFormat {
        try cached(.number(style, locale)) { () throws(ICUError) in try NumberFormat(style, locale: locale) }
    }

    public func dateFormat(_ style: DateStyle, locale: LocaleID, timeZone: String) throws(ICUError) -> DateFormat {
        try cached(.date(style, locale, timeZone)) { () throws(ICUError) in
            switch style {
            case .lengths(let date, let time):
                try DateFormat(date: date, time: time, locale: locale, timeZone: timeZone)
            case .pattern(let pattern):
                try DateFormat(pattern: pattern, locale: locale, timeZone: timeZone)
            case .skeleton(let skeleton):
                try DateFormat(skeleton: skeleton, locale: locale, timeZone: timeZone)
            }
        }
    }

    public func pluralRules(_ type: PluralType, locale: LocaleID) throws(ICUError) -> PluralRules {
        try cached(.plural(type, locale)) { () throws(ICUError) in try PluralRules(locale: locale, type: type) }
    }

    private func cached<T: AnyObject & Sendable>(_ key: Key, _ make: () throws(ICUError) -> T) throws(ICUError) -> T {
        if let found = cache.withLock({ $0[key] }) as? T { return found }
        // Created outside the lock: ICU may take milliseconds to load data. Two callers may both
        // create one; the first stored wins and the other is dropped.
        let made = try make()
        return cache.withLock { entries in
            if let found = entries[key] as? T { return found }
            if entries.count < capacity { entries[key] = made }
            return made
        }
    }
}
