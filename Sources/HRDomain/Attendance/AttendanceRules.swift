import Foundation

/// The attendance rules of DESIGN §5 as pure functions. The database enforces the same rules
/// (unique open record, no overlap) as a backstop; these give the precise error first.
public enum AttendanceRules {
    /// The longest a record may last.
    public static let maxRecordSeconds: Int64 = 24 * 3600
    /// The longest a note or a reason may be.
    public static let maxNoteLength = 250

    /// The work date of a check-in: its local date in the record's zone.
    public static func workDate(checkIn: Date, timeZone: String) -> LocalDate {
        LocalDate(clamping: checkIn, in: TimeZone(identifier: timeZone) ?? .gmt)
    }

    /// Checks an interval: check-out after check-in, at most 24 h, nothing past the server clock
    /// plus `skewSeconds`. `checkOut` nil is an open record.
    public static func checkInterval(checkIn: Date, checkOut: Date?, now: Date, skewSeconds: Int) throws(HRError) {
        let latest = now.addingTimeInterval(TimeInterval(skewSeconds))
        try DateLimits.check(instant: checkIn, field: "/checkInAt")
        if let checkOut { try DateLimits.check(instant: checkOut, field: "/checkOutAt") }
        if checkIn > latest {
            throw .ruleViolation(code: "future_timestamp", detail: "checkInAt is in the future", field: "/checkInAt")
        }
        guard let checkOut else { return }
        if checkOut > latest {
            throw .ruleViolation(code: "future_timestamp", detail: "checkOutAt is in the future", field: "/checkOutAt")
        }
        if checkOut < checkIn {
            throw .ruleViolation(code: "checkout_before_checkin", detail: "checkOutAt must be after checkInAt", field: "/checkOutAt")
        }
        if checkOut == checkIn {
            throw .ruleViolation(code: "zero_length_record", detail: "checkOutAt must be after checkInAt; the record has no length", field: "/checkOutAt")
        }
        if checkOut.timeIntervalSince(checkIn) > TimeInterval(maxRecordSeconds) {
            throw .ruleViolation(
                code: "record_too_long", detail: "a record may last at most 24 hours; an older open record must be closed or voided by a manager or HR",
                field: "/checkOutAt")
        }
    }

    /// Checks that `employee` may have a record on `workDate`: inside the employment (hire and
    /// termination dates inclusive); self-service also needs an active employee (a suspended or
    /// terminated one cannot clock in, but HR may still record a leaver's last weeks).
    public static func checkEmployment(_ employee: Employee, workDate: LocalDate, selfService: Bool) throws(HRError) {
        if selfService && employee.status != .active {
            throw .ruleViolation(code: "employee_not_active", detail: "the employee is \(employee.status.rawValue)", field: nil)
        }
        if workDate < employee.hireDate {
            throw .ruleViolation(code: "outside_employment", detail: "\(workDate) is before the hire date \(employee.hireDate)", field: "/workDate")
        }
        if let end = employee.terminationDate, workDate > end {
            throw .ruleViolation(code: "outside_employment", detail: "\(workDate) is after the termination date \(end)", field: "/workDate")
        }
    }

    /// Refuses `candidate` when it clashes with one of `others` (the employee's records, any state):
    /// overlapping work intervals (half-open, so `out == next in` is fine; an open record runs until
    /// it is closed), a work record on a full-day leave date, or more than one day of leave on a date.
    public static func checkConflicts(_ candidate: AttendanceRecord, with others: [AttendanceRecord]) throws(HRError) {
        guard candidate.state != .voided else { return }
        for other in others where other.id != candidate.id && other.state != .voided {
            switch (candidate.type, other.type) {
            case (.work, .work):
                guard let start = candidate.checkInAt, let otherStart = other.checkInAt else { continue }
                let end = candidate.checkOutAt ?? .distantFuture
                let otherEnd = other.checkOutAt ?? .distantFuture
                if start < otherEnd && otherStart < end {
                    throw .conflictWithRecord(
                        code: "overlapping_record", detail: "the interval overlaps another record of this employee", recordID: other.id)
                }
            case (.work, _):
                break
            case (_, .work):
                if other.workDate == candidate.workDate, (candidate.dayFraction ?? .full) == .full {
                    throw .conflictWithRecord(
                        code: "overlapping_record", detail: "work is recorded on \(candidate.workDate); a full day of leave cannot be",
                        recordID: other.id)
                }
            default:
                break
            }
        }
        // Leave on one date adds up to at most a day, and a day fully on leave has no work.
        let sameDate = others.filter { $0.id != candidate.id && $0.state != .voided && $0.type.isLeave && $0.workDate == candidate.workDate }
        let leave = sameDate.reduce(Rational.zero) { $0 + ($1.dayFraction ?? .full).value }
        guard let other = sameDate.first else { return }
        if candidate.type.isLeave, leave + (candidate.dayFraction ?? .full).value > .one {
            throw .conflictWithRecord(code: "overlapping_record", detail: "leave on \(candidate.workDate) would exceed one day", recordID: other.id)
        }
        if candidate.type == .work, leave >= .one {
            throw .conflictWithRecord(code: "overlapping_record", detail: "\(candidate.workDate) is a full day of leave", recordID: other.id)
        }
    }

    /// A note or reason: trimmed, at most 250 characters; `required` refuses an empty one.
    public static func text(_ value: String?, field: String, required: Bool) throws(HRError) -> String? {
        let trimmed = value.map(TextRules.trimmed)
        if let trimmed, TextRules.length(trimmed) > maxNoteLength {
            throw .validationFailed([FieldError(field, "must be at most \(maxNoteLength) characters")])
        }
        if required, trimmed?.isEmpty ?? true {
            throw .validationFailed([FieldError(field, "is required: say why the record is entered or changed")])
        }
        return trimmed?.isEmpty == true ? nil : trimmed
    }
}
