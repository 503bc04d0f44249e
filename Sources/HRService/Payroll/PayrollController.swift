import Foundation
import Gateway
import HRDomain
import HRStore
import Hummingbird
import TimeSource

/// `/api/v1/payroll`: payslips of a period (computed, or frozen when the period is closed) with
/// totals per currency, and closing and reopening periods.
public struct PayrollController<Context: GatewayContext>: Sendable {
    let hr: HRContext
    let payroll: PayrollRepository
    let callers: CallerResolver

    public init(hr: HRContext, payroll: PayrollRepository) {
        self.hr = hr
        self.payroll = payroll
        self.callers = CallerResolver(employees: hr.employees)
    }

    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("payroll", use: list)
        routes.post("payroll/periods/:period/close", use: close)
        routes.post("payroll/periods/:period/reopen", use: reopen)
        return routes
    }

    struct Totals: Encodable {
        var currency: String
        var employees: Int
        var grossMinor: Int64
        var totalDeductionsMinor: Int64
        var netMinor: Int64
    }

    struct Envelope: Encodable {
        var period: String
        var status: String
        var asOf: String
        var data: [Payslip]
        var meta: ListEnvelope<Payslip>.Meta
        var totals: [Totals]?
    }

    struct PeriodRepresentation: Encodable {
        var period: String
        var state: String
        var closedAt: String?
        var closedBy: String?
        var payslips: Int

        init(_ state: PayrollPeriodState) {
            period = state.period.description
            self.state = state.closed ? "closed" : "open"
            closedAt = state.closedAt.map(RFC3339.string)
            closedBy = state.closedBy
            payslips = state.payslips
        }
    }

    static func period(_ raw: String?, field: String) throws(HRError) -> PayPeriod {
        guard let raw else { throw .validationFailed([FieldError(field, "is required: a month such as 2026-11")]) }
        guard let period = PayPeriod(raw) else { throw .validationFailed([FieldError(field, "must be a month in the form YYYY-MM")]) }
        return period
    }

    var currentPeriod: PayPeriod { PayPeriod(containing: hr.today) }

    /// Refuses a period before the month of the first hire or after the current month.
    func checkRange(_ period: PayPeriod) async throws {
        try DateLimits.check(period: period, firstHire: try await hr.employees.firstHireDate(), today: hr.today, field: "/period")
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let caller = try await callers.caller(for: context.principal)
        try EmployeeAccess.requireRecognisedRole(caller)
        let parameters = EmployeeController<Context>.queryParameters(request)
        let period = try Self.period(parameters["period"], field: "/period")
        let paging = try EmployeeInput.query(from: parameters.filter { ["limit", "offset"].contains($0.key) })
        var query = PayrollQuery(period: period)
        var errors: [FieldError] = []
        for (key, pointer) in [("employeeId", "/employeeId"), ("departmentId", "/departmentId")] {
            guard let raw = parameters[key] else { continue }
            guard let uuid = UUID(uuidString: raw) else {
                errors.append(FieldError(pointer, "must be a UUID"))
                continue
            }
            if key == "employeeId" { query.employeeID = uuid.uuidString.lowercased() } else { query.departmentID = uuid.uuidString.lowercased() }
        }
        let totals: Bool
        switch parameters["totals"] {
        case nil, "false"?: totals = false
        case "true"?: totals = true
        default:
            totals = false
            errors.append(FieldError("/totals", "must be true or false"))
        }
        guard errors.isEmpty else { throw HRError.validationFailed(errors) }
        if !caller.roles.contains(.hrAdmin) {
            // Everyone but HR reads their own payslip only.
            guard let me = caller.employeeID, query.employeeID == nil || query.employeeID == me else {
                throw HRError.notFound("employee \(query.employeeID ?? "linked to this login")")
            }
            query.employeeID = me
        }
        guard period <= currentPeriod else {
            throw HRError.ruleViolation(code: "future_period", detail: "\(period) has not started yet", field: "/period")
        }
        try await checkRange(period)
        let state = try await payroll.state(of: period)
        let status: String
        let slips: [Payslip]
        var asOf = period.end
        if state.closed {
            status = "final"
            slips = try await payroll.snapshots(query)
        } else if period == currentPeriod {
            status = "provisional"
            asOf = hr.today
            slips = try await payroll.compute(query, asOf: hr.today, status: status)
        } else {
            status = "draft"
            slips = try await payroll.compute(query, asOf: nil, status: status)
        }
        if let employeeID = query.employeeID, slips.isEmpty {
            throw HRError.notFound(code: "no_employment_in_period", detail: "employee \(employeeID) was not employed in \(period)")
        }
        let page = Array(slips.dropFirst(paging.offset).prefix(paging.limit))
        return try JSONResponse.make(
            Envelope(
                period: period.description, status: status, asOf: asOf.description, data: page,
                meta: .init(total: slips.count, limit: paging.limit, offset: paging.offset), totals: totals ? try Self.totals(slips) : nil))
    }

    /// Sums of rounded lines per currency, over every payslip of the filtered set.
    static func totals(_ slips: [Payslip]) throws(HRError) -> [Totals] {
        var byCurrency: [String: Totals] = [:]
        for slip in slips {
            var total = byCurrency[slip.currency] ?? Totals(currency: slip.currency, employees: 0, grossMinor: 0, totalDeductionsMinor: 0, netMinor: 0)
            let gross = total.grossMinor.addingReportingOverflow(slip.grossMinor)
            let deductions = total.totalDeductionsMinor.addingReportingOverflow(slip.totalDeductionsMinor)
            let net = total.netMinor.addingReportingOverflow(slip.netMinor)
            guard !gross.overflow, !deductions.overflow, !net.overflow else {
                throw .ruleViolation(code: "amount_out_of_range", detail: "the totals do not fit in a 64-bit amount", field: nil)
            }
            total.employees += 1
            (total.grossMinor, total.totalDeductionsMinor, total.netMinor) = (gross.partialValue, deductions.partialValue, net.partialValue)
            byCurrency[slip.currency] = total
        }
        return byCurrency.values.sorted { $0.currency < $1.currency }
    }

    func administrator(_ context: Context) async throws {
        let caller = try await callers.caller(for: context.principal)
        try EmployeeAccess.requireRecognisedRole(caller)
        guard caller.roles.contains(.hrAdmin) else { throw HRError.forbidden("only hr_admin may close or reopen pay periods") }
    }

    /// An optional `{"reason": "…"}` body.
    func reason(_ request: Request) async throws -> String? {
        let data = try await JSONResponse.body(of: request, limit: EmployeeController<Context>.maxBodyBytes)
        guard !data.isEmpty else { return nil }
        var fields = FieldReader(try JSONValue.object(from: data))
        fields.rejectUnknown(allowed: ["reason"])
        let reason = AttendanceInput.text(&fields, "reason", required: false)
        guard fields.errors.isEmpty else { throw HRError.validationFailed(fields.errors) }
        return reason
    }

    @Sendable func close(_ request: Request, context: Context) async throws -> Response {
        try await administrator(context)
        let period = try Self.period(context.parameters.get("period"), field: "/period")
        let reason = try await reason(request)
        guard period < currentPeriod else {
            throw HRError.ruleViolation(code: "period_not_ended", detail: "\(period) has not ended yet; close it once it is over", field: "/period")
        }
        try await checkRange(period)
        let state = try await payroll.close(period, reason: reason, actor: EmployeeController<Context>.actor(context))
        return try JSONResponse.make(PeriodRepresentation(state))
    }

    @Sendable func reopen(_ request: Request, context: Context) async throws -> Response {
        try await administrator(context)
        let period = try Self.period(context.parameters.get("period"), field: "/period")
        let reason = try await reason(request)
        try await checkRange(period)
        let state = try await payroll.reopen(period, reason: reason, actor: EmployeeController<Context>.actor(context))
        return try JSONResponse.make(PeriodRepresentation(state))
    }
}
