import Foundation
import Testing
@testable import HRDomain

// Default policy throughout unless a test changes it: a 60-minute break after 360 minutes,
// 10 minutes of grace either end, overtime from 30 minutes in steps of 15, capped at 240 a day.

private let saigon = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

/// Local `HH:MM` in Ho Chi Minh City on `day` (Monday 2026-11-02 unless told).
private func hcm(_ time: String, on day: String = "2026-11-02") -> Date {
    instant("\(day)T\(time):00+07:00")
}

private func span(_ from: String, _ to: String, on day: String = "2026-11-02") -> WorkInterval {
    WorkInterval(start: hcm(from, on: day), end: hcm(to, on: day))
}

private func dayPlan(_ minutes: Int = 480, on day: String = "2026-11-02", start: Int? = nil, holiday: Bool = false) -> DayPlan {
    DayPlan(date: localDate(day), scheduledMinutes: minutes, isHoliday: holiday, startMinute: start)
}

private func judge(
    _ plan: DayPlan, _ work: [WorkInterval] = [], paidLeave: Rational = .zero, unpaidLeave: Rational = .zero, openRecords: Int = 0,
    policy: CompanyPolicy = CompanyPolicy()
) -> DayResult {
    DayEvaluator.evaluate(
        plan, DayRecords(work: work, openRecords: openRecords, paidLeave: paidLeave, unpaidLeave: unpaidLeave, timeZone: saigon),
        policy: policy)
}

@Suite("Unpaid break")
struct BreakTests {
    @Test("nine hours in one record is eight hours worked")
    func oneLongRecord() {
        let day = judge(dayPlan(), [span("08:00", "17:00")])
        #expect(day.elapsedMinutes == 540)
        #expect(day.breakMinutes == 60)
        #expect(day.workedMinutes == 480)
    }

    @Test("six hours exactly takes no break")
    func sixHours() {
        let day = judge(dayPlan(), [span("08:00", "14:00")])
        #expect(day.breakMinutes == 0)
        #expect(day.workedMinutes == 360)
    }

    @Test("a gap of an hour between records is the break")
    func gapIsTheBreak() {
        let day = judge(dayPlan(), [span("08:00", "12:00"), span("13:00", "17:00")])
        #expect(day.breakMinutes == 0)
        #expect(day.workedMinutes == 480)
    }

    @Test("a shorter gap does not replace the break")
    func shortGap() {
        let day = judge(dayPlan(), [span("08:00", "12:00"), span("12:30", "17:30")])
        #expect(day.breakMinutes == 60)
        #expect(day.workedMinutes == 480)
    }

    @Test("a lunch break does not become overtime")
    func lunchIsNotOvertime() {
        let day = judge(dayPlan(480), [span("08:00", "17:00")])
        #expect(day.overtime.rawMinutes == 0)
        #expect(day.overtime.creditedMinutes == 0)
        #expect(day.status == .present)
    }

    @Test("the break comes off the record during which the threshold is passed")
    func sharesOnCrossingRecord() {
        let policy = CompanyPolicy()
        #expect(DayEvaluator.breakShares([span("08:00", "17:00")], policy: policy) == [60])
        #expect(DayEvaluator.breakShares([span("08:00", "12:00"), span("12:30", "17:30")], policy: policy) == [0, 60])
        #expect(DayEvaluator.breakShares([span("08:00", "15:00"), span("15:10", "16:00")], policy: policy) == [60, 0])
    }

    @Test("a crossing record shorter than the break passes the rest to earlier records")
    func sharesSpillBackwards() {
        // 360 minutes, then 30 more after a 10-minute pause: 30 off each.
        #expect(DayEvaluator.breakShares([span("08:00", "14:00"), span("14:10", "14:40")], policy: CompanyPolicy()) == [30, 30])
    }

