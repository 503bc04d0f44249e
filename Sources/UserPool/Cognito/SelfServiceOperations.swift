import Crypto
import Foundation
import Storage
import TimeSource

/// The operations a signed-in user calls on their own account with their access token, and the
/// token operations an app calls with a refresh token: `GlobalSignOut`, `RevokeToken`,
/// `ChangePassword`, `GetTokensFromRefreshToken`, `DeleteUser`, `UpdateUserAttributes`,
/// `DeleteUserAttributes`. Each change is audited with the actor `user:<sub>`.
extension CognitoEndpoint {
    func selfService(_ operation: String, body: Data) async throws -> Data {
        let input = try AdminOperations.object(body)
        let output: [String: Any]
        switch operation {
        case "GlobalSignOut":
            let (user, _) = try await signedInUser(input)
            try await administration.directory.signOutEverywhere(poolID: user.poolID, username: user.username)
            try await admin.audit(.init(action: "signed_out_everywhere", entityType: "user", entityID: user.username, changes: [:], actor: "user:\(user.sub)"))
            output = [:]
        case "RevokeToken":
            try await revokeToken(input)
            output = [:]
        case "ChangePassword":
            try await changePassword(input)
            output = [:]
        case "GetTokensFromRefreshToken":
            let clientID = try ModelValidation.clientID(try AdminOperations.string(input, "ClientId", required: true, max: 128))
            let token = try AdminOperations.string(input, "RefreshToken", required: true, max: 8192) ?? ""
            let client = try await appClient(clientID)
            try checkClientSecret(input, client: client)
            let outcome = try await signIn.refresh(clientID: clientID, refreshToken: token, secretHash: nil, username: nil, secretChecked: true)
            guard case .authenticated(let tokens) = outcome else { throw CognitoError.invalidRefreshToken }
            output = ["AuthenticationResult": [
                "AccessToken": tokens.accessToken, "IdToken": tokens.idToken, "ExpiresIn": tokens.expiresIn, "TokenType": "Bearer",
            ]]
        case "DeleteUser":
            let (user, _) = try await signedInUser(input)
            try await administration.directory.deleteUser(poolID: user.poolID, username: user.username)
            try await admin.audit(.init(action: "user_deleted", entityType: "user", entityID: user.username, changes: [:], actor: "user:\(user.sub)"))
            output = [:]
        case "UpdateUserAttributes":
            let (user, _) = try await signedInUser(input)
            let attributes = try AdminOperations.attributes(input, "UserAttributes", required: true)
            if attributes.keys.contains("email_verified") || attributes.keys.contains("phone_number_verified") {
                throw CognitoError.invalidParameter("Cannot modify the non-mutable attribute email_verified or phone_number_verified")
            }
            try await administration.directory.updateAttributes(poolID: user.poolID, username: user.username, set: attributes, delete: [])
            try await admin.audit(.init(action: "attributes_updated", entityType: "user", entityID: user.username, changes: attributes, actor: "user:\(user.sub)"))
            // No message is sent (see the compatibility notes): a new e-mail stays unverified.
            output = ["CodeDeliveryDetailsList": [[String: String]]()]
        case "DeleteUserAttributes":
            let (user, _) = try await signedInUser(input)
            let names = try AdminOperations.stringList(input, "UserAttributeNames", required: true)
            if names.contains("sub") { throw CognitoError.invalidParameter("Cannot modify the non-mutable attribute sub") }
            try await administration.directory.updateAttributes(poolID: user.poolID, username: user.username, set: [:], delete: names)
            try await admin.audit(
                .init(action: "attributes_deleted", entityType: "user", entityID: user.username, changes: ["deleted": names.joined(separator: ",")], actor: "user:\(user.sub)"))
            output = [:]
        case "ForgotPassword":
            output = try await forgotPassword(input)
        case "ConfirmForgotPassword":
            try await confirmForgotPassword(input)
            output = [:]
        default:
            throw CognitoError("UnsupportedOperationException", "Operation \(operation) is not supported by this server.")
        }
        return try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    func appClient(_ clientID: String) async throws -> AppClient {
        guard let client = try await administration.directory.client(id: clientID) else { throw CognitoError.clientNotFound(clientID) }
        return client
    }

    /// `ClientSecret` must be the client's own when it has one (compared in constant time).
    func checkClientSecret(_ input: [String: Any], client: AppClient) throws {
        guard let secret = client.secret else { return }
        let given = Data((try AdminOperations.string(input, "ClientSecret", required: false, max: 64) ?? "").utf8)
        let expected = Data(secret.utf8)
        guard given.count == expected.count, zip(given, expected).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw CognitoError("NotAuthorizedException", "Unable to verify secret for client \(client.id)")
        }
    }

    /// `RevokeToken`: ends one sign-in (the refresh token's family and every id and access token
    /// refreshed from it), for a client with `EnableTokenRevocation`. The user's other sessions stay.
    /// A token that is not one of this client's refresh tokens changes nothing, as RFC 7009 asks.
    func revokeToken(_ input: [String: Any]) async throws {
        let clientID = try ModelValidation.clientID(try AdminOperations.string(input, "ClientId", required: true, max: 128))
        let token = try AdminOperations.string(input, "Token", required: true, max: 8192) ?? ""
        let client = try await appClient(clientID)
        try checkClientSecret(input, client: client)
        guard client.enableTokenRevocation else {
            throw CognitoError("UnsupportedOperationException", "Token revocation is not enabled for this client.")
        }
        if token.split(separator: ".").count == 3 {
            throw CognitoError("UnsupportedTokenTypeException", "The token is not a refresh token.")
        }
        guard let record = try await signIn.refreshTokens.find(token: token), record.clientID == client.id else { return }
        try await signIn.refreshTokens.revokeFamily(record.familyID)
        try await admin.audit(.init(action: "token_revoked", entityType: "user", entityID: record.userSub, changes: ["client": client.id], actor: "user:\(record.userSub)"))
    }

