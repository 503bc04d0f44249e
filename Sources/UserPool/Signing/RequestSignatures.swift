import Foundation
import Hummingbird
import TimeSource

/// Authenticates a signed Cognito request: a SigV4 signature (service `cognito-idp`, any region)
/// by an active access key, made within five minutes of the server's clock.
struct RequestSignatures: Sendable {
    let keys: AccessKeyStore
    let clock: any WallClock
    let verifier = SigV4Verifier(service: "cognito-idp")

    /// The owner of the key that signed `request`, or the Cognito error AWS answers.
    func authenticate(_ request: Request, body: Data) async throws -> String {
        var headers: [String: [String]] = [:]
        for field in request.headers {
            headers[field.name.canonicalName, default: []].append(field.value)
        }
        // HTTP/1.1's Host header arrives as the request's authority.
        if headers["host"] == nil, let authority = request.head.authority { headers["host"] = [authority] }
        let signed = SigV4Verifier.SignedRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "", headers: headers, body: body)
        do {
            let (credential, amzDate) = try verifier.credential(of: signed, now: clock.now())
            guard let key = try await keys.activeSecret(credential.accessKeyID) else { throw SigV4Verifier.Failure.unrecognizedClient }
            try verifier.verify(signed, credential: credential, amzDate: amzDate, secret: key.secret)
            try? await keys.markUsed(credential.accessKeyID)
            return key.owner
        } catch let failure as SigV4Verifier.Failure {
            throw Self.cognitoError(failure)
        }
    }

    static func cognitoError(_ failure: SigV4Verifier.Failure) -> CognitoError {
        switch failure {
        case .missingAuthentication: CognitoError("MissingAuthenticationTokenException", "Missing Authentication Token")
        case .incompleteSignature(let message): CognitoError("IncompleteSignatureException", message)
        case .unrecognizedClient: CognitoError("UnrecognizedClientException", "The security token included in the request is invalid.")
        case .invalidSignature(let message): CognitoError("InvalidSignatureException", message)
        }
    }
}
