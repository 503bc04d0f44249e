import Crypto
import Foundation
import Logging
import Storage
import TimeSource

/// What a sign-in step produced: tokens, or a challenge the client must answer.
public enum SignInOutcome: Sendable, Equatable {
    case authenticated(IssuedTokens)
    /// `session` is nil for `PASSWORD_VERIFIER`, whose state travels in `SECRET_BLOCK`.
    case challenge(name: String, session: String?, parameters: [String: String])
}

/// Password sign-in, refresh and challenge answers: the logic behind `InitiateAuth` and
/// `RespondToAuthChallenge`, independent of the wire format.
public struct SignInService: Sendable {
    let directory: UserPoolDirectory
    let hasher: PasswordHasher
    let issuer: TokenIssuer
    let refreshTokens: RefreshTokenStore
    let sessions: ChallengeSessions
    let clock: any WallClock
    let logger: Logger

    /// - Parameter sessionBox: seals challenge sessions; use a key derived for that purpose alone.
    public init(
        directory: UserPoolDirectory, hasher: PasswordHasher, issuer: TokenIssuer, sessionBox: SecretBox,
        clock: any WallClock, logger: Logger
    ) {
        self.directory = directory
        self.hasher = hasher
        self.issuer = issuer
        self.refreshTokens = RefreshTokenStore(database: directory.database, clock: clock)
        self.sessions = ChallengeSessions(box: sessionBox, database: directory.database, clock: clock)
        self.clock = clock
        self.logger = logger
    }

    /// Looks up the client (of `poolID`, when given: the admin flows name the pool) and checks the
    /// flow is enabled for it.
    func client(_ clientID: String, allowing flow: AuthFlow, flowName: String, poolID: String? = nil) async throws -> AppClient {
        guard let client = try await directory.client(id: clientID), poolID.map({ $0 == client.poolID }) ?? true else {
            throw CognitoError.clientNotFound(clientID)
        }
        guard client.explicitAuthFlows.contains(flow) else {
            throw CognitoError.invalidParameter("\(flowName) flow not enabled for this client")
        }
        return client
    }

    /// Checks `SECRET_HASH` when the client has a secret (Base64(HMAC-SHA256(secret, username + clientId))).
    func checkSecretHash(_ presented: String?, client: AppClient, username: String) throws {
        guard let secret = client.secret else { return }
        let expected = Data(
            HMAC<SHA256>.authenticationCode(for: Data((username + client.id).utf8), using: SymmetricKey(data: Data(secret.utf8))))
        guard let presented, let given = Data(base64Encoded: presented),
            given.count == expected.count,
            zip(given, expected).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
        else { throw CognitoError.secretHashMismatch(clientID: client.id) }
    }

    /// `USER_PASSWORD_AUTH`, or with `admin` `ADMIN_USER_PASSWORD_AUTH` (the signed `AdminInitiateAuth`
    /// of a client of `poolID`, allowed by `ALLOW_ADMIN_USER_PASSWORD_AUTH`).
    public func passwordAuth(
        clientID: String, username: String, password: String, secretHash: String?, admin poolID: String? = nil
    ) async throws -> SignInOutcome {
        let client =
            if let poolID {
                try await client(clientID, allowing: .adminUserPasswordAuth, flowName: "ADMIN_USER_PASSWORD_AUTH", poolID: poolID)
            } else {
                try await client(clientID, allowing: .userPasswordAuth, flowName: "USER_PASSWORD_AUTH")
            }
        try checkSecretHash(secretHash, client: client, username: username)
        guard let stored = try await directory.storedUser(poolID: client.poolID, username: username) else {
            if client.preventUserExistenceErrors {
                try await verifyDummy(password)
                throw CognitoError.incorrectCredentials
            }
            throw CognitoError.userNotFound
        }
        let now = clock.now()
        // The attempt is counted before bcrypt runs, and a locked user is refused without it: parallel
        // guesses cannot slip past a lock one of them should have set, and guessing costs nothing.
        guard try await directory.claimSignInAttempt(sub: stored.user.sub) else { throw CognitoError.passwordAttemptsExceeded }
        guard let hash = stored.passwordHash, let scheme = stored.passwordScheme,
            try await verify(password: password, hash: hash, scheme: scheme)
        else { throw CognitoError.incorrectCredentials }
        try await directory.recordSuccessfulSignIn(sub: stored.user.sub)
        // Only a proven password learns that the account is disabled.
        guard stored.user.enabled else { throw CognitoError.userDisabled }
        if stored.user.status == .forceChangePassword, let setAt = stored.passwordSetAt,
            let pool = try await directory.pool(id: client.poolID),
            now.timeIntervalSince(setAt) > TimeInterval(pool.passwordPolicy.temporaryPasswordValidityDays) * 86400
        {
            throw CognitoError.temporaryPasswordExpired
        }
        return try await afterPasswordVerified(stored, client: client)
    }

    func verify(password: String, hash: String, scheme: String) async throws -> Bool {
        do {
            return try await hasher.verify(password: password, hash: hash, scheme: scheme)
        } catch PasswordHasherError.overloaded {
            throw CognitoError.tooManyRequests
        }
    }

    private func verifyDummy(_ password: String) async throws {
        do {
            try await hasher.verifyAgainstDummy(password: password)
        } catch PasswordHasherError.overloaded {
            throw CognitoError.tooManyRequests
        }
    }

