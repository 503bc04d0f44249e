import OpenAPIKit

// The payroll routes of the HR OpenAPI document (``PayrollController``): the payslips of a period, and
// closing and reopening periods. The payslip schema follows what `JSONEncoder` makes of ``Payslip``:
// optionals that are nil are left out (never `null`), dates are `YYYY-MM-DD`, periods `YYYY-MM`.
extension HROpenAPI {
    static var payrollPaths: [(OpenAPI.Path, OpenAPI.PathItem)] {
        [
            ("/api/v1/payroll", OpenAPI.PathItem(get: listPayroll)),
            (
                "/api/v1/payroll/periods/{period}/close",
                OpenAPI.PathItem(parameters: [.parameter(periodPathParameter)], post: closePayrollPeriod)
            ),
            (
                "/api/v1/payroll/periods/{period}/reopen",
                OpenAPI.PathItem(parameters: [.parameter(periodPathParameter)], post: reopenPayrollPeriod)
            ),
        ]
    }

    static var payrollSchemas: [(String, JSONSchema)] {
        [
            ("Payslip", payslipSchema), ("PayslipLine", payslipLineSchema), ("PayrollList", payrollListSchema),
            ("PayrollTotals", payrollTotalsSchema), ("PayrollPeriod", payrollPeriodSchema),
            ("PayrollPeriodAction", payrollPeriodActionSchema),
        ]
    }

    static var payrollStatuses: [String] { ["provisional", "draft", "final"] }
    static var dayTypes: [String] { ["workday", "rest_day", "holiday"] }

    /// `YYYY-MM` as ``PayPeriod`` reads it: a year from 0001 to 9999 and a month from 01 to 12.
    static var periodPattern: String {
        "^([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})-(0[1-9]|1[0-2])$"
    }

    /// A period as the server writes it.
    static var periodOutputPattern: String { "^[0-9]{4}-[0-9]{2}$" }

    /// ``Rational/decimalString(maxPlaces:)``: an exact decimal (`19.5`, `0.105`) or, when it has no
    /// short decimal form, a fraction (`943/6`).
    static var decimalTextPattern: String { #"^-?[0-9]+(\.[0-9]+|/[0-9]+)?$"# }

    /// A policy decimal such as `1.5` (``DecimalText``).
    static var policyDecimalPattern: String { #"^[0-9]{1,6}(\.[0-9]{1,6})?$"# }

    static var periodPathParameter: OpenAPI.Parameter {
        OpenAPI.Parameter.path(
            name: "period", schema: .string(pattern: periodPattern),
            description: "The pay period, a calendar month `YYYY-MM` (such as `2026-11`); anything else is a 400.")
    }

    /// The gateway's 404 for a path it does not route (such as an empty period segment).
    static var routeNotFound: ResponseEntry {
        problemOrMessage("The gateway answers `{\"message\":\"Not Found\"}` for a route it does not know.")
    }

    /// A 423 `period_locked` answer: the write touches a closed pay period.
    static func periodLocked(_ description: String) -> ResponseEntry {
        problem("`period_locked`: " + description + " Reopen the period first (POST /api/v1/payroll/periods/{period}/reopen).")
    }

    // MARK: Operations

    static var listPayroll: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Payroll"],
            summary: "Payslips of a pay period",
            description: """
                One payslip per employee whose employment overlaps the period, ordered by employee number. `status` \
                is `provisional` for the current month (attendance judged up to `asOf`, today in the company's time \
                zone; later scheduled days count as payable), `draft` for a past month that is not closed (computed \
                now from the stored records), `final` for a closed month (the payslips stored when it closed). \
                hr_admin reads everyone's; every other role reads only their own payslip (an `employeeId` of \
                someone else, or a login linked to no employee, is a 404). `totals=true` adds sums per currency over \
                every payslip of the filtered set, not only the page. Unknown query parameters are ignored.
                """,
            operationId: "listPayroll",
            parameters: [
                .parameter(
                    OpenAPI.Parameter.query(
                        name: "period", required: true, schema: .string(pattern: periodPattern),
                        description: "The pay period, `YYYY-MM` (such as `2026-11`); not after the current month.")),
                queryParameter(
                    "employeeId", .string(format: .uuid, pattern: anyCaseUUIDPattern),
                    "Only this employee (404 `no_employment_in_period` when they were not employed in the period)."),
                queryParameter("departmentId", .string(format: .uuid, pattern: anyCaseUUIDPattern), "Only employees of this department."),
                queryParameter("totals", flag(defaultValue: false), "Add `totals`: sums per currency over the whole filtered set."),
                queryParameter("limit", int(minimum: 1, maximum: 200, defaultValue: 50), "Page size."),
                queryParameter("offset", int(minimum: 0, defaultValue: 0), "Payslips to skip."),
            ],
            responses: [
                200: success("A page of payslips, with the period's status.", ref("PayrollList")),
                400: problem(
                    """
                        period missing or not `YYYY-MM`, or a malformed employeeId, departmentId, totals, limit or \
                        offset (`validation_failed`, `errors[].field` names it).
                        """),
                401: unauthorized,
                403: forbidden,
                404: notFound(
                    """
                        `no_employment_in_period`: employeeId was not employed in the period (or names no employee); \
                        `not_found`: a caller other than hr_admin asked for someone else's payslip, or their login is \
                        linked to no employee.
                        """),
                422: problem(
                    """
                        `future_period` (the month has not started), `period_out_of_range` (before the month of the \
                        first hire), `mixed_currency` (the compensation in force \
                        during the month changes currency) or `amount_out_of_range` (an amount or a total does not fit).
                        """),
                503: unavailable,
            ],
            security: bearer)
    }

