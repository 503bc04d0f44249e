import Foundation

/// The signed operations on the pool's own settings and its app clients: `UpdateUserPool` and
/// `Create/Describe/List/Update/DeleteUserPoolClient`, with the shapes and defaults of botocore's
/// model. As on Amazon Cognito, an update replaces every setting: one it does not name returns
/// to its default.
extension AdminOperations {
    static let settingsNames: Set<String> = [
        "UpdateUserPool", "CreateUserPoolClient", "DescribeUserPoolClient", "ListUserPoolClients", "UpdateUserPoolClient",
        "DeleteUserPoolClient",
    ]

    func performSettings(_ operation: String, input: JSON, actor: String) async throws -> JSON {
        switch operation {
        case "UpdateUserPool":
            let pool = try await poolID(input)
            let (policy, adminOnly) = try Self.poolSettings(input)
            try await directory.updatePool(id: pool, policy: policy, allowAdminCreateUserOnly: adminOnly)
            try await audit(
                .init(
                    action: "pool_updated", entityType: "user_pool", entityID: pool,
                    changes: ["minimum_length": "\(policy.minimumLength)", "allow_admin_create_user_only": "\(adminOnly)"], actor: actor))
            return [:]
        case "CreateUserPoolClient":
            let pool = try await poolID(input)
            let name = try Self.clientName(input, required: true) ?? ""
            var client = AppClient(
                id: CognitoIdentifiers.clientID(), poolID: pool, name: name,
                secret: try Self.bool(input, "GenerateSecret") == true ? CognitoIdentifiers.clientSecret() : nil,
                explicitAuthFlows: [], preventUserExistenceErrors: false, accessTokenValidity: 0, idTokenValidity: 0,
                refreshTokenValidity: 0)
            try Self.applyClientSettings(input, to: &client)
            let created = try await directory.insert(client)
            try await audit(.init(action: "client_created", entityType: "app_client", entityID: created.id, changes: ["name": name], actor: actor))
            return ["UserPoolClient": Self.client(created)]
        case "DescribeUserPoolClient":
            let client = try await clientTarget(input)
            return ["UserPoolClient": Self.client(client)]
        case "ListUserPoolClients":
            let pool = try await poolID(input)
            var paged = input
            paged["Limit"] = try Self.integer(input, "MaxResults", range: 1...60) ?? 60
            let clients = try await directory.clients(poolID: pool).map { client -> JSON in
                ["ClientId": client.id, "UserPoolId": client.poolID, "ClientName": client.name]
            }
            return try Self.page(clients, input: paged, limitMember: "Limit", tokenMember: "NextToken", outputMember: "UserPoolClients")
        case "UpdateUserPoolClient":
            var client = try await clientTarget(input)
            if let name = try Self.clientName(input, required: false) { client.name = name }
            try Self.applyClientSettings(input, to: &client)
            let updated = try await directory.updateClient(client)
            try await audit(.init(action: "client_updated", entityType: "app_client", entityID: client.id, changes: ["name": client.name], actor: actor))
            return ["UserPoolClient": Self.client(updated)]
        case "DeleteUserPoolClient":
            let client = try await clientTarget(input)
            if client.id == protectedClientID {
                throw CognitoError.invalidParameter(
                    "The app client \(client.id) (\(client.name)) signs users in to the web console and cannot be deleted.")
            }
            try await directory.deleteClient(poolID: client.poolID, id: client.id)
            try await audit(.init(action: "client_deleted", entityType: "app_client", entityID: client.id, changes: ["name": client.name], actor: actor))
            return [:]
        default:
            throw CognitoError("UnsupportedOperationException", "Operation \(operation) is not supported by this server.")
        }
    }

    // MARK: Pool

