import Foundation
import GRDB
import Intake

/// A fetched UID whose move to its outcome folder has not happened yet.
public struct PendingMove: Sendable, Hashable {
    public var mailbox: String
    public var uidValidity: UInt32
    public var uid: UInt32
    /// The folder it was meant for when stored.
    public var targetFolder: String
    /// The outcome it was stored with (nil for rows from before outcomes were kept).
    public var outcome: ReportStatus?

    /// The folder to move to now: the outcome's folder as configured today, else the one recorded.
    public func folder(_ folders: OutcomeFolders) -> String {
        outcome.map(folders.folder(for:)) ?? targetFolder
    }
}

extension GatewayStore {
    /// Records where a stored message goes on the server; written in the transaction that stores it.
    static func recordMove(_ db: Database, _ source: MessageSource, message: Int64, folder: String, outcome: ReportStatus) throws {
        try db.executeCached(
            sql: """
                INSERT INTO server_moves (mailbox, uidvalidity, uid, message, target_folder, outcome) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, arguments: [source.mailbox, Int64(source.uidValidity), Int64(source.uid), message, folder, outcome.rawValue])
    }

    public func pendingMoves(mailbox: String, uidValidity: UInt32) throws -> [PendingMove] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT mailbox, uidvalidity, uid, target_folder, outcome FROM server_moves
                    WHERE moved_at IS NULL AND mailbox = ? AND uidvalidity = ? ORDER BY uid
                    """, arguments: [mailbox, Int64(uidValidity)]
            ).map {
                PendingMove(
                    mailbox: $0["mailbox"], uidValidity: UInt32(truncatingIfNeeded: $0["uidvalidity"] as Int64),
                    uid: UInt32(truncatingIfNeeded: $0["uid"] as Int64), targetFolder: $0["target_folder"],
                    outcome: ($0["outcome"] as String?).flatMap(ReportStatus.init(rawValue:)))
            }
        }
    }

    public func pendingMoveCount() throws -> Int {
        try pool.read { db in
            try Int.fetchOneCached(db, sql: "SELECT COUNT(*) FROM server_moves WHERE moved_at IS NULL") ?? 0
        }
    }

    public func markMoved(_ moves: [PendingMove]) throws {
        try updateMoves(moves, sql: "UPDATE server_moves SET moved_at = ?, error = NULL", [now])
    }

    public func markMoveFailed(_ moves: [PendingMove], error: String) throws {
        try updateMoves(moves, sql: "UPDATE server_moves SET attempts = attempts + 1, error = ?", [error])
    }

    private func updateMoves(_ moves: [PendingMove], sql: String, _ values: StatementArguments) throws {
        guard !moves.isEmpty else { return }
        try pool.write { db in
            for move in moves {
                try db.executeCached(
                    sql: sql + " WHERE mailbox = ? AND uidvalidity = ? AND uid = ?",
                    arguments: values + [move.mailbox, Int64(move.uidValidity), Int64(move.uid)])
            }
        }
    }

    /// A message the server holds but that cannot be fetched by any means: recorded as quarantined
    /// (without bytes, which we never had) and sent to the quarantine folder, so the inbox is not
    /// blocked and a person can look at it there.
    public func storeUnfetchable(_ source: MessageSource, error: String, targetFolder: String) throws {
        let date = now
        try pool.write { db in
            // Not a digest: a key that cannot collide with one, unique per server message.
            let key = "unfetchable:\(source.mailbox):\(source.uidValidity):\(source.uid)"
            try db.executeCached(
                sql: """
                    INSERT INTO messages (sha256, size, received_at, mailbox, uidvalidity, uid, status, reason, detail, stored_at)
                    VALUES (?, 0, ?, ?, ?, ?, 'quarantined', 'unfetchable', ?, ?) ON CONFLICT(sha256) DO NOTHING
                    """, arguments: [key, date, source.mailbox, Int64(source.uidValidity), Int64(source.uid), error, date])
            let row = try Int64.fetchOneCached(db, sql: "SELECT id FROM messages WHERE sha256 = ?", arguments: [key])!
            try Self.advanceCursor(db, source)
            try Self.recordMove(db, source, message: row, folder: targetFolder, outcome: .quarantined)
        }
    }
}
