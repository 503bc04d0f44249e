import Foundation

/// The kind of day overtime is paid for.
public enum DayType: String, Sendable, Codable, CaseIterable {
    case workday
    case restDay = "rest_day"
    case holiday
}

/// How a day counts (DESIGN §6 status labels).
public enum DayStatus: String, Sendable, Codable, CaseIterable {
    case present
    case halfDay = "half_day"
    case paidLeave = "paid_leave"
    case unpaidLeave = "unpaid_leave"
    case absent
    case unmarked
    case off
}

/// What the schedule expects of one date.
public struct DayPlan: Sendable, Equatable {
    public var date: LocalDate
    /// 0 on a day off.
    public var scheduledMinutes: Int
    public var isHoliday: Bool
    /// Minutes after local midnight when work starts, when the schedule says so (for lateness).
    public var startMinute: Int?

    public init(date: LocalDate, scheduledMinutes: Int, isHoliday: Bool, startMinute: Int? = nil) {
        self.date = date
        self.scheduledMinutes = scheduledMinutes
        self.isHoliday = isHoliday
        self.startMinute = startMinute
    }

    /// A holiday or a 0-minute day.
    public var isOff: Bool { isHoliday || scheduledMinutes == 0 }

    public var dayType: DayType {
        if isHoliday { return .holiday }
        return scheduledMinutes == 0 ? .restDay : .workday
    }
}

/// What was recorded for one work date.
public struct DayRecords: Sendable, Equatable {
    /// Closed work intervals of the date.
    public var work: [WorkInterval]
    /// Open work records of the date (excluded from worked time).
    public var openRecords: Int
    /// Paid and unpaid leave of the date, in days.
    public var paidLeave: Rational
    public var unpaidLeave: Rational
    /// The zone the date is local to (the records' zone), for lateness.
    public var timeZone: TimeZone

    public init(work: [WorkInterval] = [], openRecords: Int = 0, paidLeave: Rational = .zero, unpaidLeave: Rational = .zero, timeZone: TimeZone) {
        self.work = work.sorted { $0.start < $1.start }
        self.openRecords = openRecords
        self.paidLeave = paidLeave
        self.unpaidLeave = unpaidLeave
        self.timeZone = timeZone
    }
}

/// Overtime of one day, before and after the policy's block, step and cap.
public struct DayOvertime: Sendable, Equatable {
    public var dayType: DayType
    public var rawMinutes: Int
    /// The minutes paid: 0 below the minimum block, floored to the rounding step, capped per day.
    public var creditedMinutes: Int
    public var capped: Bool
}

/// The evaluation of one day: the one function attendance summaries and payroll both use.
public struct DayResult: Sendable, Equatable {
    public var date: LocalDate
    public var plan: DayPlan
    public var status: DayStatus
    public var elapsedMinutes: Int
    public var breakMinutes: Int
    public var workedMinutes: Int
    /// 1, the half-day fraction, or 0 (scheduled days only).
    public var workCredit: Rational
    public var paidLeave: Rational
    public var unpaidLeave: Rational
    /// `1 − min(1, paidLeave + workCredit)` on a scheduled day, else 0.
    public var unpaid: Rational
    public var lateMinutes: Int
    public var earlyExitMinutes: Int
    public var overtime: DayOvertime
    public var openRecords: Int
    /// `open_record_excluded`, `overtime_capped`, `worked_while_on_leave`.
    public var warnings: [String]
}

/// Applies the day rules of DESIGN §6 to one date. Pure: no clock, no storage.
public enum DayEvaluator {
    /// Minutes of the break deducted from each of `work` (sorted by start), and the total.
    /// The break is taken once, when the day's elapsed time exceeds `breakAfterMinutes` and no gap
    /// between its records is at least the break; it comes off the record during which the
    /// threshold is passed (then earlier ones, should that record be shorter than the break).
    public static func breakShares(_ work: [WorkInterval], policy: CompanyPolicy) -> [Int] {
        let minutes = work.map { Int($0.seconds / 60) }
        let elapsed = Int(work.reduce(Int64(0)) { $0 + $1.seconds } / 60)
        let rules = policy.attendance
        var shares = Array(repeating: 0, count: work.count)
        guard elapsed > rules.breakAfterMinutes, rules.unpaidBreakMinutes > 0 else { return shares }
        for (earlier, later) in zip(work, work.dropFirst())
        where later.start.timeIntervalSince(earlier.end) >= TimeInterval(rules.unpaidBreakMinutes * 60) {
            return shares
        }
        var cumulative = 0
        var crossing = work.count - 1
        for (index, value) in minutes.enumerated() {
            cumulative += value
            if cumulative > rules.breakAfterMinutes {
                crossing = index
                break
            }
        }
        var remaining = min(rules.unpaidBreakMinutes, elapsed)
        var index = crossing
        while remaining > 0, index >= 0 {
            let taken = min(remaining, minutes[index])
            shares[index] = taken
            remaining -= taken
            index -= 1
        }
        return shares
    }

