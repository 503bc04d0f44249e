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
    static let tooManyRequests = CognitoError("TooManyRequestsException", "Too many requests")
    static let internalError = CognitoError("InternalErrorException", "An internal error occurred.", status: 500)

    static func invalidParameter(_ message: String) -> CognitoError {
        CognitoError("InvalidParameterException", message)
    }

    static func secretHashMismatch(clientID: String) -> CognitoError {
        CognitoError("NotAuthorizedException", "Unable to verify secret hash for client \(clientID)")
    }

    static func clientNotFound(_ clientID: String) -> CognitoError {
        CognitoError("ResourceNotFoundException", "User pool client \(clientID) does not exist.")
    }
}