    func afterPasswordVerified(_ stored: StoredUser, client: AppClient) async throws -> SignInOutcome {
        let user = stored.user
        switch user.status {
        case .forceChangePassword:
            let session = try sessions.seal(
                poolID: client.poolID, clientID: client.id, username: user.username, challenge: "NEW_PASSWORD_REQUIRED",
                passwordSetAt: stored.passwordSetAt?.epochMicroseconds ?? 0)
            var attributes: [String: String] = [:]
            if let email = user.email { attributes["email"] = email }
            if let given = user.givenName { attributes["given_name"] = given }
            if let family = user.familyName { attributes["family_name"] = family }
            let attributesJSON = String(decoding: try JSONEncoder().encode(attributes), as: UTF8.self)
            return .challenge(
                name: "NEW_PASSWORD_REQUIRED", session: session,
                parameters: ["USER_ID_FOR_SRP": user.username, "requiredAttributes": "[]", "userAttributes": attributesJSON])
        case .confirmed:
            return .authenticated(try await signIn(user: user, client: client))
        case .unconfirmed:
            throw CognitoError("UserNotConfirmedException", "User is not confirmed.")
        case .resetRequired:
            throw CognitoError("PasswordResetRequiredException", "Password reset required for the user")
        }
    }

    /// Issues a new refresh family and its first id and access tokens.
    func signIn(user: PoolUser, client: AppClient) async throws -> IssuedTokens {
        let authTime = clock.now()
        let refresh: (token: String, familyID: String)
        do {
            refresh = try await refreshTokens.issue(
                userSub: user.sub, clientID: client.id, authTime: authTime, validity: client.refreshTokenValidity)
        } catch RefreshTokenStoreError.tooManySignIns {
            logger.warning("sign-in refused: too many sign-ins in the last hour", metadata: ["sub": "\(user.sub)"])
            throw CognitoError.tooManyRequests
        }
        let tokens = try await issuer.issue(user: user, client: client, authTime: authTime, originJTI: refresh.familyID)
        logger.info("user signed in", metadata: ["sub": "\(user.sub)", "client": "\(client.id)"])
        return IssuedTokens(
            idToken: tokens.id, accessToken: tokens.access, refreshToken: refresh.token, expiresIn: Int(client.accessTokenValidity))
    }

    /// `REFRESH_TOKEN_AUTH`: new id and access tokens in the same family, no new refresh token.
    /// With `poolID`, the client must belong to that pool (`AdminInitiateAuth`); `secretChecked` when
    /// the caller has already checked the client secret itself (`GetTokensFromRefreshToken`).
    public func refresh(
        clientID: String, refreshToken: String, secretHash: String?, username: String?, poolID: String? = nil,
        secretChecked: Bool = false
    ) async throws -> SignInOutcome {
        let client = try await client(clientID, allowing: .refreshTokenAuth, flowName: "REFRESH_TOKEN_AUTH", poolID: poolID)
        guard let record = try await refreshTokens.find(token: refreshToken), record.clientID == client.id else {
            throw CognitoError.invalidRefreshToken
        }
        guard let user = try await directory.user(sub: record.userSub) else { throw CognitoError.invalidRefreshToken }
        if client.secret != nil && !secretChecked {
            try checkSecretHash(secretHash, client: client, username: username ?? user.username)
        }
        let now = clock.now()
        guard record.expiresAt > now else { throw CognitoError.invalidRefreshToken }
        guard record.revokedAt == nil, record.createdAt >= user.tokensValidAfter else { throw CognitoError.refreshTokenRevoked }
        guard user.enabled else { throw CognitoError.userDisabled }
        let tokens = try await issuer.issue(user: user, client: client, authTime: record.authTime, originJTI: record.familyID)
        return .authenticated(
            IssuedTokens(idToken: tokens.id, accessToken: tokens.access, refreshToken: nil, expiresIn: Int(client.accessTokenValidity)))
    }

    /// Answers `NEW_PASSWORD_REQUIRED`: checks the session, sets the new password, signs in.
    public func completeNewPassword(
        clientID: String, session: String, username: String, newPassword: String, secretHash: String?,
        administration: UserAdministration, poolID: String? = nil
    ) async throws -> SignInOutcome {
        guard let client = try await directory.client(id: clientID), poolID.map({ $0 == client.poolID }) ?? true else {
            throw CognitoError.clientNotFound(clientID)
        }
        guard let opened = sessions.open(session), opened.clientID == client.id,
            opened.challenge == "NEW_PASSWORD_REQUIRED", opened.username == username
        else { throw CognitoError.sessionExpired }
        try checkSecretHash(secretHash, client: client, username: username)
        guard let pool = try await directory.pool(id: client.poolID) else { throw CognitoError.clientNotFound(clientID) }
        if let violation = pool.passwordPolicy.violation(of: newPassword) {
            throw CognitoError("InvalidPasswordException", violation)
        }
        let credential: PasswordCredential
        do {
            credential = try await administration.credential(for: newPassword, pool: pool, username: username)
        } catch PasswordHasherError.overloaded {
            throw CognitoError.tooManyRequests
        }
        guard try await sessions.consume(opened) else { throw CognitoError.sessionUsed }
        // The session answers for the password it was issued for: after an administrator's reset,
        // a disable, or another completion, it no longer changes anything.
        guard try await directory.completeForcedChange(
            poolID: pool.id, username: username, issuedForPasswordSetAt: opened.passwordSetAt, credential: credential)
        else { throw CognitoError.sessionExpired }
        guard let stored = try await directory.storedUser(poolID: pool.id, username: username) else {
            throw CognitoError.userNotFound
        }
        return .authenticated(try await signIn(user: stored.user, client: client))
    }
}
