import Foundation
import Hummingbird
import Logging
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
    let logger: Logger

    /// - Parameters:
    ///   - accessKeys: the keys whose SigV4 signatures the signed operations accept.
    ///   - audit: records each administrative change with the signing key's owner as actor.
    public init(
        signIn: SignInService, administration: UserAdministration, accessKeys: AccessKeyStore, clock: any WallClock,
        audit: @escaping @Sendable (AdminAuditEvent) async throws -> Void, logger: Logger
    ) {
        self.signIn = signIn
        self.administration = administration
        self.admin = AdminOperations(administration: administration, audit: audit)
        self.signatures = RequestSignatures(keys: accessKeys, clock: clock)
        self.logger = logger
    }

    /// Adds `POST /` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post("/") { request, context in
            await self.handle(request)
        }
    }

    /// Answers one request.
    public func handle(_ request: Request) async -> Response {
        let requestID = UUID().uuidString.lowercased()
        do {
            let target = request.headers[.init("X-Amz-Target")!] ?? ""
            guard target.hasPrefix(Self.targetPrefix) else {
                throw CognitoError("UnknownOperationException", "Unknown operation \(target)")
            }
            let operation = String(target.dropFirst(Self.targetPrefix.count))
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Self.maxBodyBytes)
            } catch {
                throw CognitoError("SerializationException", "Request body is larger than \(Self.maxBodyBytes) bytes")
            }
            let data = Data(body.readableBytesView)
            var actor: String?
            if CognitoOperations.modelled.contains(operation), !CognitoOperations.unsigned.contains(operation) {
                actor = try await signatures.authenticate(request, body: data)
            }
            let output: Data
            if let actor, AdminOperations.names.contains(operation) {
                output = try await admin.perform(operation, body: data, actor: actor)
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
