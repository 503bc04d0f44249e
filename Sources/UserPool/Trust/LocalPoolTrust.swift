import Foundation
import Gateway
import JWTKit
import Synchronization
import _CryptoExtras
import TimeSource

/// The built-in pool as a ``TrustedIssuer`` for the gateway: its published signing keys and its
/// app clients as the audience.
///
/// The authorizer asks both on every request, so both are snapshots read under a lock
/// (``PolledSnapshot``), not actor calls: the keys until a token names an unknown `kid`, the
/// client ids for a second.
public final class LocalPoolTrust: VerificationKeySource, AudienceSource {
    private let poolID: String
    private let keyring: SigningKeyring
    private let clock: any WallClock
    private let keys: PolledSnapshot<VerificationKeySet>
    private let clientIDs: PolledSnapshot<Set<String>>
    /// When the keys were last reloaded because of an unknown `kid`.
    private let lastUnknownKidReload = Mutex<Date>(.distantPast)
    /// How long the client-id list is reused before it is read again.
    private let audienceTTL: TimeInterval = 1

    public init(poolID: String, keyring: SigningKeyring, directory: UserPoolDirectory, clock: any WallClock) {
        self.poolID = poolID
        self.keyring = keyring
        self.clock = clock
        self.keys = PolledSnapshot { try await Self.verificationKeys(poolID: poolID, keyring: keyring) }
        self.clientIDs = PolledSnapshot { Set(try await directory.clients(poolID: poolID).map(\.id)) }
    }

    public func currentKeys() async throws -> VerificationKeySet {
        try await keys.value(now: clock.now(), maxAge: .infinity)
    }

    /// Reloads the keys from the database at most once a second, so a flood of tokens with
    /// made-up kids cannot turn into a flood of queries.
    public func keysAfterUnknownKid(_ kid: String) async throws -> VerificationKeySet {
        let now = clock.now()
        let due = lastUnknownKidReload.withLock { last in
            guard now.timeIntervalSince(last) >= 1 else { return false }
            last = now
            return true
        }
        guard due else { return try await currentKeys() }
        try await keyring.reload()
        return try await keys.reload(now: now)
    }

    private static func verificationKeys(poolID: String, keyring: SigningKeyring) async throws -> VerificationKeySet {
        let published = await keyring.publishedKeys(poolID: poolID)
        let collection = JWTKeyCollection()
        for key in published {
            let publicKey = try Insecure.RSA.PublicKey(backing: key.privateKey.publicKey)
            await collection.add(rsa: publicKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: key.kid))
        }
        return VerificationKeySet(kids: Set(published.map(\.kid)), collection: collection)
    }

    /// Reads the client ids again now: a client this instance created or deleted counts at once.
    public func reloadAudiences() async throws {
        try await clientIDs.reload(now: clock.now())
    }

    public func audiences() async throws -> Set<String> {
        try await clientIDs.value(now: clock.now(), maxAge: audienceTTL)
    }
}
