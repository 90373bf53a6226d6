import Foundation
import GRDB

/// The connections whose failures in a row monitoring counts.
public enum MailConnection: String, Sendable, CaseIterable {
    case imap
    case smtp
}

/// How one connection has fared lately, as recorded after every poll or outbox pass.
public struct ConnectionHealth: Sendable, Hashable {
    public var connection: MailConnection
    public var failuresInRow = 0
    public var lastError: String?
    public var lastFailureAt: Date?
    public var lastSuccessAt: Date?

    public init(connection: MailConnection) { self.connection = connection }
}

/// A mailbox lease as stored: who holds it and until when.
public struct LeaseRecord: Sendable, Hashable {
    public var name: String
    public var holder: String
    public var expiresAt: Date
}

extension GatewayStore {
    /// A success resets the count; a failure adds one and keeps its error for `status`.
    public func recordConnection(_ connection: MailConnection, error: String?) throws {
        let date = now
        try pool.write { db in try Self.recordConnection(db, connection, error: error, at: date) }
    }

    static func recordConnection(_ db: Database, _ connection: MailConnection, error: String?, at date: Date) throws {
        if let error {
            try db.execute(
                sql: """
                    INSERT INTO connection_health (name, failures_in_row, last_error, last_failure_at) VALUES (?, 1, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET failures_in_row = failures_in_row + 1,
                        last_error = excluded.last_error, last_failure_at = excluded.last_failure_at
                    """, arguments: [connection.rawValue, error, date])
        } else {
            try db.execute(
                sql: """
                    INSERT INTO connection_health (name, failures_in_row, last_success_at) VALUES (?, 0, ?)
                    ON CONFLICT(name) DO UPDATE SET failures_in_row = 0, last_success_at = excluded.last_success_at
                    """, arguments: [connection.rawValue, date])
        }
    }

    public func connectionHealth() throws -> [MailConnection: ConnectionHealth] {
        try pool.read { db in
            var health = Dictionary(uniqueKeysWithValues: MailConnection.allCases.map { ($0, ConnectionHealth(connection: $0)) })
            for row in try Row.fetchAll(db, sql: "SELECT * FROM connection_health") {
                guard let connection = MailConnection(rawValue: row["name"]) else { continue }
                health[connection]?.failuresInRow = row["failures_in_row"]
                health[connection]?.lastError = row["last_error"]
                health[connection]?.lastFailureAt = row["last_failure_at"]
                health[connection]?.lastSuccessAt = row["last_success_at"]
            }
            return health
        }
    }

    /// Messages stored with `status` since `date` (quarantined mail of the last day, for monitoring).
    public func messageCount(status: String, since date: Date) throws -> Int {
        try pool.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM messages WHERE status = ? AND received_at >= ?", arguments: [status, date]) ?? 0
        }
    }

    public func lease(_ name: String) throws -> LeaseRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT holder, expires_at FROM leases WHERE name = ?", arguments: [name]).map {
                LeaseRecord(name: name, holder: $0["holder"], expiresAt: $0["expires_at"])
            }
        }
    }
}
