/// Failures of user-pool operations, independent of the wire protocol that reports them.
public enum UserPoolError: Error, Equatable, CustomStringConvertible {
    case poolNotFound(String)
    case clientNotFound(String)
    case userNotFound(String)
    case groupNotFound(String)
    case usernameExists(String)
    case groupExists(String)
    case invalidPassword(String)
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .poolNotFound(let id): "user pool \(id) does not exist"
        case .clientNotFound(let id): "app client \(id) does not exist"
        case .userNotFound(let name): "user \(name) does not exist"
        case .groupNotFound(let name): "group \(name) does not exist"
        case .usernameExists(let name): "user \(name) already exists"
        case .groupExists(let name): "group \(name) already exists"
        case .invalidPassword(let message): message
        case .invalidParameter(let message): message
        }
    }
}
