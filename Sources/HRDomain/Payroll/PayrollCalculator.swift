import Foundation

/// Computes payslips (DESIGN §6): a pure function of the employee, their compensation history,
/// schedule, holidays, the policy versions and the period's attendance. Arithmetic is exact
/// (``Rational``); each line is rounded once, half away from zero, to the currency's minor unit,
/// and totals are sums of rounded lines.
public enum PayrollCalculator {
    /// What one payslip is computed from.
    public struct Input: Sendable {
        public var days: EmployeeDays
        public var period: PayPeriod
        /// The last date whose attendance is judged (the current month); later scheduled days
        /// count as payable and are reported as `pending`. Nil for a past period.
        public var asOf: LocalDate?
        public var status: String

        public init(days: EmployeeDays, period: PayPeriod, asOf: LocalDate?, status: String) {
            self.days = days
            self.period = period
            self.asOf = asOf
            self.status = status
        }
    }

    /// The work of one compensation segment: the dates one entry was in force.
    struct Segment {
        var entry: CompensationEntry?
        var from: LocalDate
        var to: LocalDate
        var eligibleDays = 0
        var unpaid = Rational.zero
        /// Regular minutes for hourly pay: worked up to the schedule, plus paid leave at the schedule.
        var regularMinutes = Rational.zero
        /// Credited overtime by day type and multiplier text, in first-seen order.
        var overtime: [(dayType: DayType, multiplier: String, minutes: Int)] = []

        mutating func addOvertime(_ dayType: DayType, _ multiplier: String, _ minutes: Int) {
            if let index = overtime.firstIndex(where: { $0.dayType == dayType && $0.multiplier == multiplier }) {
                overtime[index].minutes += minutes
            } else {
                overtime.append((dayType, multiplier, minutes))
            }
        }
    }

