import Crypto
import Foundation

/// Encrypts secrets for storage (AES-256-GCM under a key derived from the master key).
///
/// Each sealed value is bound to a `context` string (for example `"signing-key:<kid>"`) as
/// associated data, so a ciphertext copied into another row does not open.
public struct SecretBox: Sendable {
    private static let version: UInt8 = 1
    private let key: SymmetricKey

    public init(masterKey: MasterKey, purpose: String = "secrets-at-rest") {
        self.key = masterKey.derivedKey(purpose: purpose)
    }

    /// Encrypts `plaintext`; the result is `version ‖ nonce ‖ ciphertext ‖ tag`.
    public func seal(_ plaintext: Data, context: String) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw SecretBoxError.cannotOpen }
        return Data([Self.version]) + combined
    }

    /// A keyed digest (HMAC-SHA256 under this box's key, bound to `context`): the same input gives
    /// the same value, and nobody without the master key can compute it.
    public func tag(_ data: Data, context: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(context.utf8) + Data([0]) + data, using: key))
    }

    /// Decrypts a value sealed with the same key and context.
    public func open(_ sealed: Data, context: String) throws -> Data {
        guard sealed.first == Self.version else { throw SecretBoxError.cannotOpen }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.dropFirst())
            return try AES.GCM.open(box, using: key, authenticating: Data(context.utf8))
        } catch {
            throw SecretBoxError.cannotOpen
        }
    }
}

/// A sealed value that does not open: wrong master key, wrong context, or tampered bytes.
public enum SecretBoxError: Error, Equatable, CustomStringConvertible {
    case cannotOpen

    public var description: String {
        "a stored secret does not open: the master key does not match this database, or the data was altered"
    }
}
