import BigInt
import Crypto
import Foundation
import Testing
@testable import UserPool

/// The server's half of `USER_SRP_AUTH` against vectors computed with an independent client
/// (pycognito, `scripts/srp-vectors.py`): the same `B`, `u`, session key and claim signature.
@Suite("SRP exchange")
struct SRPExchangeTests {
    struct Vector: Decodable, CustomTestStringConvertible {
        var name: String
        var poolId: String
        var username: String
        var secretBlock: String
        var timestamp: String
        var verifierHex: String
        var AHex: String
        var bHex: String
        var BHex: String
        var uHex: String
        var hkdfKeyHex: String
        var signatureBase64: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = {
        guard let url = Bundle.module.url(forResource: "srp-exchange-vectors", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url),
            let file = try? JSONDecoder().decode([String: [Vector]].self, from: Self.vectorsOnly(data))
        else { return [] }
        return file["vectors"] ?? []
    }()

    /// The file without its top-level comment, so it decodes as `[String: [Vector]]`.
    static func vectorsOnly(_ data: Data) -> Data {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let vectors = object["vectors"],
            let trimmed = try? JSONSerialization.data(withJSONObject: ["vectors": vectors])
        else { return data }
        return trimmed
    }

    static func hex(_ data: some DataProtocol) -> String { data.map { String(format: "%02x", $0) }.joined() }

    @Test("the committed vectors are all there")
    func vectorsLoad() {
        #expect(Self.vectors.count == 3)
    }

    @Test("B, u, the session key and the claim signature match the independent client", arguments: vectors)
    func exchange(vector: Vector) throws {
        let v = try #require(BigUInt(vector.verifierHex, radix: 16))
        let A = try #require(BigUInt(vector.AHex, radix: 16))
        let b = try #require(BigUInt(vector.bHex, radix: 16))
        let B = SRPServer.publicValue(b: b, verifier: v)
        #expect(SRPServer.hex(B) == vector.BHex)
        #expect(SRPServer.hex(SRPServer.scrambler(A: A, B: B)) == vector.uHex)
        let key = try #require(SRPServer.sessionKey(A: A, ephemeral: .init(b: b, B: B), verifier: v))
        #expect(key.withUnsafeBytes { Self.hex($0) } == vector.hkdfKeyHex)
        let suffix = String(try #require(vector.poolId.split(separator: "_").last))
        let block = try #require(Data(base64Encoded: vector.secretBlock))
        let signature = SRPServer.claimSignature(key: key, poolSuffix: suffix, userIDForSRP: vector.username, secretBlock: block, timestamp: vector.timestamp)
        #expect(signature.base64EncodedString() == vector.signatureBase64)
        // Another verifier (another password) yields another key: the client's claim no longer matches.
        let other = try #require(SRPServer.sessionKey(A: A, ephemeral: .init(b: b, B: B), verifier: v + 1))
        let forged = SRPServer.claimSignature(key: other, poolSuffix: suffix, userIDForSRP: vector.username, secretBlock: block, timestamp: vector.timestamp)
        #expect(forged != signature)
    }

    @Test("the timestamp format round-trips and refuses other shapes")
    func timestamps() throws {
        let date = try #require(SRPServer.parseTimestamp("Tue Dec 8 00:09:42 UTC 2026"))
        #expect(SRPServer.formatTimestamp(date) == "Tue Dec 8 00:09:42 UTC 2026")
        #expect(SRPServer.parseTimestamp("2026-12-08T00:09:42Z") == nil)
        #expect(SRPServer.parseTimestamp(String(repeating: "x", count: 100)) == nil)
    }

    @Test("an A of 0 mod N, non-hex or oversized SRP_A is refused")
    func unusableA() {
        #expect(!SRPServer.acceptable(A: 0))
        #expect(!SRPServer.acceptable(A: SRPGroup.N))
        #expect(!SRPServer.acceptable(A: SRPGroup.N * 2))
        #expect(SRPServer.integer(hex: "xyz") == nil)
        #expect(SRPServer.integer(hex: "") == nil)
        #expect(SRPServer.integer(hex: String(repeating: "f", count: 1025)) == nil)
        #expect(SRPServer.sessionKey(A: SRPGroup.N, ephemeral: .init(b: 5, B: 7), verifier: 3) == nil)
    }
}
