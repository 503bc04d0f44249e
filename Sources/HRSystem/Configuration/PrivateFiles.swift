import Foundation

/// Start-up checks that the data directory and `master.key` are private to the server's user:
/// the master key opens every stored secret, and the directory holds it, the SQLite file and
/// `bootstrap.json`. Either one open to the group or to others is refused with the command that
/// fixes it, the way ssh refuses a private key others can read.
enum PrivateFiles {
    /// Throws when `path` exists and grants any permission to its group or to others.
    static func requirePrivate(_ path: String, what: String, fix mode: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let open = info.st_mode & 0o077
        guard open == 0 else {
            let shown = String(info.st_mode & 0o777, radix: 8)
            throw ConfigurationError.invalid(
                "\(what) \(path) is accessible to other users (mode \(shown)); refusing to start. Run: chmod \(mode) \(path)")
        }
    }
}
