import Foundation

/// The company's working rules (DESIGN §6), stored as effective-dated versions: the version in
/// force on a date is the latest whose `effectiveFrom` is on or before it. Decimal quantities are
/// strings (`"1.5"`), so no rate is ever rounded through floating point.
public struct CompanyPolicy: Codable, Sendable, Equatable {
    public var companyTimeZone: String = "Asia/Ho_Chi_Minh"
    /// ISO 4217 code of the payroll currency.
    public var currency: String = "VND"
    public var attendance = AttendanceRules()
    public var overtime = OvertimeRules()
    public var deductions: [Deduction] = []

    public init() {}

    public struct AttendanceRules: Codable, Sendable, Equatable {
        public var lateGraceMinutes = 10
        public var earlyExitGraceMinutes = 10
        /// Minutes worked that earn a half day; nil means half of the day's scheduled minutes.
        public var halfDayThresholdMinutes: Int?
        public var halfDayPayFraction = "0.5"
        public var unpaidBreakMinutes = 60
        public var breakAfterMinutes = 360
        /// How a scheduled day with no record and no leave counts: `absent` or `present`.
        public var unmarkedCountsAs = "absent"
        /// How far in the future a clock reading may be (server clock skew).
        public var clockSkewSeconds = 120
        public init() {}
    }

    public struct OvertimeRules: Codable, Sendable, Equatable {
        public var minimumBlockMinutes = 30
        public var roundingStepMinutes = 15
        public var dailyCapMinutes = 240
        public var multipliers = Multipliers()
        public init() {}

        public struct Multipliers: Codable, Sendable, Equatable {
            public var workday = "1.5"
            public var restDay = "2.0"
            public var holiday = "3.0"
            public init() {}
        }
    }

    /// A deduction from gross pay: a percentage of a named base (with an optional cap), or a fixed amount.
    public struct Deduction: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        /// `contractual`, `insurance`, `gross` (with `percent`) or `fixed` (with `amountMinor`).
        public var basis: String
        public var percent: String?
        public var capMinor: Int64?
        public var amountMinor: Int64?

