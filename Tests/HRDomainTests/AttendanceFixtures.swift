import Foundation
@testable import HRDomain

// Builders shared by the attendance and day-evaluation tests. Instants are written with their
// offsets, as the API takes them, so each test reads as local wall-clock time.

/// The instant `text` (RFC 3339 with an offset); a typo in a test stops here.
func instant(_ text: String) -> Date {
    guard let value = Instant.parse(text) else { preconditionFailure("not an RFC 3339 instant: \(text)") }
    return value
}

/// The date `text` (`YYYY-MM-DD`); a typo in a test stops here.
func localDate(_ text: String) -> LocalDate {
    guard let value = LocalDate(text) else { preconditionFailure("not a date: \(text)") }
    return value
}

/// The code of a coded `HRError` (rule violations, conflicts, not-found); nil for the others.
func code(of error: HRError) -> String? {
    switch error {
    case .notFound(code: let code, detail: _), .conflict(code: let code, detail: _, field: _),
        .conflictWithRecord(code: let code, detail: _, recordID: _), .ruleViolation(code: let code, detail: _, field: _):
        return code
    default:
        return nil
    }
}

/// What `body` was refused with: the code of the `HRError` it threw (a description for an
/// uncoded or foreign error), or nil when it returned.
func refusal(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        let failure: any Error = error
        guard let hrError = failure as? HRError else { return "not an HRError: \(failure)" }
        return code(of: hrError) ?? "uncoded: \(hrError)"
    }
}

let fixtureTimestamp = Date(timeIntervalSince1970: 0)

func makeEmployee(
    id: String = "e1", status: EmployeeStatus = .active, hired: String = "2026-01-05", terminated: String? = nil,
    timeZone: String = "Asia/Ho_Chi_Minh"
) -> Employee {
    Employee(
        id: id, employeeNumber: "E-\(id)", login: nil, firstName: "An", middleName: nil, lastName: "Nguyễn", displayName: "Nguyễn An",
        nameOrder: .familyFirst, workEmail: "\(id)@example.com", phone: nil, jobTitle: nil, managerID: nil, employmentType: .fullTime,
        status: status, hireDate: localDate(hired), terminationDate: terminated.map(localDate), terminationReason: nil,
        timeZone: timeZone, version: 1, createdAt: fixtureTimestamp, updatedAt: fixtureTimestamp)
}

/// A work record from `checkIn` to `checkOut` (nil: still open), its work date the check-in's
/// local date in `timeZone`; closed when it has a check-out unless `state` says otherwise.
func workRecord(
    _ id: String, _ checkIn: String, _ checkOut: String?, employee: String = "e1", timeZone: String = "Asia/Ho_Chi_Minh",
    state: AttendanceState? = nil
) -> AttendanceRecord {
    let start = instant(checkIn)
    return AttendanceRecord(
        id: id, employeeID: employee, type: .work, workDate: AttendanceRules.workDate(checkIn: start, timeZone: timeZone),
        checkInAt: start, checkOutAt: checkOut.map(instant), timeZone: timeZone, dayFraction: nil,
        state: state ?? (checkOut == nil ? .open : .closed), source: .selfService, note: nil, location: nil, version: 1,
        createdBy: "test", updatedBy: "test", createdAt: fixtureTimestamp, updatedAt: fixtureTimestamp)
}

/// A leave record on `date`.
func leaveRecord(
    _ id: String, on date: String, _ type: AttendanceType = .paidLeave, _ fraction: DayFraction = .full, employee: String = "e1",
    state: AttendanceState = .closed
) -> AttendanceRecord {
    AttendanceRecord(
        id: id, employeeID: employee, type: type, workDate: localDate(date), checkInAt: nil, checkOutAt: nil,
        timeZone: "Asia/Ho_Chi_Minh", dayFraction: fraction, state: state, source: .hrManual, note: "leave", location: nil,
        version: 1, createdBy: "test", updatedBy: "test", createdAt: fixtureTimestamp, updatedAt: fixtureTimestamp)
}
