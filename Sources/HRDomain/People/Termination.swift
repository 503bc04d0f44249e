/// What `DELETE /api/v1/employees/{id}` asks for.
public struct TerminationRequest: Sendable, Equatable {
    public var date: LocalDate
    public var reason: String?
    /// Where the leaver's direct reports go; required when they have any.
    public var reassignTo: String?

    public init(date: LocalDate, reason: String?, reassignTo: String?) {
        self.date = date
        self.reason = reason
        self.reassignTo = reassignTo
    }
}

/// What a termination request amounts to, decided by ``TerminationRules/decide(employee:request:today:callerEmployeeID:)``.
public enum TerminationDecision: Sendable, Equatable {
    /// Already terminated (or scheduled) on this date: answer 200, change nothing.
    case unchanged
    /// Terminate now: status `terminated`, login disabled, tokens revoked.
    case terminateNow
    /// Record the date; the employee stays active until the day after it.
    case schedule
}

/// The rules of DESIGN §5 for terminating an employee, as a pure function.
public enum TerminationRules {
    /// How far ahead a termination may be scheduled (notice periods).
    public static let maximumNoticeDays = 90

    public static func decide(
        employee: Employee, request: TerminationRequest, today: LocalDate, callerEmployeeID: String?
    ) throws(HRError) -> TerminationDecision {
        if employee.id == callerEmployeeID {
            throw .conflict(code: "cannot_terminate_self", detail: "you cannot terminate your own employment", field: nil)
        }
        if let existing = employee.terminationDate {
            if existing == request.date { return .unchanged }
            throw .conflict(
                code: "already_terminated", detail: "the employee's termination is recorded for \(existing)", field: "/terminationDate")
        }
        if request.date < employee.hireDate {
            throw .ruleViolation(
                code: "outside_employment", detail: "terminationDate is before the hire date \(employee.hireDate)",
                field: "/terminationDate")
        }
        if request.date > ((try? today.adding(days: maximumNoticeDays)) ?? .last) {
            throw .ruleViolation(
                code: "termination_too_far", detail: "terminationDate is more than \(maximumNoticeDays) days ahead",
                field: "/terminationDate")
        }
        return request.date <= today ? .terminateNow : .schedule
    }
}