    @Test("no break under the threshold, across a long gap, without records, or when the policy has none")
    func noShares() {
        var noBreak = CompanyPolicy()
        noBreak.attendance.unpaidBreakMinutes = 0
        #expect(DayEvaluator.breakShares([span("08:00", "14:00")], policy: CompanyPolicy()) == [0])
        #expect(DayEvaluator.breakShares([span("08:00", "12:00"), span("13:00", "17:00")], policy: CompanyPolicy()) == [0, 0])
        #expect(DayEvaluator.breakShares([], policy: CompanyPolicy()) == [])
        #expect(DayEvaluator.breakShares([span("08:00", "17:00")], policy: noBreak) == [0])
    }
}

@Suite("Day status and unpaid fraction")
struct DayStatusTests {
    @Test("a full day is present with nothing unpaid")
    func fullDay() {
        let day = judge(dayPlan(), [span("08:00", "17:00")])
        #expect(day.status == .present)
        #expect(day.workCredit == .one)
        #expect(day.unpaid == .zero)
    }

    @Test("leaving within the early-exit grace still counts a full day")
    func withinGrace() {
        let day = judge(dayPlan(), [span("08:00", "16:50")])
        #expect(day.workedMinutes == 470)
        #expect(day.status == .present)
    }

    @Test("300 minutes of a 480-minute day is a half day, half unpaid")
    func halfDay() {
        let day = judge(dayPlan(480), [span("08:00", "13:00")])
        #expect(day.workedMinutes == 300)
        #expect(day.status == .halfDay)
        #expect(day.workCredit == Rational(1, 2))
        #expect(day.unpaid == Rational(1, 2))
    }

    @Test("less than half the schedule earns nothing")
    func belowHalf() {
        let day = judge(dayPlan(480), [span("08:00", "11:00")])
        #expect(day.status == .absent)
        #expect(day.unpaid == .one)
    }

    @Test("a part-timer working their 240 minutes is present")
    func partTimer() {
        let day = judge(dayPlan(240), [span("08:00", "12:00")])
        #expect(day.status == .present)
        #expect(day.unpaid == .zero)
    }

    @Test("a scheduled day without records is unmarked and unpaid")
    func unmarked() {
        let day = judge(dayPlan())
        #expect(day.status == .unmarked)
        #expect(day.unpaid == .one)
    }

    @Test("a policy counting unmarked days as present pays them")
    func unmarkedAsPresent() {
        var policy = CompanyPolicy()
        policy.attendance.unmarkedCountsAs = "present"
        let day = judge(dayPlan(), policy: policy)
        #expect(day.status == .unmarked)
        #expect(day.workCredit == .one)
        #expect(day.unpaid == .zero)
    }

    @Test("half a day of paid leave and no work leaves half unpaid")
    func halfLeaveOnly() {
        let day = judge(dayPlan(), paidLeave: Rational(1, 2))
        #expect(day.status == .paidLeave)
        #expect(day.paidLeave == Rational(1, 2))
        #expect(day.unpaid == Rational(1, 2))
    }

    @Test("half a day of paid leave and half a day worked leave nothing unpaid")
    func halfLeaveHalfWork() {
        let day = judge(dayPlan(), [span("08:00", "12:00")], paidLeave: Rational(1, 2))
        #expect(day.status == .halfDay)
        #expect(day.unpaid == .zero)
    }

    @Test("a full day of paid leave is paid leave, nothing unpaid")
    func fullPaidLeave() {
        let day = judge(dayPlan(), paidLeave: .one)
        #expect(day.status == .paidLeave)
        #expect(day.unpaid == .zero)
        #expect(day.warnings.isEmpty)
    }

    @Test("a full day of unpaid leave is unpaid")
    func fullUnpaidLeave() {
        let day = judge(dayPlan(), unpaidLeave: .one)
        #expect(day.status == .unpaidLeave)
        #expect(day.unpaidLeave == .one)
        #expect(day.unpaid == .one)
    }

    @Test("work on a full day of paid leave is flagged")
    func workedWhileOnLeave() {
        let day = judge(dayPlan(), [span("08:00", "12:00")], paidLeave: .one)
        #expect(day.warnings.contains("worked_while_on_leave"))
    }

