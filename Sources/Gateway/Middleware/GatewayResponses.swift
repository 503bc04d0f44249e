import Foundation
import Hummingbird
import NIOCore

/// The gateway's own JSON answers, byte for byte as API Gateway sends them: `{"message":"…"}`.
public enum GatewayResponses {
    /// `{"message": <message>}` with `content-type: application/json`.
    public static func message(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "{\"message\":\"\(escaped)\"}")))
    }

    /// A JSON body given as text.
    public static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// 401 with the `www-authenticate` challenge API Gateway's JWT authorizer sends.
    public static func unauthorized(reason: String) -> Response {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer scope=\"\" error=\"invalid_token\" error_description=\"\(reason)\""
        return message(.unauthorized, "Unauthorized", headers: headers)
    }

    /// 403 for a valid token that lacks every scope the route accepts.
    public static func forbidden(requiredScopes: [String]) -> Response {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] =
            "Bearer scope=\"\(requiredScopes.joined(separator: " "))\" error=\"insufficient_scope\" error_description=\"the token does not have a required scope\""
        return message(.forbidden, "Forbidden", headers: headers)
    }
}
