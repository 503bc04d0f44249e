import Foundation

/// `InitiateAuth` input (the members this server reads).
struct InitiateAuthRequest: Decodable {
    var AuthFlow: String?
    var AuthParameters: [String: String]?
    var ClientId: String?
    var ClientMetadata: [String: String]?
    var Session: String?
}

/// `RespondToAuthChallenge` input.
struct RespondToAuthChallengeRequest: Decodable {
    var ClientId: String?
    var ChallengeName: String?
    var Session: String?
    var ChallengeResponses: [String: String]?
    var ClientMetadata: [String: String]?
}

/// The output of both operations: tokens, or the next challenge.
struct AuthResponse: Encodable {
    struct Result: Encodable {
        var AccessToken: String
        var ExpiresIn: Int
        var TokenType = "Bearer"
        var RefreshToken: String?
        var IdToken: String
    }
    var ChallengeName: String?
    var Session: String?
    var ChallengeParameters: [String: String]
    var AuthenticationResult: Result?

    init(_ outcome: SignInOutcome) {
        switch outcome {
        case .authenticated(let tokens):
            ChallengeParameters = [:]
            AuthenticationResult = .init(
                AccessToken: tokens.accessToken, ExpiresIn: tokens.expiresIn, RefreshToken: tokens.refreshToken,
                IdToken: tokens.idToken)
        case .challenge(let name, let session, let parameters):
            ChallengeName = name
            Session = session
            ChallengeParameters = parameters
        }
    }
}

/// Checks members against the constraints of the botocore model, worded as AWS words validation errors.
enum ModelValidation {
    static func required(_ value: String?, member: String) throws -> String {
        guard let value else {
            throw CognitoError.invalidParameter(
                "1 validation error detected: Value null at '\(member)' failed to satisfy constraint: Member must not be null")
        }
        return value
    }

    static func clientID(_ value: String?) throws -> String {
        let id = try required(value, member: "clientId")
        guard (1...128).contains(id.count), id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "+" }) else {
            throw CognitoError.invalidParameter(
                "1 validation error detected: Value '\(id)' at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+]+")
        }
        return id
    }

    static func session(_ value: String?) throws -> String {
        let session = try required(value, member: "session")
        guard (20...2048).contains(session.count) else {
            throw CognitoError.invalidParameter(
                "1 validation error detected: Value at 'session' failed to satisfy constraint: Member must have length between 20 and 2048")
        }
        return session
    }

    static func enumValue(_ value: String?, member: String, allowed: [String]) throws -> String {
        let value = try required(value, member: member)
        guard allowed.contains(value) else {
            throw CognitoError.invalidParameter(
                "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
        }
        return value
    }

    static func parameter(_ parameters: [String: String], _ name: String) throws -> String {
        guard let value = parameters[name], !value.isEmpty else {
            throw CognitoError.invalidParameter("Missing required parameter \(name)")
        }
        return value
    }
}

extension CognitoEndpoint {
    static let authFlows = [
        "USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH",
        "ADMIN_USER_PASSWORD_AUTH", "USER_AUTH",
    ]
    static let challengeNames = [
        "SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE", "MFA_SETUP", "PASSWORD_VERIFIER", "CUSTOM_CHALLENGE",
        "SELECT_CHALLENGE", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER", "ADMIN_NO_SRP_AUTH", "NEW_PASSWORD_REQUIRED",
        "SMS_OTP", "PASSWORD", "WEB_AUTHN", "PASSWORD_SRP",
    ]

    func initiateAuth(_ input: InitiateAuthRequest) async throws -> AuthResponse {
        let flow = try ModelValidation.enumValue(input.AuthFlow, member: "authFlow", allowed: Self.authFlows)
        let clientID = try ModelValidation.clientID(input.ClientId)
        let parameters = input.AuthParameters ?? [:]
        switch flow {
        case "USER_PASSWORD_AUTH":
            let username = try ModelValidation.parameter(parameters, "USERNAME")
            let password = try ModelValidation.parameter(parameters, "PASSWORD")
            return AuthResponse(
                try await signIn.passwordAuth(
                    clientID: clientID, username: username, password: password, secretHash: parameters["SECRET_HASH"]))
        case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
            let token = try ModelValidation.parameter(parameters, "REFRESH_TOKEN")
            return AuthResponse(
                try await signIn.refresh(
                    clientID: clientID, refreshToken: token, secretHash: parameters["SECRET_HASH"], username: parameters["USERNAME"]))
        case "USER_SRP_AUTH":
            let username = try ModelValidation.parameter(parameters, "USERNAME")
            let srpA = try ModelValidation.parameter(parameters, "SRP_A")
            return AuthResponse(
                try await signIn.startSRP(clientID: clientID, username: username, srpA: srpA, secretHash: parameters["SECRET_HASH"]))
        case "ADMIN_NO_SRP_AUTH", "ADMIN_USER_PASSWORD_AUTH":
            throw CognitoError.invalidParameter("Initiate Auth method not supported.")
        default:
            throw CognitoError.invalidParameter("\(flow) is not supported by this server yet.")
        }
    }

