import Crypto
import Foundation
import Synchronization

/// Tokens whose RS256 signature this instance has already verified (DESIGN §7: the per-instance
/// verified-token cache). A token presented again skips decoding and signature verification; its
/// key, audience, expiry and revocation are still checked on every request, so the cache never
/// lets a token through that the full check would refuse. Bounded: past `capacity` entries,
/// expired ones are dropped, and if none were, the whole cache is cleared.
final class VerifiedTokenCache: Sendable {
    struct Entry: Sendable {
        var issuer: String
        var kid: String
        var claims: [String: ClaimValue]
        /// The token's `exp`: an entry is useless after it.
        var expiresAt: Double
    }

    /// Keyed by the SHA-256 of the token, so no bearer token is kept in memory.
    private let entries = Mutex<[SHA256Digest: Entry]>([:])
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func entry(for token: Substring) -> Entry? {
        let key = Self.key(token)
        return entries.withLock { $0[key] }
    }

    static func key(_ token: Substring) -> SHA256Digest {
        // Hashed in place: copying the token into `Data` walks it byte by byte on every request.
        var token = token
        return token.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
    }

    func store(_ entry: Entry, for token: Substring, now: Double) {
        let key = Self.key(token)
        entries.withLock { cache in
            if cache.count >= capacity {
                cache = cache.filter { $0.value.expiresAt > now }
                if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            }
            cache[key] = entry
        }
    }

    var count: Int { entries.withLock { $0.count } }
}
