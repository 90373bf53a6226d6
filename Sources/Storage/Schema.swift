import GRDB

/// Database layout, one migration per change so existing installations upgrade in place.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-intake") { db in
            // Every message ever received, raw bytes included: nothing is lost, whatever its fate.
            try db.execute(sql: """
                CREATE TABLE messages (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE,
                    message_id TEXT,
                    sender TEXT,
                    organisation TEXT,
                    subject TEXT,
                    size INTEGER NOT NULL,
                    raw BLOB NOT NULL,
                    received_at DATETIME NOT NULL,
                    mailbox TEXT,
                    uidvalidity INTEGER,
                    uid INTEGER,
                    status TEXT NOT NULL,
                    reason TEXT,
                    detail TEXT,
                    duplicate_of INTEGER REFERENCES messages(id),
                    stored_at DATETIME NOT NULL
                );
                -- The same report twice (resent, or delivered to two watched addresses) is one report.
                CREATE UNIQUE INDEX messages_message_id_organisation
                    ON messages(message_id, organisation)
                    WHERE message_id IS NOT NULL AND organisation IS NOT NULL AND duplicate_of IS NULL;
                CREATE INDEX messages_status ON messages(status);

                CREATE TABLE reports (
                    id INTEGER PRIMARY KEY,
                    message INTEGER NOT NULL UNIQUE REFERENCES messages(id),
                    organisation TEXT NOT NULL,
                    sender TEXT NOT NULL,
                    status TEXT NOT NULL,
                    week TEXT NOT NULL,
                    zero_report BOOLEAN NOT NULL,
                    redacted BOOLEAN NOT NULL,
                    created_at DATETIME NOT NULL
                );
                CREATE INDEX reports_week_organisation ON reports(week, organisation);

                CREATE TABLE incidents (
                    id INTEGER PRIMARY KEY,
                    ref TEXT NOT NULL UNIQUE,
                    report INTEGER NOT NULL REFERENCES reports(id),
                    seq INTEGER NOT NULL,
                    area TEXT NOT NULL,
                    place TEXT NOT NULL,
                    place_type TEXT,
                    date TEXT NOT NULL,
                    week TEXT NOT NULL,
                    time_from TEXT,
                    time_to TEXT,
                    time_of_day TEXT,
                    categories TEXT NOT NULL,
                    description TEXT NOT NULL,
                    persons_min INTEGER,
                    persons_max INTEGER,
                    severity INTEGER,
                    police_reported TEXT,
                    action TEXT,
                    recurring BOOLEAN,
                    lat DOUBLE,
                    lon DOUBLE,
                    redacted BOOLEAN NOT NULL
                );
                CREATE INDEX incidents_week_area ON incidents(week, area);
                CREATE INDEX incidents_area_date ON incidents(area, date);
                CREATE INDEX incidents_date ON incidents(date);

                CREATE TABLE incident_categories (
                    incident INTEGER NOT NULL REFERENCES incidents(id),
                    code TEXT NOT NULL,
                    PRIMARY KEY (incident, code)
                ) WITHOUT ROWID;
                CREATE INDEX incident_categories_code ON incident_categories(code, incident);

                CREATE TABLE diagnostics (
                    id INTEGER PRIMARY KEY,
                    message INTEGER NOT NULL REFERENCES messages(id),
                    severity TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
                    incident INTEGER,
                    field TEXT,
                    line INTEGER,
                    text TEXT NOT NULL
                );
                CREATE INDEX diagnostics_message ON diagnostics(message);

                -- Incident references count per year: EST-2018-000123.
                CREATE TABLE reference_counters (
                    year INTEGER PRIMARY KEY,
                    last INTEGER NOT NULL
                );
                """)
        }
        return migrator
    }
}
