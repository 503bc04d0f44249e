import Foundation
import Logging
import SQLKit
import Storage
import TimeSource

/// A message the pool would send (a password-reset code): who it is for and its text.
public struct OutboxMessage: Sendable, Equatable, Codable {
    public var id: String
    public var createdAt: Date
    /// `EMAIL` (the only channel this release uses).
    public var channel: String
    public var destination: String
    public var userSub: String
    /// What the message is for, e.g. `forgot_password`.
    public var purpose: String
    /// The text, with the code in it; nil in listings.
    public var body: String?
    public var deliveredAt: Date?
}

/// Why a code was not accepted.
public enum VerificationCodeError: Error, Equatable {
    /// No live code: never issued, used, or past its hour.
    case expired
    /// The code does not match.
    case mismatch
    /// Too many codes asked for in the last hour, or too many wrong guesses.
    case limitExceeded
}

/// Where the pool's messages wait for delivery, and the codes they carry.
///
/// This release sends nothing: a message is written here (its text sealed with the master key),
/// logged at info level without the code, and read by the operator with `hrsystem outbox`. A
/// mail relay would read the same table and set `delivered_at`. A code is kept only as a keyed
/// digest, is valid for an hour, one per user and purpose, and stops working after
/// ``maximumFailedAttempts`` wrong guesses. A user may ask for ``maximumMessagesPerHour`` messages
/// an hour; messages older than ``retention`` are swept.
public struct Outbox: Sendable {
    let database: any DatabaseClient
    let box: SecretBox
    let clock: any WallClock
    let logger: Logger

    public static let codeValidity: TimeInterval = 3600
    public static let maximumFailedAttempts = 5
    public static let maximumMessagesPerHour = 5
    public static let retention: TimeInterval = 7 * 86400

    public init(database: any DatabaseClient, box: SecretBox, clock: any WallClock, logger: Logger) {
        self.database = database
        self.box = box
        self.clock = clock
        self.logger = logger
    }

    private func digest(_ code: String, sub: String, purpose: String) -> String {
        box.tag(Data("\(sub)\u{0}\(purpose)\u{0}\(code)".utf8), context: "verification-code")
            .map { String(format: "%02x", $0) }.joined()
    }

    /// Issues a new six-digit code for `purpose` (replacing any earlier one) and queues the message
    /// `text(code)` to `destination`. Past the hourly bound → ``VerificationCodeError/limitExceeded``.
    @discardableResult
    public func sendCode(to destination: String, userSub: String, purpose: String, text: @Sendable (String) -> String) async throws -> OutboxMessage {
        let code = String(format: "%06d", Int.random(in: 0...999_999))
        let now = clock.now()
        let message = OutboxMessage(
            id: CognitoIdentifiers.uuid(), createdAt: now, channel: "EMAIL", destination: destination, userSub: userSub, purpose: purpose,
            body: text(code), deliveredAt: nil)
        let sealed = try box.seal(Data((message.body ?? "").utf8), context: "outbox:\(message.id)")
        let codeDigest = digest(code, sub: userSub, purpose: purpose)
        let hourAgo = now.addingTimeInterval(-3600).epochMicroseconds
        let expires = now.addingTimeInterval(Self.codeValidity).epochMicroseconds
        try await database.write { db in
            let recent = try await db.raw(
                "SELECT COUNT(*) AS n FROM outbox_messages WHERE user_sub = \(bind: userSub) AND created_at > \(bind: hourAgo)"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
            guard recent < Self.maximumMessagesPerHour else { throw VerificationCodeError.limitExceeded }
            try await db.raw(
                """
                INSERT INTO outbox_messages (id, created_at, channel, destination, user_sub, purpose, sealed_body)
                VALUES (\(bind: message.id), \(bind: now.epochMicroseconds), \(bind: message.channel), \(bind: destination),
                    \(bind: userSub), \(bind: purpose), \(bind: sealed))
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO verification_codes (user_sub, purpose, code_digest, expires_at, failed_attempts)
                VALUES (\(bind: userSub), \(bind: purpose), \(bind: codeDigest), \(bind: expires), 0)
                ON CONFLICT (user_sub, purpose) DO UPDATE SET code_digest = excluded.code_digest,
                    expires_at = excluded.expires_at, failed_attempts = 0
                """
            ).run()
        }
        logger.info("message queued in the outbox", metadata: ["id": "\(message.id)", "purpose": "\(purpose)", "sub": "\(userSub)"])
        return message
    }

    /// Uses the live code for `purpose`: it must match, and it then stops working. A wrong guess
    /// counts; past ``maximumFailedAttempts`` the code is gone.
    public func useCode(_ code: String, userSub: String, purpose: String) async throws {
        let now = clock.now().epochMicroseconds
        let given = digest(code, sub: userSub, purpose: purpose)
        let outcome: VerificationCodeError? = try await database.write { db in
            guard let row = try await db.raw(
                "SELECT code_digest, expires_at, failed_attempts FROM verification_codes WHERE user_sub = \(bind: userSub) AND purpose = \(bind: purpose)"
            ).first(),
                try row.decode(column: "expires_at", as: Int64.self) > now
            else { return .expired }
            let attempts = try row.decode(column: "failed_attempts", as: Int.self)
            guard attempts < Self.maximumFailedAttempts else { return .limitExceeded }
            let stored = Data(try row.decode(column: "code_digest", as: String.self).utf8)
            let presented = Data(given.utf8)
            guard stored.count == presented.count, zip(stored, presented).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
                try await db.raw(
                    "UPDATE verification_codes SET failed_attempts = failed_attempts + 1 WHERE user_sub = \(bind: userSub) AND purpose = \(bind: purpose)"
                ).run()
                return .mismatch
            }
            try await db.raw("DELETE FROM verification_codes WHERE user_sub = \(bind: userSub) AND purpose = \(bind: purpose)").run()
            return nil
        }
        if let outcome { throw outcome }
    }

