import Foundation
import HRDomain
import HRStore
import SQLKit
import UserPool

/// The user pool as the HR store's ``LoginAccountPort``: terminating an employee disables their
/// login in the same transaction. Logins of other issuers cannot be disabled here; the HR layer
/// refuses them instead (their linked employee is terminated).
struct PoolLoginAccounts: LoginAccountPort {
    /// The issuer of the built-in pool's tokens.
    let localIssuer: String

    func disable(_ login: LoginLink, at instant: Date, in db: any SQLDatabase) async throws {
        guard login.issuer == localIssuer else { return }
        try await UserPoolDirectory.disableUser(sub: login.subject, at: instant, in: db)
    }
}
