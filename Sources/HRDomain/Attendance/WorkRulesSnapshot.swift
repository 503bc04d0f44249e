/// Every schedule, holiday calendar and policy version at one moment: what the day evaluation of
/// any employee needs, loaded once per request instead of once per employee.
public struct WorkRulesSnapshot: Sendable {
    public let schedules: [String: WorkSchedule]
    public let holidays: [String: Set<LocalDate>]
    public let policies: PolicyTimeline
    /// The schedule of employees who have none assigned: the one coded `STD`, when it exists.
    public let defaultScheduleID: String?

    public init(schedules: [WorkSchedule], calendars: [HolidayCalendar], policies: PolicyTimeline) {
        self.schedules = Dictionary(schedules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.holidays = Dictionary(calendars.map { ($0.id, Set($0.holidays.map(\.date))) }, uniquingKeysWith: { a, _ in a })
        self.policies = policies
        self.defaultScheduleID = schedules.first { $0.code == "STD" }?.id
    }

    /// The schedule that applies to `employee`.
    public func schedule(of employee: Employee) -> WorkSchedule? {
        (employee.scheduleID ?? defaultScheduleID).flatMap { schedules[$0] }
    }

    /// `employee`'s days read against their schedule, its holidays and the policy.
    public func days(of employee: Employee, records: [AttendanceRecord]) -> EmployeeDays {
        let schedule = schedule(of: employee)
        return EmployeeDays(
            employee: employee, schedule: schedule, holidays: schedule?.holidayCalendarID.flatMap { holidays[$0] } ?? [],
            policies: policies, records: records)
    }
}
