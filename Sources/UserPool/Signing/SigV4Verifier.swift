import Crypto
import Foundation

/// Verifies AWS Signature Version 4 on a request, as AWS services do for IAM-signed calls.
///
/// Written here rather than taken from a library: the Swift AWS SDKs only sign, and the check
/// is a few HMACs over a canonical form that must match botocore's byte for byte (the tests hold
/// vectors computed with botocore's signer). Only header signatures (`Authorization:
/// AWS4-HMAC-SHA256 …`) are accepted; presigned query strings and session tokens are refused.
public struct SigV4Verifier: Sendable {
    /// How far `X-Amz-Date` may be from the server's clock.
    public static let allowedSkew: TimeInterval = 300

    /// The service name every credential scope must carry.
    public let service: String

    public init(service: String) {
        self.service = service
    }

    /// A request as the verifier sees it: header names lowercased (values in arrival order),
    /// the path and query exactly as sent, the raw body.
    public struct SignedRequest: Sendable {
        public var method: String
        public var path: String
        public var query: String
        public var headers: [String: [String]]
        public var body: Data

        public init(method: String, path: String, query: String, headers: [String: [String]], body: Data) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
        }

        func header(_ name: String) -> String? { headers[name]?.first }
    }

    /// The parsed `Authorization` header.
    public struct Credential: Sendable, Equatable {
        public var accessKeyID: String
        public var date: String
        public var region: String
        public var service: String
        public var signedHeaders: [String]
        public var signature: String
    }

    /// Why a signature was refused, each with the error AWS answers.
    public enum Failure: Error, Equatable, Sendable {
        /// No `Authorization` header at all.
        case missingAuthentication
        /// The header is not a complete SigV4 authorization, or a required header is missing.
        case incompleteSignature(String)
        /// The key is unknown or inactive, or the request carries a session token.
        case unrecognizedClient
        /// The signature does not match, the scope is wrong, or the request is too old or too new.
        case invalidSignature(String)
    }

    /// Parses the `Authorization` header and the date; does not need the secret.
    public func credential(of request: SignedRequest, now: Date) throws(Failure) -> (Credential, amzDate: String) {
        guard let authorization = request.header("authorization") else { throw .missingAuthentication }
        let prefix = "AWS4-HMAC-SHA256 "
        guard authorization.hasPrefix(prefix) else {
            throw .incompleteSignature("Authorization header requires the AWS4-HMAC-SHA256 algorithm. Authorization=\(authorization.prefix(64))")
        }
        var parts: [String: String] = [:]
        for item in authorization.dropFirst(prefix.count).split(separator: ",") {
            let pair = item.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { parts[String(pair[0])] = String(pair[1]) }
        }
        for name in ["Credential", "SignedHeaders", "Signature"] where parts[name] == nil {
            throw .incompleteSignature("Authorization header requires '\(name)' parameter. Authorization=\(authorization.prefix(64))")
        }
        let scope = (parts["Credential"] ?? "").split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request", !scope[0].isEmpty, scope[1].count == 8, !scope[2].isEmpty else {
            throw .incompleteSignature("Credential should be scoped to a valid region, not '\(parts["Credential"] ?? "")'.")
        }
        guard scope[3] == service else {
            throw .invalidSignature("Credential should be scoped to correct service: '\(service)'.")
        }
        guard let amzDate = request.header("x-amz-date") else {
            throw .incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
        }
        guard let signedAt = Self.parseAmzDate(amzDate) else {
            throw .incompleteSignature("Date must be in ISO-8601 'basic format'. Got '\(amzDate)'.")
        }
        guard amzDate.hasPrefix(scope[1]) else {
            throw .invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scope[1])' != '\(amzDate.prefix(8))'")
        }
        if signedAt < now.addingTimeInterval(-Self.allowedSkew) {
            throw .invalidSignature(
                "Signature expired: \(amzDate) is now earlier than \(Self.formatAmzDate(now.addingTimeInterval(-Self.allowedSkew))) (\(Self.formatAmzDate(now)) - 5 min.)")
        }
        if signedAt > now.addingTimeInterval(Self.allowedSkew) {
            throw .invalidSignature(
                "Signature not yet current: \(amzDate) is still later than \(Self.formatAmzDate(now.addingTimeInterval(Self.allowedSkew))) (\(Self.formatAmzDate(now)) + 5 min.)")
        }
        if request.header("x-amz-security-token") != nil { throw .unrecognizedClient }
        let signedHeaders = (parts["SignedHeaders"] ?? "").split(separator: ";").map(String.init)
        guard signedHeaders.contains("host") else {
            throw .invalidSignature("'Host' must be a signed header.")
        }
        let credential = Credential(
            accessKeyID: scope[0], date: scope[1], region: scope[2], service: scope[3], signedHeaders: signedHeaders,
            signature: parts["Signature"] ?? "")
        return (credential, amzDate)
    }

    /// Checks the signature with the key's secret.
    public func verify(_ request: SignedRequest, credential: Credential, amzDate: String, secret: String) throws(Failure) {
        let expected = Self.signature(request, credential: credential, amzDate: amzDate, secret: secret)
        // Constant-time comparison: the expected signature must not leak through timing.
        let given = Array(credential.signature.utf8)
        let wanted = Array(expected.utf8)
        var difference: UInt8 = given.count == wanted.count ? 0 : 1
        for index in 0..<min(given.count, wanted.count) { difference |= given[index] ^ wanted[index] }
        guard difference == 0 else {
            throw .invalidSignature(
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
        }
    }

    /// The hex signature of `request` under `credential`'s scope.
    public static func signature(_ request: SignedRequest, credential: Credential, amzDate: String, secret: String) -> String {
        let canonical = canonicalRequest(request, signedHeaders: credential.signedHeaders)
        let scope = "\(credential.date)/\(credential.region)/\(credential.service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(hex(SHA256.hash(data: Data(canonical.utf8))))"
        var key = SymmetricKey(data: Data("AWS4\(secret)".utf8))
        for part in [credential.date, credential.region, credential.service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
    }

    /// The canonical request of SigV4: method, URI, query, the signed headers, their names, and
    /// the body's SHA-256.
    static func canonicalRequest(_ request: SignedRequest, signedHeaders: [String]) -> String {
        let headers = signedHeaders.map { name -> String in
            let values = (request.headers[name] ?? []).map(collapse)
            return "\(name):\(values.joined(separator: ","))\n"
        }.joined()
        let payload = request.header("x-amz-content-sha256") ?? hex(SHA256.hash(data: request.body))
        return [
            request.method.uppercased(), canonicalURI(request.path), canonicalQuery(request.query), headers,
            signedHeaders.joined(separator: ";"), payload,
        ].joined(separator: "\n")
    }

    /// The path with each segment percent-encoded (RFC 3986 unreserved characters kept), as
    /// botocore sends it for services other than S3.
    static func canonicalURI(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { encode(String($0).removingPercentEncoding ?? String($0)) }
            .joined(separator: "/")
    }

    /// Query parameters sorted by name then value, each name and value percent-encoded.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&").map { item -> (String, String) in
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                encode(String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0))
            }
            return (pair[0], pair.count > 1 ? pair[1] : "")
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~".utf8)

    static func encode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                output.append(Character(Unicode.Scalar(byte)))
            } else {
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }

    /// Trims a header value and folds runs of spaces into one.
    static func collapse(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// `yyyyMMdd'T'HHmmss'Z'`; nil for anything else.
    static func parseAmzDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), let hour = number(9..<11),
            let minute = number(11..<13), let second = number(13..<15), (1...12).contains(month), (1...31).contains(day), hour < 24,
            minute < 60, second < 61
        else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        (components.hour, components.minute, components.second) = (hour, minute, second)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar.date(from: components)
    }

    static func formatAmzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
