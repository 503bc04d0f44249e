import Foundation
import Hummingbird
import Logging
import Gateway
import NIOCore
import TimeSource

/// The Cognito user-pool API on the wire: AWS JSON 1.1 over `POST /`, the operation named by
/// `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`.
///
/// Responses are `application/x-amz-json-1.1`; errors are HTTP 400 with
/// `{"__type","message"}` and `x-amzn-ErrorType`; every response carries `x-amzn-RequestId`.
/// Operations of the model that are not implemented answer `UnsupportedOperationException` (never
/// 5xx, which SDKs retry).
public struct CognitoEndpoint: Sendable {
    static let targetPrefix = "AWSCognitoIdentityProviderService."
    static let contentType = "application/x-amz-json-1.1"
    /// Cognito request bodies are small; anything past this is refused before parsing.
    static let maxBodyBytes = 256 * 1024

    let signIn: SignInService
    let administration: UserAdministration
    let admin: AdminOperations
    let signatures: RequestSignatures
    /// Verifies a user's access token (signature, issuer, expiry, revocation) for the operations
    /// a user calls with it; nil refuses them all.
    let accessTokens: (@Sendable (String) async throws -> Principal)?
    let logger: Logger

    /// - Parameters:
    ///   - accessKeys: the keys whose SigV4 signatures the signed operations accept.
    ///   - audit: records each administrative change with the signing key's owner as actor.
    ///   - outbox: where password-reset codes go; nil refuses `ForgotPassword`.
    ///   - consoleClientID: the web console's app client, which `DeleteUserPoolClient` refuses to delete.
    public init(
        signIn: SignInService, administration: UserAdministration, accessKeys: AccessKeyStore, clock: any WallClock,
        audit: @escaping @Sendable (AdminAuditEvent) async throws -> Void,
        accessTokens: (@Sendable (String) async throws -> Principal)? = nil, consoleClientID: String? = nil, outbox: Outbox? = nil,
        logger: Logger
    ) {
        self.accessTokens = accessTokens
        self.signIn = signIn
        self.administration = administration
        self.admin = AdminOperations(administration: administration, audit: audit, protectedClientID: consoleClientID, outbox: outbox)
        self.signatures = RequestSignatures(keys: accessKeys, clock: clock)
        self.logger = logger
    }

    /// Adds `POST /` to `router`; with a throttle, unauthenticated sign-in calls are limited per client address.
    public func addRoutes<Context: RemoteAddressRequestContext>(to router: Router<Context>, throttle: SignInThrottle? = nil) {
        router.post("/") { request, context in
            await self.handle(request, clientAddress: throttle == nil ? nil : context.remoteAddress?.ipAddress, throttle: throttle)
        }
    }

    /// The operations that reach the password hasher without a signature: limited per client address.
    static let throttled: Set<String> = [
        "InitiateAuth", "RespondToAuthChallenge", "ForgotPassword", "ConfirmForgotPassword", "ChangePassword",
        "GetTokensFromRefreshToken", "SignUp", "ConfirmSignUp", "ResendConfirmationCode",
    ]

