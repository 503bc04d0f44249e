import Crypto
import Foundation

/// The root secret of an installation: 32 random bytes from which every other at-rest key is derived.
///
/// With SQLite it lives in `master.key` (mode 0600) beside the database, created on first start;
/// with PostgreSQL every instance must be given the same key through `HRSYSTEM_MASTER_KEY`.
/// Losing it makes stored secrets (signing keys, client secrets) unreadable.
public struct MasterKey: Sendable {
    private let key: SymmetricKey

    public init(bytes: Data) throws {
        guard bytes.count == 32 else {
            throw MasterKeyError.wrongLength(bytes.count)
        }
        self.key = SymmetricKey(data: bytes)
    }

    /// A fresh random key.
    public static func generate() -> MasterKey {
        // 32 bytes from the system's CSPRNG; cannot fail.
        try! MasterKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// Parses the base64 form used by `master.key` and `HRSYSTEM_MASTER_KEY`.
    public init(base64: String) throws {
        guard let bytes = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw MasterKeyError.notBase64
        }
        try self.init(bytes: bytes)
    }

    /// The base64 form of the key.
    public var base64: String { key.withUnsafeBytes { Data($0).base64EncodedString() } }

    /// Derives an independent key for one purpose (HKDF-SHA256), so no two uses share key material.
    public func derivedKey(purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key,
            salt: Data("hrsystem-master-key-v1".utf8),
            info: Data(purpose.utf8),
            outputByteCount: 32
        )
    }

    /// Reads the key file at `path`, creating it (0600, exclusively) with a fresh key when absent.
    /// - Returns: the key and whether this call created the file.
    public static func loadOrCreate(at path: String) throws -> (key: MasterKey, created: Bool) {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return (try MasterKey(base64: text), false)
        }
        let key = MasterKey.generate()
        // Written in full to a private temporary file, synced, then linked into place: the key file
        // either does not exist or holds a whole key, even after a crash, and a concurrent starter
        // that loses the race reads the winner's key.
        let temporary = path + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw MasterKeyError.cannotWrite(path: temporary, errno: errno) }
        let bytes = Array((key.base64 + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        defer { unlink(temporary) }
        guard written == bytes.count, synced else { throw MasterKeyError.cannotWrite(path: temporary, errno: errno) }
        if link(temporary, path) != 0 {
            if errno == EEXIST {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                return (try MasterKey(base64: text), false)
            }
            throw MasterKeyError.cannotWrite(path: path, errno: errno)
        }
        let directory = open((path as NSString).deletingLastPathComponent, O_RDONLY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
        return (key, true)
    }
}

/// Why a master key could not be used.
public enum MasterKeyError: Error, CustomStringConvertible {
    case wrongLength(Int)
    case notBase64
    case cannotWrite(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .wrongLength(let n): "the master key must be 32 bytes (base64), got \(n)"
        case .notBase64: "the master key is not valid base64"
        case .cannotWrite(let path, let code): "cannot write \(path): \(String(cString: strerror(code)))"
        }
    }
}
