import ArgumentParser
import Foundation
import HRSystem
import UserPool

/// `hrsystem token`: signs a user in with their password and prints the AuthenticationResult.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Sign in with a password and print the AuthenticationResult as JSON.")
    @OptionGroup var options: CommonOptions
    @Option(help: "The username.") var username: String
    @Option(help: "The password (HRSYSTEM_PASSWORD when omitted).") var password: String?
    @Option(help: "The app client id; default: the hr-web client.") var clientId: String?

    struct Output: Encodable {
        var AccessToken: String
        var ExpiresIn: Int
        var TokenType = "Bearer"
        var RefreshToken: String?
        var IdToken: String
    }

    func run() async throws {
        guard let password = password ?? ProcessInfo.processInfo.environment["HRSYSTEM_PASSWORD"] else {
            throw ValidationError("give --password or set HRSYSTEM_PASSWORD")
        }
        let configuration = try options.configuration()
        let outcome = try await withCore(configuration, logger: options.logger(configuration)) { core, report in
            try await core.signIn.passwordAuth(
                clientID: clientId ?? report.clientID, username: username, password: password, secretHash: nil)
        }
        switch outcome {
        case .authenticated(let tokens):
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let output = Output(
                AccessToken: tokens.accessToken, ExpiresIn: tokens.expiresIn, RefreshToken: tokens.refreshToken,
                IdToken: tokens.idToken)
            print(String(decoding: try encoder.encode(["AuthenticationResult": output]), as: UTF8.self))
        case .challenge(let name, _, _):
            throw CLIError("the user must answer \(name) first (sign in once with a client and set a new password)")
        }
    }
}

/// A command failure with a message for the operator.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
