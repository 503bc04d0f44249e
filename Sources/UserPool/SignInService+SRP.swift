import BigInt
import Crypto
import Foundation
import Storage
import TimeSource

/// What `SECRET_BLOCK` carries from `USER_SRP_AUTH` to `PASSWORD_VERIFIER`, sealed so that any
/// instance can open it and nobody can read or forge it.
struct SRPSecretBlock: Codable, Sendable {
    var id: String
    var poolID: String
    var clientID: String
    var username: String
    /// The client's `A` and the server's `b` and `B`, in hexadecimal.
    var a: String
    var b: String
    var serverB: String
    /// False when the user does not exist or keeps no verifier: the exchange runs to the end and fails.
    var known: Bool
    var expiresAt: Int64
}

extension SignInService {
    static let secretBlockContext = "srp-secret-block"
    /// How far a `TIMESTAMP` may be from the server's clock.
    static let timestampTolerance: TimeInterval = 300

    /// `USER_SRP_AUTH`: answers the client's `SRP_A` with the `PASSWORD_VERIFIER` challenge
    /// (`SALT`, `SRP_B`, `SECRET_BLOCK`, `USER_ID_FOR_SRP`, `USERNAME`). An unknown user gets a
    /// challenge that looks the same (a salt fixed per username, a random verifier) when the client
    /// prevents user-existence errors, `UserNotFoundException` otherwise.
    public func startSRP(clientID: String, username: String, srpA: String, secretHash: String?) async throws -> SignInOutcome {
        let client = try await client(clientID, allowing: .userSRPAuth, flowName: "USER_SRP_AUTH")
        try checkSecretHash(secretHash, client: client, username: username)
        guard let A = SRPServer.integer(hex: srpA), SRPServer.acceptable(A: A) else {
            throw CognitoError.invalidParameter("SRP_A is not a valid SRP value.")
        }
        let stored = try await directory.storedUser(poolID: client.poolID, username: username)
        let salt: Data
        let verifier: BigUInt
        let known: Bool
        if let stored, let storedSalt = stored.srpSalt, let storedVerifier = stored.srpVerifier {
            (salt, verifier, known) = (storedSalt, BigUInt(storedVerifier), true)
        } else {
            if stored == nil && !client.preventUserExistenceErrors { throw CognitoError.userNotFound }
            salt = Data(sessions.box.tag(Data((client.poolID + "\u{0}" + username).utf8), context: "srp-decoy-salt").prefix(16))
            verifier = BigUInt(Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }))
            known = false
        }
        let ephemeral = try await srpCompute { SRPServer.ephemeral(verifier: verifier) }
        let block = SRPSecretBlock(
            id: CognitoIdentifiers.uuid(), poolID: client.poolID, clientID: client.id, username: username, a: SRPServer.hex(A),
            b: SRPServer.hex(ephemeral.b), serverB: SRPServer.hex(ephemeral.B), known: known, expiresAt: clock.now().addingTimeInterval(sessions.validity).epochSeconds)
        let sealed = try sessions.box.seal(try JSONEncoder().encode(block), context: Self.secretBlockContext)
        return .challenge(
            name: "PASSWORD_VERIFIER", session: nil,
            parameters: [
                "SALT": SRPServer.hex(BigUInt(salt)), "SRP_B": SRPServer.hex(ephemeral.B), "SECRET_BLOCK": sealed.base64EncodedString(),
                "USER_ID_FOR_SRP": stored?.user.username ?? username, "USERNAME": stored?.user.username ?? username,
            ])
    }

    /// `PASSWORD_VERIFIER`: checks the client's proof that it knows the password. Every failure
    /// before the proof holds (unknown user, forged or reused block, stale timestamp, wrong
    /// signature) is the same `NotAuthorizedException`; only a proven password learns that the user
    /// is disabled or must change it.
    public func verifySRP(clientID: String, responses: [String: String]) async throws -> SignInOutcome {
        let client = try await client(clientID, allowing: .userSRPAuth, flowName: "USER_SRP_AUTH")
        let username = try ModelValidation.parameter(responses, "USERNAME")
        let blockText = try ModelValidation.parameter(responses, "PASSWORD_CLAIM_SECRET_BLOCK")
        let signatureText = try ModelValidation.parameter(responses, "PASSWORD_CLAIM_SIGNATURE")
        let timestamp = try ModelValidation.parameter(responses, "TIMESTAMP")
        try checkSecretHash(responses["SECRET_HASH"], client: client, username: username)
        guard let blockBytes = Data(base64Encoded: blockText), blockBytes.count <= 4096,
            let plain = try? sessions.box.open(blockBytes, context: Self.secretBlockContext),
            let block = try? JSONDecoder().decode(SRPSecretBlock.self, from: plain),
            block.clientID == client.id, block.username == username, block.expiresAt > clock.now().epochSeconds,
            let A = SRPServer.integer(hex: block.a), let b = SRPServer.integer(hex: block.b),
            let B = SRPServer.integer(hex: block.serverB)
        else { throw CognitoError.incorrectCredentials }
        guard let signature = Data(base64Encoded: signatureText), let stamped = SRPServer.parseTimestamp(timestamp),
            abs(stamped.timeIntervalSince(clock.now())) <= Self.timestampTolerance
        else { throw CognitoError.incorrectCredentials }
        guard try await sessions.consume(id: block.id, expiresAt: block.expiresAt) else { throw CognitoError.incorrectCredentials }
        guard block.known, let stored = try await directory.storedUser(poolID: client.poolID, username: username),
            let storedVerifier = stored.srpVerifier
        else {
            // The same arithmetic as a real check, so that timing does not tell the user is unknown.
            let decoy = BigUInt(Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }))
            _ = try await srpCompute { SRPServer.sessionKey(A: A, ephemeral: .init(b: b, B: B), verifier: decoy) }
            throw CognitoError.incorrectCredentials
        }
        let now = clock.now()
        guard try await directory.claimSignInAttempt(sub: stored.user.sub) else { throw CognitoError.passwordAttemptsExceeded }
        let verifier = BigUInt(storedVerifier)
        let key = try await srpCompute { SRPServer.sessionKey(A: A, ephemeral: .init(b: b, B: B), verifier: verifier) }
        guard let pool = try await directory.pool(id: client.poolID) else { throw CognitoError.incorrectCredentials }
        let expected = key.map {
            SRPServer.claimSignature(
                key: $0, poolSuffix: pool.idSuffix, userIDForSRP: stored.user.username, secretBlock: blockBytes, timestamp: timestamp)
        }
        guard let expected, expected.count == signature.count, zip(expected, signature).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw CognitoError.incorrectCredentials
        }
        try await directory.recordSuccessfulSignIn(sub: stored.user.sub)
        guard stored.user.enabled else { throw CognitoError.userDisabled }
        if stored.user.status == .forceChangePassword, let setAt = stored.passwordSetAt,
            now.timeIntervalSince(setAt) > TimeInterval(pool.passwordPolicy.temporaryPasswordValidityDays) * 86400
        {
            throw CognitoError.temporaryPasswordExpired
        }
        return try await afterPasswordVerified(stored, client: client)
    }

    /// Runs SRP arithmetic on the hashing thread; a full queue is `TooManyRequestsException`.
    private func srpCompute<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        do {
            return try await hasher.compute(work)
        } catch PasswordHasherError.overloaded {
            throw CognitoError.tooManyRequests
        }
    }
}
