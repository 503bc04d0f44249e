/// Failures of user-pool operations, independent of the wire protocol that reports them.
public enum UserPoolError: Error, Equatable {
    case poolNotFound(String)
    case clientNotFound(String)
    case userNotFound(String)
    case groupNotFound(String)
    case usernameExists(String)
    case groupExists(String)
    case invalidPassword(String)
    case invalidParameter(String)
}
