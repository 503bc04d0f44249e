/// A problem with one field of a request, named by a JSON Pointer (`/compensation/0/amountMinor`).
public struct FieldError: Sendable, Equatable {
    public var pointer: String
    public var message: String

    public init(_ pointer: String, _ message: String) {
        self.pointer = pointer
        self.message = message
    }
}

/// Every way an HR operation can fail; the HTTP layer maps each case to a status and a
/// problem+json body in one place (DESIGN §5 error table).
public enum HRError: Error, Equatable {
    /// 400: the body is not JSON.
    case malformedJSON(String)
    /// 400: wrong types, missing fields, bad formats.
    case validationFailed([FieldError])
    /// 401: the caller's token is valid but their employment has ended (covers remote issuers,
    /// whose logins this system cannot disable).
    case unauthorized(String)
    /// 403: the caller's role may not do this at all.
    case forbidden(String)
    /// 404: no such row, or one the caller may not see.
    case notFound(code: String, detail: String)
    /// 409: a uniqueness or state conflict.
    case conflict(code: String, detail: String, field: String?)
    /// 409: a conflict with one record, whose id the problem names (`recordId`): the open record
    /// of `already_checked_in`, the record an interval overlaps.
    case conflictWithRecord(code: String, detail: String, recordID: String)
    /// 423: the pay period of the date is closed.
    case periodLocked(period: String)
    /// 422: well-formed, but breaks a rule.
    case ruleViolation(code: String, detail: String, field: String?)
    /// 428 / 412: optimistic concurrency.
    case ifMatchRequired
    case versionMismatch(current: Int)
    /// 429: the caller has used up a bounded allowance (idempotency keys per hour).
    case tooManyRequests(code: String, detail: String)
    /// 503: the database cannot be reached right now.
    case serviceUnavailable

    public static func notFound(_ what: String) -> HRError {
        .notFound(code: "not_found", detail: "\(what) was not found")
    }
}
