import Domain
import Foundation
import GRDB

/// One row of `outbox` (mail-rules §6): a mail to send, and what became of it. The rendered mail
/// itself is in `outbox_bodies`, read only where it is sent or shown.
struct OutboxRecord: SnakeCaseRecord, PersistableRecord {
    static let databaseTableName = "outbox"

    var id: Int64?
    var key: String
    var kind: String
    var recipient: String
    var messageId: String
    /// The incoming message a reply answers; nil for periodic mail.
    var answers: Int64?
    var status: String = OutboxStatus.pending.rawValue
    var attempts: Int = 0
    var nextAttemptAt: Date
    var lastError: String?
    var smtpReply: String?
    var createdAt: Date
    var sentAt: Date?
    var bouncedAt: Date?
    var bounceStatus: String?
    /// When libcurl had taken the whole message on the last attempt (the server's answer still to come).
    var transmittedAt: Date?
    /// How often a crash interrupted a send of this row and it was queued again.
    var resent: Int = 0
    /// A resend after the whole message had gone out: the recipient may have it twice.
    var possibleDuplicate: Bool = false
    /// When retention deleted its rendered mail (its `outbox_bodies` row is gone since).
    var rawPurgedAt: Date?

    init(_ draft: OutboxDraft, answers: Int64?, at now: Date) {
        key = draft.key.rawValue
        kind = draft.kind.rawValue
        recipient = draft.recipient.lowercased()
        messageId = draft.messageID
        self.answers = answers
        nextAttemptAt = now
        createdAt = now
    }

    /// Queues the draft unless its key is queued already; true when it was queued now.
    static func enqueue(_ db: Database, _ draft: OutboxDraft, answers: Int64?, at now: Date) throws -> Bool {
        try OutboxRecord(draft, answers: answers, at: now).insert(db, onConflict: .ignore)
        guard db.changesCount > 0 else { return false }
        try Bodies.write(db, .outbox, of: db.lastInsertedRowID, draft.raw)
        try OutboxWindow.record(db, recipient: draft.recipient.lowercased(), reply: answers != nil, at: now)
        return true
    }

    /// The row with its rendered mail, for sending it or for the one row an operator acts on.
    func itemWithMail(_ db: Database) throws -> OutboxItem {
        try item(raw: id.flatMap { try Bodies.read(db, .outbox, of: $0) } ?? [])
    }

    /// The row as listings show it, without reading its mail (`raw` is empty).
    var listed: OutboxItem { item(raw: []) }

    private func item(raw: [UInt8]) -> OutboxItem {
        OutboxItem(
            id: id ?? 0, key: OutboxKey(rawValue: key), kind: OutboxKind(rawValue: kind),
            recipient: recipient, messageID: messageId, raw: raw,
            status: OutboxStatus(rawValue: status) ?? .failed, attempts: attempts, createdAt: createdAt,
            lastError: lastError, bounceStatus: bounceStatus, resent: resent, possibleDuplicate: possibleDuplicate,
            sentAt: sentAt)
    }
}
