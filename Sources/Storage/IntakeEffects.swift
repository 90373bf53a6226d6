import Classification
import Domain
import Foundation
import GRDB
import Intake

/// What the daemon adds to storing a fetched message, all inside the same transaction.
public struct IntakeEffects: Sendable {
    /// Server folder for each outcome (mail-rules §1: EST/Behandlade, EST/Avvisade, …).
    public var folders: OutcomeFolders
    /// Turns the stored message into the mail it causes (acknowledgment, rejection, guide).
    public var plan: @Sendable (StoredMessage, ReplyLedger) throws -> [OutboxDraft]
    /// A delivery-status notification about our own mail, to link to its outbox row.
    public var bounce: BounceReport?

    public init(folders: OutcomeFolders, bounce: BounceReport?,
                plan: @escaping @Sendable (StoredMessage, ReplyLedger) throws -> [OutboxDraft]) {
        self.folders = folders
        self.bounce = bounce
        self.plan = plan
    }

    func targetFolder(_ status: ReportStatus) -> String { folders.folder(for: status) }
}

public struct OutcomeFolders: Sendable, Hashable {
    public var processed: String
    public var rejected: String
    public var ignored: String
    public var quarantine: String

    public init(processed: String = "EST/Behandlade", rejected: String = "EST/Avvisade",
                ignored: String = "EST/Ignorerade", quarantine: String = "EST/Karantän") {
        self.processed = processed
        self.rejected = rejected
        self.ignored = ignored
        self.quarantine = quarantine
    }

    public func folder(for status: ReportStatus) -> String {
        switch status {
        case .accepted: return processed
        case .rejected: return rejected
        case .ignored: return ignored
        case .quarantined: return quarantine
        }
    }

    public var all: [String] { [processed, rejected, ignored, quarantine] }
}

/// A message just stored, as the reply planner sees it.
public struct StoredMessage: Sendable, Hashable {
    public var row: Int64
    public var references: [String]
}

/// A mail to queue: rendered bytes plus what identifies it.
public struct OutboxDraft: Sendable, Hashable {
    /// Unique per mail that must go out at most once (`reply:<Message-ID>`, `digest:2018-W36`).
    public var key: String
    public var kind: String
    public var recipient: String
    public var messageID: String
    public var raw: [UInt8]

    public init(key: String, kind: String, recipient: String, messageID: String, raw: [UInt8]) {
        self.key = key
        self.kind = kind
        self.recipient = recipient
        self.messageID = messageID
        self.raw = raw
    }
}

/// Read access to what was already sent, for reply caps, inside the storing transaction.
/// A class so the planner can note held-back replies for the same transaction to record.
public final class ReplyLedger {
    let db: Database
    var held: [(recipient: String, kind: String, reason: String)] = []

    init(db: Database) { self.db = db }

    public func queued(to recipient: String, since: Date) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE recipient = ? AND created_at >= ?",
                         arguments: [recipient.lowercased(), since]) ?? 0
    }

    public func queued(since: Date) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE created_at >= ? AND answers IS NOT NULL", arguments: [since]) ?? 0
    }

    public func exists(key: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM outbox WHERE key = ?)", arguments: [key]) ?? false
    }

    /// Whether this address ever got mail from us (a new reporter gets the guide with the first reply).
    public func hasWritten(to recipient: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM outbox WHERE recipient = ?)", arguments: [recipient.lowercased()]) ?? false
    }

    /// Records a reply the caps held back, for the operator and the digest.
    public func hold(recipient: String, kind: String, reason: String) {
        held.append((recipient.lowercased(), kind, reason))
    }
}
