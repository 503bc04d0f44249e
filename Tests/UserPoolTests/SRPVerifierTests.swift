import BigInt
import Foundation
import Testing
@testable import UserPool

@Suite("SRP verifier")
struct SRPVerifierTests {
    struct Vector: Decodable {
        var poolId: String
        var username: String
        var password: String
        var saltHex: String
        var xHex: String
        var kHex: String
        var verifierHex: String
    }

    static func vector() throws -> Vector {
        let url = try #require(Bundle.module.url(forResource: "srp-verifier-vector", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Vector.self, from: Data(contentsOf: url))
    }

    static func bytes(_ hex: String) -> Data {
        var data = Data()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            data.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return data
    }

    @Test("k is H(padHex(N) || padHex(g)) as Cognito computes it")
    func multiplier() throws {
        let vector = try Self.vector()
        #expect(SRPGroup.k == BigUInt(vector.kHex, radix: 16))
    }

    @Test("x and the verifier match the committed vector")
    func verifierMatchesVector() throws {
        let vector = try Self.vector()
        let suffix = String(vector.poolId.split(separator: "_")[1])
        let salt = Self.bytes(vector.saltHex)
        let x = SRPGroup.privateValue(poolSuffix: suffix, username: vector.username, password: vector.password, salt: salt)
        #expect(x == BigUInt(vector.xHex, radix: 16))
        let verifier = SRPGroup.verifier(poolSuffix: suffix, username: vector.username, password: vector.password, salt: salt)
        #expect(verifier == BigUInt(vector.verifierHex, radix: 16))
    }

    @Test("padded bytes add a sign byte only when the top bit is set")
    func padding() {
        #expect(SRPGroup.padded(BigUInt(0x7f)) == Data([0x7f]))
        #expect(SRPGroup.padded(BigUInt(0x80)) == Data([0x00, 0x80]))
        #expect(SRPGroup.padded(BigUInt(0)) == Data([0x00]))
    }
}