    /// The password policy and `AllowAdminCreateUserOnly` an `UpdateUserPool` asks for, defaults for
    /// what it leaves out. MFA is not offered yet, so `MfaConfiguration` may only be `OFF`.
    static func poolSettings(_ input: JSON) throws -> (PasswordPolicy, Bool) {
        var policy = PasswordPolicy()
        if let policies = try object(input, "Policies"), let password = try object(policies, "PasswordPolicy") {
            if let length = try integer(password, "MinimumLength", range: 6...99) { policy.minimumLength = length }
            if let value = try bool(password, "RequireUppercase") { policy.requireUppercase = value }
            if let value = try bool(password, "RequireLowercase") { policy.requireLowercase = value }
            if let value = try bool(password, "RequireNumbers") { policy.requireNumbers = value }
            if let value = try bool(password, "RequireSymbols") { policy.requireSymbols = value }
            if let days = try integer(password, "TemporaryPasswordValidityDays", range: 0...365) {
                // Cognito reads 0 as "the default".
                policy.temporaryPasswordValidityDays = days == 0 ? 7 : days
            }
        }
        var adminOnly = true
        if let config = try object(input, "AdminCreateUserConfig"), let value = try bool(config, "AllowAdminCreateUserOnly") {
            adminOnly = value
        }
        if let mfa = try enumeration(input, "MfaConfiguration", ["OFF", "ON", "OPTIONAL"]), mfa != "OFF" {
            throw CognitoError.invalidParameter("MfaConfiguration \(mfa) is not supported by this server: MFA is not offered yet.")
        }
        return (policy, adminOnly)
    }

    // MARK: Clients

