import Synchronization

/// A token bucket per API key and class of request, in this replica's memory.
///
/// Each replica counts on its own, so behind N replicas a key may reach N times its rate: the
/// limit protects each replica from one caller, which is what it is for.
final class TokenBuckets: Sendable {
    struct Key: Hashable {
        var keyID: Int64
        var kind: RequestClass
    }

    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    /// Buckets are spread over locks by key, so renders of different keys rarely wait for each other.
    final class Stripe: Sendable {
        let buckets = Mutex<[Key: Bucket]>([:])
    }

    /// Past this many buckets in a stripe, the full ones are dropped (a full bucket is a new one).
    static let bucketsPerStripe = 4_096

    private let stripes: [Stripe] = (0..<16).map { _ in Stripe() }

    /// Takes a token; nil when there was one, else how long until there is.
    func take(_ key: Key, rate: RequestLimits.Rate, now: ContinuousClock.Instant = .now) -> Duration? {
        let stripe = stripes[Int(UInt64(bitPattern: key.keyID) % UInt64(stripes.count))]
        let burst = Double(rate.burst)
        return stripe.buckets.withLock { buckets in
            if buckets.count > Self.bucketsPerStripe {
                buckets = buckets.filter { $0.value.tokens + Self.seconds(now - $0.value.updated) * rate.perSecond < burst }
            }
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + Self.seconds(now - bucket.updated) * rate.perSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else { return .seconds((1 - bucket.tokens) / rate.perSecond) }
            bucket.tokens -= 1
            return nil
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