    /// `ChangePassword`: the signed-in user proves their current password and sets a new one
    /// (permanent). Wrong guesses count toward the same lockout as sign-in; the user's tokens stay
    /// valid, as on Amazon Cognito.
    func changePassword(_ input: [String: Any]) async throws {
        let (user, _) = try await signedInUser(input)
        let previous = try AdminOperations.string(input, "PreviousPassword", required: true, max: 256) ?? ""
        let proposed = try AdminOperations.string(input, "ProposedPassword", required: true, max: 256) ?? ""
        let directory = administration.directory
        guard let stored = try await directory.storedUser(poolID: user.poolID, username: user.username) else {
            throw CognitoError("NotAuthorizedException", "Invalid Access Token")
        }
        guard try await directory.claimSignInAttempt(sub: user.sub) else {
            throw CognitoError("LimitExceededException", "Attempt limit exceeded, please try after some time.")
        }
        guard let hash = stored.passwordHash, let scheme = stored.passwordScheme,
            try await signIn.verify(password: previous, hash: hash, scheme: scheme)
        else { throw CognitoError.incorrectCredentials }
        try await directory.recordSuccessfulSignIn(sub: user.sub)
        do {
            try await administration.setPassword(
                poolID: user.poolID, username: user.username, password: proposed, permanent: true, revokeExistingTokens: false)
        } catch PasswordHasherError.overloaded {
            throw CognitoError.tooManyRequests
        }
        try await admin.audit(.init(action: "password_changed", entityType: "user", entityID: user.username, changes: [:], actor: "user:\(user.sub)"))
    }

    /// `ForgotPassword`: queues a six-digit code for the user's verified e-mail in the outbox and
    /// answers where it went (masked). An unknown user gets the same answer when the client
    /// prevents user-existence errors, `UserNotFoundException` otherwise.
    func forgotPassword(_ input: [String: Any]) async throws -> [String: Any] {
        let clientID = try ModelValidation.clientID(try AdminOperations.string(input, "ClientId", required: true, max: 128))
        let username = try AdminOperations.username(input)
        let client = try await appClient(clientID)
        try signIn.checkSecretHash(try AdminOperations.string(input, "SecretHash", required: false, max: 128), client: client, username: username)
        guard let user = try await administration.directory.storedUser(poolID: client.poolID, username: username)?.user else {
            guard client.preventUserExistenceErrors else { throw CognitoError.userNotFound }
            // A masked address that looks like any other and stays the same for this username.
            let letters = signIn.sessions.box.tag(Data(username.utf8), context: "decoy-destination").prefix(2)
                .map { Character(UnicodeScalar(UInt8(ascii: "a") + $0 % 26)) }
            return Self.codeDelivery("\(letters.first ?? "a")***@\(letters.last ?? "e")***")
        }
        guard let email = user.email, user.emailVerified else {
            throw CognitoError.invalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number")
        }
        try await admin.sendResetCode(to: email, user: user)
        return Self.codeDelivery(Outbox.masked(email))
    }

    static func codeDelivery(_ destination: String) -> [String: Any] {
        ["CodeDeliveryDetails": ["Destination": destination, "DeliveryMedium": "EMAIL", "AttributeName": "email"]]
    }

    /// `ConfirmForgotPassword`: the code from the outbox and a new password (permanent). Every
    /// token the user held is revoked and a lockout is lifted.
    func confirmForgotPassword(_ input: [String: Any]) async throws {
        let clientID = try ModelValidation.clientID(try AdminOperations.string(input, "ClientId", required: true, max: 128))
        let username = try AdminOperations.username(input)
        let code = try AdminOperations.string(input, "ConfirmationCode", required: true, max: 2048) ?? ""
        let password = try AdminOperations.string(input, "Password", required: true, max: 256) ?? ""
        let client = try await appClient(clientID)
        try signIn.checkSecretHash(try AdminOperations.string(input, "SecretHash", required: false, max: 128), client: client, username: username)
        guard let outbox = admin.outbox else { throw CognitoError("UnsupportedOperationException", "This server keeps no outbox.") }
        guard let user = try await administration.directory.storedUser(poolID: client.poolID, username: username)?.user else {
            guard client.preventUserExistenceErrors else { throw CognitoError.userNotFound }
            throw CognitoError("CodeMismatchException", "Invalid verification code provided, please try again.")
        }
        guard let pool = try await administration.directory.pool(id: client.poolID) else { throw CognitoError.clientNotFound(clientID) }
        if let violation = pool.passwordPolicy.violation(of: password) { throw CognitoError("InvalidPasswordException", violation) }
        do {
            try await outbox.useCode(code, userSub: user.sub, purpose: "forgot_password")
        } catch VerificationCodeError.mismatch {
            throw CognitoError("CodeMismatchException", "Invalid verification code provided, please try again.")
        } catch VerificationCodeError.expired {
            throw CognitoError("ExpiredCodeException", "Invalid code provided, please request a code again.")
        } catch VerificationCodeError.limitExceeded {
            throw CognitoError("LimitExceededException", "Attempt limit exceeded, please try after some time.")
        }
        do {
            try await administration.setPassword(poolID: client.poolID, username: username, password: password, permanent: true)
        } catch PasswordHasherError.overloaded {
            throw CognitoError.tooManyRequests
        }
        try await administration.directory.recordSuccessfulSignIn(sub: user.sub)
        try await admin.audit(.init(action: "password_reset", entityType: "user", entityID: username, changes: [:], actor: "user:\(user.sub)"))
    }
}