    public static func evaluate(_ plan: DayPlan, _ records: DayRecords, policy: CompanyPolicy) -> DayResult {
        let rules = policy.attendance
        let elapsed = Int(records.work.reduce(Int64(0)) { $0 + $1.seconds } / 60)
        let breakMinutes = breakShares(records.work, policy: policy).reduce(0, +)
        let worked = elapsed - breakMinutes
        var warnings: [String] = []
        if records.openRecords > 0 { warnings.append("open_record_excluded") }

        let overtime = overtime(plan: plan, worked: worked, policy: policy)
        if overtime.capped { warnings.append("overtime_capped") }
        let paid = Rational.min(.one, records.paidLeave)
        let unpaidLeave = Rational.min(.one, records.unpaidLeave)
        if paid >= .one, worked > 0 { warnings.append("worked_while_on_leave") }

        guard !plan.isOff else {
            return DayResult(
                date: plan.date, plan: plan, status: .off, elapsedMinutes: elapsed, breakMinutes: breakMinutes, workedMinutes: worked,
                workCredit: .zero, paidLeave: .zero, unpaidLeave: .zero, unpaid: .zero, lateMinutes: 0, earlyExitMinutes: 0,
                overtime: overtime, openRecords: records.openRecords, warnings: warnings)
        }

        let scheduled = plan.scheduledMinutes
        let halfFraction = Rational(decimal: rules.halfDayPayFraction) ?? Rational(1, 2)
        let reachesHalf: Bool =
            if let threshold = rules.halfDayThresholdMinutes { worked >= threshold } else { worked * 2 >= scheduled }
        var credit: Rational =
            worked > 0 && worked >= scheduled - rules.earlyExitGraceMinutes ? .one : reachesHalf && worked > 0 ? halfFraction : .zero
        let unmarked = records.work.isEmpty && records.openRecords == 0 && paid.isZero && unpaidLeave.isZero
        if unmarked, rules.unmarkedCountsAs == "present" { credit = .one }
        let unpaid = Rational.one - Rational.min(.one, paid + credit)

        let status: DayStatus =
            if unmarked { .unmarked }
            else if credit >= .one { .present }
            else if paid >= .one { .paidLeave }
            else if !credit.isZero { .halfDay }
            else if !paid.isZero { .paidLeave }
            else if !unpaidLeave.isZero { .unpaidLeave }
            else { .absent }

        let (late, early) = lateness(plan: plan, records: records, policy: policy)
        return DayResult(
            date: plan.date, plan: plan, status: status, elapsedMinutes: elapsed, breakMinutes: breakMinutes, workedMinutes: worked,
            workCredit: credit, paidLeave: paid, unpaidLeave: unpaidLeave, unpaid: unpaid, lateMinutes: late, earlyExitMinutes: early,
            overtime: overtime, openRecords: records.openRecords, warnings: warnings)
    }

    /// Overtime of a day: on a scheduled day the minutes past the schedule, on an off day or
    /// holiday all of them; credited from the minimum block, floored to the step, capped per day.
    public static func overtime(plan: DayPlan, worked: Int, policy: CompanyPolicy) -> DayOvertime {
        let rules = policy.overtime
        let raw = plan.isOff ? worked : max(0, worked - plan.scheduledMinutes)
        var credited = raw < max(rules.minimumBlockMinutes, 1) ? 0 : raw / rules.roundingStepMinutes * rules.roundingStepMinutes
        var capped = false
        if credited > rules.dailyCapMinutes {
            credited = rules.dailyCapMinutes
            capped = true
        }
        return DayOvertime(dayType: plan.dayType, rawMinutes: raw, creditedMinutes: credited, capped: capped)
    }

    /// Late minutes (first check-in past the start plus the grace) and early-exit minutes (last
    /// check-out before the expected end less the grace), when the schedule names a start time.
    /// Read on the wall clock of the records' zone (a DST morning starts at 08:00 like any other);
    /// a day with leave on it has no lateness (half a day off moves the start or the end).
    static func lateness(plan: DayPlan, records: DayRecords, policy: CompanyPolicy) -> (late: Int, early: Int) {
        guard let start = plan.startMinute, let first = records.work.first, let last = records.work.last,
            records.paidLeave.isZero, records.unpaidLeave.isZero
        else { return (0, 0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = records.timeZone
        /// Minutes on the wall clock since the start of the plan's date (the next day adds 1440).
        func wallMinute(_ instant: Date) -> Int {
            let parts = calendar.dateComponents([.hour, .minute], from: instant)
            let days = LocalDate(clamping: instant, in: records.timeZone).daysSinceEpoch - plan.date.daysSinceEpoch
            return days * 1440 + (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        }
        let rules = policy.attendance
        let inMinute = wallMinute(first.start)
        let outMinute = wallMinute(last.end)
        let late = inMinute > start + rules.lateGraceMinutes ? inMinute - start : 0
        let breakAllowance = plan.scheduledMinutes > rules.breakAfterMinutes ? rules.unpaidBreakMinutes : 0
        let expectedEnd = start + plan.scheduledMinutes + breakAllowance
        let early = outMinute < expectedEnd - rules.earlyExitGraceMinutes ? expectedEnd - outMinute : 0
        return (late, early)
    }
}
