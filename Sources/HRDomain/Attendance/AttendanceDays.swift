import Foundation

/// Policy versions by the date they take effect; the version in force on a date is the latest
/// effective on or before it, else the built-in defaults.
public struct PolicyTimeline: Sendable {
    public struct Entry: Sendable {
        /// `default` for the built-in defaults, else the stored version's id.
        public var id: String
        public var effectiveFrom: LocalDate?
        public var policy: CompanyPolicy

        public init(id: String, effectiveFrom: LocalDate?, policy: CompanyPolicy) {
            self.id = id
            self.effectiveFrom = effectiveFrom
            self.policy = policy
        }
    }

    /// Oldest first.
    public let entries: [Entry]

    public init(_ entries: [Entry]) {
        self.entries = entries.sorted { ($0.effectiveFrom ?? .distantPast) < ($1.effectiveFrom ?? .distantPast) }
    }

    public func entry(on date: LocalDate) -> Entry {
        entries.last { ($0.effectiveFrom ?? .distantPast) <= date } ?? Entry(id: "default", effectiveFrom: nil, policy: CompanyPolicy())
    }

    public func policy(on date: LocalDate) -> CompanyPolicy { entry(on: date).policy }
}

extension LocalDate {
    static let distantPast = LocalDate.first
}

/// What the evaluation of a record adds to it (DESIGN §5 computed fields).
public struct RecordComputation: Sendable, Equatable {
    /// The record's elapsed minutes less its share of the day's unpaid break.
    public var workedMinutes: Int
    /// On the first work record of the day.
    public var lateMinutes: Int
    /// On the last work record of the day.
    public var earlyExitMinutes: Int
    /// The day's credited overtime, on its last closed work record.
    public var overtimeMinutes: Int
    /// `open`, `night_shift`, `late`, `early_exit`, `overtime`, `overtime_capped`, `break_deducted`,
    /// `worked_while_on_leave`, `voided`.
    public var flags: [String]
}

/// A day-by-day reading of one employee's records against their schedule and the policy; the
/// same evaluation payroll uses.
public struct EmployeeDays: Sendable {
    public let employee: Employee
    public let schedule: WorkSchedule?
    public let holidays: Set<LocalDate>
    public let policies: PolicyTimeline
    /// Non-voided records, by work date.
    let byDate: [LocalDate: [AttendanceRecord]]

    public init(employee: Employee, schedule: WorkSchedule?, holidays: Set<LocalDate>, policies: PolicyTimeline, records: [AttendanceRecord]) {
        self.employee = employee
        self.schedule = schedule
        self.holidays = holidays
        self.policies = policies
        self.byDate = Dictionary(grouping: records.filter { $0.state != .voided && $0.employeeID == employee.id }, by: \.workDate)
    }

    public func plan(on date: LocalDate) -> DayPlan {
        schedule?.plan(on: date, holidays: holidays) ?? DayPlan(date: date, scheduledMinutes: 0, isHoliday: holidays.contains(date))
    }

    public func records(on date: LocalDate) -> [AttendanceRecord] { byDate[date] ?? [] }

    /// The evaluation of `date`.
    public func evaluate(_ date: LocalDate) -> DayResult {
        let records = records(on: date)
        var day = DayRecords(timeZone: TimeZone(identifier: records.first?.timeZone ?? employee.timeZone) ?? .gmt)
        for record in records {
            switch (record.type, record.state) {
            case (.work, .closed): if let interval = record.closedInterval { day.work.append(interval) }
            case (.work, .open): day.openRecords += 1
            case (.paidLeave, _): day.paidLeave += record.dayFraction?.value ?? .one
            case (.unpaidLeave, _): day.unpaidLeave += record.dayFraction?.value ?? .one
            default: break
            }
        }
        day.work.sort { $0.start < $1.start }
        return DayEvaluator.evaluate(plan(on: date), day, policy: policies.policy(on: date))
    }

