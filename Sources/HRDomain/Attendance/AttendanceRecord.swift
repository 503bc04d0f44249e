import Foundation

/// What an attendance record stands for.
public enum AttendanceType: String, Sendable, Codable, CaseIterable {
    case work
    case paidLeave = "paid_leave"
    case unpaidLeave = "unpaid_leave"

    public var isLeave: Bool { self != .work }
}

/// `open` until checked out; `voided` records stay for the audit trail but count for nothing.
public enum AttendanceState: String, Sendable, Codable, CaseIterable {
    case open, closed, voided
}

/// Who entered a record.
public enum AttendanceSource: String, Sendable, Codable, CaseIterable {
    case selfService = "self_service"
    case manager
    case hrManual = "hr_manual"
    case `import`
}

/// How much of a day a leave entry covers.
public enum DayFraction: String, Sendable, Codable, CaseIterable {
    case full = "1"
    case half = "0.5"

    public var value: Rational { self == .full ? .one : Rational(1, 2) }
}

/// One attendance record (DESIGN §5): a worked interval, or a leave day.
///
/// A work record's `workDate` is the local date of its check-in in its own `timeZone`, and it
/// belongs to the pay period of that date even when it ends the next day.
public struct AttendanceRecord: Sendable, Equatable {
    public var id: String
    public var employeeID: String
    public var type: AttendanceType
    public var workDate: LocalDate
    public var checkInAt: Date?
    public var checkOutAt: Date?
    public var timeZone: String
    /// Leave only.
    public var dayFraction: DayFraction?
    public var state: AttendanceState
    public var source: AttendanceSource
    public var note: String?
    public var location: String?
    public var version: Int
    public var createdBy: String
    public var updatedBy: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, employeeID: String, type: AttendanceType, workDate: LocalDate, checkInAt: Date?, checkOutAt: Date?,
        timeZone: String, dayFraction: DayFraction?, state: AttendanceState, source: AttendanceSource, note: String?,
        location: String?, version: Int, createdBy: String, updatedBy: String, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.employeeID = employeeID
        self.type = type
        self.workDate = workDate
        self.checkInAt = checkInAt
        self.checkOutAt = checkOutAt
        self.timeZone = timeZone
        self.dayFraction = dayFraction
        self.state = state
        self.source = source
        self.note = note
        self.location = location
        self.version = version
        self.createdBy = createdBy
        self.updatedBy = updatedBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// A closed work record's interval.
    public var closedInterval: WorkInterval? {
        guard type == .work, state == .closed, let checkInAt, let checkOutAt else { return nil }
        return WorkInterval(start: checkInAt, end: checkOutAt)
    }

    /// The fields the audit trail records, as text.
    public var auditedFields: [String: String] {
        var fields: [String: String] = [
            "type": type.rawValue, "workDate": workDate.description, "timeZone": timeZone, "state": state.rawValue,
            "source": source.rawValue,
        ]
        fields["checkInAt"] = checkInAt.map(Instant.format)
        fields["checkOutAt"] = checkOutAt.map(Instant.format)
        fields["dayFraction"] = dayFraction?.rawValue
        fields["note"] = note
        fields["location"] = location
        return fields
    }
}

/// A half-open interval of worked time, `[start, end)`.
public struct WorkInterval: Sendable, Equatable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    /// Whole seconds elapsed: absolute time, so a DST night is 7 or 9 hours.
    public var seconds: Int64 {
        Int64((end.timeIntervalSince1970 * 1_000_000).rounded() - (start.timeIntervalSince1970 * 1_000_000).rounded()) / 1_000_000
    }
}
