import Domain
import Foundation
import GRDB
import ReadModels

/// What is old enough to lose what (retention.*), as instants: everything received before a cutoff.
/// nil leaves that kind of data as it is. Decided by the caller from its settings and its `now`.
public struct RetentionCutoffs: Sendable, Hashable {
    /// Raw bytes of received messages, with their Subject, and the rendered mail of sent outbox rows.
    public var raw: Date?
    /// Reporter addresses of messages, reports, replies and held replies, and failing recipients.
    public var pseudonymise: Date?
    /// Plats, Beskrivning and Åtgärd of incidents, in every version.
    public var freeText: Date?

    public init(raw: Date? = nil, pseudonymise: Date? = nil, freeText: Date? = nil) {
        self.raw = raw
        self.pseudonymise = pseudonymise
        self.freeText = freeText
    }

    public var isEmpty: Bool { raw == nil && pseudonymise == nil && freeText == nil }
}

/// One pass's outcome: what it removed, and whether it reached the end of what was due.
public struct RetentionPass: Sendable, Hashable {
    public var counts: RetentionCounts
    /// False when the batch bound stopped it with old rows left: the next pass goes on from there.
    public var complete: Bool
}

extension GatewayStore {
    /// Rows one write transaction changes: short enough that the daemon's intake never waits long.
    public static let retentionBatchSize = 500

