import Foundation
import Intake
import Storage

/// Decides and stores one fetched message: the pure pipeline, then one transaction that keeps the raw
/// bytes, what was read from them, the cursor, the folder it belongs in and the replies it causes.
public struct MessageProcessor: Sendable {
    public let pipeline: IntakePipeline
    public let store: GatewayStore
    public let folders: OutcomeFolders
    /// Plans the replies inside the transaction; nil stores without replying (ingest of files).
    public let plan: (@Sendable (IntakeOutcome, StoredMessage, ReplyLedger, Date) throws -> [OutboxDraft])?

    public init(pipeline: IntakePipeline, store: GatewayStore, folders: OutcomeFolders,
                plan: (@Sendable (IntakeOutcome, StoredMessage, ReplyLedger, Date) throws -> [OutboxDraft])?) {
        self.pipeline = pipeline
        self.store = store
        self.folders = folders
        self.plan = plan
    }

    public struct Processed: Sendable {
        public var outcome: IntakeOutcome
        public var stored: StoreOutcome
    }

    public func process(_ raw: [UInt8], source: MessageSource?, receivedAt: Date = Date()) throws -> Processed {
        let outcome = pipeline.evaluate(raw, receivedAt: receivedAt)
        let plan = self.plan
        let effects = IntakeEffects(folders: folders, bounce: outcome.classification?.bounce) { stored, ledger in
            let drafts = try plan?(outcome, stored, ledger, Date()) ?? []
            CrashPoint.reach(.afterStore)
            return drafts
        }
        let stored = try store.store(raw: raw, outcome: outcome, receivedAt: receivedAt, source: source, intake: effects)
        return Processed(outcome: outcome, stored: stored)
    }
}
