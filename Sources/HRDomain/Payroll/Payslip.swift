/// One employee's pay for one period (DESIGN §6), as computed or as frozen when the period closed.
public struct Payslip: Sendable, Codable, Equatable {
    public struct EmployeeRef: Sendable, Codable, Equatable {
        public var id: String
        public var employeeNumber: String
        public var displayName: String
        public var departmentId: String?
    }

    public struct Window: Sendable, Codable, Equatable {
        public var from: LocalDate
        public var to: LocalDate
    }

    public struct Days: Sendable, Codable, Equatable {
        public var scheduled: Int
        public var eligible: Int
        public var present: Int
        public var halfDay: Int
        public var absent: Int
        public var unmarked: Int
        public var paidLeave: String
        public var unpaidLeave: String
        public var holidays: Int
        public var unpaid: String
        public var payable: String
        /// Scheduled days after `asOf` in a provisional payslip, counted as payable until they happen.
        public var pending: Int
    }

    public struct OvertimeMinutes: Sendable, Codable, Equatable {
        public var dayType: DayType
        public var minutes: Int
        public var multiplier: String
    }

    public struct Minutes: Sendable, Codable, Equatable {
        public var worked: Int
        public var regular: Int
        public var overtime: [OvertimeMinutes]
    }

    public struct Line: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        /// Exact decimal text (or a fraction when it has no finite decimal form).
        public var quantity: String
        public var unit: String
        public var rate: String
        public var amountMinor: Int64
        /// How the amount was reached, in words and numbers.
        public var calculation: String
    }

    public struct Warning: Sendable, Codable, Equatable, Hashable {
        public var code: String
        public var date: LocalDate?
    }

    public var employee: EmployeeRef
    public var period: PayPeriod
    public var periodStart: LocalDate
    public var periodEnd: LocalDate
    public var employmentWindow: Window
    /// `provisional`, `draft` or `final`.
    public var status: String
    /// The last date whose attendance counts (provisional payslips), else the period's end.
    public var asOf: LocalDate
    public var currency: String
    public var currencyExponent: Int
    /// The compensation entries in force during the window.
    public var compensation: [CompensationEntry]
    public var days: Days
    public var minutes: Minutes
    public var earnings: [Line]
    public var deductions: [Line]
    public var grossMinor: Int64
    public var totalDeductionsMinor: Int64
    public var netMinor: Int64
    public var warnings: [Warning]
    /// The policy version of the period's last day (deductions); `policyVersions` lists every version used.
    public var policyVersion: String
    public var policyVersions: [String]
    /// SHA-256 of the canonical inputs, filled in by the service that loaded them.
    public var inputsDigest: String
}
