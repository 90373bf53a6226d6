import Foundation
import Intake
import Logging
import MailAccess
import Storage

/// One poll of the watched mailbox (mail-rules §1): new UIDs above the cursor, fetched in batches with
/// BODY.PEEK[], each stored in its own transaction, then moved to its outcome folder.
public struct IntakeCycle: Sendable {
    public let imap: any MailboxSource
    public let processor: MessageProcessor
    public let configuration: DaemonConfiguration
    public let logger: Logger

    public init(imap: any MailboxSource, processor: MessageProcessor, configuration: DaemonConfiguration, logger: Logger) {
        self.imap = imap
        self.processor = processor
        self.configuration = configuration
        self.logger = logger
    }

    public struct Summary: Sendable, Hashable {
        public var fetched = 0
        public var stored = 0
        public var duplicates = 0
        public var moved = 0
        public var byStatus: [String: Int] = [:]
    }

    /// - Parameter dryRun: read and parse only; store, move and send nothing, and print what would happen.
    /// - Parameter shouldStop: checked between messages, so a shutdown finishes the message in hand.
    public func run(
        dryRun: Bool = false, report: (@Sendable (String) -> Void)? = nil,
        shouldStop: @Sendable () -> Bool = { false }
    ) async throws -> Summary {
        do {
            return try await poll(dryRun: dryRun, report: report, shouldStop: shouldStop)
        } catch {
            // Whatever stopped the poll may have left the mailbox selected: the next one starts anew.
            try? await imap.startFreshSession()
            throw error
        }
    }

    private func poll(
        dryRun: Bool, report: (@Sendable (String) -> Void)?, shouldStop: @Sendable () -> Bool
    ) async throws -> Summary {
        let mailbox = configuration.mailbox
        let store = processor.store
        var summary = Summary()
        // STATUS on the server URL selects nothing, so a session kept from an idle poll answers it
        // from the mailbox as it is now.
        let status = try await imap.status(mailbox)
        let cursor = try store.cursor(mailbox: mailbox)
        if let cursor, cursor.uidValidity == status.uidValidity, status.uidNext <= cursor.lastUID &+ 1 {
            // Nothing new: an idle poll costs this one round trip, on the connection it kept.
            let pending = dryRun ? [] : try store.pendingMoves(mailbox: mailbox, uidValidity: status.uidValidity)
            if !pending.isEmpty {
                summary.moved = try await move(pending)
                try await imap.startFreshSession()
            }
            return summary
        }

        var lastUID: UInt32 = 0
        var firstRun = false
        if let cursor, cursor.uidValidity == status.uidValidity {
            lastUID = cursor.lastUID
        } else {
            if let cursor {
                logger.warning(
                    "imap uidvalidity changed: rescanning the mailbox, duplicates are skipped",
                    metadata: [
                        "mailbox": .string(mailbox), "old": .stringConvertible(cursor.uidValidity),
                        "new": .stringConvertible(status.uidValidity),
                    ])
            } else {
                firstRun = true
            }
            if !dryRun { try store.resetCursor(mailbox: mailbox, uidValidity: status.uidValidity) }
        }

        // A years-old inbox must not flood anyone with replies: only recent mail on a first run.
        let since = firstRun ? store.now.addingTimeInterval(-Double(configuration.startDaysBack) * 86_400) : nil
        let uids = try await imap.uids(mailbox, above: lastUID, since: since)
        if !uids.isEmpty {
            logger.info(
                "imap new messages",
                metadata: ["mailbox": .string(mailbox), "count": .stringConvertible(uids.count), "after_uid": .stringConvertible(lastUID)])
        }

        let batches = stride(from: 0, to: uids.count, by: configuration.batchSize).map {
            Array(uids[$0..<min($0 + configuration.batchSize, uids.count)])
        }
        // The next batch is fetched while this one is read and stored, so that the server's and the
        // network's time overlaps ours. Only the one-command fetch runs ahead: its fallbacks store
        // what cannot be fetched, and run in order. Every way out waits for it first, so nothing
        // else uses the session while it runs.
        var ahead = batches.first.map { prefetch($0) }
        do {
            for (n, batch) in batches.enumerated() {
                if shouldStop() { break }
                let first = await ahead?.value
                ahead = nil
                let messages = try await fetch(batch, uidValidity: status.uidValidity, dryRun: dryRun, first: first)
                CrashPoint.reach(.afterFetch)
                if n + 1 < batches.count { ahead = prefetch(batches[n + 1]) }
                try storeBatch(
                    messages, uidValidity: status.uidValidity, dryRun: dryRun, into: &summary, report: report, shouldStop: shouldStop)
            }
        } catch {
            _ = await ahead?.value
            throw error
        }
        _ = await ahead?.value
        if firstRun && !dryRun && status.uidNext > 1 {
            // Older mail left in the inbox on a first run stays unprocessed for good.
            try store.advanceCursor(MessageSource(mailbox: mailbox, uidValidity: status.uidValidity, uid: status.uidNext - 1))
        }
        // Everything this poll committed, per folder, in as few commands as the server takes.
        if !dryRun { summary.moved += try await moveStored(uidValidity: status.uidValidity) }
        // This session selected the mailbox, and a selected mailbox's view lags behind new
        // deliveries (Dovecot answers UID SEARCH from it): the next poll that finds mail starts anew.
        try await imap.startFreshSession()
        return summary
    }