    public static func payslip(_ input: Input) throws(HRError) -> Payslip {
        let days = input.days
        let employee = days.employee
        let period = input.period
        guard let window = days.employmentWindow(from: period.start, to: period.end) else {
            throw .notFound(code: "no_employment_in_period", detail: "employee \(employee.id) was not employed in \(period)")
        }
        let lastJudged = min(input.asOf ?? period.end, period.end)
        let monthPolicy = days.policies.entry(on: period.end)
        var policyVersions: [String] = []
        func usePolicy(_ id: String) { if !policyVersions.contains(id) { policyVersions.append(id) } }

        // The schedule of the whole month: what a full month's pay is for.
        var scheduledDays = 0
        var scheduledMinutesOfMonth = 0
        for date in period.dates {
            let plan = days.plan(on: date)
            if !plan.isOff {
                scheduledDays += 1
                scheduledMinutesOfMonth += plan.scheduledMinutes
            }
        }

        let entries = employee.compensation.sorted { $0.effectiveFrom < $1.effectiveFrom }
        func entry(on date: LocalDate) -> CompensationEntry? { entries.last { $0.effectiveFrom <= date } }

        var segments: [Segment] = []
        var counts = (present: 0, halfDay: 0, absent: 0, unmarked: 0, holidays: 0, pending: 0, eligible: 0)
        var paidLeave = Rational.zero
        var unpaidLeave = Rational.zero
        var unpaid = Rational.zero
        var worked = 0
        var warnings: [Payslip.Warning] = []
        var overtimeTotals: [Payslip.OvertimeMinutes] = []

        for date in LocalDate.days(in: window) {
            let current = entry(on: date)
            if segments.last.map({ $0.entry != current }) ?? true {
                segments.append(Segment(entry: current, from: date, to: date))
            }
            segments[segments.count - 1].to = date
            let plan = days.plan(on: date)
            let dayPolicy = days.policies.entry(on: date)
            usePolicy(dayPolicy.id)
            if plan.isHoliday { counts.holidays += 1 }
            if !plan.isOff {
                counts.eligible += 1
                segments[segments.count - 1].eligibleDays += 1
            }
            guard date <= lastJudged else {
                if !plan.isOff {
                    counts.pending += 1
                    segments[segments.count - 1].regularMinutes += Rational(plan.scheduledMinutes)
                }
                continue
            }
            let day = days.evaluate(date)
            switch day.status {
            case .present: counts.present += 1
            case .halfDay: counts.halfDay += 1
            case .absent: counts.absent += 1
            case .unmarked: counts.unmarked += 1
            case .paidLeave, .unpaidLeave, .off: break
            }
            paidLeave += day.paidLeave
            unpaidLeave += day.unpaidLeave
            unpaid += day.unpaid
            worked += day.workedMinutes
            segments[segments.count - 1].unpaid += day.unpaid
            if !plan.isOff {
                let regular = Rational(min(day.workedMinutes, plan.scheduledMinutes)) + day.paidLeave * Rational(plan.scheduledMinutes)
                segments[segments.count - 1].regularMinutes += Rational.min(regular, Rational(plan.scheduledMinutes))
            }
            if day.overtime.creditedMinutes > 0 {
                let multipliers = dayPolicy.policy.overtime.multipliers
                let multiplier: String =
                    switch day.overtime.dayType {
                    case .workday: multipliers.workday
                    case .restDay: multipliers.restDay
                    case .holiday: multipliers.holiday
                    }
                segments[segments.count - 1].addOvertime(day.overtime.dayType, multiplier, day.overtime.creditedMinutes)
                if let index = overtimeTotals.firstIndex(where: { $0.dayType == day.overtime.dayType && $0.multiplier == multiplier }) {
                    overtimeTotals[index].minutes += day.overtime.creditedMinutes
                } else {
                    overtimeTotals.append(.init(dayType: day.overtime.dayType, minutes: day.overtime.creditedMinutes, multiplier: multiplier))
                }
            }
            for code in day.warnings { warnings.append(.init(code: code, date: date)) }
        }
        usePolicy(monthPolicy.id)

        let used = segments.compactMap(\.entry)
        let currencies = Set(used.map(\.currency))
        guard currencies.count <= 1 else {
            throw .ruleViolation(
                code: "mixed_currency", detail: "the compensation in force during \(period) changes currency; close the month in one currency",
                field: nil)
        }
        let currency = currencies.first ?? monthPolicy.policy.currency
        let exponent = CompanyPolicy.currencyExponents[currency] ?? 0
        if segments.contains(where: { $0.entry == nil }) { warnings.append(.init(code: "no_compensation", date: segments.first { $0.entry == nil }?.from)) }
        if used.count > 1 { warnings.append(.init(code: "compensation_changed_mid_period", date: segments.dropFirst().first { $0.entry != nil }?.from)) }
        if scheduledDays == 0 { warnings.append(.init(code: "no_scheduled_days", date: nil)) }
        for component in used.flatMap(\.components) where component.amountMinor > Rational.maxAmountMinor || component.amountMinor < 0 {
            throw .ruleViolation(
                code: "amount_out_of_range", detail: "the component \(component.code) is outside 0…\(Rational.maxAmountMinor) minor units", field: nil)
        }

        var earnings: [Payslip.Line] = []
        var contractualBase = Rational.zero
        var insuranceBase = Rational.zero
        let multiple = segments.filter { $0.entry != nil }.count > 1
        for segment in segments {
            guard let entry = segment.entry, let base = entry.components.first(where: { $0.kind == .base }) else { continue }
            let amount = Rational(base.amountMinor)
            let label = multiple ? " (\(segment.from) – \(segment.to))" : ""
            let payable = Rational(segment.eligibleDays) - segment.unpaid
            let share = scheduledDays > 0 ? Rational(segment.eligibleDays) / Rational(scheduledDays) : .zero
            let insurance = entry.components.filter { $0.kind == .insuranceBase }.reduce(Rational.zero) { $0 + Rational($1.amountMinor) }
            insuranceBase += insurance * share
            switch entry.payType {
            case .monthly:
                contractualBase += amount * share
                if scheduledDays > 0 {
                    earnings.append(
                        try line(
                            "BASE", "Base salary" + label, quantity: payable, unit: "days", rate: amount / Rational(scheduledDays),
                            amount: amount * payable / Rational(scheduledDays),
                            calculation: "\(amount) × \(payable.decimalString()) / \(scheduledDays) scheduled days"))
                }
                if scheduledMinutesOfMonth > 0 {
                    let hourly = amount / (Rational(scheduledMinutesOfMonth) / Rational(60))
                    for overtime in segment.overtime {
                        let multiplier = Rational(decimal: overtime.multiplier) ?? .one
                        let hours = Rational(overtime.minutes) / Rational(60)
                        earnings.append(
                            try line(
                                overtimeCode(multiplier), "Overtime, \(overtime.dayType.rawValue.replacingOccurrences(of: "_", with: " ")) ×\(overtime.multiplier)" + label,
                                quantity: hours, unit: "hours", rate: hourly * multiplier, amount: hours * multiplier * hourly,
                                calculation: "\(hours.decimalString()) h × \(overtime.multiplier) × \(amount) / \(Rational(scheduledMinutesOfMonth) / Rational(60)) h"))
                    }
                }
            case .hourly:
                let hours = segment.regularMinutes / Rational(60)
                let regular = try line(
                    "REGULAR", "Regular hours" + label, quantity: hours, unit: "hours", rate: amount, amount: hours * amount,
                    calculation: "\(hours.decimalString()) h × \(amount)")
                contractualBase += Rational(regular.amountMinor)
                earnings.append(regular)
                for overtime in segment.overtime {
                    let multiplier = Rational(decimal: overtime.multiplier) ?? .one
                    let overtimeHours = Rational(overtime.minutes) / Rational(60)
                    earnings.append(
                        try line(
                            overtimeCode(multiplier), "Overtime, \(overtime.dayType.rawValue.replacingOccurrences(of: "_", with: " ")) ×\(overtime.multiplier)" + label,
                            quantity: overtimeHours, unit: "hours", rate: amount * multiplier, amount: overtimeHours * multiplier * amount,
                            calculation: "\(overtimeHours.decimalString()) h × \(overtime.multiplier) × \(amount)"))
                }
            }
            if scheduledDays > 0 {
                for allowance in entry.components where allowance.kind == .allowance {
                    let value = Rational(allowance.amountMinor)
                    let factor = entry.payType == .monthly ? payable : Rational(segment.eligibleDays)
                    earnings.append(
                        try line(
                            allowance.code, "Allowance \(allowance.code)" + label, quantity: factor, unit: "days", rate: value / Rational(scheduledDays),
                            amount: value * factor / Rational(scheduledDays),
                            calculation: "\(value) × \(factor.decimalString()) / \(scheduledDays) scheduled days"))
                }
            }
        }
        let gross = try sum(earnings)

        var deductions: [Payslip.Line] = []
        for rule in monthPolicy.policy.deductions {
            switch rule.basis {
            case "fixed":
                let amount = Rational(rule.amountMinor ?? 0)
                deductions.append(try line(rule.code, rule.name, quantity: .one, unit: "fixed", rate: amount, amount: amount, calculation: "fixed \(amount)"))
            default:
                let basis: Rational =
                    switch rule.basis {
                    case "contractual": contractualBase
                    case "insurance": insuranceBase
                    default: Rational(gross)
                    }
                let percent = Rational(decimal: rule.percent ?? "0") ?? .zero
                var amount = basis * percent / Rational(100)
                var calculation = "\(rule.percent ?? "0") % of \(rule.basis) \(basis.decimalString())"
                if let cap = rule.capMinor, Rational(cap) < amount {
                    amount = Rational(cap)
                    calculation += ", capped at \(cap)"
                }
                deductions.append(try line(rule.code, rule.name, quantity: basis, unit: rule.basis, rate: percent / Rational(100), amount: amount, calculation: calculation))
            }
        }
        let totalDeductions = try sum(deductions)
        var net = gross - totalDeductions
        if net < 0 {
            net = 0
            warnings.append(.init(code: "deductions_exceed_gross", date: nil))
        }
        let payable = Rational(counts.eligible) - unpaid
        return Payslip(
            employee: .init(id: employee.id, employeeNumber: employee.employeeNumber, displayName: employee.displayName, departmentId: employee.departmentID),
            period: period, periodStart: period.start, periodEnd: period.end,
            employmentWindow: .init(from: window.lowerBound, to: window.upperBound), status: input.status,
            asOf: lastJudged, currency: currency, currencyExponent: exponent, compensation: used.reduce(into: []) { if !$0.contains($1) { $0.append($1) } },
            days: .init(
                scheduled: scheduledDays, eligible: counts.eligible, present: counts.present, halfDay: counts.halfDay, absent: counts.absent,
                unmarked: counts.unmarked, paidLeave: paidLeave.decimalString(), unpaidLeave: unpaidLeave.decimalString(),
                holidays: counts.holidays, unpaid: unpaid.decimalString(), payable: payable.decimalString(), pending: counts.pending),
            minutes: .init(
                worked: worked, regular: Int((segments.reduce(Rational.zero) { $0 + $1.regularMinutes }).roundedHalfAwayFromZero),
                overtime: overtimeTotals),
            earnings: earnings, deductions: deductions, grossMinor: gross, totalDeductionsMinor: totalDeductions, netMinor: net,
            warnings: warnings, policyVersion: monthPolicy.id, policyVersions: policyVersions, inputsDigest: "")
    }

