import Foundation
import HRSystem

/// The lines `serve` prints when it starts. Secrets (the admin's temporary password) are printed
/// only to a terminal; otherwise the summary points at `bootstrap.json`.
enum StartupSummary {
    static func print(_ report: BootstrapReport, configuration: HRSystemConfiguration, isTerminal: Bool) {
        var lines = [
            "HRSystem listening on http://\(configuration.host):\(configuration.port)",
            "  data directory  \(configuration.dataDirectory)",
            "  bootstrap file  \(configuration.bootstrapPath)",
            "  user pool       \(report.poolID)",
            "  app client      \(report.clientID) (hr-web)",
            "  issuer          \(report.issuer)",
            "  signing keys    \(report.keyIDs.joined(separator: ", "))",
        ]
        if let password = report.adminTemporaryPassword {
            if isTerminal {
                lines.append("  admin           \(report.adminUsername), temporary password: \(password)")
            } else {
                lines.append("  admin           \(report.adminUsername), temporary password in \(configuration.bootstrapPath)")
            }
        } else {
            lines.append("  admin           \(report.adminUsername)")
        }
        // Written straight to the file descriptor: stdout is block-buffered when piped, and the
        // summary must be visible while the server runs.
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