    private func prefetch(_ batch: [UInt32]) -> Task<Result<[FetchedMessage], TransportError>, Never> {
        let imap = self.imap, mailbox = configuration.mailbox
        return Task { await Self.attempt { () async throws(TransportError) in try await imap.fetch(mailbox, uids: batch) } }
    }

    /// One fetched batch, each message read and stored in UID order.
    private func storeBatch(
        _ messages: [FetchedMessage], uidValidity: UInt32, dryRun: Bool, into summary: inout Summary,
        report: (@Sendable (String) -> Void)?, shouldStop: @Sendable () -> Bool
    ) throws {
        let mailbox = configuration.mailbox
        let store = processor.store
        summary.fetched += messages.count
        for message in messages.sorted(by: { $0.uid < $1.uid }) {
            let source = MessageSource(mailbox: mailbox, uidValidity: uidValidity, uid: message.uid)
            if dryRun {
                let outcome = processor.pipeline.evaluate(message.bytes, receivedAt: store.now)
                summary.byStatus[outcome.result.status.rawValue, default: 0] += 1
                report?(
                    "uid \(message.uid): \(Self.describe(outcome.result)) — would move to \(configuration.folders.folder(for: outcome.result.status))"
                )
                continue
            }
            let processed = try processor.process(message.bytes, source: source)
            summary.byStatus[processed.outcome.result.status.rawValue, default: 0] += 1
            if processed.stored.isDuplicate { summary.duplicates += 1 } else { summary.stored += 1 }
            logger.info("message stored", metadata: Self.metadata(processed, uid: message.uid))
            report?(
                "uid \(message.uid): \(Self.describe(processed.outcome.result))\(processed.stored.isDuplicate ? " (duplicate)" : "")")
            if shouldStop() { break }
        }
        CrashPoint.reach(.afterCommit)
    }

