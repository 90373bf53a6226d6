import Domain
import Foundation
import Intake
import Replies
import Storage

/// Decides and stores one fetched message, in three visible steps: the pure pipeline reads it; the
/// reply rules plan (and render) what it causes against the row and references the store reserves;
/// then the store commits it all as one value — raw bytes, what was read from them, the cursor, the
/// folder it belongs in and the replies — in one transaction.
public struct MessageProcessor: Sendable {
    public typealias Planner = @Sendable (IntakeOutcome, StoredMessage, OutboxLedger, Date) throws -> ReplyPlan

    public let pipeline: IntakePipeline
    public let store: GatewayStore
    public let folders: OutcomeFolders
    /// Plans the replies; nil stores without replying (ingest of files).
    public let plan: Planner?

    /// Messages are received and answered at the store's time.
    public init(pipeline: IntakePipeline, store: GatewayStore, folders: OutcomeFolders, plan: Planner?) {
        self.pipeline = pipeline
        self.store = store
        self.folders = folders
        self.plan = plan
    }

    public struct Processed: Sendable {
        public var outcome: IntakeOutcome
        public var stored: StoreOutcome
    }

    /// The pipeline, behind the poison-message breaker: a fetched message is marked before it is
    /// read, and one whose earlier reads all died is quarantined unread, so one mail that kills the
    /// parser cannot block the mailbox for good.
    func read(_ raw: [UInt8], source: MessageSource?, receivedAt: Date) throws -> IntakeOutcome {
        guard let source else { return pipeline.evaluate(raw, receivedAt: receivedAt) }
        let crashes = try store.beginParse(source)
        if crashes >= Self.crashesBeforeQuarantine {
            return pipeline.unparsed(
                raw, reason: .crashedParser,
                detail:
                    "the gateway died \(crashes) times while reading this message (UID \(source.uid)); kept unread for a person to look at")
        }
        CrashPoint.reach(.parsing)
        return pipeline.evaluate(raw, receivedAt: receivedAt)
    }

    /// A reservation is taken only by another writer storing at the same moment (the lease keeps
    /// daemons apart, not `ingest`); planning again a few times settles it.
    static let attempts = 5

    /// A message the process died on this many times while reading it is not read again.
    public static let crashesBeforeQuarantine = 2

    public func process(_ raw: [UInt8], source: MessageSource?) throws -> Processed {
        let receivedAt = store.now
        let outcome = try read(raw, source: source, receivedAt: receivedAt)
        var attempt = 1
        while true {
            let reservation = try store.reserve(raw: raw, outcome: outcome)
            // Corrections and withdrawals are decided against the incidents as they stand now; a
            // change to one of them before the commit is a taken reservation, decided again.
            var decided = pipeline.resolveCommands(outcome, lookup: reservation.commands, now: receivedAt)
            decided = pipeline.resolveInsats(decided, current: reservation.insats, now: receivedAt)
            var baseline: InsatsBaseline? = nil
            if let insats = decided.insats?.decision?.insats {
                let weeks = pipeline.policy.insatsBeforeWeeks
                let input = try store.insatsEffectInput(InsatsBaseline.request(for: insats, beforeWeeks: weeks))
                baseline = InsatsBaseline(insats: insats, beforeWeeks: weeks, rows: input.incidents)
            }
            let server = source.map { (source: $0, folder: folders.folder(for: decided.result.status)) }
            var replies = ReplyPlan()
            if reservation.isNew, let plan {
                replies = try plan(
                    decided,
                    StoredMessage(
                        row: reservation.messageRow, references: reservation.references, likelyDuplicates: reservation.likelyDuplicates,
                        insatsReference: reservation.insatsReference, insatsBaseline: baseline),
                    store.ledger, receivedAt)
            }
            let intake = IntakeCommit(
                raw: raw, outcome: decided, receivedAt: receivedAt, server: server,
                reservation: reservation, replies: replies.drafts, held: replies.held)
            do {
                // A message from the mailbox is moved only after IntakeCycle's syncCommits(): its commit
                // need not sync the WAL itself.
                let stored = try store.commit(intake, deferSync: source != nil) { CrashPoint.reach(.afterStore) }
                return Processed(outcome: decided, stored: stored)
            } catch IntakeCommitError.reservationTaken where attempt < Self.attempts {
                attempt += 1
            }
        }
    }
}