    /// The computed fields of each record of `date` (voided ones included, flagged).
    public func computations(on date: LocalDate, including voided: [AttendanceRecord] = []) -> [String: RecordComputation] {
        let policy = policies.policy(on: date)
        let result = evaluate(date)
        let work = records(on: date).compactMap { record in record.closedInterval.map { (record, $0) } }.sorted { $0.1.start < $1.1.start }
        let shares = DayEvaluator.breakShares(work.map(\.1), policy: policy)
        var output: [String: RecordComputation] = [:]
        let zone = TimeZone(identifier: records(on: date).first?.timeZone ?? employee.timeZone) ?? .gmt
        for (index, (record, interval)) in work.enumerated() {
            var flags: [String] = []
            let minutes = Int(interval.seconds / 60) - (index < shares.count ? shares[index] : 0)
            let late = index == 0 ? result.lateMinutes : 0
            let early = index == work.count - 1 ? result.earlyExitMinutes : 0
            let overtime = index == work.count - 1 ? result.overtime.creditedMinutes : 0
            if LocalDate(clamping: interval.end, in: zone) != record.workDate { flags.append("night_shift") }
            if late > 0 { flags.append("late") }
            if early > 0 { flags.append("early_exit") }
            if overtime > 0 { flags.append("overtime") }
            if index == work.count - 1 && result.overtime.capped { flags.append("overtime_capped") }
            if index < shares.count, shares[index] > 0 { flags.append("break_deducted") }
            if result.warnings.contains("worked_while_on_leave") { flags.append("worked_while_on_leave") }
            output[record.id] = RecordComputation(workedMinutes: minutes, lateMinutes: late, earlyExitMinutes: early, overtimeMinutes: overtime, flags: flags)
        }
        for record in records(on: date) where !(record.type == .work && record.state == .closed) {
            output[record.id] = RecordComputation(
                workedMinutes: 0, lateMinutes: 0, earlyExitMinutes: 0, overtimeMinutes: 0, flags: record.state == .open ? ["open"] : [])
        }
        for record in voided {
            output[record.id] = RecordComputation(workedMinutes: 0, lateMinutes: 0, earlyExitMinutes: 0, overtimeMinutes: 0, flags: ["voided"])
        }
        return output
    }

    /// The employment window inside `[from, to]`, or nil when they do not meet.
    public func employmentWindow(from: LocalDate, to: LocalDate) -> ClosedRange<LocalDate>? {
        let start = max(from, employee.hireDate)
        let end = min(to, employee.terminationDate ?? to)
        return start <= end ? start...end : nil
    }
}

/// Attendance of one employee over a range of dates (every day judged, not only a page of records).
public struct AttendanceSummary: Sendable, Equatable, Codable {
    public var employeeId: String
    /// The dates judged: the range inside the employment, up to today.
    public var from: String?
    public var to: String?
    public var scheduledDays: Int
    public var presentDays: Int
    public var halfDays: Int
    public var absentDays: Int
    public var unmarkedDays: Int
    public var offDays: Int
    /// Decimal strings: leave can be half a day.
    public var paidLeaveDays: String
    public var unpaidLeaveDays: String
    public var workedMinutes: Int
    public var overtimeMinutes: Int
    public var lateDays: Int
    public var lateMinutes: Int
    public var earlyExitDays: Int
    public var earlyExitMinutes: Int
    public var openRecords: Int

    /// Judges every date of `[from, to]` inside the employment and not after `today`.
    public init(_ days: EmployeeDays, from: LocalDate, to: LocalDate, today: LocalDate) {
        employeeId = days.employee.id
        (scheduledDays, presentDays, halfDays, absentDays, unmarkedDays, offDays) = (0, 0, 0, 0, 0, 0)
        (workedMinutes, overtimeMinutes, lateDays, lateMinutes, earlyExitDays, earlyExitMinutes, openRecords) = (0, 0, 0, 0, 0, 0, 0)
        var paid = Rational.zero
        var unpaidLeave = Rational.zero
        let window = days.employmentWindow(from: from, to: min(to, today))
        self.from = window?.lowerBound.description
        self.to = window?.upperBound.description
        if let window {
            for date in LocalDate.days(in: window) {
                let day = days.evaluate(date)
                if !day.plan.isOff { scheduledDays += 1 }
                switch day.status {
                case .present: presentDays += 1
                case .halfDay: halfDays += 1
                case .absent: absentDays += 1
                case .unmarked: unmarkedDays += 1
                case .off: offDays += 1
                case .paidLeave, .unpaidLeave: break
                }
                paid += day.paidLeave
                unpaidLeave += day.unpaidLeave
                workedMinutes += day.workedMinutes
                overtimeMinutes += day.overtime.creditedMinutes
                if day.lateMinutes > 0 { lateDays += 1 }
                lateMinutes += day.lateMinutes
                if day.earlyExitMinutes > 0 { earlyExitDays += 1 }
                earlyExitMinutes += day.earlyExitMinutes
                openRecords += day.openRecords
            }
        }
        paidLeaveDays = paid.decimalString()
        unpaidLeaveDays = unpaidLeave.decimalString()
    }
}
