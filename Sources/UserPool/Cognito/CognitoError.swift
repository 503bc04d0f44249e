/// An error as Cognito reports it: `{"__type": type, "message": message}` with `x-amzn-ErrorType`.
public struct CognitoError: Error, Equatable, Sendable, CustomStringConvertible {
    public var type: String
    public var message: String
    /// 400 for every client error; 500 only for a real internal fault.
    public var status: Int

    public init(_ type: String, _ message: String, status: Int = 400) {
        self.type = type
        self.message = message
        self.status = status
    }

    public var description: String { "\(type): \(message)" }

    static let incorrectCredentials = CognitoError("NotAuthorizedException", "Incorrect username or password.")
    static let userDisabled = CognitoError("NotAuthorizedException", "User is disabled.")
    static let userNotFound = CognitoError("UserNotFoundException", "User does not exist.")
    static let invalidRefreshToken = CognitoError("NotAuthorizedException", "Invalid Refresh Token")
    static let refreshTokenRevoked = CognitoError("NotAuthorizedException", "Refresh Token has been revoked")
    static let sessionExpired = CognitoError("NotAuthorizedException", "Invalid session for the user, session is expired.")
    static let sessionUsed = CognitoError("NotAuthorizedException", "Invalid session for the user, session can only be used once.")
    static let passwordAttemptsExceeded = CognitoError("NotAuthorizedException", "Password attempts exceeded")
    static let temporaryPasswordExpired = CognitoError(
        "NotAuthorizedException", "Temporary password has expired and must be reset by an administrator.")
    static let tooManyRequests = CognitoError("TooManyRequestsException", "Too many requests")
    static let internalError = CognitoError("InternalErrorException", "An internal error occurred.", status: 500)

    static func invalidParameter(_ message: String) -> CognitoError {
        CognitoError("InvalidParameterException", message)
    }

    static func secretHashMismatch(clientID: String) -> CognitoError {
        CognitoError("NotAuthorizedException", "Unable to verify secret hash for client \(clientID)")
    }

    /// The Cognito form of a pool failure that reaches the wire (never a 5xx, which SDKs retry).
    static func from(_ error: UserPoolError) -> CognitoError {
        switch error {
        case .userNotFound: userNotFound
        case .usernameExists: CognitoError("UsernameExistsException", "User account already exists")
        case .groupNotFound: CognitoError("ResourceNotFoundException", "Group not found.")
        case .groupExists: CognitoError("GroupExistsException", "A group with the name already exists.")
        case .poolNotFound(let id): CognitoError("ResourceNotFoundException", "User pool \(id) does not exist.")
        case .clientNotFound(let id): clientNotFound(id)
        case .invalidPassword(let message): CognitoError("InvalidPasswordException", message)
        case .invalidParameter(let message): invalidParameter(message)
        }
    }

    static func clientNotFound(_ clientID: String) -> CognitoError {
        CognitoError("ResourceNotFoundException", "User pool client \(clientID) does not exist.")
    }
}
