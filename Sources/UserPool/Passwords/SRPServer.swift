import BigInt
import Crypto
import Foundation

/// The server's side of Cognito's SRP-6a exchange (`USER_SRP_AUTH` → `PASSWORD_VERIFIER`), with
/// the group, hashes and byte layouts of ``SRPGroup``. Pure arithmetic, no I/O; the exponentiations
/// are slow enough that callers run them off the request path (the password hasher's thread).
public enum SRPServer {
    /// The server's ephemeral pair: `b` random, `B = (k·v + g^b) mod N`.
    public struct Ephemeral: Sendable, Equatable {
        public var b: BigUInt
        public var B: BigUInt
    }

    /// A fresh ephemeral for the verifier `v`. `b` is 256 random bits; a `B` that is 0 mod N is
    /// drawn again (it would reveal nothing, but the client would refuse it).
    public static func ephemeral(verifier v: BigUInt) -> Ephemeral {
        while true {
            let b = BigUInt(Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }))
            let B = publicValue(b: b, verifier: v)
            if B != 0 { return Ephemeral(b: b, B: B) }
        }
    }

    /// `B = (k·v + g^b) mod N`.
    public static func publicValue(b: BigUInt, verifier v: BigUInt) -> BigUInt {
        (SRPGroup.k * v + SRPGroup.g.power(b, modulus: SRPGroup.N)) % SRPGroup.N
    }

    /// `u = H(padHex(A) ‖ padHex(B))`.
    public static func scrambler(A: BigUInt, B: BigUInt) -> BigUInt {
        BigUInt(SRPGroup.hash(SRPGroup.padded(A) + SRPGroup.padded(B)))
    }

    /// Whether a client's `A` may be used: `A mod N ≠ 0` (otherwise the shared secret would be 0
    /// whatever the password).
    public static func acceptable(A: BigUInt) -> Bool {
        A % SRPGroup.N != 0
    }

    /// The 16-byte key both sides derive: `S = (A · v^u)^b mod N`, then HKDF-SHA256 with `padHex(S)`
    /// as input, `padHex(u)` as salt and "Caldera Derived Key" as info. Nil for an unusable `A` or `u = 0`.
    public static func sessionKey(A: BigUInt, ephemeral: Ephemeral, verifier v: BigUInt) -> SymmetricKey? {
        guard acceptable(A: A) else { return nil }
        let u = scrambler(A: A, B: ephemeral.B)
        guard u != 0 else { return nil }
        let base = (A * v.power(u, modulus: SRPGroup.N)) % SRPGroup.N
        let S = base.power(ephemeral.b, modulus: SRPGroup.N)
        return HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: SRPGroup.padded(S)), salt: SRPGroup.padded(u),
            info: Data("Caldera Derived Key".utf8), outputByteCount: 16)
    }

    /// `PASSWORD_CLAIM_SIGNATURE`: HMAC-SHA256 under the session key over
    /// `poolSuffix ‖ userIdForSrp ‖ secretBlock ‖ timestamp`.
    public static func claimSignature(key: SymmetricKey, poolSuffix: String, userIDForSRP: String, secretBlock: Data, timestamp: String) -> Data {
        var message = Data((poolSuffix + userIDForSRP).utf8)
        message.append(secretBlock)
        message.append(Data(timestamp.utf8))
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }

    /// An integer from the hexadecimal text SDKs send (`SRP_A`), or nil when it is not hex or is
    /// longer than the group allows (at most 1,024 digits).
    public static func integer(hex: String) -> BigUInt? {
        guard !hex.isEmpty, hex.count <= 1024, hex.allSatisfy(\.isHexDigit) else { return nil }
        return BigUInt(hex, radix: 16)
    }

    /// Lower-case hexadecimal without leading zeros, as Cognito sends `SRP_B` and `SALT`.
    public static func hex(_ value: BigUInt) -> String {
        String(value, radix: 16)
    }

    /// The `TIMESTAMP` format: `EEE MMM d HH:mm:ss UTC yyyy` in English, e.g. `Tue Dec 8 09:05:01 UTC 2026`.
    public static func parseTimestamp(_ text: String) -> Date? {
        guard text.count <= 40 else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE MMM d HH:mm:ss 'UTC' yyyy"
        return formatter.date(from: text)
    }

    public static func formatTimestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE MMM d HH:mm:ss 'UTC' yyyy"
        return formatter.string(from: date)
    }
}
