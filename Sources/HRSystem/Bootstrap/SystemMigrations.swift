import Storage

/// Tables of the composition itself: which bootstrap steps ran, and installation settings.
enum SystemMigrations {
    static let all: [Migration] = [
        Migration(
            id: "system-0001-bootstrap",
            statements: [
                "CREATE TABLE bootstrap_steps (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
                "CREATE TABLE system_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at BIGINT NOT NULL)",
            ]
        )
    ]
}
