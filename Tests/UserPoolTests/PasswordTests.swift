import Crypto
import Foundation
import Testing
@testable import UserPool

@Suite("Passwords")
struct PasswordTests {
    let hasher: PasswordHasher

    init() throws {
        hasher = try PasswordHasher(pepper: SymmetricKey(size: .bits256), cost: 4)
    }

    @Test("a password verifies against its own hash and no other")
    func roundTrip() async throws {
        let credential = try await hasher.makeCredential(password: "Correct-Horse-1", srp: nil)
        #expect(credential.scheme == PasswordCredential.currentScheme)
        #expect(try await hasher.verify(password: "Correct-Horse-1", hash: credential.hash, scheme: credential.scheme))
        #expect(try await !hasher.verify(password: "Correct-Horse-2", hash: credential.hash, scheme: credential.scheme))
        #expect(try await !hasher.verify(password: "Correct-Horse-1", hash: credential.hash, scheme: "bcrypt"))
    }

    @Test("a 73-byte password differing only past byte 72 is refused")
    func noTruncationAt72Bytes() async throws {
        let prefix = String(repeating: "a", count: 72)
        let credential = try await hasher.makeCredential(password: prefix + "X", srp: nil)
        #expect(try await hasher.verify(password: prefix + "X", hash: credential.hash, scheme: credential.scheme))
        #expect(try await !hasher.verify(password: prefix + "Y", hash: credential.hash, scheme: credential.scheme))
    }

    @Test("the SRP salt and verifier are stored with every password and match the password")
    func srpStoredOnSet() async throws {
        let credential = try await hasher.makeCredential(password: "Sup3r!Secret-pass", srp: (poolSuffix: "AbCdEfGhI", username: "alice"))
        let salt = try #require(credential.srpSalt)
        let verifier = try #require(credential.srpVerifier)
        #expect(salt.count == 16)
        let expected = SRPGroup.verifier(poolSuffix: "AbCdEfGhI", username: "alice", password: "Sup3r!Secret-pass", salt: salt)
        #expect(verifier == SRPGroup.padded(expected))
    }

    @Test("bcrypt costs outside 4...31 are refused instead of crashing")
    func costBounds() {
        #expect(throws: PasswordHasherError.invalidCost(3)) { try PasswordHasher(pepper: SymmetricKey(size: .bits256), cost: 3) }
        #expect(throws: PasswordHasherError.invalidCost(32)) { try PasswordHasher(pepper: SymmetricKey(size: .bits256), cost: 32) }
    }

    @Test("a full hashing queue refuses new work")
    func boundedQueue() async throws {
        let saturated = try PasswordHasher(pepper: SymmetricKey(size: .bits256), cost: 4, maxQueued: 0)
        await #expect(throws: PasswordHasherError.overloaded) {
            _ = try await saturated.makeCredential(password: "x", srp: nil)
        }
        await saturated.shutdown()
    }

    @Test("the password policy refuses with Cognito's messages", arguments: [
        ("Ab1!", "Password did not conform with policy: Password not long enough"),
        ("ABCDEFG1!", "Password did not conform with policy: Password must have lowercase characters"),
        ("abcdefg1!", "Password did not conform with policy: Password must have uppercase characters"),
        ("Abcdefgh!", "Password did not conform with policy: Password must have numeric characters"),
        ("Abcdefgh1", "Password did not conform with policy: Password must have symbol characters"),
    ])
    func policy(password: String, message: String) {
        #expect(PasswordPolicy().violation(of: password) == message)
    }

    @Test("a conforming password passes the policy, and generated temporary passwords conform")
    func conformingPasswords() {
        #expect(PasswordPolicy().violation(of: "Abcdefg1!") == nil)
        for _ in 0..<50 {
            #expect(PasswordPolicy().violation(of: UserAdministration.generateTemporaryPassword()) == nil)
        }
    }
}