        public init(code: String, name: String, basis: String, percent: String? = nil, capMinor: Int64? = nil, amountMinor: Int64? = nil) {
            self.code = code
            self.name = name
            self.basis = basis
            self.percent = percent
            self.capMinor = capMinor
            self.amountMinor = amountMinor
        }
    }

    /// Every key a policy document may hold, by JSON Pointer prefix; anything else is a typo.
    static let allowedKeys: [String: Set<String>] = [
        "": ["companyTimeZone", "currency", "attendance", "overtime", "deductions"],
        "/attendance": [
            "lateGraceMinutes", "earlyExitGraceMinutes", "halfDayThresholdMinutes", "halfDayPayFraction", "unpaidBreakMinutes",
            "breakAfterMinutes", "unmarkedCountsAs", "clockSkewSeconds",
        ],
        "/overtime": ["minimumBlockMinutes", "roundingStepMinutes", "dailyCapMinutes", "multipliers"],
        "/overtime/multipliers": ["workday", "restDay", "holiday"],
        "/deductions/*": ["code", "name", "basis", "percent", "capMinor", "amountMinor"],
    ]

    /// ISO 4217 currencies this system pays in, with their minor-unit exponents.
    public static let currencyExponents: [String: Int] = [
        "VND": 0, "JPY": 0, "KRW": 0, "USD": 2, "EUR": 2, "GBP": 2, "SGD": 2, "THB": 2, "AUD": 2, "CNY": 2, "KWD": 3, "BHD": 3,
    ]

    /// Parses a policy document (JSON bytes), naming every problem by JSON Pointer: unknown keys,
    /// wrong types and values out of range. Missing keys keep their defaults.
    public static func parse(_ data: Data) throws(HRError) -> CompanyPolicy {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { throw .malformedJSON("the policy is not valid JSON") }
        guard let root = object as? [String: Any] else { throw .malformedJSON("the policy must be a JSON object") }
        var errors = unknownKeys(root, at: "")
        var policy = CompanyPolicy()
        do {
            let merged = try JSONSerialization.data(withJSONObject: merge(defaults: try JSONSerialization.jsonObject(with: JSONEncoder().encode(policy)), root))
            policy = try JSONDecoder().decode(CompanyPolicy.self, from: merged)
        } catch let DecodingError.typeMismatch(type, context) {
            errors.append(FieldError(pointer(context.codingPath), "must be \(describe(type))"))
        } catch let DecodingError.valueNotFound(type, context) {
            errors.append(FieldError(pointer(context.codingPath), "must be \(describe(type))"))
        } catch let DecodingError.keyNotFound(key, context) {
            errors.append(FieldError(pointer(context.codingPath + [key]), "is required"))
        } catch {
            errors.append(FieldError("", "the policy could not be read"))
        }
        if errors.isEmpty { errors = policy.problems() }
        guard errors.isEmpty else { throw .validationFailed(errors) }
        return policy
    }

    /// Range and format checks of a decoded policy.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        if TimeZoneName.canonical(companyTimeZone) == nil {
            errors.append(FieldError("/companyTimeZone", "must be an IANA time zone such as Asia/Ho_Chi_Minh"))
        }
        if Self.currencyExponents[currency] == nil {
            errors.append(FieldError("/currency", "must be one of \(Self.currencyExponents.keys.sorted().joined(separator: ", "))"))
        }
        func minutes(_ value: Int, _ pointer: String, _ range: ClosedRange<Int>) {
            if !range.contains(value) { errors.append(FieldError(pointer, "must be between \(range.lowerBound) and \(range.upperBound)")) }
        }
        minutes(attendance.lateGraceMinutes, "/attendance/lateGraceMinutes", 0...240)
        minutes(attendance.earlyExitGraceMinutes, "/attendance/earlyExitGraceMinutes", 0...240)
        if let threshold = attendance.halfDayThresholdMinutes { minutes(threshold, "/attendance/halfDayThresholdMinutes", 1...1440) }
        minutes(attendance.unpaidBreakMinutes, "/attendance/unpaidBreakMinutes", 0...240)
        minutes(attendance.breakAfterMinutes, "/attendance/breakAfterMinutes", 0...1440)
        minutes(attendance.clockSkewSeconds, "/attendance/clockSkewSeconds", 0...3600)
        if !["absent", "present"].contains(attendance.unmarkedCountsAs) {
            errors.append(FieldError("/attendance/unmarkedCountsAs", "must be one of: absent, present"))
        }
        if !DecimalText.isValid(attendance.halfDayPayFraction, within: 0...1) {
            errors.append(FieldError("/attendance/halfDayPayFraction", "must be a decimal string from 0 to 1, such as \"0.5\""))
        }
        minutes(overtime.minimumBlockMinutes, "/overtime/minimumBlockMinutes", 0...1440)
        minutes(overtime.roundingStepMinutes, "/overtime/roundingStepMinutes", 1...240)
        minutes(overtime.dailyCapMinutes, "/overtime/dailyCapMinutes", 0...1440)
        for (name, value) in [("workday", overtime.multipliers.workday), ("restDay", overtime.multipliers.restDay), ("holiday", overtime.multipliers.holiday)]
        where !DecimalText.isValid(value, within: 1...10) {
            errors.append(FieldError("/overtime/multipliers/\(name)", "must be a decimal string from 1 to 10, such as \"1.5\""))
        }
        var codes = Set<String>()
        for (index, deduction) in deductions.enumerated() {
            let base = "/deductions/\(index)"
            if deduction.code.isEmpty || deduction.code.count > 32 { errors.append(FieldError(base + "/code", "must be 1 to 32 characters")) }
            if !codes.insert(deduction.code).inserted { errors.append(FieldError(base + "/code", "is used by another deduction")) }
            if deduction.name.isEmpty || deduction.name.count > 100 { errors.append(FieldError(base + "/name", "must be 1 to 100 characters")) }
            switch deduction.basis {
            case "contractual", "insurance", "gross":
                if !(deduction.percent.map { DecimalText.isValid($0, within: 0...100) } ?? false) {
                    errors.append(FieldError(base + "/percent", "must be a decimal string from 0 to 100 for a percentage deduction"))
                }
                if deduction.amountMinor != nil { errors.append(FieldError(base + "/amountMinor", "applies to fixed deductions only")) }
                if let cap = deduction.capMinor, !(0...Rational.maxAmountMinor).contains(cap) {
                    errors.append(FieldError(base + "/capMinor", "must be between 0 and \(Rational.maxAmountMinor) minor units"))
                }
            case "fixed":
                if !(deduction.amountMinor.map { (0...Rational.maxAmountMinor).contains($0) } ?? false) {
                    errors.append(FieldError(base + "/amountMinor", "must be an amount from 0 to \(Rational.maxAmountMinor) minor units"))
                }
                if deduction.percent != nil { errors.append(FieldError(base + "/percent", "applies to percentage deductions only")) }
            default:
                errors.append(FieldError(base + "/basis", "must be one of: contractual, insurance, gross, fixed"))
            }
        }
        return errors
    }

    static func unknownKeys(_ object: [String: Any], at path: String) -> [FieldError] {
        let allowedPath = path.replacingOccurrences(of: #"/deductions/\d+"#, with: "/deductions/*", options: .regularExpression)
        var errors: [FieldError] = []
        let allowed = allowedKeys[allowedPath] ?? []
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            guard allowed.contains(key) else {
                errors.append(FieldError(path + "/" + key, "is not a policy key"))
                continue
            }
            if let nested = value as? [String: Any] {
                errors += unknownKeys(nested, at: path + "/" + key)
            } else if key == "deductions", let items = value as? [Any] {
                for (index, item) in items.enumerated() {
                    if let nested = item as? [String: Any] { errors += unknownKeys(nested, at: path + "/deductions/\(index)") }
                }
            }
        }
        return errors
    }

    /// Values of `override` laid over `defaults`, recursively for objects.
    static func merge(defaults: Any, _ override: Any) -> Any {
        guard var base = defaults as? [String: Any], let top = override as? [String: Any] else { return override }
        for (key, value) in top {
            base[key] = base[key].map { merge(defaults: $0, value) } ?? value
        }
        return base
    }

    static func pointer(_ path: [any CodingKey]) -> String {
        path.map { "/" + ($0.intValue.map(String.init) ?? $0.stringValue) }.joined()
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is String?.Type: "a string"
        case is Int.Type, is Int?.Type, is Int64.Type, is Int64?.Type: "an integer"
        default: "a value of the right type"
        }
    }
}

/// Decimal numbers written as text: digits with at most 6 decimals, no exponent, no sign.
public enum DecimalText {
    public static func isValid(_ text: String, within range: ClosedRange<Decimal>) -> Bool {
        guard text.range(of: #"^[0-9]{1,6}(\.[0-9]{1,6})?$"#, options: .regularExpression) != nil,
            let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else { return false }
        return range.contains(value)
    }
}
