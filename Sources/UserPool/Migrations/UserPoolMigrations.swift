import Storage

/// The user pool's schema history. Instants are epoch microseconds, secrets sealed `BLOB`s
/// (see DESIGN §7); ids are the Cognito-shaped strings the API hands out.
public enum UserPoolMigrations {
    public static let all: [Migration] = [
        Migration(
            id: "userpool-0001-pools-clients-users",
            statements: [
                """
                CREATE TABLE user_pools (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    region TEXT NOT NULL,
                    srp_enabled INTEGER NOT NULL DEFAULT 1,
                    password_min_length INTEGER NOT NULL DEFAULT 8,
                    password_require_uppercase INTEGER NOT NULL DEFAULT 1,
                    password_require_lowercase INTEGER NOT NULL DEFAULT 1,
                    password_require_numbers INTEGER NOT NULL DEFAULT 1,
                    password_require_symbols INTEGER NOT NULL DEFAULT 1,
                    temporary_password_validity_days INTEGER NOT NULL DEFAULT 7,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE app_clients (
                    id TEXT PRIMARY KEY,
                    pool_id TEXT NOT NULL REFERENCES user_pools(id),
                    name TEXT NOT NULL,
                    secret_sealed BLOB,
                    explicit_auth_flows TEXT NOT NULL,
                    prevent_user_existence_errors TEXT NOT NULL,
                    access_token_validity_seconds BIGINT NOT NULL,
                    id_token_validity_seconds BIGINT NOT NULL,
                    refresh_token_validity_seconds BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX app_clients_pool_name ON app_clients (pool_id, name)",
                """
                CREATE TABLE pool_groups (
                    pool_id TEXT NOT NULL REFERENCES user_pools(id),
                    name TEXT NOT NULL,
                    description TEXT,
                    precedence INTEGER,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (pool_id, name)
                )
                """,
                """
                CREATE TABLE pool_users (
                    sub TEXT PRIMARY KEY,
                    pool_id TEXT NOT NULL REFERENCES user_pools(id),
                    username TEXT NOT NULL,
                    email TEXT,
                    email_verified INTEGER NOT NULL DEFAULT 0,
                    given_name TEXT,
                    family_name TEXT,
                    status TEXT NOT NULL,
                    enabled INTEGER NOT NULL DEFAULT 1,
                    password_hash TEXT,
                    password_scheme TEXT,
                    password_set_at BIGINT,
                    srp_salt BLOB,
                    srp_verifier BLOB,
                    tokens_valid_after BIGINT NOT NULL DEFAULT 0,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX pool_users_username ON pool_users (pool_id, username)",
                """
                CREATE TABLE pool_user_groups (
                    user_sub TEXT NOT NULL REFERENCES pool_users(sub),
                    pool_id TEXT NOT NULL,
                    group_name TEXT NOT NULL,
                    added_at BIGINT NOT NULL,
                    PRIMARY KEY (user_sub, group_name),
                    FOREIGN KEY (pool_id, group_name) REFERENCES pool_groups(pool_id, name)
                )
                """,
                """
                CREATE TABLE signing_keys (
                    kid TEXT PRIMARY KEY,
                    pool_id TEXT NOT NULL REFERENCES user_pools(id),
                    token_use TEXT NOT NULL,
                    private_key_sealed BLOB NOT NULL,
                    public_modulus TEXT NOT NULL,
                    public_exponent TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    signs_from BIGINT NOT NULL,
                    retired_at BIGINT
                )
                """,
                """
                CREATE TABLE refresh_tokens (
                    token_hash TEXT PRIMARY KEY,
                    family_id TEXT NOT NULL,
                    user_sub TEXT NOT NULL REFERENCES pool_users(sub),
                    client_id TEXT NOT NULL REFERENCES app_clients(id),
                    auth_time BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    revoked_at BIGINT
                )
                """,
                "CREATE INDEX refresh_tokens_user ON refresh_tokens (user_sub)",
                """
                CREATE TABLE used_auth_sessions (
                    session_id TEXT PRIMARY KEY,
                    expires_at BIGINT NOT NULL
                )
                """,
            ]
        ),
        Migration(
            id: "userpool-0002-sign-in-lockout",
            statements: [
                "ALTER TABLE pool_users ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0",
                "ALTER TABLE pool_users ADD COLUMN last_failed_sign_in BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE pool_users ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0",
            ]
        ),
        Migration(
            id: "userpool-0003-access-keys",
            statements: [
                // The secret is sealed with the master key (context "access-key:<id>"): it is needed to
                // verify signatures, so it cannot be stored as a hash.
                """
                CREATE TABLE access_keys (
                    id TEXT PRIMARY KEY,
                    sealed_secret BLOB NOT NULL,
                    owner TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
                    created_at BIGINT NOT NULL,
                    last_used_at BIGINT
                )
                """,
                // Standard attributes beyond the columns above (name, phone_number, preferred_username, …), as JSON.
                "ALTER TABLE pool_users ADD COLUMN extra_attributes TEXT NOT NULL DEFAULT '{}'",
                // Users deleted recently: their tokens are refused until the longest-lived one has expired.
                """
                CREATE TABLE deleted_pool_users (
                    sub TEXT PRIMARY KEY,
                    deleted_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
            ]
        ),
        Migration(
            id: "userpool-0004-pool-and-client-settings",
            statements: [
                "ALTER TABLE user_pools ADD COLUMN allow_admin_create_user_only INTEGER NOT NULL DEFAULT 1",
                "ALTER TABLE app_clients ADD COLUMN enable_token_revocation INTEGER NOT NULL DEFAULT 1",
            ]
        ),
        Migration(
            id: "userpool-0005-outbox-and-codes",
            statements: [
                // Messages Cognito would e-mail (codes): the body is sealed with the master key
                // (context "outbox:<id>"); the operator reads it with `hrsystem outbox show`.
                """
                CREATE TABLE outbox_messages (
                    id TEXT PRIMARY KEY,
                    created_at BIGINT NOT NULL,
                    channel TEXT NOT NULL,
                    destination TEXT NOT NULL,
                    user_sub TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    sealed_body BLOB NOT NULL,
                    delivered_at BIGINT
                )
                """,
                "CREATE INDEX outbox_messages_user ON outbox_messages (user_sub, created_at)",
                // One live code per user and purpose, kept as a keyed digest, never in clear.
                """
                CREATE TABLE verification_codes (
                    user_sub TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    code_digest TEXT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    failed_attempts INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (user_sub, purpose)
                )
                """,
            ]
        ),
    ]
}
