import Foundation
import TimeSource

/// Administrative user operations shared by the CLI, the bootstrap and (later) the signed
/// `Admin*` operations: create users, set passwords, manage group membership.
public struct UserAdministration: Sendable {
    public let directory: UserPoolDirectory
    let hasher: PasswordHasher

    public init(directory: UserPoolDirectory, hasher: PasswordHasher) {
        self.directory = directory
        self.hasher = hasher
    }

    /// A random password that satisfies Cognito's default policy (upper, lower, digit, symbol; 16 characters).
    public static func generateTemporaryPassword() -> String {
        var generator = SystemRandomNumberGenerator()
        let upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ"), lower = Array("abcdefghijkmnopqrstuvwxyz")
        // No '=' or ',': they break the aws cli's shorthand `--auth-parameters USERNAME=…,PASSWORD=…`.
        let digits = Array("23456789"), symbols = Array("!#%+-_.")
        let all = upper + lower + digits + symbols
        var characters = [upper, lower, digits, symbols].map { $0.randomElement(using: &generator)! }
        characters += (0..<12).map { _ in all.randomElement(using: &generator)! }
        return String(characters.shuffled(using: &generator))
    }

    /// Hashes a password for this pool after checking its policy.
    func credential(for password: String, pool: UserPoolRecord, username: String) async throws -> PasswordCredential {
        if let violation = pool.passwordPolicy.violation(of: password) {
            throw UserPoolError.invalidPassword(violation)
        }
        return try await hasher.makeCredential(
            password: password, srp: pool.srpEnabled ? (poolSuffix: pool.idSuffix, username: username) : nil)
    }

    /// Creates a user with a temporary password (status `FORCE_CHANGE_PASSWORD`), or a permanent one.
    public func createUser(
        poolID: String, username: String, email: String?, password: String, permanent: Bool, groups: [String] = []
    ) async throws -> PoolUser {
        guard let pool = try await directory.pool(id: poolID) else { throw UserPoolError.poolNotFound(poolID) }
        try Self.validateUsername(username)
        let groupNames = Set(try await directory.groupNames(poolID: poolID))
        if let missing = groups.first(where: { !groupNames.contains($0) }) { throw UserPoolError.groupNotFound(missing) }
        let credential = try await credential(for: password, pool: pool, username: username)
        return try await directory.createUser(
            poolID: poolID, username: username, email: email, emailVerified: email != nil, credential: credential,
            status: permanent ? .confirmed : .forceChangePassword, groups: Array(Set(groups)))
    }

    /// Sets a user's password. A permanent password confirms the user; a temporary one forces a
    /// change at next sign-in. An administrator's reset revokes every token issued before it.
    public func setPassword(
        poolID: String, username: String, password: String, permanent: Bool, revokeExistingTokens: Bool = true
    ) async throws {
        guard let pool = try await directory.pool(id: poolID) else { throw UserPoolError.poolNotFound(poolID) }
        let credential = try await credential(for: password, pool: pool, username: username)
        try await directory.setPassword(
            poolID: poolID, username: username, credential: credential,
            status: permanent ? .confirmed : .forceChangePassword, revokeTokens: revokeExistingTokens)
    }

    /// Validates a username as Cognito's model does: 1–128 letters, marks, symbols, numbers or punctuation.
    static func validateUsername(_ username: String) throws {
        guard (1...128).contains(username.count),
            username.unicodeScalars.allSatisfy({ !CharacterSet.whitespacesAndNewlines.contains($0) && !CharacterSet.controlCharacters.contains($0) })
        else {
            throw UserPoolError.invalidParameter("Username must be 1-128 characters without spaces")
        }
    }
}