    @Test("a policy threshold and pay fraction replace half the schedule and one half")
    func halfDayPolicy() {
        var policy = CompanyPolicy()
        policy.attendance.halfDayThresholdMinutes = 300
        policy.attendance.halfDayPayFraction = "0.6"
        #expect(judge(dayPlan(), [span("08:00", "12:00")], policy: policy).status == .absent)
        let day = judge(dayPlan(), [span("08:00", "13:00")], policy: policy)
        #expect(day.status == .halfDay)
        #expect(day.workCredit == Rational(3, 5))
        #expect(day.unpaid == Rational(2, 5))
    }

    @Test("open records are left out of worked time, with a warning")
    func openRecords() {
        let day = judge(dayPlan(), [span("08:00", "12:00")], openRecords: 1)
        #expect(day.warnings.contains("open_record_excluded"))
        #expect(day.openRecords == 1)
        #expect(day.workedMinutes == 240)
    }
}

@Suite("Overtime")
struct OvertimeTests {
    @Test("credited from a 30-minute block, in 15-minute steps, at most 240 a day", arguments: [
        (480, 0), (500, 0), (509, 0), (510, 30), (530, 45), (660, 180), (720, 240), (880, 240),
    ])
    func credited(worked: Int, minutes: Int) {
        #expect(DayEvaluator.overtime(plan: dayPlan(480), worked: worked, policy: CompanyPolicy()).creditedMinutes == minutes)
    }

    @Test("660 minutes worked on a 480-minute workday credits 180")
    func workdayOvertime() {
        let day = judge(dayPlan(480), [span("07:00", "19:00")])
        #expect(day.workedMinutes == 660)
        #expect(day.overtime == DayOvertime(dayType: .workday, rawMinutes: 180, creditedMinutes: 180, capped: false))
        #expect(day.status == .present)
    }

    @Test("400 minutes over is capped at 240, with a warning")
    func capped() {
        let day = judge(dayPlan(480), [span("06:00", "21:40")])
        #expect(day.workedMinutes == 880)
        #expect(day.overtime == DayOvertime(dayType: .workday, rawMinutes: 400, creditedMinutes: 240, capped: true))
        #expect(day.warnings.contains("overtime_capped"))
    }

    @Test("all work on an unscheduled Saturday is rest-day overtime, and the day is off")
    func restDay() {
        let day = judge(dayPlan(0, on: "2026-11-07"), [span("08:00", "12:00", on: "2026-11-07")])
        #expect(day.status == .off)
        #expect(day.overtime == DayOvertime(dayType: .restDay, rawMinutes: 240, creditedMinutes: 240, capped: false))
        #expect(day.unpaid == .zero)
    }

    @Test("a holiday is a day off whose work is holiday overtime")
    func holiday() {
        let worked = judge(dayPlan(480, holiday: true), [span("08:00", "17:00")])
        #expect(worked.status == .off)
        #expect(worked.overtime.dayType == .holiday)
        #expect(worked.overtime.rawMinutes == 480)
        let idle = judge(dayPlan(480, holiday: true))
        #expect(idle.status == .off)
        #expect(idle.unpaid == .zero)
    }
}

@Suite("Lateness and early exits")
struct LatenessTests {
    /// 08:00 start, 480 minutes plus the hour's break: expected out at 17:00.
    let eightToFive = dayPlan(480, start: 480)

    @Test("check-in within the 10-minute grace is not late; past it, all minutes count", arguments: [
        ("08:05", 0), ("08:10", 0), ("08:11", 11), ("08:25", 25),
    ])
    func late(checkIn: String, minutes: Int) {
        #expect(judge(eightToFive, [span(checkIn, "17:30")]).lateMinutes == minutes)
    }

    @Test("check-out before 17:00 less the grace is an early exit", arguments: [
        ("17:00", 0), ("16:55", 0), ("16:50", 0), ("16:49", 11), ("16:30", 30),
    ])
    func early(checkOut: String, minutes: Int) {
        #expect(judge(eightToFive, [span("08:00", checkOut)]).earlyExitMinutes == minutes)
    }

