import Foundation

/// What monitoring judges, read from the database in one go: plain values, so the judgement and the
/// metrics are pure functions of them.
public struct HealthFacts: Sendable, Hashable {
    public var now: Date
    public var lastSuccessfulPoll: Date?
    public var lastPoll: Date?
    public var lastPollError: String?
    public var messagesByOutcome: [String: Int] = [:]
    public var pendingMoves = 0
    public var outboxPending = 0
    public var outboxSent = 0
    public var outboxFailed = 0
    public var failingRecipients = 0
    public var quarantinedLastDay = 0
    public var imap = ConnectionFacts()
    public var smtp = ConnectionFacts()
    public var lease: LeaseFacts?

    public init(now: Date) { self.now = now }
}

public struct ConnectionFacts: Sendable, Hashable {
    public var failuresInRow = 0
    public var lastError: String?
    public var lastSuccess: Date?

    public init(failuresInRow: Int = 0, lastError: String? = nil, lastSuccess: Date? = nil) {
        self.failuresInRow = failuresInRow
        self.lastError = lastError
        self.lastSuccess = lastSuccess
    }
}

/// The mailbox lease: a daemon that died holding it keeps the next one waiting until it expires.
public struct LeaseFacts: Sendable, Hashable {
    public enum Holder: String, Sendable, Hashable {
        /// A process on this host that is running, or one on another host (which cannot be asked).
        case running
        /// A process on this host that is gone.
        case gone
    }

    public var holder: String
    public var expiresAt: Date
    public var state: Holder

    public init(holder: String, expiresAt: Date, state: Holder) {
        self.holder = holder
        self.expiresAt = expiresAt
        self.state = state
    }
}