    func clientTarget(_ input: JSON) async throws -> AppClient {
        let pool = try await poolID(input)
        let id = try Self.string(input, "ClientId", required: true, max: 128) ?? ""
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "+" }) else {
            throw CognitoError.invalidParameter(
                "1 validation error detected: Value '\(id)' at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+]+")
        }
        guard let client = try await directory.client(id: id), client.poolID == pool else { throw UserPoolError.clientNotFound(id) }
        return client
    }

    static func clientName(_ input: JSON, required: Bool) throws -> String? {
        guard let name = try string(input, "ClientName", required: required, max: 128) else { return nil }
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || " _+=,.@-".unicodeScalars.contains($0) })
        else {
            throw CognitoError.invalidParameter(
                "1 validation error detected: Value '\(name)' at 'clientName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+")
        }
        return name
    }

    /// The flows a client gets when `ExplicitAuthFlows` is not given.
    static let defaultFlows: Set<AuthFlow> = [.refreshTokenAuth, .userSRPAuth, .customAuth]

    /// The legacy flow names Cognito still accepts, and what each allows.
    static let legacyFlows: [String: Set<AuthFlow>] = [
        "ADMIN_NO_SRP_AUTH": [.adminUserPasswordAuth], "USER_PASSWORD_AUTH": [.userPasswordAuth], "CUSTOM_AUTH_FLOW_ONLY": [.customAuth],
    ]

    /// Sets a client's flows, validities, `PreventUserExistenceErrors` and `EnableTokenRevocation`
    /// from a create or update request; each one the request leaves out gets its default.
    static func applyClientSettings(_ input: JSON, to client: inout AppClient) throws {
        let names = try stringList(input, "ExplicitAuthFlows", required: false)
        if input["ExplicitAuthFlows"] == nil || input["ExplicitAuthFlows"] is NSNull {
            client.explicitAuthFlows = defaultFlows
        } else {
            let legacy = names.filter { legacyFlows[$0] != nil }
            if !legacy.isEmpty && legacy.count != names.count {
                throw CognitoError.invalidParameter("Explicit auth flows cannot combine legacy values with values that begin with ALLOW_.")
            }
            var flows: Set<AuthFlow> = legacy.isEmpty ? [] : [.userSRPAuth, .refreshTokenAuth]
            for name in names {
                if let allowed = legacyFlows[name] {
                    flows.formUnion(allowed)
                } else if let flow = AuthFlow(rawValue: name) {
                    flows.insert(flow)
                } else {
                    throw CognitoError.invalidParameter(
                        "1 validation error detected: Value '[\(names.joined(separator: ", "))]' at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [\((AuthFlow.allCases.map(\.rawValue) + legacyFlows.keys.sorted()).joined(separator: ", "))]]")
                }
            }
            client.explicitAuthFlows = flows
        }
        let units = try object(input, "TokenValidityUnits") ?? [:]
        client.accessTokenValidity = try validity(input, "AccessTokenValidity", units: units, unitMember: "AccessToken", defaultUnit: "hours", default: 3600, range: 300...86400)
        client.idTokenValidity = try validity(input, "IdTokenValidity", units: units, unitMember: "IdToken", defaultUnit: "hours", default: 3600, range: 300...86400)
        client.refreshTokenValidity = try validity(
            input, "RefreshTokenValidity", units: units, unitMember: "RefreshToken", defaultUnit: "days", default: 30 * 86400, range: 3600...(3650 * 86400))
        client.preventUserExistenceErrors = try enumeration(input, "PreventUserExistenceErrors", ["LEGACY", "ENABLED"]) == "ENABLED"
        client.enableTokenRevocation = try bool(input, "EnableTokenRevocation") ?? true
    }

    static let unitSeconds: [String: Int] = ["seconds": 1, "minutes": 60, "hours": 3600, "days": 86400]

    /// A token validity in seconds: the member's value in its unit (`TokenValidityUnits`, or the
    /// default unit), which must fall within `range` seconds as Cognito's limits say.
    static func validity(
        _ input: JSON, _ member: String, units: JSON, unitMember: String, defaultUnit: String, default defaultSeconds: Int,
        range: ClosedRange<Int>
    ) throws -> TimeInterval {
        let unit = try enumeration(units, unitMember, ["seconds", "minutes", "hours", "days"]) ?? defaultUnit
        guard let value = try integer(input, member, range: 0...315_360_000), value != 0 else { return TimeInterval(defaultSeconds) }
        let (seconds, overflow) = value.multipliedReportingOverflow(by: unitSeconds[unit] ?? 1)
        guard !overflow, range.contains(seconds) else {
            throw CognitoError.invalidParameter(
                "Invalid range for token validity: \(member) must be between \(range.lowerBound) and \(range.upperBound) seconds.")
        }
        return TimeInterval(seconds)
    }

    /// A validity in the largest unit that states it exactly.
    static func expressed(_ seconds: TimeInterval, largest: String) -> (value: Int, unit: String) {
        let whole = Int(seconds)
        for unit in ["days", "hours", "minutes"] where (unitSeconds[unit] ?? 1) <= (unitSeconds[largest] ?? 1) {
            let size = unitSeconds[unit] ?? 1
            if whole % size == 0 { return (whole / size, unit) }
        }
        return (whole, "seconds")
    }

    static func client(_ client: AppClient) -> JSON {
        let access = expressed(client.accessTokenValidity, largest: "hours")
        let id = expressed(client.idTokenValidity, largest: "hours")
        let refresh = expressed(client.refreshTokenValidity, largest: "days")
        var output: JSON = [
            "UserPoolId": client.poolID, "ClientName": client.name, "ClientId": client.id,
            "CreationDate": seconds(client.createdAt), "LastModifiedDate": seconds(client.updatedAt),
            "AccessTokenValidity": access.value, "IdTokenValidity": id.value, "RefreshTokenValidity": refresh.value,
            "TokenValidityUnits": ["AccessToken": access.unit, "IdToken": id.unit, "RefreshToken": refresh.unit],
            "ExplicitAuthFlows": client.explicitAuthFlows.map(\.rawValue).sorted(),
            "PreventUserExistenceErrors": client.preventUserExistenceErrors ? "ENABLED" : "LEGACY",
            "EnableTokenRevocation": client.enableTokenRevocation, "EnablePropagateAdditionalUserContextData": false,
            "AllowedOAuthFlowsUserPoolClient": false, "AuthSessionValidity": 3,
        ]
        if let secret = client.secret { output["ClientSecret"] = secret }
        return output
    }

    /// A nested structure member, or nil when absent.
    static func object(_ input: JSON, _ member: String) throws -> JSON? {
        guard let raw = input[member], !(raw is NSNull) else { return nil }
        guard let value = raw as? JSON else { throw CognitoError("SerializationException", "Unexpected value type for \(member)") }
        return value
    }
}