    @Test("lateness is the first check-in, early exit the last check-out")
    func acrossRecords() {
        let day = judge(eightToFive, [span("08:30", "12:00"), span("13:00", "16:00")])
        #expect(day.lateMinutes == 30)
        #expect(day.earlyExitMinutes == 60)
    }

    @Test("a schedule under the break threshold expects no break")
    func shortDay() {
        let morning = dayPlan(240, start: 480)
        #expect(judge(morning, [span("08:00", "11:45")]).earlyExitMinutes == 15)
        #expect(judge(morning, [span("08:00", "11:50")]).earlyExitMinutes == 0)
    }

    @Test("without a start time nothing is late")
    func noStartTime() {
        let day = judge(dayPlan(480), [span("10:00", "15:00")])
        #expect(day.lateMinutes == 0)
        #expect(day.earlyExitMinutes == 0)
    }
}

@Suite("Employee days and attendance summaries")
struct EmployeeDaysTests {
    let employee = makeEmployee()
    /// Monday–Friday 480 minutes from 08:00, Saturday 240, Sunday off.
    let schedule = WorkSchedule(
        id: "s", code: "STD", name: "Standard", holidayCalendarID: nil,
        versions: [
            ScheduleVersion(effectiveFrom: localDate("2026-01-01"), minutesByWeekday: [480, 480, 480, 480, 480, 240, 0], startTime: "08:00")
        ],
        version: 1, createdAt: fixtureTimestamp, updatedAt: fixtureTimestamp)
    let voidedThursday = workRecord("thu-void", "2026-11-05T08:00:00+07:00", "2026-11-05T17:00:00+07:00", state: .voided)

    /// Monday 2026-11-02 to Sunday 2026-11-08: present, late, paid leave, nothing (a voided record
    /// and another employee's), half a day leaving early, the Saturday's 240 minutes, a Sunday off.
    var week: [AttendanceRecord] {
        [
            workRecord("mon", "2026-11-02T08:00:00+07:00", "2026-11-02T17:00:00+07:00"),
            workRecord("tue", "2026-11-03T08:20:00+07:00", "2026-11-03T17:30:00+07:00"),
            leaveRecord("wed", on: "2026-11-04"),
            voidedThursday,
            workRecord("other", "2026-11-05T08:00:00+07:00", "2026-11-05T17:00:00+07:00", employee: "e2"),
            workRecord("fri", "2026-11-06T08:00:00+07:00", "2026-11-06T12:00:00+07:00"),
            workRecord("sat", "2026-11-07T08:00:00+07:00", "2026-11-07T12:00:00+07:00"),
        ]
    }

    func employeeDays(
        _ who: Employee? = nil, policies: PolicyTimeline = PolicyTimeline([]), holidays: Set<LocalDate> = []
    ) -> EmployeeDays {
        EmployeeDays(employee: who ?? employee, schedule: schedule, holidays: holidays, policies: policies, records: week)
    }

    @Test("each day of the week is judged against the schedule")
    func statuses() {
        let reading = employeeDays()
        let statuses = (2...8).map { reading.evaluate(localDate("2026-11-0\($0)")).status }
        let expected: [DayStatus] = [.present, .present, .paidLeave, .unmarked, .halfDay, .present, .off]
        #expect(statuses == expected)
    }

    @Test("the summary adds up the week")
    func summary() {
        let summary = AttendanceSummary(employeeDays(), from: localDate("2026-11-02"), to: localDate("2026-11-08"), today: localDate("2026-11-08"))
        #expect(summary.employeeId == "e1")
        #expect(summary.from == "2026-11-02" && summary.to == "2026-11-08")
        #expect(summary.scheduledDays == 6)
        #expect(summary.presentDays == 3)
        #expect(summary.halfDays == 1)
        #expect(summary.absentDays == 0)
        #expect(summary.unmarkedDays == 1)
        #expect(summary.offDays == 1)
        #expect(summary.paidLeaveDays == "1")
        #expect(summary.unpaidLeaveDays == "0")
        #expect(summary.workedMinutes == 480 + 490 + 240 + 240)
        #expect(summary.overtimeMinutes == 0)
        #expect(summary.lateDays == 1 && summary.lateMinutes == 20)
        #expect(summary.earlyExitDays == 1 && summary.earlyExitMinutes == 300)
        #expect(summary.openRecords == 0)
    }

