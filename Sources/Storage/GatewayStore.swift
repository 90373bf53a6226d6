import Foundation
import GRDB

/// The gateway's SQLite database (WAL): raw messages, reports, incidents, diagnostics, and the
/// daemon's state. It speaks the domain: callers say what happened, the SQL stays in this module.
public final class GatewayStore: Sendable {
    public let path: String
    let pool: DatabasePool
    /// Every timestamp the store writes comes from here, so tests that move time move all of it.
    let clock: @Sendable () -> Date

    /// - Parameter statementLog: records every statement run (tests of the query plans).
    public init(path: String, clock: @escaping @Sendable () -> Date = { Date() }, statementLog: StatementLog? = nil) throws {
        self.path = path
        self.clock = clock
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        if let statementLog {
            configuration.prepareDatabase { db in
                db.trace(options: .statement) { event in
                    if case .statement(let statement) = event { statementLog.record(statement.sql) }
                }
            }
        }
        // Several processes (daemon, export, status) may open the file; wait rather than fail on a lock.
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB's pool commits with synchronous=NORMAL: durable against a crash of the process, not of
        // the machine. A commit here is followed by a move on the server or an SMTP send, the points
        // of no return, so the WAL is synced at every commit (about 0.2 ms a commit on this disk).
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try Schema.migrator.migrate(pool)
    }

    /// Whether every commit reaches the disk before it returns (synchronous=FULL on the writer).
    public var commitsAreDurable: Bool {
        get throws { try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") == 2 } }
    }

    /// The store's time: when messages are received and answered, and what backoff is reckoned from.
    public var now: Date { clock() }
}