    /// A batch in one command; when the server's reply cannot be read (not a network fault), message by
    /// message, then by libcurl's own FETCH, and a message that still cannot be had is recorded as
    /// unfetchable and quarantined, so that one bad message never blocks the mailbox.
    /// - Parameter first: the one-command fetch's result when it was run ahead.
    func fetch(
        _ batch: [UInt32], uidValidity: UInt32, dryRun: Bool, first: Result<[FetchedMessage], TransportError>? = nil
    ) async throws -> [FetchedMessage] {
        let mailbox = configuration.mailbox
        let whole: Result<[FetchedMessage], TransportError>
        if let first {
            whole = first
        } else {
            whole = await Self.attempt { () async throws(TransportError) in try await imap.fetch(mailbox, uids: batch) }
        }
        switch whole {
        case .success(let messages): return messages
        case .failure(let error):
            if error.isRetryable { throw error }
            logger.warning(
                "imap batch fetch failed; fetching one by one",
                metadata: ["uids": .string(UIDSet.string(batch)), "error": .string("\(error)")])
        }
        var messages: [FetchedMessage] = []
        for uid in batch {
            switch await Self.attempt({ () async throws(TransportError) in try await imap.fetch(mailbox, uids: [uid]) }) {
            case .success(let one):
                messages += one
                continue
            case .failure(let error):
                if error.isRetryable { throw error }
                logger.warning(
                    "imap fetch failed; trying libcurl's own fetch",
                    metadata: ["uid": .stringConvertible(uid), "error": .string("\(error)")])
            }
            switch await Self.attempt({ () async throws(TransportError) in
                [FetchedMessage(uid: uid, bytes: try await imap.fetchWhole(mailbox, uid: uid))]
            }) {
            case .success(let one):
                messages += one
            case .failure(let error):
                if error.isRetryable { throw error }
                logger.error(
                    "message cannot be fetched; quarantined without its bytes",
                    metadata: ["uid": .stringConvertible(uid), "error": .string("\(error)")])
                if !dryRun {
                    try processor.store.storeUnfetchable(
                        MessageSource(mailbox: mailbox, uidValidity: uidValidity, uid: uid),
                        error: "\(error)", targetFolder: configuration.folders.quarantine)
                }
            }
        }
        return messages
    }

    private static func attempt(
        _ body: () async throws(TransportError) -> [FetchedMessage]
    ) async -> Result<[FetchedMessage], TransportError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    /// Moves every committed message still waiting in the inbox, also those a failed move left behind.
    func moveStored(uidValidity: UInt32) async throws -> Int {
        try await move(processor.store.pendingMoves(mailbox: configuration.mailbox, uidValidity: uidValidity))
    }

    private func move(_ pending: [PendingMove]) async throws -> Int {
        // The point of no return for what the poll committed: durable first, even against a power cut.
        try processor.store.syncCommits()
        var moved = 0
        for (folder, group) in Dictionary(grouping: pending, by: { $0.folder(configuration.folders) }).sorted(by: { $0.key < $1.key }) {
            do {
                try await imap.createMailbox(folder)
                try await imap.move(uids: group.map(\.uid), from: configuration.mailbox, to: folder)
                CrashPoint.reach(.afterMove)
                try processor.store.markMoved(group)
                moved += group.count
            } catch {
                // The message stays in the inbox and in the pending list; the next cycle tries again.
                logger.error(
                    "imap move failed; will retry",
                    metadata: [
                        "folder": .string(folder), "count": .stringConvertible(group.count), "error": .string("\(error)"),
                    ])
                try processor.store.markMoveFailed(group, error: "\(error)")
                if let transport = error as? TransportError, transport.isRetryable { throw transport }
            }
        }
        return moved
    }

    static func describe(_ result: IntakeResult) -> String {
        switch result.status {
        case .accepted:
            return result.zeroReport
                ? "accepted zero report \(result.week?.description ?? "") from \(result.organisation ?? "?")"
                : "accepted \(result.incidents.count) incident(s) from \(result.organisation ?? "?")"
        case .rejected: return "rejected (\(result.errors.count) error(s)) from \(result.organisation ?? "?")"
        case .ignored, .quarantined: return "\(result.status.rawValue) (\(result.reason ?? ""))"
        }
    }

    static func metadata(_ processed: MessageProcessor.Processed, uid: UInt32) -> Logger.Metadata {
        let r = processed.outcome.result
        var m: Logger.Metadata = ["uid": .stringConvertible(uid), "status": .string(r.status.rawValue)]
        if let reason = r.reason { m["reason"] = .string(reason) }
        if let organisation = r.organisation { m["organisation"] = .string(organisation) }
        if let id = r.messageID { m["message_id"] = .string(id) }
        switch processed.stored {
        case .stored(_, let refs): if !refs.isEmpty { m["refs"] = .string(refs.joined(separator: ",")) }
        case .duplicateBytes: m["duplicate"] = "bytes"
        case .duplicateReport: m["duplicate"] = "report"
        }
        return m
    }
}