    func respondToAuthChallenge(_ input: RespondToAuthChallengeRequest) async throws -> AuthResponse {
        let clientID = try ModelValidation.clientID(input.ClientId)
        let challenge = try ModelValidation.enumValue(input.ChallengeName, member: "challengeName", allowed: Self.challengeNames)
        let responses = input.ChallengeResponses ?? [:]
        switch challenge {
        case "NEW_PASSWORD_REQUIRED":
            return try await newPassword(clientID: clientID, session: input.Session, responses: responses, poolID: nil)
        case "PASSWORD_VERIFIER":
            return AuthResponse(try await signIn.verifySRP(clientID: clientID, responses: responses))
        default:
            throw CognitoError.invalidParameter("\(challenge) is not supported by this server yet.")
        }
    }
}

/// `AdminInitiateAuth` and `AdminRespondToAuthChallenge` input: the unsigned shapes and the pool.
struct AdminAuthRequest: Decodable {
    var UserPoolId: String?
    var ClientId: String?
    var AuthFlow: String?
    var AuthParameters: [String: String]?
    var ChallengeName: String?
    var ChallengeResponses: [String: String]?
    var Session: String?
}

extension CognitoEndpoint {
    /// `AdminInitiateAuth` (signed): `ADMIN_USER_PASSWORD_AUTH` (or its old name `ADMIN_NO_SRP_AUTH`)
    /// for a client that allows `ALLOW_ADMIN_USER_PASSWORD_AUTH`, and `REFRESH_TOKEN_AUTH`.
    func adminInitiateAuth(_ body: Data) async throws -> AuthResponse {
        let input: AdminAuthRequest = try Self.decode(body)
        let poolID = try await admin.poolID(try AdminOperations.object(body))
        let flow = try ModelValidation.enumValue(input.AuthFlow, member: "authFlow", allowed: Self.authFlows)
        let clientID = try ModelValidation.clientID(input.ClientId)
        let parameters = input.AuthParameters ?? [:]
        switch flow {
        case "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH":
            let username = try ModelValidation.parameter(parameters, "USERNAME")
            let password = try ModelValidation.parameter(parameters, "PASSWORD")
            return AuthResponse(
                try await signIn.passwordAuth(
                    clientID: clientID, username: username, password: password, secretHash: parameters["SECRET_HASH"], admin: poolID))
        case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
            let token = try ModelValidation.parameter(parameters, "REFRESH_TOKEN")
            return AuthResponse(
                try await signIn.refresh(
                    clientID: clientID, refreshToken: token, secretHash: parameters["SECRET_HASH"], username: parameters["USERNAME"],
                    poolID: poolID))
        case "USER_PASSWORD_AUTH":
            throw CognitoError.invalidParameter("Initiate Auth method not supported.")
        default:
            throw CognitoError.invalidParameter("\(flow) is not supported by this server yet.")
        }
    }

    /// `AdminRespondToAuthChallenge` (signed): `NEW_PASSWORD_REQUIRED` after `AdminInitiateAuth`.
    func adminRespondToAuthChallenge(_ body: Data) async throws -> AuthResponse {
        let input: AdminAuthRequest = try Self.decode(body)
        let poolID = try await admin.poolID(try AdminOperations.object(body))
        let clientID = try ModelValidation.clientID(input.ClientId)
        let challenge = try ModelValidation.enumValue(input.ChallengeName, member: "challengeName", allowed: Self.challengeNames)
        let responses = input.ChallengeResponses ?? [:]
        switch challenge {
        case "NEW_PASSWORD_REQUIRED":
            return try await newPassword(clientID: clientID, session: input.Session, responses: responses, poolID: poolID)
        default:
            throw CognitoError.invalidParameter("\(challenge) is not supported by this server yet.")
        }
    }

    /// Answers `NEW_PASSWORD_REQUIRED` (`USERNAME`, `NEW_PASSWORD`, the session), for a client of
    /// `poolID` when the signed admin operation names one.
    private func newPassword(clientID: String, session: String?, responses: [String: String], poolID: String?) async throws -> AuthResponse {
        let session = try ModelValidation.session(session)
        let username = try ModelValidation.parameter(responses, "USERNAME")
        let newPassword = try ModelValidation.parameter(responses, "NEW_PASSWORD")
        return AuthResponse(
            try await signIn.completeNewPassword(
                clientID: clientID, session: session, username: username, newPassword: newPassword,
                secretHash: responses["SECRET_HASH"], administration: administration, poolID: poolID))
    }
}
