import Foundation
import GRDB

/// The bytes of received messages and of rendered mail, in tables of their own (`v12-bodies`) so
/// that the rows the mail paths scan stay small. Every read and write is by the owning row's id.
/// Bytes that were never had or are gone (retention, an unfetchable message) have no row.
enum Bodies: String {
    case message = "message_bodies"
    case outbox = "outbox_bodies"

    private var owner: String { self == .message ? "message" : "outbox" }

    static func write(_ db: Database, _ table: Bodies, of owner: Int64, _ bytes: some Collection<UInt8>) throws {
        guard !bytes.isEmpty else { return }
        try db.executeCached(
            sql: "INSERT INTO \(table.rawValue) (\(table.owner), raw) VALUES (?, ?)", arguments: [owner, Data(bytes)])
    }

    /// nil when the row has no bytes (any more).
    static func read(_ db: Database, _ table: Bodies, of owner: Int64) throws -> [UInt8]? {
        try Data.fetchOne(db, sql: "SELECT raw FROM \(table.rawValue) WHERE \(table.owner) = ?", arguments: [owner]).map { [UInt8]($0) }
    }

    static func delete(_ db: Database, _ table: Bodies, of owner: Int64) throws {
        try db.executeCached(sql: "DELETE FROM \(table.rawValue) WHERE \(table.owner) = ?", arguments: [owner])
    }
}

extension GatewayStore {
    /// The bytes stored for a received message: all of it, or the headers and a prefix of an oversized
    /// one; nil when none are kept (retention.raw_days purged them, or the server never gave them).
    public func messageBytes(_ row: Int64) throws -> [UInt8]? {
        try pool.read { db in try Bodies.read(db, .message, of: row) }
    }
}
