import Classification
import Domain
import Foundation
import Intake

/// What storing a message will give it, read before the write: the row and the incident references
/// it gets, so that replies naming them can be rendered outside the write transaction.
public struct IntakeReservation: Sendable, Hashable {
    /// The raw message's fingerprint, computed once for the reservation and the commit.
    public var sha256: String
    /// The row the message will get; a reply to a mail without Message-ID is keyed by it.
    public var messageRow: Int64
    /// The references its incidents will get (empty unless it creates incidents).
    public var references: [String]
    /// Set when the message would be stored as a duplicate: it gets no reply.
    public var duplicate: StoreOutcome?
    /// For a command mail: the stored incidents its commands are decided against.
    public var commands = CommandLookup()
    /// For each new incident, the reference of an earlier one it looks like (`LikelyDuplicate`).
    public var likelyDuplicates: [String?] = []
    /// For an insats command: the insats it changes as it reads now, and the reference it will have.
    public var insats: StoredInsats?
    public var insatsReference: String?

    public var isNew: Bool { duplicate == nil }
}

/// Everything one fetched message changes, handed to the store as one value and committed in one
/// transaction: the raw bytes and what was read from them, the mailbox cursor, the folder it goes to
/// on the server, the replies it causes and the bounce it reports — all of it or none.
public struct IntakeCommit: Sendable {
    public var raw: [UInt8]
    public var outcome: IntakeOutcome
    public var receivedAt: Date
    /// The IMAP coordinates and the folder it moves to; nil for a file ingested by hand.
    public var server: (source: MessageSource, folder: String)?
    /// What the replies were planned against; nil stores without expecting anything.
    public var reservation: IntakeReservation?
    public var replies: [OutboxDraft]
    public var held: [HeldReply]

    public init(
        raw: [UInt8], outcome: IntakeOutcome, receivedAt: Date, server: (source: MessageSource, folder: String)? = nil,
        reservation: IntakeReservation? = nil, replies: [OutboxDraft] = [], held: [HeldReply] = []
    ) {
        self.raw = raw
        self.outcome = outcome
        self.receivedAt = receivedAt
        self.server = server
        self.reservation = reservation
        self.replies = replies
        self.held = held
    }

    var bounce: BounceReport? { outcome.classification?.bounce }
}

public enum IntakeCommitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another writer stored a message between the reservation and the commit, so the replies name
    /// rows or references that are no longer this message's: plan again.
    case reservationTaken

    public var description: String {
        "another process stored a message at the same time; the message is planned again"
    }
}