    /// `OT150` for ×1.5, `OT200` for ×2, `OT300` for ×3.
    static func overtimeCode(_ multiplier: Rational) -> String {
        "OT" + (multiplier * Rational(100)).decimalString()
    }

    /// A line whose amount is rounded once, half away from zero, to whole minor units.
    static func line(
        _ code: String, _ name: String, quantity: Rational, unit: String, rate: Rational, amount: Rational, calculation: String
    ) throws(HRError) -> Payslip.Line {
        guard let minor = amount.roundedMinorUnits, abs(minor) <= Rational.maxAmountMinor * 100 else {
            throw .ruleViolation(code: "amount_out_of_range", detail: "the line \(code) does not fit in a payslip amount", field: nil)
        }
        return Payslip.Line(
            code: code, name: name, quantity: quantity.decimalString(), unit: unit, rate: rate.decimalString(), amountMinor: minor,
            calculation: calculation + " = \(amount.decimalString()) → \(minor)")
    }

    static func sum(_ lines: [Payslip.Line]) throws(HRError) -> Int64 {
        var total: Int64 = 0
        for line in lines {
            let (value, overflow) = total.addingReportingOverflow(line.amountMinor)
            guard !overflow else { throw .ruleViolation(code: "amount_out_of_range", detail: "the payslip total does not fit", field: nil) }
            total = value
        }
        return total
    }
}
