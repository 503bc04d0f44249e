import Crypto
import ExtrasBase64
import Foundation
import Gateway
import JWTKit
import _CryptoExtras

/// Mints tokens with any header and claims, signed however a test needs, including wrongly.
struct TestTokens {
    let key: _RSA.Signing.PrivateKey
    let otherKey: _RSA.Signing.PrivateKey
    static let kid = "kid-a"
    static let otherKid = "kid-b"
    static let issuer = "https://issuer.example/ap-southeast-1_TestPool1"
    static let clientID = "testclient0000000000000001"

    init() throws {
        key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        otherKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    }

    static func b64(_ data: Data) -> String {
        Base64.encodeToString(bytes: Array(data), options: [.base64UrlAlphabet, .omitPaddingCharacter])
    }

    static func json(_ object: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// `header.payload.signature` with an RS256 signature by `signer`.
    func rs256(header: [String: Any], claims: [String: Any], signer: _RSA.Signing.PrivateKey? = nil) -> String {
        let input = Self.b64(Self.json(header)) + "." + Self.b64(Self.json(claims))
        let signature = try! (signer ?? key).signature(for: SHA256.hash(data: Data(input.utf8)), padding: .insecurePKCS1v1_5)
        return input + "." + Self.b64(signature.rawRepresentation)
    }

    /// A valid access token unless overridden.
    func accessToken(now: Date, overrides: [String: Any?] = [:], header: [String: Any]? = nil) -> String {
        var claims: [String: Any] = [
            "sub": "11111111-2222-3333-4444-555555555555", "iss": Self.issuer, "client_id": Self.clientID,
            "username": "alice", "cognito:groups": ["employee"], "token_use": "access",
            "scope": "aws.cognito.signin.user.admin", "iat": Int(now.timeIntervalSince1970),
            "exp": Int(now.timeIntervalSince1970) + 3600, "jti": "jti-1", "origin_jti": "family-1",
        ]
        for (name, value) in overrides {
            claims[name] = value
        }
        return rs256(header: header ?? ["kid": Self.kid, "alg": "RS256"], claims: claims)
    }

    /// The verification keys: both keys are held, and `kid-a` is jwt-kit's default key, so a
    /// token with an unknown kid would verify if the authorizer let jwt-kit decide.
    func keySet() async throws -> VerificationKeySet {
        let collection = JWTKeyCollection()
        await collection.add(rsa: try Insecure.RSA.PublicKey(backing: key.publicKey), digestAlgorithm: .sha256, kid: JWKIdentifier(string: Self.kid))
        await collection.add(
            rsa: try Insecure.RSA.PublicKey(backing: otherKey.publicKey), digestAlgorithm: .sha256, kid: JWKIdentifier(string: Self.otherKid))
        return VerificationKeySet(kids: [Self.kid, Self.otherKid], collection: collection)
    }
}

/// A fixed key set and audience list.
struct StaticTrust: VerificationKeySource, AudienceSource {
    let keys: VerificationKeySet
    let audienceIDs: Set<String>

    func currentKeys() async throws -> VerificationKeySet { keys }
    func keysAfterUnknownKid(_ kid: String) async throws -> VerificationKeySet { keys }
    func audiences() async throws -> Set<String> { audienceIDs }
}