    /// The messages, newest first, without their text.
    public func list(limit: Int = 100) async throws -> [OutboxMessage] {
        let rows = try await database.read { db in
            try await db.raw("SELECT * FROM outbox_messages ORDER BY created_at DESC LIMIT \(bind: max(1, min(limit, 1000)))").all()
        }
        return try rows.map { try Self.decode($0) }
    }

    /// One message with its text (the code in it), or nil.
    public func message(id: String) async throws -> OutboxMessage? {
        let row = try await database.read { db in try await db.raw("SELECT * FROM outbox_messages WHERE id = \(bind: id)").first() }
        guard let row else { return nil }
        var message = try Self.decode(row)
        let sealed = try row.decode(column: "sealed_body", as: Data.self)
        message.body = String(decoding: try box.open(sealed, context: "outbox:\(id)"), as: UTF8.self)
        return message
    }

    /// Records that a message was handed over (read by the operator, or sent by a relay).
    public func markDelivered(id: String) async throws {
        let now = clock.now().epochMicroseconds
        try await database.write { db in
            try await db.raw("UPDATE outbox_messages SET delivered_at = \(bind: now) WHERE id = \(bind: id) AND delivered_at IS NULL").run()
        }
    }

    /// Deletes messages past ``retention`` and codes past their hour; returns how many rows went.
    @discardableResult
    public func sweep() async throws -> Int {
        let now = clock.now()
        let old = now.addingTimeInterval(-Self.retention).epochMicroseconds
        return try await database.write { db in
            let messages = try await db.raw("SELECT COUNT(*) AS n FROM outbox_messages WHERE created_at < \(bind: old)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            let codes = try await db.raw("SELECT COUNT(*) AS n FROM verification_codes WHERE expires_at < \(bind: now.epochMicroseconds)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            try await db.raw("DELETE FROM outbox_messages WHERE created_at < \(bind: old)").run()
            try await db.raw("DELETE FROM verification_codes WHERE expires_at < \(bind: now.epochMicroseconds)").run()
            return messages + codes
        }
    }

    static func decode(_ row: any SQLRow) throws -> OutboxMessage {
        OutboxMessage(
            id: try row.decode(column: "id", as: String.self),
            createdAt: Date(epochMicroseconds: try row.decode(column: "created_at", as: Int64.self)),
            channel: try row.decode(column: "channel", as: String.self),
            destination: try row.decode(column: "destination", as: String.self),
            userSub: try row.decode(column: "user_sub", as: String.self),
            purpose: try row.decode(column: "purpose", as: String.self),
            body: nil,
            deliveredAt: try row.decode(column: "delivered_at", as: Int64?.self).map { Date(epochMicroseconds: $0) })
    }

    /// An address as Cognito shows it in `CodeDeliveryDetails`: `a***@e***`.
    public static func masked(_ address: String) -> String {
        let parts = address.split(separator: "@", maxSplits: 1)
        guard parts.count == 2, let local = parts[0].first, let domain = parts[1].first else { return "***" }
        return "\(local)***@\(domain)***"
    }
}