    /// Answers one request. With a throttle and the client's address, a throttled operation past the
    /// address's rate is `TooManyRequestsException` before anything else is read.
    public func handle(_ request: Request, clientAddress: String? = nil, throttle: SignInThrottle? = nil) async -> Response {
        let requestID = UUID().uuidString.lowercased()
        do {
            let target = request.headers[.init("X-Amz-Target")!] ?? ""
            guard target.hasPrefix(Self.targetPrefix) else {
                throw CognitoError("UnknownOperationException", "Unknown operation \(target)")
            }
            let operation = String(target.dropFirst(Self.targetPrefix.count))
            if let throttle, let clientAddress, Self.throttled.contains(operation), !throttle.allow(clientAddress) {
                throw CognitoError.tooManyRequests
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Self.maxBodyBytes)
            } catch {
                throw CognitoError("SerializationException", "Request body is larger than \(Self.maxBodyBytes) bytes")
            }
            let data = Data(body.readableBytesView)
            // No stored text may hold NUL (PostgreSQL cannot, SQLite would cut it short).
            if data.range(of: Data("\\u0000".utf8)) != nil {
                throw CognitoError.invalidParameter("Request parameters must not contain NUL characters")
            }
            var actor: String?
            if CognitoOperations.modelled.contains(operation), !CognitoOperations.unsigned.contains(operation) {
                actor = try await signatures.authenticate(request, body: data)
            }
            let output: Data
            if let actor, AdminOperations.names.contains(operation) {
                output = try await admin.perform(operation, body: data, actor: "access-key:\(actor)")
            } else {
                output = try await dispatch(operation: operation, body: data)
            }
            return Self.response(status: .ok, body: output, requestID: requestID)
        } catch let error as CognitoError {
            return Self.errorResponse(error, requestID: requestID)
        } catch let error as UserPoolError {
            return Self.errorResponse(.from(error), requestID: requestID)
        } catch PasswordHasherError.overloaded {
            return Self.errorResponse(.tooManyRequests, requestID: requestID)
        } catch {
            logger.error("cognito operation failed", metadata: ["error": "\(error)", "request-id": "\(requestID)"])
            return Self.errorResponse(.internalError, requestID: requestID)
        }
    }

    private func dispatch(operation: String, body: Data) async throws -> Data {
        switch operation {
        case "InitiateAuth":
            let input: InitiateAuthRequest = try Self.decode(body)
            return try Self.encode(try await initiateAuth(input))
        case "GetUser":
            return try await getUser(body)
        case "GlobalSignOut", "RevokeToken", "ChangePassword", "GetTokensFromRefreshToken", "DeleteUser", "UpdateUserAttributes",
            "DeleteUserAttributes", "ForgotPassword", "ConfirmForgotPassword":
            return try await selfService(operation, body: body)
        case "AdminInitiateAuth":
            return try Self.encode(try await adminInitiateAuth(body))
        case "AdminRespondToAuthChallenge":
            return try Self.encode(try await adminRespondToAuthChallenge(body))
        case "RespondToAuthChallenge":
            let input: RespondToAuthChallengeRequest = try Self.decode(body)
            return try Self.encode(try await respondToAuthChallenge(input))
        default:
            if CognitoOperations.modelled.contains(operation) {
                throw CognitoError("UnsupportedOperationException", "Operation \(operation) is not supported by this server.")
            }
            throw CognitoError("UnknownOperationException", "Unknown operation \(operation)")
        }
    }

    static func decode<T: Decodable>(_ body: Data) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: body.isEmpty ? Data("{}".utf8) : body)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw CognitoError("SerializationException", "Unexpected value type for \(path)")
        } catch {
            throw CognitoError("SerializationException", "The request body is not valid JSON")
        }
    }

    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return try encoder.encode(value)
    }

    static func response(status: HTTPResponse.Status, body: Data, requestID: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.init("x-amzn-RequestId")!] = requestID
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func errorResponse(_ error: CognitoError, requestID: String) -> Response {
        struct Body: Encodable {
            var __type: String
            var message: String
        }
        let data = (try? encode(Body(__type: error.type, message: error.message))) ?? Data()
        var response = response(status: .init(code: error.status), body: data, requestID: requestID)
        response.headers[.init("x-amzn-ErrorType")!] = error.type
        return response
    }
}

extension CognitoEndpoint {
    /// `GetUser`: the signed-in user's attributes, for their access token (scope
    /// `aws.cognito.signin.user.admin`). A revoked, expired or foreign token is `NotAuthorizedException`.
    func getUser(_ body: Data) async throws -> Data {
        let (user, _) = try await signedInUser(try AdminOperations.object(body))
        var output = AdminOperations.user(user, attributesMember: "UserAttributes")
        output = ["Username": output["Username"] ?? user.username, "UserAttributes": output["UserAttributes"] ?? [], "UserMFASettingList": [String]()]
        return try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// The user whose access token `AccessToken` is (scope `aws.cognito.signin.user.admin`). A
    /// revoked, expired or foreign token, or a disabled user, is `NotAuthorizedException`.
    func signedInUser(_ input: [String: Any]) async throws -> (PoolUser, Principal) {
        guard let token = try AdminOperations.string(input, "AccessToken", required: true, max: 8192), let accessTokens else {
            throw CognitoError("NotAuthorizedException", "Invalid Access Token")
        }
        let principal: Principal
        do {
            principal = try await accessTokens(token)
        } catch AuthorizerFailure.revoked {
            throw CognitoError("NotAuthorizedException", "Access Token has been revoked")
        } catch AuthorizerFailure.unavailable {
            throw CognitoError.internalError
        } catch {
            throw CognitoError("NotAuthorizedException", "Invalid Access Token")
        }
        guard principal.tokenUse == "access", principal.scopes.contains("aws.cognito.signin.user.admin"),
            let user = try await administration.directory.user(sub: principal.subject), user.enabled
        else { throw CognitoError("NotAuthorizedException", "Invalid Access Token") }
        return (user, principal)
    }
}