    @Test("the summary stops at today")
    func summaryUpToToday() {
        let summary = AttendanceSummary(employeeDays(), from: localDate("2026-11-02"), to: localDate("2026-11-08"), today: localDate("2026-11-05"))
        #expect(summary.to == "2026-11-05")
        #expect(summary.scheduledDays == 4)
        #expect(summary.presentDays == 2)
        #expect(summary.unmarkedDays == 1)
        #expect(summary.workedMinutes == 970)
    }

    @Test("the summary covers the employment only")
    func summaryInsideEmployment() {
        let hiredWednesday = employeeDays(makeEmployee(hired: "2026-11-04"))
        let summary = AttendanceSummary(hiredWednesday, from: localDate("2026-11-02"), to: localDate("2026-11-08"), today: localDate("2026-11-08"))
        #expect(summary.from == "2026-11-04")
        #expect(summary.scheduledDays == 4)
        #expect(summary.presentDays == 1)
        #expect(summary.workedMinutes == 480)

        let leftBefore = employeeDays(makeEmployee(terminated: "2026-10-31"))
        let empty = AttendanceSummary(leftBefore, from: localDate("2026-11-02"), to: localDate("2026-11-08"), today: localDate("2026-11-08"))
        #expect(empty.from == nil && empty.to == nil)
        #expect(empty.scheduledDays == 0 && empty.workedMinutes == 0)
        #expect(empty.paidLeaveDays == "0")
    }

    @Test("the employment window is clipped to hire and termination dates")
    func employmentWindow() {
        let reading = employeeDays(makeEmployee(hired: "2026-01-05", terminated: "2026-11-30"))
        #expect(reading.employmentWindow(from: localDate("2026-11-01"), to: localDate("2026-12-31")) == localDate("2026-11-01")...localDate("2026-11-30"))
        #expect(reading.employmentWindow(from: localDate("2025-12-01"), to: localDate("2026-01-31")) == localDate("2026-01-05")...localDate("2026-01-31"))
        #expect(reading.employmentWindow(from: localDate("2026-12-01"), to: localDate("2026-12-31")) == nil)
    }

