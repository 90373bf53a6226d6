import Foundation
import GRDB

/// One gateway process per mailbox (mail-rules §1): a lease row with a holder and an expiry.
extension GatewayStore {
    /// Takes or renews the lease on a mailbox; false when another live process holds it.
    public func acquireLease(_ name: String, holder: String, for duration: TimeInterval, now: Date? = nil) throws -> Bool {
        let now = now ?? self.now
        return try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                        WHERE leases.holder = excluded.holder OR leases.expires_at < ?
                    """, arguments: [name, holder, now.addingTimeInterval(duration), now])
            return db.changesCount > 0
        }
    }

    public func leaseHolder(_ name: String) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT holder FROM leases WHERE name = ?", arguments: [name]) }
    }

    /// Takes the lease from `previous` only if it still holds it (compare-and-swap).
    public func takeOverLease(
        _ name: String, from previous: String, holder: String, for duration: TimeInterval, now: Date? = nil
    ) throws -> Bool {
        let now = now ?? self.now
        return try pool.write { db in
            try db.execute(
                sql: "UPDATE leases SET holder = ?, expires_at = ? WHERE name = ? AND holder = ?",
                arguments: [holder, now.addingTimeInterval(duration), name, previous])
            return db.changesCount > 0
        }
    }

    public func releaseLease(_ name: String, holder: String) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM leases WHERE name = ? AND holder = ?", arguments: [name, holder])
        }
    }
}
