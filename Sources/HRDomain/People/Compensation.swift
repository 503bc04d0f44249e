import Foundation

/// How an employee is paid.
public enum PayType: String, Sendable, Codable, CaseIterable {
    case monthly
    case hourly
}

/// What a pay component is for: `base` (salary, or the hourly rate), `allowance` (its own
/// earnings line), `insurance_base` (the base insurance deductions are computed on).
public enum PayComponentKind: String, Sendable, Codable, CaseIterable {
    case base
    case allowance
    case insuranceBase = "insurance_base"
}

/// One amount of a compensation entry, in integer minor units of the entry's currency.
public struct PayComponent: Sendable, Codable, Equatable {
    public var code: String
    public var kind: PayComponentKind
    public var amountMinor: Int64

    public init(code: String, kind: PayComponentKind, amountMinor: Int64) {
        self.code = code
        self.kind = kind
        self.amountMinor = amountMinor
    }
}

/// Pay from a date on. An employee's entries are append-only: history is never rewritten.
public struct CompensationEntry: Sendable, Codable, Equatable {
    public var effectiveFrom: LocalDate
    public var payType: PayType
    /// ISO 4217 code.
    public var currency: String
    public var components: [PayComponent]

    public init(effectiveFrom: LocalDate, payType: PayType, currency: String, components: [PayComponent]) {
        self.effectiveFrom = effectiveFrom
        self.payType = payType
        self.currency = currency
        self.components = components
    }
}

/// The rules of compensation entries (DESIGN §5), as pure functions.
public enum CompensationRules {
    /// A ceiling well inside `Int64`, so sums over a year of lines cannot overflow.
    public static let maximumAmountMinor: Int64 = 1_000_000_000_000_000

    /// Field problems of a list of entries, pointers under `/compensation`.
    public static func problems(_ entries: [CompensationEntry], hireDate: LocalDate) -> [FieldError] {
        var errors: [FieldError] = []
        var dates = Set<LocalDate>()
        for (index, entry) in entries.enumerated() {
            let base = "/compensation/\(index)"
            if !dates.insert(entry.effectiveFrom).inserted {
                errors.append(FieldError(base + "/effectiveFrom", "another entry starts on the same date"))
            }
            if entry.effectiveFrom < hireDate {
                errors.append(FieldError(base + "/effectiveFrom", "must not be before the hire date \(hireDate)"))
            }
            if CompanyPolicy.currencyExponents[entry.currency] == nil {
                errors.append(FieldError(base + "/currency", "must be an ISO 4217 code this system pays in"))
            }
            if entry.components.filter({ $0.kind == .base }).count != 1 {
                errors.append(FieldError(base + "/components", "must hold exactly one component of kind base"))
            }
            var codes = Set<String>()
            for (position, component) in entry.components.enumerated() {
                let pointer = base + "/components/\(position)"
                if !(1...32).contains(component.code.count) { errors.append(FieldError(pointer + "/code", "must be 1 to 32 characters")) }
                if !codes.insert(component.code).inserted { errors.append(FieldError(pointer + "/code", "is used twice in this entry")) }
                if !(0...maximumAmountMinor).contains(component.amountMinor) {
                    errors.append(FieldError(pointer + "/amountMinor", "must be between 0 and \(maximumAmountMinor) minor units"))
                }
            }
        }
        return errors
    }

    /// Refuses a replacement that changes or drops an existing entry: the existing entries must
    /// come back unchanged, and new ones may only be added.
    public static func checkAppendOnly(existing: [CompensationEntry], proposed: [CompensationEntry]) throws(HRError) {
        for entry in existing where !proposed.contains(entry) {
            throw .ruleViolation(
                code: "compensation_history_immutable",
                detail: "the compensation entry effective \(entry.effectiveFrom) must be sent back unchanged; add a new entry instead",
                field: "/compensation")
        }
    }

    /// Entries in date order.
    public static func sorted(_ entries: [CompensationEntry]) -> [CompensationEntry] {
        entries.sorted { $0.effectiveFrom < $1.effectiveFrom }
    }
}
