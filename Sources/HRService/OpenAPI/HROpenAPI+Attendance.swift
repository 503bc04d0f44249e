import OpenAPIKit

// The attendance routes of the HR OpenAPI document (``AttendanceController``).
extension HROpenAPI {
    static var attendancePaths: [(OpenAPI.Path, OpenAPI.PathItem)] {
        [
            ("/api/v1/attendance", OpenAPI.PathItem(get: listAttendance, post: createAttendance)),
            (
                "/api/v1/attendance/{id}",
                OpenAPI.PathItem(
                    parameters: [.parameter(idParameter("The attendance record's id."))], get: getAttendance,
                    put: correctAttendance)
            ),
        ]
    }

    static var attendanceSchemas: [(String, JSONSchema)] {
        [
            ("AttendanceRecord", attendanceRecordSchema), ("AttendanceHistoryEvent", attendanceHistoryEventSchema),
            ("AttendanceSummary", attendanceSummarySchema), ("AttendanceList", attendanceListSchema),
            ("AttendanceInput", attendanceInputSchema), ("AttendanceCheckIn", attendanceCheckInSchema),
            ("AttendanceCheckOut", attendanceCheckOutSchema), ("AttendanceWorkEntry", attendanceWorkEntrySchema),
            ("AttendanceLeaveEntry", attendanceLeaveEntrySchema), ("AttendanceCorrection", attendanceCorrectionSchema),
        ]
    }

    static var attendanceTypes: [String] { ["work", "paid_leave", "unpaid_leave"] }
    static var attendanceStates: [String] { ["open", "closed", "voided"] }
    static var attendanceSources: [String] { ["self_service", "manager", "hr_manual", "import"] }
    static var dayFractions: [String] { ["1", "0.5"] }

    /// An RFC 3339 date-time with an offset (`Z` or `±hh:mm`), as ``Instant/parse(_:)`` reads it.
    static var instantPattern: String {
        #"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"#
    }

    /// At least one character that `trimmingCharacters(in: .whitespacesAndNewlines)` keeps
    /// (Unicode Zs, tab, U+000A–U+000D, U+0085, U+2028, U+2029 are trimmed).
    static var nonBlankPattern: String {
        #"[^\t\n\x0B\f\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"#
    }

    // MARK: Operations

