import Foundation
@testable import Gateway
import JWTKit
import Synchronization
import Testing
import TimeSource

/// The verified-token cache skips only the signature check: a token it holds is still refused
/// once it expires, is revoked, or its key is withdrawn.
@Suite("Verified-token cache")
struct VerifiedTokenCacheTests {
    /// Keys and revocations a test can change between two calls.
    final class Switchable: VerificationKeySource, AudienceSource, RevocationCheck {
        let keys: VerificationKeySet
        let withdrawn = Mutex(false)
        let revoked = Mutex(false)
        init(keys: VerificationKeySet) { self.keys = keys }
        func currentKeys() async throws -> VerificationKeySet {
            withdrawn.withLock { $0 } ? VerificationKeySet(kids: [], collection: keys.collection) : keys
        }
        func keysAfterUnknownKid(_ kid: String) async throws -> VerificationKeySet { try await currentKeys() }
        func audiences() async throws -> Set<String> { [TestTokens.clientID] }
        func isRevoked(_ principal: Principal) async throws -> Bool { revoked.withLock { $0 } }
    }

    func setUp() async throws -> (JWTAuthorizer, Switchable, String, ManualClock) {
        let tokens = try TestTokens()
        let clock = ManualClock(Date(timeIntervalSince1970: 1_795_000_000))
        let trust = Switchable(keys: try await tokens.keySet())
        let authorizer = JWTAuthorizer(
            issuers: [TrustedIssuer(issuer: TestTokens.issuer, keys: trust, audiences: trust, clockSkew: 5, revocation: trust)], clock: clock)
        return (authorizer, trust, "Bearer " + tokens.accessToken(now: clock.now()), clock)
    }

    func failure(_ body: () async throws -> Principal) async -> AuthorizerFailure? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error as? AuthorizerFailure
        }
    }

    @Test("a token seen before expires like any other")
    func expiry() async throws {
        let (authorizer, _, token, clock) = try await setUp()
        #expect(authorizer.verified.count == 0)
        let first = try await authorizer.authorize(authorization: token)
        #expect(authorizer.verified.count == 1, "the verified signature is remembered")
        let second = try await authorizer.authorize(authorization: token)
        #expect(first == second)
        #expect(authorizer.verified.count == 1)
        clock.advance(by: 3601)
        #expect(await failure { try await authorizer.authorize(authorization: token) } == .expired)
    }

    @Test("a token seen before is refused once revoked")
    func revocation() async throws {
        let (authorizer, trust, token, _) = try await setUp()
        _ = try await authorizer.authorize(authorization: token)
        trust.revoked.withLock { $0 = true }
        #expect(await failure { try await authorizer.authorize(authorization: token) } == .revoked)
    }

    @Test("a token seen before is refused once its key is withdrawn")
    func withdrawnKey() async throws {
        let (authorizer, trust, token, _) = try await setUp()
        _ = try await authorizer.authorize(authorization: token)
        trust.withdrawn.withLock { $0 = true }
        #expect(await failure { try await authorizer.authorize(authorization: token) } == .unknownKeyID)
    }

    @Test("a forged token is never a cache hit: another signature is another entry, and is refused")
    func forgery() async throws {
        let (authorizer, _, token, _) = try await setUp()
        _ = try await authorizer.authorize(authorization: token)
        let forged = String(token.dropLast(4)) + (token.hasSuffix("AAAA") ? "BBBB" : "AAAA")
        #expect(await failure { try await authorizer.authorize(authorization: forged) } == .invalidSignature)
        #expect(authorizer.verified.count == 1)
    }

    @Test("the cache stays within its capacity")
    func bounded() {
        let cache = VerifiedTokenCache(capacity: 3)
        for index in 0..<10 {
            cache.store(.init(issuer: "i", kid: "k", claims: [:], expiresAt: 100), for: Substring("token-\(index)"), now: 0)
        }
        #expect(cache.count <= 3)
        #expect(cache.entry(for: "token-9") != nil)
    }
}
