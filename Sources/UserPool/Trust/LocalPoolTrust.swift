import Foundation
import Gateway
import JWTKit
import _CryptoExtras
import TimeSource

/// The built-in pool as a ``TrustedIssuer`` for the gateway: its published signing keys and its
/// app clients as the audience.
public actor LocalPoolTrust: VerificationKeySource, AudienceSource {
    private let poolID: String
    private let keyring: SigningKeyring
    private let directory: UserPoolDirectory
    private let clock: any WallClock
    private var keys: VerificationKeySet?
    private var lastReload: Date = .distantPast
    private var audienceCache: (ids: Set<String>, loadedAt: Date)?
    /// How long the client-id list is reused before it is read again.
    private let audienceTTL: TimeInterval = 1

    public init(poolID: String, keyring: SigningKeyring, directory: UserPoolDirectory, clock: any WallClock) {
        self.poolID = poolID
        self.keyring = keyring
        self.directory = directory
        self.clock = clock
    }

    public func currentKeys() async throws -> VerificationKeySet {
        if let keys { return keys }
        return try await rebuild()
    }

    /// Reloads the keys from the database at most once a second, so a flood of tokens with
    /// made-up kids cannot turn into a flood of queries.
    public func keysAfterUnknownKid(_ kid: String) async throws -> VerificationKeySet {
        let now = clock.now()
        if now.timeIntervalSince(lastReload) >= 1 {
            lastReload = now
            try await keyring.reload()
            return try await rebuild()
        }
        return try await currentKeys()
    }

    private func rebuild() async throws -> VerificationKeySet {
        let published = await keyring.publishedKeys(poolID: poolID)
        let collection = JWTKeyCollection()
        for key in published {
            let publicKey = try Insecure.RSA.PublicKey(backing: key.privateKey.publicKey)
            await collection.add(rsa: publicKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: key.kid))
        }
        let set = VerificationKeySet(kids: Set(published.map(\.kid)), collection: collection)
        keys = set
        return set
    }

    public func audiences() async throws -> Set<String> {
        let now = clock.now()
        if let cache = audienceCache, now.timeIntervalSince(cache.loadedAt) < audienceTTL, cache.loadedAt <= now {
            return cache.ids
        }
        let ids = Set(try await directory.clients(poolID: poolID).map(\.id))
        audienceCache = (ids, now)
        return ids
    }
}
