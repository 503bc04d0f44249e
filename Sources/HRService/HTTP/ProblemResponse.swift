import Foundation
import HRDomain
import Hummingbird
import NIOCore
import Storage

/// Turns every HR failure into an RFC 9457 `application/problem+json` response; the one place
/// where HR errors meet HTTP statuses (DESIGN §5 error table).
public enum ProblemResponse {
    struct Body: Encodable {
        struct Item: Encodable {
            var field: String
            var message: String
        }
        var type: String
        var title: String
        var status: Int
        var detail: String
        var code: String
        var errors: [Item]
        /// The record a conflict is about (`already_checked_in`, `overlapping_record`).
        var recordId: String?
    }

    /// The status, code, title, detail and field errors of an ``HRError``.
    static func describe(_ error: HRError) -> (HTTPResponse.Status, String, String, String, [FieldError]) {
        switch error {
        case .malformedJSON(let detail):
            return (.badRequest, "malformed_json", "Malformed JSON", detail, [])
        case .validationFailed(let errors):
            let detail = errors.map { "\($0.pointer) \($0.message)" }.joined(separator: "; ")
            return (.badRequest, "validation_failed", "Validation failed", detail, errors)
        case .unauthorized(let detail):
            return (.unauthorized, "employment_ended", "Unauthorized", detail, [])
        case .forbidden(let detail):
            return (.forbidden, "forbidden", "Forbidden", detail, [])
        case .notFound(let code, let detail):
            return (.notFound, code, "Not found", detail, [])
        case .conflict(let code, let detail, let field):
            return (.conflict, code, "Conflict", detail, field.map { [FieldError($0, detail)] } ?? [])
        case .conflictWithRecord(let code, let detail, _):
            return (.conflict, code, "Conflict", detail, [])
        case .periodLocked(let period):
            return (HTTPResponse.Status(code: 423, reasonPhrase: "Locked"), "period_locked", "Period locked", "the pay period \(period) is closed; reopen it to change its records", [])
        case .ruleViolation(let code, let detail, let field):
            return (.unprocessableContent, code, "Rule violated", detail, field.map { [FieldError($0, detail)] } ?? [])
        case .ifMatchRequired:
            return (.preconditionRequired, "if_match_required", "If-Match required", "send the resource's ETag in If-Match", [])
        case .tooManyRequests(let code, let detail):
            return (.tooManyRequests, code, "Too many requests", detail, [])
        case .serviceUnavailable:
            return (.serviceUnavailable, "service_unavailable", "Service unavailable", "the database cannot be reached; retry shortly", [])
        case .versionMismatch(let current):
            return (.preconditionFailed, "version_mismatch", "Version mismatch", "the resource is at version \(current)", [])
        }
    }

    public static func response(for error: HRError) -> Response {
        let (status, code, title, detail, errors) = describe(error)
        var body = Body(
            type: "urn:hrsystem:problem:\(code)", title: title, status: Int(status.code), detail: detail, code: code,
            errors: errors.map { .init(field: $0.pointer, message: $0.message) })
        if case .conflictWithRecord(_, _, let recordID) = error { body.recordId = recordID }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        let data = (try? encoder.encode(body)) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Catches ``HRError`` from HR handlers and answers problem+json. Errors of any other kind
/// propagate to the gateway, which answers them as API Gateway would.
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HRError {
            return ProblemResponse.response(for: error)
        } catch StorageError.unavailable {
            return ProblemResponse.response(for: .serviceUnavailable)
        }
    }
}