    static var listAttendance: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Attendance"],
            summary: "List attendance records with per-employee summaries",
            description: """
                The records whose work date is in `[from, to]` (inclusive, at most 93 days; default: from the first of \
                the current month to today) of the employees the caller may see: hr_admin everyone, a manager their \
                team and themselves, an employee themselves. Records are ordered by employee, work date and check-in; \
                `limit` and `offset` page them. `summaries` judges every day of the range (up to today, inside the \
                employment) for every such employee, whatever the page. Unknown query parameters are ignored.
                """,
            operationId: "listAttendance",
            parameters: [
                queryParameter(
                    "employeeId", .string(format: .uuid, pattern: anyCaseUUIDPattern),
                    "Only this employee (one the caller may see, else 404)."),
                queryParameter("from", date(), "The first work date (YYYY-MM-DD); default: the first of the current month."),
                queryParameter("to", date(), "The last work date (YYYY-MM-DD), not before from; default: today (or from, if later)."),
                queryParameter("limit", int(minimum: 1, maximum: 200, defaultValue: 50), "Page size."),
                queryParameter("offset", int(minimum: 0, defaultValue: 0), "Rows to skip."),
            ],
            responses: [
                200: success("A page of records and the summaries of the range.", ref("AttendanceList")),
                400: problem(
                    """
                        A malformed parameter, `to` before `from` or a range over 93 days (`validation_failed`, \
                        `errors[].field` names it).
                        """),
                401: unauthorized,
                403: forbidden,
                404: notFound("employeeId names no employee the caller may see (`not_found`)."),
                422: problem("`date_out_of_range`: from or to is before 1900-01-01 or more than a year ahead."),
                503: unavailable,
            ],
            security: bearer)
    }

    static var createAttendance: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Attendance"],
            summary: "Check in, check out, or enter work or leave",
            description: """
                With `action`: self-service check-in or check-out of the caller's own employee at the server clock \
                (any role; the login must be linked to an employee). With `type`: a worked interval or a leave day \
                entered for someone, with a reason: hr_admin for anyone, a manager for their team (not themselves). \
                Check-in and manual entries answer 201, check-out 200 (the closed record). Bodies are limited to 64 KiB.
                """,
            operationId: "createAttendance",
            parameters: [.parameter(idempotencyKey)],
            requestBody: jsonBody(ref("AttendanceInput")),
            responses: [
                200: success("Check-out: the closed record, with its new ETag.", ref("AttendanceRecord"), headers: etagHeaders),
                201: success(
                    "Check-in or a manual entry: the record, with its ETag and Location.", ref("AttendanceRecord"),
                    headers: createdHeaders, links: resourceLinks(get: "getAttendance", replace: "correctAttendance")),
                400: problem("Not JSON (`malformed_json`), or fields missing, mistyped, malformed or unknown (`validation_failed`)."),
                401: unauthorized,
                403: forbiddenBecause(
                    """
                        `forbidden`: no recognised role, a login not linked to an employee (check-in/out), an employee \
                        entering records for someone, or a manager entering their own.
                        """),
                404: notFound("employeeId names no employee, or one outside the manager's team (`not_found`)."),
                409: problem(
                    """
                        `already_checked_in` (`recordId` names the open record), `not_checked_in`, \
                        `overlapping_record` (`recordId` names the record it clashes with, when known), or \
                        `idempotency_key_in_use`.
                        """),
                413: tooLarge,
                422: problem(
                    """
                        `checkout_before_checkin`, `zero_length_record`, `record_too_long` (over 24 hours), \
                        `future_timestamp`, `outside_employment`, `employee_not_active` (check-in), \
                        `date_out_of_range` (a leave date more than a year ahead or before 1900, an instant before \
                        1900), or `idempotency_key_reused`.
                        """),
                423: periodLocked("the record's work date falls in a closed pay period."),
                503: unavailable,
            ],
            security: bearer)
    }

    static var getAttendance: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Attendance"],
            summary: "Read an attendance record",
            description: """
                hr_admin any record, a manager their team's and their own, an employee their own. `include=history` \
                adds the record's audit trail (hr_admin, and a manager for their team).
                """,
            operationId: "getAttendance",
            parameters: [queryParameter("include", choice(["history"]), "`history` adds the record's audit events.")],
            responses: [
                200: success("The record, with its ETag.", ref("AttendanceRecord"), headers: etagHeaders),
                400: problem("The id is not a UUID, or include is not `history` (`validation_failed`)."),
                401: unauthorized,
                403: forbiddenBecause("`forbidden`: no recognised role, or the history asked for by someone who may not read it."),
                404: notFound("No such record, or one the caller may not see (`not_found`)."),
                503: unavailable,
            ],
            security: bearer)
    }

    static var correctAttendance: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Attendance"],
            summary: "Correct or void an attendance record",
            description: """
                hr_admin (any record), a manager (their team's, not their own). The fields given replace the stored \
                ones; `state: "voided"` voids the record (it stays for the audit trail). A reason is required. A work \
                record's date follows its check-in; `workDate` and `dayFraction` apply to leave, `checkInAt` and \
                `checkOutAt` to work (else 400). Output-only fields and `employeeId` may be echoed back and are \
                ignored. Bodies are limited to 64 KiB.
                """,
            operationId: "correctAttendance",
            parameters: [.parameter(ifMatch(required: true))],
            requestBody: jsonBody(ref("AttendanceCorrection")),
            responses: [
                200: success("The record as saved, with its new ETag.", ref("AttendanceRecord"), headers: etagHeaders),
                400: problem("A malformed id, body or field (`validation_failed`, `malformed_json`)."),
                401: unauthorized,
                403: forbiddenBecause("`forbidden`: no recognised role, an employee, or a manager correcting their own record."),
                404: notFound("No such record, or one the caller may not correct (`not_found`)."),
                409: problem(
                    """
                        `record_voided` (a voided record cannot change), or `overlapping_record` (`recordId` names \
                        the record it clashes with, when known).
                        """),
                412: problem("`version_mismatch`: If-Match names another version, or no version at all."),
                413: tooLarge,
                422: problem(
                    """
                        `checkout_before_checkin`, `zero_length_record`, `record_too_long` (over 24 hours), \
                        `future_timestamp`, `outside_employment` or `date_out_of_range` (a leave date more than a \
                        year ahead or before 1900, an instant before 1900).
                        """),
                423: periodLocked("the record's current or new work date falls in a closed pay period."),
                428: problem("`if_match_required`: the If-Match header is missing."),
                503: unavailable,
            ],
            security: bearer)
    }

    /// A 403 whose reasons are specific to the operation; the gateway's own answer stays possible.
    static func forbiddenBecause(_ description: String) -> ResponseEntry {
        problemOrMessage(
            description + " The gateway answers `{\"message\":\"Forbidden\"}` when a route demands scopes the token lacks.")
    }

    // MARK: Request schemas

    /// A note, location or reason: at most 250 characters (after trimming); a reason must not be blank.
    static func attendanceText(required: Bool, description: String? = nil) -> JSONSchema {
        str(
            required: required, nullable: !required, minLength: required ? 1 : nil, maxLength: 250,
            pattern: required ? nonBlankPattern : nil, description: description)
    }

    static var attendanceReason: JSONSchema {
        attendanceText(required: true, description: "Why the record is entered or changed: not blank, at most 250 characters.")
    }

    static func instantInput(required: Bool, description: String) -> JSONSchema {
        str(format: .dateTime, required: required, nullable: !required, pattern: instantPattern, description: description)
    }

    /// `"1"` or `"0.5"`; the JSON numbers 1 and 0.5 are accepted too, and `null` means "not given".
    static func dayFractionInput(_ description: String) -> JSONSchema {
        let strings: [AnyCodable] = [AnyCodable("1"), AnyCodable("0.5")]
        let numbers: [AnyCodable] = [AnyCodable(1), AnyCodable(0.5)]
        return .one(
            of: [.string(allowedValues: strings), .number(allowedValues: numbers), .null()],
            core: .init(required: false, description: description))
    }

    static var attendanceInputSchema: JSONSchema {
        .one(
            of: [ref("AttendanceCheckIn"), ref("AttendanceCheckOut"), ref("AttendanceWorkEntry"), ref("AttendanceLeaveEntry")],
            core: .init(
                description: """
                    The body of POST /api/v1/attendance: a check-in or check-out (`action`), or a manual entry for an \
                    employee (`type`). Unknown fields are refused (400).
                    """))
    }

    static var attendanceCheckInSchema: JSONSchema {
        obj(
            [
                "action": choice(["check_in"]),
                "note": attendanceText(required: false, description: "At most 250 characters."),
                "location": attendanceText(required: false, description: "Where the caller clocks in; at most 250 characters."),
            ],
            closed: true, description: "Opens a record for the caller's own employee at the server clock.")
    }

    static var attendanceCheckOutSchema: JSONSchema {
        obj(
            [
                "action": choice(["check_out"]),
                "note": attendanceText(required: false, description: "Replaces the record's note when given; at most 250 characters."),
            ],
            closed: true, description: "Closes the caller's open record at the server clock.")
    }

    static var attendanceWorkEntrySchema: JSONSchema {
        obj(
            [
                "employeeId": uuid(description: "The employee the record is for."),
                "type": choice(["work"]),
                "checkInAt": instantInput(
                    required: true, description: "RFC 3339 with an offset, such as `2026-11-02T08:00:00+07:00`."),
                "checkOutAt": instantInput(
                    required: true, description: "After checkInAt, at most 24 hours later, not in the future."),
                "timeZone": refOrNull(
                    "TimeZoneName", required: false,
                    description: "The zone whose local date of checkInAt is the work date. Default: the employee's."),
                "reason": attendanceReason,
                "note": attendanceText(required: false, description: "At most 250 characters."),
                "location": attendanceText(required: false, description: "At most 250 characters."),
            ],
            closed: true, description: "A worked interval entered by a manager or hr_admin.")
    }

    static var attendanceLeaveEntrySchema: JSONSchema {
        obj(
            [
                "employeeId": uuid(description: "The employee the record is for."),
                "type": choice(["paid_leave", "unpaid_leave"]),
                "workDate": date(description: "The day of leave, inside the employment."),
                "dayFraction": dayFractionInput(
                    "`\"1\"` (a full day, the default) or `\"0.5\"`; the numbers 1 and 0.5 are accepted too."),
                "reason": attendanceReason,
                "note": attendanceText(required: false, description: "At most 250 characters."),
            ],
            closed: true, description: "A day (or half a day) of leave entered by a manager or hr_admin.")
    }

    static var attendanceCorrectionSchema: JSONSchema {
        var properties: OrderedDictionary<String, JSONSchema> = [
            "type": choice(attendanceTypes, required: false, nullable: true, description: "Default: unchanged."),
            "checkInAt": instantInput(required: false, description: "Work records only; RFC 3339 with an offset."),
            "checkOutAt": instantInput(required: false, description: "Work records only; RFC 3339 with an offset."),
            "timeZone": refOrNull("TimeZoneName", required: false, description: "Default: unchanged."),
            "workDate": date(required: false, nullable: true, description: "Leave only; a work record's date follows its check-in."),
            "dayFraction": dayFractionInput("Leave only: `\"1\"` or `\"0.5\"` (the numbers 1 and 0.5 are accepted too)."),
            "state": choice(
                attendanceStates, required: false, nullable: true,
                description: "`voided` voids the record; `open` and `closed` (the state echoed from a read) follow `checkOutAt`."),
            "note": attendanceText(required: false, description: "`null` clears the note; at most 250 characters."),
            "location": attendanceText(required: false, description: "`null` clears the location; at most 250 characters."),
            "reason": attendanceReason,
            "employeeId": .fragment(required: false, description: "Accepted and ignored: a record stays with its employee."),
        ]
        for field in AttendanceInput.outputOnly.sorted() where properties[field] == nil {
            properties[field] = .fragment(required: false, description: "Output-only; accepted and ignored.")
        }
        return obj(
            properties, closed: true,
            description: """
                The body of PUT /api/v1/attendance/{id}: the fields given replace the stored ones. Unknown fields are \
                refused (400).
                """)
    }

    // MARK: Response schemas

    static var attendanceRecordSchema: JSONSchema {
        obj(
            [
                "id": uuid(),
                "employeeId": uuid(),
                "type": choice(attendanceTypes),
                "workDate": date(description: "A work record's: the local date of its check-in in its timeZone."),
                "checkInAt": str(
                    required: false, nullable: true,
                    description: "RFC 3339 in UTC (`Z`), such as `2026-11-02T01:00:00.000Z`; absent for leave."),
                "checkOutAt": str(
                    required: false, nullable: true, description: "RFC 3339 in UTC (`Z`); absent while open and for leave."),
                "timeZone": str(description: "IANA time zone, such as `Asia/Ho_Chi_Minh`."),
                "dayFraction": choice(dayFractions, required: false, nullable: true, description: "Leave only."),
                "state": choice(attendanceStates),
                "source": choice(attendanceSources),
                "note": str(required: false, nullable: true),
                "location": str(required: false, nullable: true),
                "workedMinutes": int(minimum: 0, description: "Elapsed minutes less the record's share of the unpaid break."),
                "lateMinutes": int(minimum: 0, description: "On the day's first work record."),
                "earlyExitMinutes": int(minimum: 0, description: "On the day's last work record."),
                "overtimeMinutes": int(minimum: 0, description: "The day's credited overtime, on its last closed work record."),
                "flags": .array(
                    description: """
                        Such as `open`, `night_shift`, `late`, `early_exit`, `overtime`, `overtime_capped`, \
                        `break_deducted`, `worked_while_on_leave`, `voided`.
                        """,
                    items: str()),
                "version": int(minimum: 1, description: "Increases with every change; the ETag."),
                "createdBy": str(),
                "updatedBy": str(),
                "createdAt": str(format: .dateTime, description: "RFC 3339 in UTC (`Z`)."),
                "updatedAt": str(format: .dateTime, description: "RFC 3339 in UTC (`Z`)."),
                "history": .array(
                    required: false, description: "With `include=history` only: the record's audit events, oldest first.",
                    items: ref("AttendanceHistoryEvent")),
            ],
            description: "An attendance record (a worked interval or a leave day) with its computed fields.")
    }

    static var attendanceHistoryEventSchema: JSONSchema {
        obj(
            [
                "id": str(),
                "occurredAt": str(format: .dateTime, description: "RFC 3339 in UTC (`Z`)."),
                "actor": str(description: "The token's `sub`, an access-key id, or `cli:<os user>`."),
                "requestId": str(required: false, nullable: true),
                "action": str(description: "Such as `checked_in`, `checked_out`, `created`, `corrected`, `voided`."),
                "reason": str(required: false, nullable: true),
                "changes": .array(
                    items: obj([
                        "field": str(), "from": str(required: false, nullable: true), "to": str(required: false, nullable: true),
                    ])),
            ],
            description: "One audit event of an attendance record.")
    }

    static var attendanceSummarySchema: JSONSchema {
        let leaveDays = #"^[0-9]+(\.[0-9]+)?$"#
        return obj(
            [
                "employeeId": uuid(),
                "from": date(required: false, description: "The first date judged; absent when the range misses the employment."),
                "to": date(required: false, description: "The last date judged (not after today); absent like from."),
                "scheduledDays": int(minimum: 0),
                "presentDays": int(minimum: 0),
                "halfDays": int(minimum: 0),
                "absentDays": int(minimum: 0),
                "unmarkedDays": int(minimum: 0),
                "offDays": int(minimum: 0),
                "paidLeaveDays": str(pattern: leaveDays, description: "A decimal, such as `1.5`."),
                "unpaidLeaveDays": str(pattern: leaveDays, description: "A decimal, such as `0.5`."),
                "workedMinutes": int(minimum: 0),
                "overtimeMinutes": int(minimum: 0),
                "lateDays": int(minimum: 0),
                "lateMinutes": int(minimum: 0),
                "earlyExitDays": int(minimum: 0),
                "earlyExitMinutes": int(minimum: 0),
                "openRecords": int(minimum: 0),
            ],
            description: "One employee's attendance over the dates of the range inside the employment, up to today.")
    }

    static var attendanceListSchema: JSONSchema {
        obj([
            "data": .array(items: ref("AttendanceRecord")), "meta": ref("ListMeta"),
            "summaries": .array(items: ref("AttendanceSummary")),
        ])
    }
}
