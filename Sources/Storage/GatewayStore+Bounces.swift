import Classification
import Foundation
import GRDB

extension GatewayStore {
    /// Links a delivery-status notification to the outbox row it is about; a hard bounce marks the
    /// recipient as failing, for the digest's operations section.
    static func recordBounce(_ db: Database, _ bounce: BounceReport, at now: Date) throws {
        for id in bounce.originalMessageIDs {
            guard let row = try Int64.fetchOne(db, sql: "SELECT id FROM outbox WHERE message_id = ?", arguments: [id]) else { continue }
            let status = bounce.recipients.first?.status ?? "unknown"
            try db.execute(sql: "UPDATE outbox SET bounced_at = ?, bounce_status = ? WHERE id = ?", arguments: [now, status, row])
            for recipient in bounce.recipients where recipient.isPermanent {
                try db.execute(
                    sql: """
                        INSERT INTO failing_recipients (address, status, diagnostic, outbox, since) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(address) DO UPDATE SET status = excluded.status, diagnostic = excluded.diagnostic, outbox = excluded.outbox
                        """, arguments: [recipient.address, recipient.status, recipient.diagnostic, row, now])
            }
        }
    }

    public func failingRecipients() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT address FROM failing_recipients ORDER BY address") }
    }
}
