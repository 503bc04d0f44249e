import Foundation
import Gateway
import Hummingbird
import NIOCore

/// `GET /{poolId}/.well-known/jwks.json` and `…/openid-configuration`.
public struct WellKnownEndpoint: Sendable {
    let directory: UserPoolDirectory
    let keyring: SigningKeyring
    let issuer: TokenIssuer

    public init(directory: UserPoolDirectory, keyring: SigningKeyring, issuer: TokenIssuer) {
        self.directory = directory
        self.keyring = keyring
        self.issuer = issuer
    }

    struct OpenIDConfiguration: Encodable {
        var issuer: String
        var jwks_uri: String
        var response_types_supported = ["code", "token"]
        var subject_types_supported = ["public"]
        var id_token_signing_alg_values_supported = ["RS256"]
        var scopes_supported = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"]
        var token_endpoint_auth_methods_supported = ["client_secret_basic", "client_secret_post"]
        var claims_supported = [
            "sub", "iss", "aud", "exp", "iat", "auth_time", "token_use", "cognito:username", "cognito:groups", "email",
            "email_verified", "given_name", "family_name",
        ]
    }

    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/:poolId/.well-known/jwks.json") { _, context in
            let poolID = try context.parameters.require("poolId")
            guard try await directory.pool(id: poolID) != nil else { return GatewayResponses.message(.notFound, "Not Found") }
            return try Self.json(await keyring.jwks(poolID: poolID))
        }
        router.get("/:poolId/.well-known/openid-configuration") { _, context in
            let poolID = try context.parameters.require("poolId")
            guard try await directory.pool(id: poolID) != nil else { return GatewayResponses.message(.notFound, "Not Found") }
            let iss = issuer.issuer(poolID: poolID)
            return try Self.json(OpenIDConfiguration(issuer: iss, jwks_uri: iss + "/.well-known/jwks.json"))
        }
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "public, max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
