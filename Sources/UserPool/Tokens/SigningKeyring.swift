import Crypto
import ExtrasBase64
import Foundation
import SQLKit
import Storage
import TimeSource
import _CryptoExtras

/// Which token a signing key signs. Id and access tokens use different keys, as Cognito's do.
public enum TokenUse: String, Sendable, Codable {
    case id
    case access
}

/// An RSA signing key of a pool, opened from the database.
public struct SigningKey: Sendable {
    public var kid: String
    public var poolID: String
    public var tokenUse: TokenUse
    public var privateKey: _RSA.Signing.PrivateKey
    /// base64url of the modulus and exponent, as the JWKS publishes them.
    public var modulus: String
    public var exponent: String
    public var signsFrom: Date
    public var retiredAt: Date?
}

/// The pool's signing keys: created, sealed under the master key, loaded and published.
///
/// Keys live in the database so every instance signs with the same keys; the private halves are
/// stored sealed with the ``SecretBox``.
public actor SigningKeyring {
    private let database: any DatabaseClient
    private let secrets: SecretBox
    private let clock: any WallClock
    private var keys: [String: SigningKey] = [:]

    public init(database: any DatabaseClient, secrets: SecretBox, clock: any WallClock) {
        self.database = database
        self.secrets = secrets
        self.clock = clock
    }

    /// Generates and stores a new 2048-bit key for `tokenUse`, signing at once.
    @discardableResult
    public func createKey(poolID: String, tokenUse: TokenUse) async throws -> SigningKey {
        try await createKey(poolID: poolID, tokenUse: tokenUse, lead: 0, retiringOthersAfter: nil)
    }

    /// The longest an id or access token lives: a retired key stays published this long after it
    /// signed its last token.
    public static let longestTokenLife: TimeInterval = 86_400

    /// Rotates a pool's keys: for each token use, a new key is published at once and signs from
    /// `lead` seconds on (so every verifier has fetched it first); the keys it replaces stop
    /// signing then and stay published until the last token they can have signed has expired.
    public func rotate(poolID: String, lead: TimeInterval) async throws -> [SigningKey] {
        var created: [SigningKey] = []
        for use in [TokenUse.id, .access] {
            created.append(try await createKey(poolID: poolID, tokenUse: use, lead: lead, retiringOthersAfter: Self.longestTokenLife))
        }
        return created
    }

    private func createKey(poolID: String, tokenUse: TokenUse, lead: TimeInterval, retiringOthersAfter life: TimeInterval?) async throws -> SigningKey {
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let primitives = try privateKey.publicKey.getKeyPrimitives()
        let kid = Data(SHA256.hash(data: privateKey.publicKey.derRepresentation)).base64EncodedString()
        let now = clock.now()
        let signsFrom = now.addingTimeInterval(max(0, lead))
        let key = SigningKey(
            kid: kid, poolID: poolID, tokenUse: tokenUse, privateKey: privateKey,
            modulus: Base64URL.encode(primitives.modulus), exponent: Base64URL.encode(primitives.publicExponent),
            signsFrom: signsFrom, retiredAt: nil)
        let sealed = try secrets.seal(Data(privateKey.pemRepresentation.utf8), context: "signing-key:\(kid)")
        let (micros, from) = (now.epochMicroseconds, signsFrom.epochMicroseconds)
        let retire = life.map { signsFrom.addingTimeInterval($0).epochMicroseconds }
        try await database.write { db in
            if let retire {
                try await db.raw(
                    """
                    UPDATE signing_keys SET retired_at = \(bind: retire)
                    WHERE pool_id = \(bind: poolID) AND token_use = \(bind: tokenUse.rawValue) AND (retired_at IS NULL OR retired_at > \(bind: retire))
                    """
                ).run()
            }
            try await db.raw(
                """
                INSERT INTO signing_keys (kid, pool_id, token_use, private_key_sealed, public_modulus, public_exponent, created_at, signs_from)
                VALUES (\(bind: kid), \(bind: poolID), \(bind: tokenUse.rawValue), \(bind: sealed), \(bind: key.modulus),
                    \(bind: key.exponent), \(bind: micros), \(bind: from))
                """
            ).run()
        }
        try await reload()
        return key
    }

    /// Reloads every key of every pool from the database.
    public func reload() async throws {
        let rows = try await database.read { db in
            try await db.raw("SELECT * FROM signing_keys").all()
        }
        var loaded: [String: SigningKey] = [:]
        for row in rows {
            let kid = try row.decode(column: "kid", as: String.self)
            let sealed = try row.decode(column: "private_key_sealed", as: Data.self)
            let pem = String(decoding: try secrets.open(sealed, context: "signing-key:\(kid)"), as: UTF8.self)
            loaded[kid] = SigningKey(
                kid: kid,
                poolID: try row.decode(column: "pool_id", as: String.self),
                tokenUse: TokenUse(rawValue: try row.decode(column: "token_use", as: String.self)) ?? .access,
                privateKey: try _RSA.Signing.PrivateKey(pemRepresentation: pem),
                modulus: try row.decode(column: "public_modulus", as: String.self),
                exponent: try row.decode(column: "public_exponent", as: String.self),
                signsFrom: Date(epochMicroseconds: try row.decode(column: "signs_from", as: Int64.self)),
                retiredAt: try row.decode(column: "retired_at", as: Int64?.self).map { Date(epochMicroseconds: $0) })
        }
        keys = loaded
    }

    /// The key that signs `tokenUse` tokens of a pool now: the newest whose lead time has passed.
    public func currentKey(poolID: String, tokenUse: TokenUse) throws -> SigningKey {
        // Compared in stored precision (microseconds): a key read back from the database must
        // compare exactly as it did before it was stored.
        let now = clock.now().epochMicroseconds
        let candidates = keys.values.filter {
            $0.poolID == poolID && $0.tokenUse == tokenUse && $0.signsFrom.epochMicroseconds <= now
                && $0.retiredAt.map { $0.epochMicroseconds > now } ?? true
        }
        guard let key = candidates.max(by: { $0.signsFrom < $1.signsFrom }) else {
            throw SigningKeyError.noSigningKey(poolID: poolID, tokenUse: tokenUse)
        }
        return key
    }

    /// The keys a pool publishes: every key not yet retired, ordered by kid.
    public func publishedKeys(poolID: String) -> [SigningKey] {
        let now = clock.now().epochMicroseconds
        return keys.values.filter { $0.poolID == poolID && $0.retiredAt.map { $0.epochMicroseconds > now } ?? true }
            .sorted { $0.kid < $1.kid }
    }

    /// The pool's JWKS document.
    public func jwks(poolID: String) -> JWKSDocument {
        JWKSDocument(keys: publishedKeys(poolID: poolID).map {
            JWKSDocument.Key(alg: "RS256", e: $0.exponent, kid: $0.kid, kty: "RSA", n: $0.modulus, use: "sig")
        })
    }
}

/// A JSON Web Key Set of RSA public keys.
public struct JWKSDocument: Codable, Sendable, Equatable {
    public struct Key: Codable, Sendable, Equatable {
        public var alg: String
        public var e: String
        public var kid: String
        public var kty: String
        public var n: String
        public var use: String
    }
    public var keys: [Key]
}

/// Why no token could be signed.
public enum SigningKeyError: Error, Equatable {
    case noSigningKey(poolID: String, tokenUse: TokenUse)
}

/// base64url without padding (RFC 7515 §2), through swift-extras-base64.
public enum Base64URL {
    public static func encode(_ data: some DataProtocol) -> String {
        Base64.encodeToString(bytes: Array(data), options: [.base64UrlAlphabet, .omitPaddingCharacter])
    }

    public static func decode(_ string: some StringProtocol) -> Data? {
        guard let bytes = try? Base64.decode(string: String(string), options: [.base64UrlAlphabet, .omitPaddingCharacter])
        else { return nil }
        return Data(bytes)
    }
}