    /// Runs the retention steps in batches of `batchSize` rows, one transaction each, so the daemon's
    /// writes interleave with it. Each step does only what is still to do, so a pass stopped anywhere
    /// (a crash, the bound) is simply continued by the next. Recorded for the digest and the daily job.
    /// - Parameters:
    ///   - pseudonym: maps an address to its pseudonym; required when `cutoffs.pseudonymise` is set.
    ///   - maxBatches: per step; nil runs until nothing is left (`est-gateway purge`).
    @discardableResult
    public func purge(
        _ cutoffs: RetentionCutoffs, pseudonym: (@Sendable (String) -> String)?, day: LocalDate,
        batchSize: Int = retentionBatchSize, maxBatches: Int? = nil
    ) throws -> RetentionPass {
        var counts = RetentionCounts()
        var complete = true
        func steps(_ step: () throws -> Int) throws {
            var batches = 0
            while true {
                if let maxBatches, batches >= maxBatches {
                    complete = false
                    return
                }
                batches += 1
                if try step() < batchSize { return }
            }
        }
        let limit = max(1, batchSize)
        if let cutoff = cutoffs.raw {
            try steps { try purgeRawBatch(before: cutoff, limit: limit, &counts) }
            try steps { try purgeSentMailBatch(before: cutoff, limit: limit, &counts) }
        }
        if let cutoff = cutoffs.freeText {
            try steps { try clearFreeTextBatch(before: cutoff, limit: limit, &counts) }
        }
        if let cutoff = cutoffs.pseudonymise {
            guard let pseudonym else { throw RetentionError.noPseudonymKey }
            try steps { try pseudonymiseBatch(before: cutoff, limit: limit, pseudonym, &counts) }
            try steps { try pseudonymiseFailingBatch(before: cutoff, limit: limit, pseudonym, &counts) }
        }
        let now = self.now
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO retention_passes (day, at, raw_messages, sent_mail, free_text_incidents, addresses, complete)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [day.iso, now, counts.rawMessages, counts.sentMail, counts.freeTextIncidents, counts.addresses, complete])
        }
        return RetentionPass(counts: counts, complete: complete)
    }

    /// What `purge` would remove now, without changing anything (`purge --dry-run`).
    public func retentionDue(_ cutoffs: RetentionCutoffs) throws -> RetentionCounts {
        try pool.read { db in
            var counts = RetentionCounts()
            func count(_ sql: String, _ cutoff: Date) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: [cutoff]) ?? 0 }
            if let cutoff = cutoffs.raw {
                counts.rawMessages = try count("SELECT COUNT(*) FROM messages WHERE raw_purged_at IS NULL AND received_at < ?", cutoff)
                counts.sentMail = try count(
                    "SELECT COUNT(*) FROM outbox WHERE raw_purged_at IS NULL AND created_at < ? AND status IN ('sent', 'failed')", cutoff)
            }
            if let cutoff = cutoffs.freeText {
                counts.freeTextIncidents = try count(
                    """
                    SELECT COUNT(*) FROM messages m JOIN reports r ON r.message = m.id JOIN incidents i ON i.report = r.id
                    WHERE m.free_text_cleared_at IS NULL AND m.received_at < ? AND \(Self.hasFreeText)
                    """, cutoff)
            }
            if let cutoff = cutoffs.pseudonymise {
                let due = "\(Self.addressesDue) AND m.received_at < ?"
                counts.addresses =
                    try count("SELECT COUNT(*) FROM messages m WHERE \(due) AND m.sender IS NOT NULL", cutoff)
                    + count("SELECT COUNT(*) FROM messages m JOIN reports r ON r.message = m.id WHERE \(due)", cutoff)
                    + count("SELECT COUNT(*) FROM messages m JOIN outbox o ON o.answers = m.id WHERE \(due)", cutoff)
                    + count("SELECT COUNT(*) FROM messages m JOIN held_replies h ON h.message = m.id WHERE \(due)", cutoff)
                    + count("SELECT COUNT(*) FROM failing_recipients WHERE since < ? AND \(Self.notPseudonym("address"))", cutoff)
            }
            return counts
        }
    }

    /// Whether a pass that reached the end ran on this day (the daemon's daily job runs until one has).
    public func retentionPassCompleted(day: LocalDate) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM retention_passes WHERE day = ? AND complete)", arguments: [day.iso])
                ?? false
        }
    }

    /// The passes recorded on a day, oldest first (`status`, tests).
    public func retentionPasses(on day: LocalDate) throws -> [RetentionPass] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM retention_passes WHERE day = ? ORDER BY id", arguments: [day.iso]).map {
                RetentionPass(
                    counts: RetentionCounts(
                        rawMessages: $0["raw_messages"], sentMail: $0["sent_mail"], freeTextIncidents: $0["free_text_incidents"],
                        addresses: $0["addresses"]), complete: $0["complete"])
            }
        }
    }

    // MARK: steps, one batch and one transaction each

    /// The bytes go; the hash (byte-for-byte duplicates), the size, Message-ID and organisation
    /// (duplicate reports) and every derived row stay. Replies are found through the outbox's Message-IDs.
    private func purgeRawBatch(before cutoff: Date, limit: Int, _ counts: inout RetentionCounts) throws -> Int {
        let now = self.now
        return try pool.write { db in
            let rows = try Int64.fetchAll(
                db, sql: "SELECT id FROM messages WHERE raw_purged_at IS NULL AND received_at < ? ORDER BY received_at LIMIT ?",
                arguments: [cutoff, limit])
            for row in rows {
                try db.execute(sql: "UPDATE messages SET subject = NULL, raw_purged_at = ? WHERE id = ?", arguments: [now, row])
                try Bodies.delete(db, .message, of: row)
            }
            counts.rawMessages += rows.count
            return rows.count
        }
    }

    /// Rendered mail quotes reports and names its recipient; a row still to be sent keeps it.
    private func purgeSentMailBatch(before cutoff: Date, limit: Int, _ counts: inout RetentionCounts) throws -> Int {
        let now = self.now
        return try pool.write { db in
            let rows = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM outbox WHERE raw_purged_at IS NULL AND created_at < ? AND status IN ('sent', 'failed')
                    ORDER BY created_at LIMIT ?
                    """, arguments: [cutoff, limit])
            for row in rows {
                try db.execute(sql: "UPDATE outbox SET raw_purged_at = ? WHERE id = ?", arguments: [now, row])
                try Bodies.delete(db, .outbox, of: row)
            }
            counts.sentMail += rows.count
            return rows.count
        }
    }

    static let hasFreeText = "(i.place != '' OR i.description != '' OR i.action IS NOT NULL)"

    /// The incidents of reports received before the cutoff lose their free text in the current row and
    /// in every version; area, categories, dates, times, counts and Trygghet stay.
    private func clearFreeTextBatch(before cutoff: Date, limit: Int, _ counts: inout RetentionCounts) throws -> Int {
        let now = self.now
        return try pool.write { db in
            let messages = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM messages WHERE free_text_cleared_at IS NULL AND received_at < ? ORDER BY received_at LIMIT ?
                    """, arguments: [cutoff, limit])
            for message in messages {
                let incidents = try Int64.fetchAll(
                    db, sql: "SELECT i.id FROM incidents i JOIN reports r ON r.id = i.report WHERE r.message = ? AND \(Self.hasFreeText)",
                    arguments: [message])
                for incident in incidents {
                    try db.execute(
                        sql: "UPDATE incidents SET place = '', description = '', action = NULL WHERE id = ?", arguments: [incident])
                    for var version in try IncidentVersionRecord.filter(Column("incident") == incident).fetchAll(db) {
                        guard var fields = version.incidentValue else { continue }
                        fields.place = ""
                        fields.description = ""
                        fields.action = nil
                        try version.setFields(fields)
                        try version.update(db)
                    }
                }
                counts.freeTextIncidents += incidents.count
                try db.execute(sql: "UPDATE messages SET free_text_cleared_at = ? WHERE id = ?", arguments: [now, message])
            }
            return messages.count
        }
    }

    static func notPseudonym(_ column: String) -> String { "\(column) NOT LIKE '%@\(PseudonymKey.domain)'" }

    /// Messages whose addresses are still readable, and whose replies are all out (a reply still to be
    /// sent needs its recipient).
    static let addressesDue = """
        m.pseudonymised_at IS NULL AND NOT EXISTS (
            SELECT 1 FROM outbox p WHERE p.answers = m.id AND p.status IN ('pending', 'sending'))
        """

    /// A message's sender, its report's, its replies' recipients (and the key of a rejection, which
    /// names the sender) and its held replies' become pseudonyms, in one transaction per batch.
    private func pseudonymiseBatch(
        before cutoff: Date, limit: Int, _ pseudonym: (String) -> String, _ counts: inout RetentionCounts
    ) throws -> Int {
        let now = self.now
        return try pool.write { db in
            let messages = try Row.fetchAll(
                db,
                sql:
                    "SELECT m.id, m.sender FROM messages m WHERE \(Self.addressesDue) AND m.received_at < ? ORDER BY m.received_at LIMIT ?",
                arguments: [cutoff, limit])
            func replace(_ table: String, _ column: String, where condition: String, _ message: Int64) throws {
                for row in try Row.fetchAll(
                    db, sql: "SELECT rowid AS r, \(column) AS a FROM \(table) WHERE \(condition) = ? AND \(Self.notPseudonym(column))",
                    arguments: [message])
                {
                    try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE rowid = ?", arguments: [pseudonym(row["a"]), row["r"]])
                    counts.addresses += 1
                }
            }
            for row in messages {
                let message: Int64 = row["id"]
                let sender: String? = row["sender"]
                // A rejection's key names the sender (`rejection:<sender>:<reason>:<day>`): it changes with it.
                for reply in try Row.fetchAll(
                    db, sql: "SELECT id, recipient, key FROM outbox WHERE answers = ? AND \(Self.notPseudonym("recipient"))",
                    arguments: [message])
                {
                    let recipient: String = reply["recipient"]
                    var key: String = reply["key"]
                    for address in Set([recipient, sender?.lowercased(), sender].compactMap { $0 }) {
                        key = key.replacingOccurrences(of: address, with: pseudonym(address))
                    }
                    try db.execute(
                        sql: "UPDATE outbox SET recipient = ?, key = ? WHERE id = ?", arguments: [pseudonym(recipient), key, reply["id"]])
                    counts.addresses += 1
                }
                try replace("messages", "sender", where: "id", message)
                try replace("reports", "sender", where: "message", message)
                try replace("held_replies", "recipient", where: "message", message)
                try db.execute(sql: "UPDATE messages SET pseudonymised_at = ? WHERE id = ?", arguments: [now, message])
            }
            return messages.count
        }
    }

    /// Hard-bounced addresses known for longer than the period, with their diagnostic (which names them).
    private func pseudonymiseFailingBatch(
        before cutoff: Date, limit: Int, _ pseudonym: (String) -> String, _ counts: inout RetentionCounts
    ) throws -> Int {
        try pool.write { db in
            let addresses = try String.fetchAll(
                db, sql: "SELECT address FROM failing_recipients WHERE since < ? AND \(Self.notPseudonym("address")) LIMIT ?",
                arguments: [cutoff, limit])
            for address in addresses {
                try db.execute(
                    sql: "UPDATE OR REPLACE failing_recipients SET address = ?, diagnostic = NULL WHERE address = ?",
                    arguments: [pseudonym(address), address])
            }
            counts.addresses += addresses.count
            return addresses.count
        }
    }

    /// The passes that ran between two instants, added up; nil when none ran (the digest's line).
    static func retentionPasses(_ db: Database, from start: Date, to end: Date) throws -> RetentionCounts? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS n, SUM(raw_messages) AS raw, SUM(sent_mail) AS sent, SUM(free_text_incidents) AS text,
                        SUM(addresses) AS addresses FROM retention_passes WHERE at >= ? AND at < ?
                    """, arguments: [start, end]), (row["n"] as Int) > 0
        else { return nil }
        return RetentionCounts(rawMessages: row["raw"], sentMail: row["sent"], freeTextIncidents: row["text"], addresses: row["addresses"])
    }
}

public enum RetentionError: Error, Sendable, Hashable, CustomStringConvertible {
    case noPseudonymKey

    public var description: String {
        "retention.pseudonymise_days is set but no pseudonym key was given; set retention.pseudonym_key_file"
    }
}
