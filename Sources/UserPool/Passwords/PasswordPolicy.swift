/// A pool's password rules, with Cognito's defaults and its refusal messages.
public struct PasswordPolicy: Sendable, Equatable {
    public var minimumLength: Int = 8
    public var requireUppercase = true
    public var requireLowercase = true
    public var requireNumbers = true
    public var requireSymbols = true
    public var temporaryPasswordValidityDays = 7

    public init() {}

    /// Cognito's symbol set for `RequireSymbols`.
    static let symbols = Set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-")

    /// The reason `password` breaks the policy, worded as Cognito words it, or nil when it conforms.
    public func violation(of password: String) -> String? {
        let prefix = "Password did not conform with policy: "
        if password.count < minimumLength { return prefix + "Password not long enough" }
        if requireLowercase && !password.contains(where: { $0.isLowercase }) {
            return prefix + "Password must have lowercase characters"
        }
        if requireUppercase && !password.contains(where: { $0.isUppercase }) {
            return prefix + "Password must have uppercase characters"
        }
        if requireNumbers && !password.contains(where: { $0.isASCII && $0.isNumber }) {
            return prefix + "Password must have numeric characters"
        }
        if requireSymbols && !password.contains(where: { Self.symbols.contains($0) }) {
            return prefix + "Password must have symbol characters"
        }
        return nil
    }
}
