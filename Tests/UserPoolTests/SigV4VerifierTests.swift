import Foundation
import Testing

@testable import UserPool

/// The SigV4 verifier against requests signed by botocore (fixtures computed once with its
/// signer), and every way a signature is refused.
@Suite("SigV4 verification")
struct SigV4VerifierTests {
    struct Vector: Decodable {
        var accessKeyId: String
        var secretAccessKey: String
        var headers: [String: String]
        var region: String
        var body: String
        var amzDate: String
        var authorization: String
    }

    struct Fixture: Decodable {
        var vectors: [Vector]
    }

    static let signedAt = Date(timeIntervalSince1970: 1_796_379_330)  // 2026-12-04T10:15:30Z
    static let verifier = SigV4Verifier(service: "cognito-idp")

    static func vectors() throws -> [Vector] {
        let url = try #require(Bundle.module.url(forResource: "sigv4-botocore-vectors", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).vectors
    }

    static func request(_ vector: Vector, body: String? = nil, extra: [String: String] = [:], authorization: String? = nil)
        -> SigV4Verifier.SignedRequest
    {
        var headers: [String: [String]] = [:]
        for (name, value) in vector.headers { headers[name.lowercased()] = [value] }
        headers["authorization"] = [authorization ?? vector.authorization]
        for (name, value) in extra { headers[name] = [value] }
        return SigV4Verifier.SignedRequest(method: "POST", path: "/", query: "", headers: headers, body: Data((body ?? vector.body).utf8))
    }

    static func check(_ request: SigV4Verifier.SignedRequest, secret: String, now: Date = signedAt) throws(SigV4Verifier.Failure) {
        let (credential, amzDate) = try verifier.credential(of: request, now: now)
        try verifier.verify(request, credential: credential, amzDate: amzDate, secret: secret)
    }

    @Test("botocore's signatures verify: any region, unicode bodies, empty bodies, spaced header values")
    func botocoreVectors() throws {
        let vectors = try Self.vectors()
        #expect(vectors.count == 3)
        for vector in vectors {
            let request = Self.request(vector)
            let (credential, _) = try Self.verifier.credential(of: request, now: Self.signedAt)
            #expect(credential.accessKeyID == vector.accessKeyId)
            #expect(credential.region == vector.region)
            #expect(throws: Never.self) { try Self.check(request, secret: vector.secretAccessKey) }
        }
    }

    @Test("a tampered body, header, secret or signature is InvalidSignatureException")
    func tampering() throws {
        let vector = try #require(try Self.vectors().first)
        let wrongSecret = String(vector.secretAccessKey.dropLast()) + "X"
        #expect(throws: SigV4Verifier.Failure.self) { try Self.check(Self.request(vector, body: vector.body + " "), secret: vector.secretAccessKey) }
        #expect(throws: SigV4Verifier.Failure.self) {
            try Self.check(Self.request(vector, extra: ["x-amz-target": "AWSCognitoIdentityProviderService.AdminDeleteUser"]), secret: vector.secretAccessKey)
        }
        #expect(throws: SigV4Verifier.Failure.self) { try Self.check(Self.request(vector), secret: wrongSecret) }
        let flipped = vector.authorization.replacingOccurrences(of: "Signature=a", with: "Signature=b")
        do {
            try Self.check(Self.request(vector, authorization: flipped), secret: vector.secretAccessKey)
            Issue.record("a changed signature verified")
        } catch {
            guard case .invalidSignature(let message) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(message.hasPrefix("The request signature we calculated does not match"))
        }
    }

    @Test("the clock: five minutes either way is accepted, more is a signature expired or not yet current")
    func skew() throws {
        let vector = try #require(try Self.vectors().first)
        let request = Self.request(vector)
        #expect(throws: Never.self) { try Self.check(request, secret: vector.secretAccessKey, now: Self.signedAt.addingTimeInterval(300)) }
        #expect(throws: Never.self) { try Self.check(request, secret: vector.secretAccessKey, now: Self.signedAt.addingTimeInterval(-300)) }
        do {
            try Self.check(request, secret: vector.secretAccessKey, now: Self.signedAt.addingTimeInterval(301))
            Issue.record("an old request verified")
        } catch {
            guard case .invalidSignature(let message) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(message.hasPrefix("Signature expired: 20261204T101530Z is now earlier than"))
        }
        #expect(throws: SigV4Verifier.Failure.self) { try Self.check(request, secret: vector.secretAccessKey, now: Self.signedAt.addingTimeInterval(-301)) }
    }

    @Test("missing, incomplete and foreign authorizations are refused with AWS's errors")
    func malformed() throws {
        let vector = try #require(try Self.vectors().first)
        var unsigned = Self.request(vector)
        unsigned.headers["authorization"] = nil
        #expect(throws: SigV4Verifier.Failure.missingAuthentication) { try Self.verifier.credential(of: unsigned, now: Self.signedAt) }
        let noSignature = Self.request(vector, authorization: "AWS4-HMAC-SHA256 Credential=AKIAHRSYSTEMVECTOR01/20261204/ap-southeast-1/cognito-idp/aws4_request, SignedHeaders=host")
        #expect {
            try Self.verifier.credential(of: noSignature, now: Self.signedAt)
        } throws: { error in
            if case SigV4Verifier.Failure.incompleteSignature(let message) = error { return message.contains("'Signature'") }
            return false
        }
        let otherService = Self.request(vector, authorization: vector.authorization.replacingOccurrences(of: "/cognito-idp/", with: "/s3/"))
        #expect(throws: SigV4Verifier.Failure.invalidSignature("Credential should be scoped to correct service: 'cognito-idp'.")) {
            try Self.verifier.credential(of: otherService, now: Self.signedAt)
        }
        var noDate = Self.request(vector)
        noDate.headers["x-amz-date"] = nil
        #expect(throws: SigV4Verifier.Failure.self) { try Self.verifier.credential(of: noDate, now: Self.signedAt) }
        let withToken = Self.request(vector, extra: ["x-amz-security-token": "FwoGZXIvYXdzE"])
        #expect(throws: SigV4Verifier.Failure.unrecognizedClient) { try Self.verifier.credential(of: withToken, now: Self.signedAt) }
        let basic = Self.request(vector, authorization: "Basic YWRtaW46YWRtaW4=")
        #expect(throws: SigV4Verifier.Failure.self) { try Self.verifier.credential(of: basic, now: Self.signedAt) }
    }
}
