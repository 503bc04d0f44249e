import Foundation
import SQLKit
import Storage
import TimeSource

/// The state carried by a challenge's `Session` string.
struct ChallengeSession: Codable, Sendable {
    var id: String
    var poolID: String
    var clientID: String
    var username: String
    var challenge: String
    var expiresAt: Int64
    /// When the password the challenge answers for was set (epoch microseconds).
    var passwordSetAt: Int64
}

/// Seals challenge state into the opaque `Session` Cognito returns, and enforces single use.
///
/// The session is an AEAD blob under a key derived from the master key, so any instance can open
/// it; its id is recorded when used, so a replay on any instance is refused.
struct ChallengeSessions: Sendable {
    let box: SecretBox
    let database: any DatabaseClient
    let clock: any WallClock
    /// How long a session stays valid (Cognito's default `AuthSessionValidity`, 3 minutes).
    let validity: TimeInterval = 180

    private static let context = "challenge-session"

    func seal(poolID: String, clientID: String, username: String, challenge: String, passwordSetAt: Int64) throws -> String {
        let session = ChallengeSession(
            id: CognitoIdentifiers.uuid(), poolID: poolID, clientID: clientID, username: username, challenge: challenge,
            expiresAt: clock.now().addingTimeInterval(validity).epochSeconds, passwordSetAt: passwordSetAt)
        return Base64URL.encode(try box.seal(try JSONEncoder().encode(session), context: Self.context))
    }

    /// Opens a session string; nil when it is not ours, was tampered with, or has expired.
    func open(_ string: String) -> ChallengeSession? {
        guard let sealed = Base64URL.decode(string),
            let plain = try? box.open(sealed, context: Self.context),
            let session = try? JSONDecoder().decode(ChallengeSession.self, from: plain),
            session.expiresAt > clock.now().epochSeconds
        else { return nil }
        return session
    }

    /// Records the session as used; false when it already was.
    func consume(_ session: ChallengeSession) async throws -> Bool {
        try await consume(id: session.id, expiresAt: session.expiresAt)
    }

    /// Records a single-use id (a session's, or an SRP secret block's) until `expiresAt` (epoch
    /// seconds); false when it already was.
    func consume(id: String, expiresAt: Int64) async throws -> Bool {
        let now = clock.now().epochMicroseconds
        do {
            try await database.write { db in
                try await db.raw("DELETE FROM used_auth_sessions WHERE expires_at < \(bind: now)").run()
                try await db.raw(
                    "INSERT INTO used_auth_sessions (session_id, expires_at) VALUES (\(bind: id), \(bind: expiresAt &* 1_000_000))"
                ).run()
            }
            return true
        } catch StorageError.uniqueViolation {
            return false
        }
    }
}
