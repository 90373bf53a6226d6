import Foundation
import GRDB
import Synchronization

/// The gateway's SQLite database (WAL): raw messages, reports, incidents, diagnostics, and the
/// daemon's state. It speaks the domain: callers say what happened, the SQL stays in this module.
public final class GatewayStore: Sendable {
    public let path: String
    let pool: DatabasePool
    /// Every timestamp the store writes comes from here, so tests that move time move all of it.
    let clock: @Sendable () -> Date
    /// Commits since the last `syncCommits()` that did not sync the WAL.
    private let unsyncedCommits = Atomic<Int>(0)

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
        // the machine. A commit here may be followed by a move on the server or an SMTP send, the
        // points of no return, so the WAL is synced at every commit (about 0.2 ms a commit on this
        // disk), except where the caller syncs before its point of no return (`writeDeferringSync`).
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try Schema.migrator.migrate(pool)
    }

    /// Whether every commit reaches the disk before it returns (synchronous=FULL on the writer).
    public var commitsAreDurable: Bool {
        get throws { try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") == 2 } }
    }

    /// A transaction whose commit survives a crash of the process but not yet a power cut: the WAL
    /// is not synced. WAL frames reach the disk in the order written, so the next synced commit, or
    /// `syncCommits()`, makes this one durable too; the caller syncs before any point of no return.
    func writeDeferringSync<T>(_ body: (Database) throws -> T) throws -> T {
        let result = try pool.writeWithoutTransaction { db -> T in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The writer goes back to synced commits whether or not the transaction went through.
            let outcome = Result { try Self.transaction(db, .immediate, body) }
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try outcome.get()
        }
        unsyncedCommits.add(1, ordering: .relaxed)
        return result
    }

    /// A read on the writer's connection, in a read-only transaction, for what intake asks before
    /// each commit. A reader's page cache is dropped whenever another connection has written since
    /// its last read, which on the intake path is every time: each read then fetched its pages from
    /// the file again. The writer keeps its cache across its own commits.
    func readOnWriter<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in try Self.transaction(db, .deferred, body) }
    }

    /// `body` in one transaction of `kind`, committed, with its value.
    private static func transaction<T>(_ db: Database, _ kind: Database.TransactionKind, _ body: (Database) throws -> T) throws -> T {
        var value: T?
        try db.inTransaction(kind) {
            value = try body(db)
            return .commit
        }
        return value!
    }

    /// Makes every commit so far durable, as Postfix syncs a queue file before it answers 250: one
    /// synced write, whose WAL sync covers every frame before it. Called before the IMAP moves that
    /// follow a poll's intake commits; costs nothing when no commit is waiting.
    public func syncCommits() throws {
        let pending = unsyncedCommits.load(ordering: .acquiring)
        guard pending > 0 else { return }
        try pool.write { db in
            try db.execute(sql: "INSERT INTO sync_marks (id, count) VALUES (1, 1) ON CONFLICT DO UPDATE SET count = count + 1")
        }
        unsyncedCommits.subtract(pending, ordering: .releasing)
    }

    /// Whether a commit made without a WAL sync has not been synced since (tests of the order of
    /// sync and move).
    public var hasUnsyncedCommits: Bool { unsyncedCommits.load(ordering: .acquiring) > 0 }

    /// The store's time: when messages are received and answered, and what backoff is reckoned from.
    public var now: Date { clock() }
}
