import BigInt
import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// The stored form of a password: a bcrypt hash over an HMAC pre-hash, and the SRP verifier.
public struct PasswordCredential: Sendable, Equatable {
    /// The scheme tag stored beside the hash, so a later release can change schemes.
    public static let currentScheme = "hmac-sha256-bcrypt-v1"
    public var hash: String
    public var scheme: String
    public var srpSalt: Data?
    public var srpVerifier: Data?
}

/// Hashes and verifies passwords on a dedicated one-thread pool with a bounded queue.
///
/// bcrypt reads only the first 72 bytes of its input, so the password is first reduced with
/// HMAC-SHA256 under a key derived from the master key (a "pepper"); the base64 of that MAC is
/// what bcrypt sees. All bcrypt and SRP arithmetic runs on this pool's single thread, so logins
/// cannot starve request handling or the database; when `maxQueued` jobs wait, new work is
/// refused with ``PasswordHasherError/overloaded`` (the pool answers `TooManyRequestsException`).
public final class PasswordHasher: Sendable {
    private let pepper: SymmetricKey
    private let cost: UInt8
    private let pool: NIOThreadPool
    private let maxQueued: Int
    private let queued = Atomic<Int>(0)
    /// A hash of a random value at this cost, verified against for unknown users.
    private let dummyHash: String

    /// - Parameters:
    ///   - pepper: the HMAC key for the pre-hash.
    ///   - cost: the bcrypt cost, 4...31.
    ///   - maxQueued: how many jobs may wait or run before new ones are refused.
    public init(pepper: SymmetricKey, cost: Int, maxQueued: Int = 64) throws {
        guard (4...31).contains(cost) else { throw PasswordHasherError.invalidCost(cost) }
        self.pepper = pepper
        self.cost = UInt8(cost)
        self.maxQueued = maxQueued
        self.dummyHash = Bcrypt.hash(UUID().uuidString, cost: UInt8(cost))
        self.pool = NIOThreadPool(numberOfThreads: 1)
        self.pool.start()
    }

    /// Stops the hashing thread; pending jobs finish first.
    public func shutdown() async {
        let pool = self.pool
        await Task { try? await pool.shutdownGracefully() }.value
    }

    private func preHash(_ password: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(password.utf8), using: pepper)).base64EncodedString()
    }

    /// Computes the credential stored when a password is set.
    /// - Parameter srp: the pool suffix and username for the SRP verifier, or nil when SRP is off.
    public func makeCredential(password: String, srp: (poolSuffix: String, username: String)?) async throws -> PasswordCredential {
        let peppered = preHash(password)
        let cost = self.cost
        return try await run {
            let hash = Bcrypt.hash(peppered, cost: cost)
            var salt: Data?
            var verifier: Data?
            if let srp {
                let newSalt = Data((0..<16).map { _ in UInt8.random(in: 0...255) })
                salt = newSalt
                verifier = SRPGroup.padded(
                    SRPGroup.verifier(poolSuffix: srp.poolSuffix, username: srp.username, password: password, salt: newSalt))
            }
            return PasswordCredential(hash: hash, scheme: PasswordCredential.currentScheme, srpSalt: salt, srpVerifier: verifier)
        }
    }

    /// Checks `password` against a stored hash.
    public func verify(password: String, hash: String, scheme: String) async throws -> Bool {
        guard scheme == PasswordCredential.currentScheme else { return false }
        let peppered = preHash(password)
        return try await run { Bcrypt.verify(peppered, hash: hash) }
    }

    /// Spends the same time as a real verification; used for unknown users so timing reveals nothing.
    public func verifyAgainstDummy(password: String) async throws {
        _ = try await verify(password: password, hash: dummyHash, scheme: PasswordCredential.currentScheme)
    }

    /// Runs other password arithmetic (the SRP exponentiations) on the hashing thread, under the
    /// same queue bound: a flood of sign-ins is refused with ``PasswordHasherError/overloaded``.
    public func compute<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        try await run(work)
    }

    private func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        let depth = queued.wrappingAdd(1, ordering: .relaxed).newValue
        defer { queued.wrappingSubtract(1, ordering: .relaxed) }
        guard depth <= maxQueued else { throw PasswordHasherError.overloaded }
        return try await pool.runIfActive(work)
    }
}

/// Why the hasher did not answer.
public enum PasswordHasherError: Error, Equatable, CustomStringConvertible {
    case invalidCost(Int)
    /// Too many hashing jobs are waiting.
    case overloaded

    public var description: String {
        switch self {
        case .invalidCost(let cost): "bcrypt cost must be 4-31, got \(cost)"
        case .overloaded: "too many password operations are waiting"
        }
    }
}
