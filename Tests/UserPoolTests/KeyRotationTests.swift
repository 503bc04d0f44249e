import Foundation
import Logging
import Storage
import Testing
import TimeSource
@testable import UserPool

/// Rotating the signing keys: the new key is published at once and signs only after the lead
/// time; the old one stays published until every token it can have signed has expired.
@Suite("Signing-key rotation")
struct KeyRotationTests {
    let start = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("new keys sign after the lead time; old keys stay in the JWKS until their last token expires")
    func rotation() async throws {
        try await MigratedDatabase.with(startingAt: start) { database, clock, _ in
            let secrets = SecretBox(masterKey: MasterKey.generate())
            let pool = try await UserPoolDirectory(database: database, secrets: secrets, clock: clock).createPool(name: "p", region: "ap-southeast-1")
            let keyring = SigningKeyring(database: database, secrets: secrets, clock: clock)
            let old = try await keyring.createKey(poolID: pool.id, tokenUse: .access)

            let created = try await keyring.rotate(poolID: pool.id, lead: 600)
            let new = try #require(created.first { $0.tokenUse == .access })
            // Published at once, on this instance and on one that reads the database afresh.
            let other = SigningKeyring(database: database, secrets: secrets, clock: clock)
            try await other.reload()
            for ring in [keyring, other] {
                #expect(Set(await ring.publishedKeys(poolID: pool.id).map(\.kid)).isSuperset(of: [old.kid, new.kid]))
                #expect(try await ring.currentKey(poolID: pool.id, tokenUse: .access).kid == old.kid)
            }
            clock.advance(by: 599)
            #expect(try await keyring.currentKey(poolID: pool.id, tokenUse: .access).kid == old.kid)
            clock.advance(by: 1)
            #expect(try await keyring.currentKey(poolID: pool.id, tokenUse: .access).kid == new.kid)
            // The old key signed its last token at the switch; it stays published for the longest token life.
            clock.advance(by: SigningKeyring.longestTokenLife - 1)
            #expect(await keyring.publishedKeys(poolID: pool.id).map(\.kid).contains(old.kid))
            clock.advance(by: 1)
            #expect(await !keyring.publishedKeys(poolID: pool.id).map(\.kid).contains(old.kid))
            #expect(await keyring.publishedKeys(poolID: pool.id).map(\.kid).contains(new.kid))
            #expect(try await keyring.currentKey(poolID: pool.id, tokenUse: .access).kid == new.kid)
        }
    }
}
