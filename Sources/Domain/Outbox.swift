import Foundation

/// What an outgoing mail is, for the outbox, the caps and `status`.
public enum OutboxKind: String, Sendable, Hashable, CaseIterable {
    /// Acknowledgment of a report or a zero report.
    case ack
    case rejection
    /// The reporting guide, for a request for help.
    case guide
    /// The notice that a mail was too large to read.
    case oversized
    /// The confirmation of corrections and withdrawals.
    case confirmation
    case digest
    case reminder
    case alert
    /// The follow-up of an insats to the working group, on its follow-up date.
    case followUp = "follow-up"
    /// A period report (a tertial, a quarter, the pilot) to the working group.
    case report

    /// Replies answer one incoming mail; the rest is periodic mail to people who asked for it.
    public var isReply: Bool {
        switch self {
        case .ack, .rejection, .guide, .oversized, .confirmation: true
        case .digest, .reminder, .alert, .followUp, .report: false
        }
    }
}

/// Where an outbox row is on its way out (mail-rules §6).
public enum OutboxStatus: String, Sendable, Hashable, CaseIterable {
    case pending
    /// Handed to SMTP; a row still `sending` after a restart was interrupted mid-send.
    case sending
    case sent
    case failed
}

/// The outbox row's unique key: one per mail that must go out at most once, whatever restarts.
/// Built only here, so every writer and reader of a key agrees on its shape.
public struct OutboxKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// A key read back from storage.
    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
    public static func < (a: OutboxKey, b: OutboxKey) -> Bool { a.rawValue < b.rawValue }

    /// At most one reply per incoming Message-ID and organisation.
    public static func reply(organisation: String?, messageID: String) -> OutboxKey {
        OutboxKey(rawValue: "reply:\(organisation ?? "-"):\(messageID)")
    }

    /// A reply to a mail without Message-ID: keyed by the row it is stored in.
    public static func reply(row: Int64) -> OutboxKey {
        OutboxKey(rawValue: "reply:row:\(row)")
    }

    /// At most one rejection per sender, reason and day.
    public static func rejection(sender: String, reason: String, day: LocalDate) -> OutboxKey {
        OutboxKey(rawValue: "rejection:\(sender):\(reason):\(day.iso)")
    }

    /// One digest per week and recipient, so a recipient added mid-week still gets it.
    public static func digest(_ week: ISOWeek, recipient: String) -> OutboxKey {
        OutboxKey(rawValue: "digest:\(week):\(recipient.lowercased())")
    }

    /// One follow-up per insats and working-group member.
    public static func insatsFollowUp(_ reference: String, recipient: String) -> OutboxKey {
        OutboxKey(rawValue: "insats-followup:\(reference):\(recipient.lowercased())")
    }

    public static func reminder(organisation: String, week: ISOWeek) -> OutboxKey {
        OutboxKey(rawValue: "reminder:\(organisation):\(week)")
    }

    /// The alert of one series in one week (`raby`, `raby:KLOT`), without the recipient.
    public static func alert(series: String, week: ISOWeek) -> OutboxKey {
        OutboxKey(rawValue: "alert:\(series):\(week)")
    }

    /// One period report per period and recipient (`report:2018-T3:<recipient>`, `report:pilot:<recipient>`), so a
    /// member added later still gets it and nobody gets it twice.
    public static func report(period: ReportPeriod, recipient: String) -> OutboxKey {
        OutboxKey(rawValue: "report:\(period.key):\(recipient.lowercased())")
    }

    /// The same key, for one of several recipients.
    public func to(_ recipient: String) -> OutboxKey {
        OutboxKey(rawValue: "\(rawValue):\(recipient.lowercased())")
    }
}

/// A mail to queue: rendered bytes plus what identifies it.
public struct OutboxDraft: Sendable, Hashable {
    public var key: OutboxKey
    public var kind: OutboxKind
    public var recipient: String
    public var messageID: String
    public var raw: [UInt8]

    public init(key: OutboxKey, kind: OutboxKind, recipient: String, messageID: String, raw: [UInt8]) {
        self.key = key
        self.kind = kind
        self.recipient = recipient.lowercased()
        self.messageID = messageID
        self.raw = raw
    }
}

/// Why the reply rules held a reply back (mail-rules §4); written for the operator and the digest.
public enum HoldReason: String, Sendable, Hashable, CaseIterable {
    case rejectionAlreadySentToday = "rejection-already-sent-today"
    case recipientCap = "recipient-cap"
    case hourlyCap = "hourly-cap"
}

/// A reply that was due but that a cap held back.
public struct HeldReply: Sendable, Hashable {
    public var recipient: String
    public var kind: OutboxKind
    public var reason: HoldReason

    public init(recipient: String, kind: OutboxKind, reason: HoldReason) {
        self.recipient = recipient.lowercased()
        self.kind = kind
        self.reason = reason
    }
}

/// What the reply rules ask about mail already queued: the ledger behind "at most one", the caps and
/// "first contact". The store answers it; the rules never see how.
public protocol ReplyLedger {
    func exists(_ key: OutboxKey) throws -> Bool
    /// Mail of any kind queued to this address since `since`.
    func queued(to recipient: String, since: Date) throws -> Int
    /// Replies (not periodic mail) queued to anyone since `since`.
    func repliesQueued(since: Date) throws -> Int
    /// Whether this address ever got mail from us (a new reporter gets the guide with the first reply).
    func hasWritten(to recipient: String) throws -> Bool
}