    @Test("each record's computed fields")
    func computations() {
        let reading = employeeDays()
        #expect(reading.computations(on: localDate("2026-11-03")) == [
            "tue": RecordComputation(workedMinutes: 490, lateMinutes: 20, earlyExitMinutes: 0, overtimeMinutes: 0, flags: ["late", "break_deducted"])
        ])
        #expect(reading.computations(on: localDate("2026-11-06")) == [
            "fri": RecordComputation(workedMinutes: 240, lateMinutes: 0, earlyExitMinutes: 300, overtimeMinutes: 0, flags: ["early_exit"])
        ])
        #expect(reading.computations(on: localDate("2026-11-04")) == [
            "wed": RecordComputation(workedMinutes: 0, lateMinutes: 0, earlyExitMinutes: 0, overtimeMinutes: 0, flags: [])
        ])
        #expect(reading.computations(on: localDate("2026-11-05"), including: [voidedThursday]) == [
            "thu-void": RecordComputation(workedMinutes: 0, lateMinutes: 0, earlyExitMinutes: 0, overtimeMinutes: 0, flags: ["voided"])
        ])
    }

    @Test("voided records and other employees' records are left out")
    func filtering() {
        let reading = employeeDays()
        #expect(reading.records(on: localDate("2026-11-05")).isEmpty)
        #expect(reading.records(on: localDate("2026-11-02")).map(\.id) == ["mon"])
    }

    @Test("a night shift counts on the date it started, flagged")
    func nightShift() {
        let noStartTime = WorkSchedule(
            id: "n", code: "NIGHT", name: "Nights", holidayCalendarID: nil,
            versions: [ScheduleVersion(effectiveFrom: localDate("2026-01-01"), minutesByWeekday: [480, 480, 480, 480, 480, 0, 0])],
            version: 1, createdAt: fixtureTimestamp, updatedAt: fixtureTimestamp)
        let night = workRecord("night", "2026-11-02T22:00:00+07:00", "2026-11-03T06:00:00+07:00")
        let reading = EmployeeDays(employee: employee, schedule: noStartTime, holidays: [], policies: PolicyTimeline([]), records: [night])
        #expect(reading.records(on: localDate("2026-11-02")).map(\.id) == ["night"])
        #expect(reading.evaluate(localDate("2026-11-02")).workedMinutes == 420)
        #expect(reading.evaluate(localDate("2026-11-03")).status == .unmarked)
        #expect(reading.computations(on: localDate("2026-11-02"))["night"]?.flags == ["night_shift", "break_deducted"])
    }

    @Test("a holiday of the calendar is a day off")
    func holidays() {
        let reading = employeeDays(holidays: [localDate("2026-11-04")])
        #expect(reading.plan(on: localDate("2026-11-04")).isHoliday)
        let wednesday = reading.evaluate(localDate("2026-11-04"))
        #expect(wednesday.status == .off)
        #expect(wednesday.plan.dayType == .holiday)
    }

    @Test("each date is judged by the policy version in force on it")
    func policyInForce() {
        var relaxed = CompanyPolicy()
        relaxed.attendance.lateGraceMinutes = 30
        relaxed.attendance.unmarkedCountsAs = "present"
        let fromWednesday = employeeDays(policies: PolicyTimeline([.init(id: "relaxed", effectiveFrom: localDate("2026-11-04"), policy: relaxed)]))
        #expect(fromWednesday.evaluate(localDate("2026-11-03")).lateMinutes == 20, "Tuesday is still under the defaults")
        #expect(fromWednesday.evaluate(localDate("2026-11-05")).unpaid == .zero, "Thursday is under the relaxed version")
        let fromTuesday = employeeDays(policies: PolicyTimeline([.init(id: "relaxed", effectiveFrom: localDate("2026-11-03"), policy: relaxed)]))
        #expect(fromTuesday.evaluate(localDate("2026-11-03")).lateMinutes == 0)
    }
}

@Suite("Policy timeline")
struct PolicyTimelineTests {
    @Test("the version in force is the latest effective on or before the date, else the defaults")
    func versionInForce() {
        var strict = CompanyPolicy()
        strict.attendance.lateGraceMinutes = 5
        var lenient = CompanyPolicy()
        lenient.attendance.lateGraceMinutes = 30
        let timeline = PolicyTimeline([
            .init(id: "lenient", effectiveFrom: localDate("2026-07-01"), policy: lenient),
            .init(id: "strict", effectiveFrom: localDate("2026-01-01"), policy: strict),
        ])
        #expect(timeline.entries.map(\.id) == ["strict", "lenient"])
        #expect(timeline.entry(on: localDate("2025-12-31")).id == "default")
        #expect(timeline.policy(on: localDate("2025-12-31")) == CompanyPolicy())
        #expect(timeline.entry(on: localDate("2026-01-01")).id == "strict")
        #expect(timeline.entry(on: localDate("2026-06-30")).id == "strict")
        #expect(timeline.entry(on: localDate("2026-07-01")).id == "lenient")
        #expect(timeline.policy(on: localDate("2027-03-01")).attendance.lateGraceMinutes == 30)
    }

    @Test("a version without a date applies from the beginning")
    func undated() {
        let timeline = PolicyTimeline([.init(id: "base", effectiveFrom: nil, policy: CompanyPolicy())])
        #expect(timeline.entry(on: localDate("2000-01-01")).id == "base")
    }
}
