import BigInt
import Crypto
import Foundation

/// The SRP-6a parameters Amazon Cognito uses: the RFC 5054 3072-bit group, g = 2, SHA-256.
///
/// Hand-written because no package here implements Cognito's SRP variant (its byte layouts:
/// hashes over "padded hex" two's-complement forms, `k = H(00‖N ‖ 02)`).
public enum SRPGroup {
    /// The RFC 5054 / RFC 3526 3072-bit MODP prime.
    static let nHex =
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
        + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
        + "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
        + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
        + "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
        + "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
        + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
        + "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33"
        + "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
        + "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864"
        + "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
        + "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"

    public static let N = BigUInt(nHex, radix: 16)!
    public static let g = BigUInt(2)

    /// `k = H(padHex(N) ‖ padHex(g))`.
    public static let k: BigUInt = BigUInt(hash(padded(N) + padded(g)))

    /// The minimal two's-complement big-endian bytes of a non-negative integer: a leading zero
    /// byte is added when the top bit is set (Cognito's "padHex").
    public static func padded(_ value: BigUInt) -> Data {
        var bytes = value.serialize()
        if bytes.isEmpty { bytes = Data([0]) }
        if let first = bytes.first, first >= 0x80 { bytes.insert(0, at: 0) }
        return bytes
    }

    static func hash(_ data: Data) -> Data {
        Data(SHA256.hash(data: data))
    }

    /// The private value `x = H(padHex(salt) ‖ H(poolSuffix ‖ username ‖ ":" ‖ password))`.
    public static func privateValue(poolSuffix: String, username: String, password: String, salt: Data) -> BigUInt {
        let inner = hash(Data((poolSuffix + username + ":" + password).utf8))
        return BigUInt(hash(padded(BigUInt(salt)) + inner))
    }

    /// The verifier `v = g^x mod N` stored whenever a password is set.
    public static func verifier(poolSuffix: String, username: String, password: String, salt: Data) -> BigUInt {
        g.power(privateValue(poolSuffix: poolSuffix, username: username, password: password, salt: salt), modulus: N)
    }
}
