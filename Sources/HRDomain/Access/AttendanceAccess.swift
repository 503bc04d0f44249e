/// The attendance rows of the DESIGN §5 RBAC table, as pure functions. `inTeam` says whether the
/// record's employee is a direct or indirect report of the caller.
public enum AttendanceAccess {
    /// Self-service check-in and check-out: any recognised role, for the caller's own employee.
    public static func selfService(_ caller: Caller) throws(HRError) -> String {
        try EmployeeAccess.requireRecognisedRole(caller)
        guard let me = caller.employeeID else { throw .forbidden("this login is not linked to an employee, so it cannot clock in or out") }
        return me
    }

    /// Manual entries and leave for someone: hr_admin for anyone, a manager for their team (not
    /// themselves). Returns the source the record is stamped with.
    public static func enter(_ caller: Caller, for employeeID: String, inTeam: Bool) throws(HRError) -> AttendanceSource {
        try EmployeeAccess.requireRecognisedRole(caller)
        if caller.roles.contains(.hrAdmin) { return .hrManual }
        guard caller.roles.contains(.manager) else { throw .forbidden("only managers and hr_admin may enter attendance for others") }
        if employeeID == caller.employeeID { throw .forbidden("a manager's own records are entered by HR") }
        guard inTeam else { throw .notFound("employee \(employeeID)") }
        return .manager
    }

    /// Corrections and voids: hr_admin (own records too, audited), a manager for their team, not their own.
    public static func correct(_ caller: Caller, recordOf employeeID: String, inTeam: Bool) throws(HRError) {
        try EmployeeAccess.requireRecognisedRole(caller)
        if caller.roles.contains(.hrAdmin) { return }
        guard caller.roles.contains(.manager) else { throw .forbidden("only managers and hr_admin may correct attendance") }
        if employeeID == caller.employeeID { throw .forbidden("a manager's own records are corrected by HR") }
        guard inTeam else { throw .notFound("attendance record") }
    }

    /// Reading records: hr_admin all, a manager their team and themselves, an employee themselves.
    public static func mayRead(_ caller: Caller, recordOf employeeID: String, inTeam: Bool) -> Bool {
        if caller.roles.contains(.hrAdmin) { return true }
        if employeeID == caller.employeeID && !caller.roles.isEmpty { return true }
        return caller.roles.contains(.manager) && inTeam
    }

    /// A record's audit history: hr_admin, and a manager for their team.
    public static func readHistory(_ caller: Caller, recordOf employeeID: String, inTeam: Bool) throws(HRError) {
        try EmployeeAccess.requireRecognisedRole(caller)
        if caller.roles.contains(.hrAdmin) { return }
        guard caller.roles.contains(.manager), inTeam, employeeID != caller.employeeID else {
            throw .forbidden("the history of attendance records is for HR and the employee's manager")
        }
    }
}
