import Foundation

/// How much one caller may ask of a replica: a rate per API key for each class of request, and
/// how many expensive requests (export, import, snapshot) the replica runs at a time.
///
/// A rate is a token bucket: `count` requests per `unit` on average, up to `burst` at once.
/// Written as `CLASS=COUNT/UNIT[:BURST]` (unit `s`, `m` or `h`; the burst is the count unless
/// given), or `CLASS=off`:
///
/// ```swift
/// let limits = try RequestLimits(parsing: "render=2000/s:4000,write=off", expensiveAtOnce: 8)
/// ```
public struct RequestLimits: Sendable, Hashable {
    public struct Rate: Sendable, Hashable, CustomStringConvertible {
        /// Tokens added per second.
        public var perSecond: Double
        /// The most requests at once (the bucket's size).
        public var burst: Int
        /// As written (`10/s:30`).
        public var description: String
    }

    /// Why a limit was refused, in words for the person who wrote it.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// The rate of each class; a class without one is not limited.
    public var rates: [RequestClass: Rate]
    /// Expensive requests at a time on this replica (nil: no limit).
    public var expensiveAtOnce: Int?

    /// The defaults of `parley serve`: renders generous; reads, detection and writes stricter.
    public static let standardRates = "render=500/s:1000,read=50/s:100,detect=20/s:40,write=10/s:30"
    public static let standardExpensiveAtOnce = 4

    public static let standard: RequestLimits = {
        do {
            return try RequestLimits(parsing: standardRates, expensiveAtOnce: standardExpensiveAtOnce, over: RequestLimits(rates: [:]))
        } catch {
            fatalError("the standard limits do not parse: \(error)")
        }
    }()

    /// No limit at all.
    public static let unlimited = RequestLimits(rates: [:])

    public init(rates: [RequestClass: Rate], expensiveAtOnce: Int? = nil) {
        self.rates = rates
        self.expensiveAtOnce = expensiveAtOnce
    }

    /// `over`'s rates changed by a comma-separated list of `CLASS=COUNT/UNIT[:BURST]` or
    /// `CLASS=off` (`off` alone: no rate limit); at most `expensiveAtOnce` expensive requests at once.
    public init(parsing spec: String, expensiveAtOnce: Int?, over base: RequestLimits = .standard) throws(Refusal) {
        if let expensiveAtOnce, expensiveAtOnce < 1 {
            throw Refusal(description: "the number of expensive requests at once is at least 1")
        }
        var rates = base.rates
        let items = spec.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if items == ["off"] {
            rates = [:]
        } else {
            for item in items {
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let kind = RequestClass(rawValue: parts[0]) else {
                    let classes = RequestClass.allCases.map(\.rawValue).joined(separator: ", ")
                    throw Refusal(description: "'\(item)' is not CLASS=COUNT/UNIT[:BURST] with a class among \(classes)")
                }
                rates[kind] = parts[1] == "off" ? nil : try Self.rate(parts[1])
            }
        }
        self.init(rates: rates, expensiveAtOnce: expensiveAtOnce)
    }

    static let seconds: [Substring: Double] = ["s": 1, "m": 60, "h": 3_600]

    static func rate(_ text: String) throws(Refusal) -> Rate {
        let refusal = Refusal(description: "'\(text)' is not a rate such as 10/s, 600/m or 10/s:30 (a burst of 30)")
        let rateAndBurst = text.split(separator: ":", omittingEmptySubsequences: false)
        let countAndUnit = rateAndBurst[0].split(separator: "/", omittingEmptySubsequences: false)
        guard rateAndBurst.count <= 2, countAndUnit.count == 2, let count = Int(countAndUnit[0]), count > 0,
              let unit = seconds[countAndUnit[1]]
        else { throw refusal }
        let burst = rateAndBurst.count == 2 ? Int(rateAndBurst[1]) : count
        guard let burst, burst > 0 else { throw refusal }
        return Rate(perSecond: Double(count) / unit, burst: burst, description: text)
    }
}
