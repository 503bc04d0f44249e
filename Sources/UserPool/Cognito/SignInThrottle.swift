import Synchronization

/// A token bucket per client address for the unauthenticated sign-in operations, checked before
/// any password work: a burst of `burst` requests, refilled at `ratePerSecond`. Past it the
/// Cognito endpoint answers `TooManyRequestsException`, so guessing from one address cannot reach
/// the hasher faster than the rate, and other clients keep their share.
///
/// Per instance and in memory, like API Gateway's own throttling. At most ``maximumAddresses``
/// buckets are kept; when that many exist, the full ones (addresses that have been quiet long
/// enough to refill) are dropped, and if none is full, the table is cleared rather than grown.
public final class SignInThrottle: Sendable {
    private struct Bucket {
        /// Thousandths of a request, so refilling needs no floating point.
        var milliTokens: Int64
        var updated: ContinuousClock.Instant
    }

    public static let maximumAddresses = 50_000
    private let ratePerSecond: Int64
    private let burst: Int64
    private let buckets = Mutex<[String: Bucket]>([:])

    /// - Parameters:
    ///   - ratePerSecond: sustained requests per second per address (1–10,000).
    ///   - burst: requests an idle address may send at once (1–100,000).
    public init(ratePerSecond: Int, burst: Int) {
        self.ratePerSecond = Int64(min(max(ratePerSecond, 1), 10_000))
        self.burst = Int64(min(max(burst, 1), 100_000))
    }

    /// Takes one request from `address`'s bucket; false when it is empty.
    public func allow(_ address: String, now: ContinuousClock.Instant = .now) -> Bool {
        let capacity = burst * 1000
        return buckets.withLock { buckets in
            var bucket = buckets[address] ?? Bucket(milliTokens: capacity, updated: now)
            let elapsed = bucket.updated.duration(to: now)
            let (seconds, attoseconds) = elapsed.components
            // Whole milliseconds elapsed (capped so that the product cannot overflow); the rest of a
            // millisecond stays on the clock for the next request.
            let milliseconds = max(0, min(seconds, 1_000_000) * 1000 + attoseconds / 1_000_000_000_000_000)
            if milliseconds > 0 {
                let refilled = bucket.milliTokens + milliseconds * ratePerSecond
                if refilled >= capacity {
                    bucket.milliTokens = capacity
                    bucket.updated = now
                } else {
                    bucket.milliTokens = refilled
                    bucket.updated = bucket.updated.advanced(by: .milliseconds(milliseconds))
                }
            }
            guard bucket.milliTokens >= 1000 else {
                buckets[address] = bucket
                return false
            }
            bucket.milliTokens -= 1000
            if buckets[address] == nil && buckets.count >= Self.maximumAddresses {
                buckets = buckets.filter { $0.value.milliTokens < capacity }
                if buckets.count >= Self.maximumAddresses { buckets.removeAll(keepingCapacity: true) }
            }
            buckets[address] = bucket
            return true
        }
    }

    /// How many addresses have a bucket.
    public var trackedAddresses: Int { buckets.withLock { $0.count } }
}