    static var closePayrollPeriod: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Payroll"],
            summary: "Close a pay period",
            description: """
                hr_admin only; audited. Computes and stores the payslip of every employee whose employment overlaps \
                the month, each with its inputsDigest; from then on GET /api/v1/payroll answers them as `final`, and \
                attendance or leave written for a date in the month, or a compensation entry taking effect in or \
                before it, is refused with 423 `period_locked`. Only a month that has ended can be closed. The \
                optional `reason` is checked but not recorded. Bodies are limited to 1 MiB.
                """,
            operationId: "closePayrollPeriod",
            parameters: [.parameter(idempotencyKey)],
            requestBody: jsonBody(ref("PayrollPeriodAction"), required: false),
            responses: [
                200: success("The period, now closed.", ref("PayrollPeriod")),
                400: problem("A malformed period or body (`validation_failed`, `malformed_json`)."),
                401: unauthorized,
                403: forbiddenBecause("`forbidden`: only hr_admin closes pay periods."),
                404: routeNotFound,
                409: problem("`period_closed`: the period is already closed; or `idempotency_key_in_use`."),
                413: tooLarge,
                422: problem(
                    """
                        `period_not_ended` (the current or a future month), `period_out_of_range` (before the month \
                        of the first hire), `mixed_currency` or \
                        `amount_out_of_range` (a payslip cannot be computed), or `idempotency_key_reused`.
                        """),
                503: unavailable,
            ],
            security: bearer)
    }

    static var reopenPayrollPeriod: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Payroll"],
            summary: "Reopen a closed pay period",
            description: """
                hr_admin only; audited with the optional `reason`. Releases the stored payslips (the audit trail keeps \
                their count and digest): the month's payslips are computed again (`draft`) and its records may change \
                again. Bodies are limited to 1 MiB.
                """,
            operationId: "reopenPayrollPeriod",
            parameters: [.parameter(idempotencyKey)],
            requestBody: jsonBody(ref("PayrollPeriodAction"), required: false),
            responses: [
                200: success("The period, open again.", ref("PayrollPeriod")),
                400: problem("A malformed period or body (`validation_failed`, `malformed_json`)."),
                401: unauthorized,
                403: forbiddenBecause("`forbidden`: only hr_admin reopens pay periods."),
                404: routeNotFound,
                409: problem("`period_not_closed`: the period is not closed; or `idempotency_key_in_use`."),
                413: tooLarge,
                422: problem("`period_out_of_range` (before the month of the first hire or after this month), or `idempotency_key_reused`."),
                503: unavailable,
            ],
            security: bearer)
    }

    // MARK: Request schemas

    static var payrollPeriodActionSchema: JSONSchema {
        obj(
            [
                "reason": str(
                    required: false, nullable: true, maxLength: 250,
                    description: "Why the period is closed or reopened; at most 250 characters (recorded on reopen).")
            ],
            closed: true,
            description: "The optional body of POST …/close and …/reopen. Unknown fields are refused (400).")
    }

    // MARK: Response schemas

    /// An amount in integer minor units of the payslip's currency.
    static func money(_ description: String? = nil) -> JSONSchema {
        .integer(format: .int64, description: description, minimum: (0, exclusive: false))
    }

    static func decimalText(_ description: String) -> JSONSchema {
        str(pattern: decimalTextPattern, description: description)
    }

    static var payslipLineSchema: JSONSchema {
        let properties: OrderedDictionary<String, JSONSchema> = [
            "code": str(
                description: """
                    `BASE`, `REGULAR`, `OT150`, `OT200`, `OT300` (overtime at ×1.5, ×2, ×3), an allowance's component code, \
                    or a deduction's code.
                    """),
            "name": str(description: "Such as `Base salary` or `Overtime, rest day ×2.0`; dated when compensation changed mid-month."),
            "quantity": decimalText("Days, hours or the deduction's basis amount, exact (`19.5`, `943/6`)."),
            "unit": str(description: "`days`, `hours`, `fixed`, or a deduction's basis: `contractual`, `insurance`, `gross`."),
            "rate": decimalText("Per unit, exact; a percentage deduction's rate as a fraction (`0.105` for 10.5 %)."),
            "amountMinor": money("The line's amount, rounded once, half away from zero, to the minor unit."),
            "calculation": str(description: "How the amount was reached, such as `15000000 × 19.5 / 21 scheduled days = 97500000/7 → 13928571`."),
        ]
        return obj(properties, description: "One earnings or deduction line of a payslip.")
    }

    static var payslipDaysSchema: JSONSchema {
        let properties: OrderedDictionary<String, JSONSchema> = [
            "scheduled": int(minimum: 0, description: "Scheduled days of the whole month (holidays and 0-minute days excluded)."),
            "eligible": int(minimum: 0, description: "Scheduled days inside the employment window."),
            "present": int(minimum: 0),
            "halfDay": int(minimum: 0),
            "absent": int(minimum: 0),
            "unmarked": int(minimum: 0),
            "paidLeave": decimalText("Days of paid leave, such as `1.5`."),
            "unpaidLeave": decimalText("Days of unpaid leave, such as `0.5`."),
            "holidays": int(minimum: 0, description: "Holidays inside the employment window."),
            "unpaid": decimalText("Unpaid days, such as `1.5`."),
            "payable": decimalText("eligible − unpaid, such as `19.5`."),
            "pending": int(minimum: 0, description: "Provisional payslips: scheduled days after asOf, counted as payable."),
        ]
        return obj(properties, description: "The days of the period, judged one by one.")
    }

    static var payslipMinutesSchema: JSONSchema {
        obj(
            [
                "worked": int(minimum: 0, description: "Worked minutes after the unpaid break, every day of the window up to asOf."),
                "regular": int(minimum: 0, description: "Worked up to the schedule plus paid leave at the schedule (hourly pay)."),
                "overtime": .array(
                    description: "Credited overtime by day type and multiplier.",
                    items: obj([
                        "dayType": choice(dayTypes), "minutes": int(minimum: 0),
                        "multiplier": str(pattern: policyDecimalPattern, description: "As the policy writes it, such as `1.5`."),
                    ])),
            ])
    }

    static var payslipSchema: JSONSchema {
        let properties: OrderedDictionary<String, JSONSchema> = [
            "employee": obj(
                [
                    "id": uuid(), "employeeNumber": str(), "displayName": str(),
                    "departmentId": uuid(required: false, description: "Absent when the employee has no department."),
                ]),
            "period": str(pattern: periodOutputPattern, description: "`YYYY-MM`."),
            "periodStart": date(),
            "periodEnd": date(),
            "employmentWindow": obj(
                ["from": date(), "to": date()],
                description: "The days of the period inside the employment (hire and termination dates included)."),
            "status": choice(payrollStatuses),
            "asOf": date(description: "The last day whose attendance counts: today for a provisional payslip, else periodEnd."),
            "currency": str(pattern: "^[A-Z]{3}$", description: "ISO 4217 code."),
            "currencyExponent": int(minimum: 0, description: "Minor-unit exponent: 0 for VND, 2 for USD, 3 for KWD."),
            "compensation": .array(description: "The compensation entries in force during the window.", items: compensationEntry),
            "days": payslipDaysSchema,
            "minutes": payslipMinutesSchema,
            "earnings": .array(items: ref("PayslipLine")),
            "deductions": .array(items: ref("PayslipLine")),
            "grossMinor": money("The sum of the rounded earnings lines."),
            "totalDeductionsMinor": money("The sum of the rounded deduction lines."),
            "netMinor": money("gross − deductions, never below 0."),
            "warnings": .array(
                description: """
                    Such as `open_record_excluded`, `overtime_capped`, `worked_while_on_leave` (with the date), \
                    `no_compensation`, `compensation_changed_mid_period` (with the first date concerned), \
                    `no_scheduled_days`, `deductions_exceed_gross`.
                    """,
                items: obj(["code": str(), "date": date(required: false, description: "Absent for warnings about the whole period.")])),
            "policyVersion": str(description: "The policy version of the period's last day (deductions); `default` for the built-in one."),
            "policyVersions": .array(description: "Every policy version used.", items: str()),
            "inputsDigest": str(
                pattern: "^(sha256:[0-9a-f]{64})?$", description: "SHA-256 of everything the payslip was computed from."),
        ]
        return obj(properties, description: "One employee's pay for one period (amounts in integer minor units).")
    }

    static var payrollTotalsSchema: JSONSchema {
        obj(
            [
                "currency": str(pattern: "^[A-Z]{3}$"),
                "employees": int(minimum: 0),
                "grossMinor": money(),
                "totalDeductionsMinor": money(),
                "netMinor": money(),
            ],
            description: "Sums of the payslips in one currency.")
    }

    static var payrollListSchema: JSONSchema {
        obj(
            [
                "period": str(pattern: periodOutputPattern),
                "status": choice(payrollStatuses),
                "asOf": date(description: "Today for the current month, else the period's last day."),
                "data": .array(items: ref("Payslip")),
                "meta": ref("ListMeta"),
                "totals": .array(
                    required: false, description: "With `totals=true` only: per currency, over every page.",
                    items: ref("PayrollTotals")),
            ],
            description: "A page of payslips of one period.")
    }

    static var payrollPeriodSchema: JSONSchema {
        obj(
            [
                "period": str(pattern: periodOutputPattern),
                "state": choice(["open", "closed"]),
                "closedAt": str(format: .dateTime, required: false, description: "RFC 3339 in UTC (`Z`); closed periods only."),
                "closedBy": str(required: false, description: "Who closed it (token `sub`); closed periods only."),
                "payslips": int(minimum: 0, description: "Payslips stored for the period (0 when open)."),
            ],
            description: "A pay period's state.")
    }
}
