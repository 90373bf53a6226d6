import GRDB

/// Database layout, one migration per change so existing installations upgrade in place.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-intake") { db in
            // Every message ever received, raw bytes included: nothing is lost, whatever its fate.
            try db.execute(
                sql: """
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
        migrator.registerMigration("v2-daemon") { db in
            try db.execute(
                sql: """
                    -- Every fetched UID and the folder it goes to once everything derived from it is
                    -- committed; one row per UID, so each copy of a duplicate leaves the inbox too.
                    CREATE TABLE server_moves (
                        mailbox TEXT NOT NULL,
                        uidvalidity INTEGER NOT NULL,
                        uid INTEGER NOT NULL,
                        message INTEGER NOT NULL REFERENCES messages(id),
                        target_folder TEXT NOT NULL,
                        moved_at DATETIME,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        error TEXT,
                        PRIMARY KEY (mailbox, uidvalidity, uid)
                    );
                    CREATE INDEX server_moves_pending ON server_moves(mailbox, uidvalidity) WHERE moved_at IS NULL;

                    -- mail-rules §1: (mailbox, UIDVALIDITY, highest UID stored).
                    CREATE TABLE mailbox_cursors (
                        mailbox TEXT PRIMARY KEY,
                        uidvalidity INTEGER NOT NULL,
                        last_uid INTEGER NOT NULL,
                        last_poll_at DATETIME,
                        last_success_at DATETIME,
                        last_error TEXT
                    );

                    -- mail-rules §6: every outgoing mail, written in the transaction that caused it.
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY,
                        key TEXT NOT NULL UNIQUE,
                        kind TEXT NOT NULL,
                        recipient TEXT NOT NULL,
                        message_id TEXT NOT NULL UNIQUE,
                        answers INTEGER REFERENCES messages(id),
                        raw BLOB NOT NULL,
                        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at DATETIME NOT NULL,
                        last_error TEXT,
                        smtp_reply TEXT,
                        created_at DATETIME NOT NULL,
                        sent_at DATETIME,
                        bounced_at DATETIME,
                        bounce_status TEXT
                    );
                    CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
                    CREATE INDEX outbox_recipient_created ON outbox(recipient, created_at);

                    -- Addresses whose mail bounced hard (5.x.x); the working group sees them in the digest.
                    CREATE TABLE failing_recipients (
                        address TEXT PRIMARY KEY,
                        status TEXT NOT NULL,
                        diagnostic TEXT,
                        outbox INTEGER REFERENCES outbox(id),
                        since DATETIME NOT NULL
                    );

                    -- Replies not sent because a cap tripped (mail-rules §4); reported in the digest.
                    CREATE TABLE held_replies (
                        id INTEGER PRIMARY KEY,
                        recipient TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        message INTEGER REFERENCES messages(id),
                        at DATETIME NOT NULL
                    );

                    -- One gateway process per mailbox (mail-rules §1).
                    CREATE TABLE leases (
                        name TEXT PRIMARY KEY,
                        holder TEXT NOT NULL,
                        expires_at DATETIME NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v3-alerts") { db in
            try db.execute(
                sql: """
                    -- One row per spike alert sent: one per series and week, and the memory behind
                    -- "no repeat for the same series for 3 weeks unless the count rises further".
                    CREATE TABLE alerts (
                        id INTEGER PRIMARY KEY,
                        series TEXT NOT NULL,
                        week TEXT NOT NULL,
                        observed INTEGER NOT NULL,
                        expected DOUBLE NOT NULL,
                        threshold DOUBLE NOT NULL,
                        methods TEXT NOT NULL,
                        partial BOOLEAN NOT NULL,
                        created_at DATETIME NOT NULL,
                        UNIQUE (series, week)
                    );
                    """)
        }
        migrator.registerMigration("v4-report-index") { db in
            // Incidents by report: the digest counts each week's reports' incidents, and without this
            // index every count scans the whole table (9 s on a million incidents; milliseconds with it).
            try db.execute(sql: "CREATE INDEX incidents_report ON incidents(report)")
        }
        migrator.registerMigration("v5-move-outcome") { db in
            // The outcome, not only the folder it mapped to when stored: a move still pending after the
            // operator renamed a folder (or fixed a bad name) goes to the folder configured now.
            try db.execute(sql: "ALTER TABLE server_moves ADD COLUMN outcome TEXT")
        }
        migrator.registerMigration("v6-resend-breaker") { db in
            try db.execute(
                sql: """
                    -- mail-rules §6 and RFC 1047: a row a crash interrupted mid-send is sent again with the
                    -- same Message-ID; when the whole message had gone out first, the resend is flagged as
                    -- a possible duplicate for the operator.
                    ALTER TABLE outbox ADD COLUMN transmitted_at DATETIME;
                    ALTER TABLE outbox ADD COLUMN resent INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE outbox ADD COLUMN possible_duplicate BOOLEAN NOT NULL DEFAULT 0;
                    -- The hourly reply cap counts replies by creation time: without this every stored
                    -- message scanned the whole outbox, rendered mail and all.
                    CREATE INDEX outbox_replies_created ON outbox(created_at) WHERE answers IS NOT NULL;

                    -- The poison-message breaker: a fetched message is marked here (committed) before it
                    -- is parsed and cleared with its commit; one still marked after two deaths is not
                    -- parsed a third time.
                    CREATE TABLE parse_attempts (
                        mailbox TEXT NOT NULL,
                        uidvalidity INTEGER NOT NULL,
                        uid INTEGER NOT NULL,
                        attempts INTEGER NOT NULL,
                        started_at DATETIME NOT NULL,
                        PRIMARY KEY (mailbox, uidvalidity, uid)
                    );
                    """)
        }
        migrator.registerMigration("v7-incident-versions") { db in
            try db.execute(
                sql: """
                    -- report-format v2: corrections and withdrawals by mail. `incidents` holds each
                    -- incident as it now reads; every version, the first included, is kept here with
                    -- the message that made it. Withdrawn incidents stay, left out of every count.
                    ALTER TABLE incidents ADD COLUMN state TEXT NOT NULL DEFAULT 'active'
                        CHECK (state IN ('active', 'corrected', 'withdrawn'));
                    ALTER TABLE incidents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
                    CREATE TABLE incident_versions (
                        incident INTEGER NOT NULL REFERENCES incidents(id),
                        version INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        message INTEGER NOT NULL REFERENCES messages(id),
                        changed_at DATETIME NOT NULL,
                        changed_fields TEXT NOT NULL,
                        fields TEXT NOT NULL,
                        PRIMARY KEY (incident, version)
                    );
                    -- "Which incidents did this mail name": a bare Återkalla answers an acknowledgment.
                    CREATE INDEX incident_versions_message ON incident_versions(message);
                    -- The digest's "corrected after it was sent".
                    CREATE INDEX incident_versions_changed_at ON incident_versions(changed_at) WHERE version > 1;
                    """)
            // Incidents stored before versions existed get their first version from their report.
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT i.*, r.message AS r_message, r.created_at AS r_created_at FROM incidents i JOIN reports r ON r.id = i.report")
            while let row = try rows.next() {
                var version = try IncidentVersionRecord(IncidentRecord(row: row), message: row["r_message"], at: row["r_created_at"])
                try version.insert(db)
            }
        }
        migrator.registerMigration("v8-safety") { db in
            try db.execute(
                sql: """
                    -- report-format v2 "Perceived safety": the reporters' own judgement, 1…5, per report and
                    -- area, counted for the report's week (the week it was sent in, as reporting is), not an
                    -- incident's. A rejected report, a duplicate or a correction mail has no row here.
                    CREATE TABLE safety_ratings (
                        report INTEGER NOT NULL REFERENCES reports(id),
                        area TEXT NOT NULL,
                        score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
                        week TEXT NOT NULL,
                        PRIMARY KEY (report, area)
                    ) WITHOUT ROWID;
                    -- Weekly series of one area over a range of weeks (digest trend, period reports).
                    CREATE INDEX safety_ratings_area_week ON safety_ratings(area, week);
                    """)
        }
        migrator.registerMigration("v9-insatser") { db in
            try db.execute(
                sql: """
                    -- working-group.md §2: insatser as they read now, and every version with who made it
                    -- (a member's mail, or the operator) and when.
                    CREATE TABLE insatser (
                        id INTEGER PRIMARY KEY,
                        ref TEXT NOT NULL UNIQUE,
                        version INTEGER NOT NULL,
                        title TEXT NOT NULL,
                        areas TEXT NOT NULL,
                        place TEXT,
                        categories TEXT NOT NULL,
                        start TEXT NOT NULL,
                        "end" TEXT,
                        follow_up TEXT NOT NULL,
                        responsible TEXT,
                        status TEXT NOT NULL,
                        description TEXT,
                        registered_by TEXT NOT NULL,
                        registered_at DATETIME NOT NULL
                    );
                    CREATE TABLE insats_versions (
                        insats INTEGER NOT NULL REFERENCES insatser(id),
                        version INTEGER NOT NULL,
                        message INTEGER REFERENCES messages(id),
                        changed_by TEXT NOT NULL,
                        changed_at DATETIME NOT NULL,
                        changed_fields TEXT NOT NULL,
                        fields TEXT NOT NULL,
                        PRIMARY KEY (insats, version)
                    );
                    CREATE INDEX insats_versions_message ON insats_versions(message);
                    -- INS-2018-0007: numbered per year of registration.
                    CREATE TABLE insats_counters (
                        year INTEGER PRIMARY KEY,
                        last INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v10-health") { db in
            try db.execute(
                sql: """
                    -- Monitoring (status --check, metrics): how many polls or outbox passes in a row
                    -- failed, per connection ("imap", "smtp"), and when each last worked.
                    CREATE TABLE connection_health (
                        name TEXT PRIMARY KEY,
                        failures_in_row INTEGER NOT NULL DEFAULT 0,
                        last_error TEXT,
                        last_failure_at DATETIME,
                        last_success_at DATETIME
                    ) WITHOUT ROWID;
                    -- Quarantined mail of the last day, for status --check.
                    CREATE INDEX messages_status_received ON messages(status, received_at);
                    """)
        }
        migrator.registerMigration("v11-retention") { db in
            try db.execute(
                sql: """
                    -- Gallring (retention.*): what each message has lost, so that a pass does each thing once and
                    -- the next pass starts where the last stopped. The partial indexes hold only what is still
                    -- to do, so a daily pass reads the old rows it changes, not the whole history.
                    ALTER TABLE messages ADD COLUMN raw_purged_at DATETIME;
                    ALTER TABLE messages ADD COLUMN pseudonymised_at DATETIME;
                    ALTER TABLE messages ADD COLUMN free_text_cleared_at DATETIME;
                    CREATE INDEX messages_raw_kept ON messages(received_at) WHERE raw_purged_at IS NULL;
                    CREATE INDEX messages_addresses_kept ON messages(received_at) WHERE pseudonymised_at IS NULL;
                    CREATE INDEX messages_free_text_kept ON messages(received_at) WHERE free_text_cleared_at IS NULL;
                    ALTER TABLE outbox ADD COLUMN raw_purged_at DATETIME;
                    CREATE INDEX outbox_raw_kept ON outbox(created_at) WHERE raw_purged_at IS NULL;
                    -- Which outbox rows answer a message: a pseudonymised message's replies are pseudonymised with it.
                    CREATE INDEX outbox_answers ON outbox(answers) WHERE answers IS NOT NULL;
                    CREATE INDEX held_replies_message ON held_replies(message);

                    -- One row per pass that changed the database, counts only: the digest's "Gallring" line
                    -- and the daily job's memory (a day with a complete pass is not passed again).
                    CREATE TABLE retention_passes (
                        id INTEGER PRIMARY KEY,
                        day TEXT NOT NULL,
                        at DATETIME NOT NULL,
                        raw_messages INTEGER NOT NULL,
                        sent_mail INTEGER NOT NULL,
                        free_text_incidents INTEGER NOT NULL,
                        addresses INTEGER NOT NULL,
                        complete BOOLEAN NOT NULL
                    );
                    CREATE INDEX retention_passes_day ON retention_passes(day);
                    CREATE INDEX retention_passes_at ON retention_passes(at);
                    """)
        }
        migrator.registerMigration("v12-bodies") { db in
            try db.execute(
                sql: """
                    -- Issue 13: the bytes of a received message and of a rendered mail live apart from the rows
                    -- the intake, reply, send and status paths read, so that reading a row (or a column added
                    -- after the bytes) never walks a BLOB's overflow pages. Read by primary key only. A message
                    -- or mail without bytes (purged by retention, unfetchable, a fixture) has no row.
                    CREATE TABLE message_bodies (
                        message INTEGER PRIMARY KEY REFERENCES messages(id),
                        raw BLOB NOT NULL
                    );
                    CREATE TABLE outbox_bodies (
                        outbox INTEGER PRIMARY KEY REFERENCES outbox(id),
                        raw BLOB NOT NULL
                    );
                    INSERT INTO message_bodies (message, raw) SELECT id, raw FROM messages WHERE length(raw) > 0;
                    INSERT INTO outbox_bodies (outbox, raw) SELECT id, raw FROM outbox WHERE length(raw) > 0;
                    -- DROP COLUMN needs SQLite 3.35 (Debian 12 has 3.40); no index, trigger or view names these columns.
                    ALTER TABLE messages DROP COLUMN raw;
                    ALTER TABLE outbox DROP COLUMN raw;
                    """)
        }
        migrator.registerMigration("v13-sync-marks") { db in
            try db.execute(
                sql: """
                    -- Issue 13: intake commits skip the WAL sync; one synced write to this row before the
                    -- poll's moves makes all of them durable at once (GatewayStore.syncCommits).
                    CREATE TABLE sync_marks (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        count INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v14-outbox-minutes") { db in
            try db.execute(
                sql: """
                    -- Issue 13: the reply caps' counts per recipient and minute ('' for replies to anyone),
                    -- so that a cap check costs the same however much mail the hour held (OutboxWindow).
                    CREATE TABLE outbox_minutes (
                        recipient TEXT NOT NULL,
                        minute INTEGER NOT NULL,
                        mail INTEGER NOT NULL,
                        PRIMARY KEY (recipient, minute)
                    ) WITHOUT ROWID;
                    INSERT INTO outbox_minutes (recipient, minute, mail)
                        SELECT recipient, CAST(strftime('%s', created_at) AS INTEGER) / 60, COUNT(*) FROM outbox GROUP BY 1, 2;
                    INSERT INTO outbox_minutes (recipient, minute, mail)
                        SELECT '', CAST(strftime('%s', created_at) AS INTEGER) / 60, COUNT(*) FROM outbox
                        WHERE answers IS NOT NULL GROUP BY 2;
                    """)
        }
        return migrator
    }
}
