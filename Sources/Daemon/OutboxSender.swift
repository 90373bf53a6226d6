import Foundation
import Logging
import MailAccess
import Storage

/// Delivers due outbox rows over SMTP (mail-rules §6): records the server's reply, backs off on
/// temporary failures, gives up at once on a permanent (5xx) refusal.
public struct OutboxSender: Sendable {
    public let smtp: any MailSubmitter
    public let store: GatewayStore
    public let envelopeSender: String
    public let retry: RetrySchedule
    public let logger: Logger

    /// Backoff is reckoned on the store's time.
    public init(smtp: any MailSubmitter, store: GatewayStore, envelopeSender: String, retry: RetrySchedule, logger: Logger) {
        self.smtp = smtp
        self.store = store
        self.envelopeSender = envelopeSender
        self.retry = retry
        self.logger = logger
    }

    public struct Summary: Sendable, Hashable {
        public var sent = 0
        public var deferred = 0
        public var failed = 0

        mutating func record(_ result: Result) {
            switch result {
            case .deferred: deferred += 1
            case .failed: failed += 1
            }
        }
    }

    /// Sends what is due. A connection-level failure stops the pass: the server is away, the rest waits.
    public func run(dryRun: Bool = false, shouldStop: @Sendable () -> Bool = { false }) async throws -> Summary {
        var summary = Summary()
        if dryRun {
            for item in try store.dueOutbox() {
                logger.info(
                    "outbox would send",
                    metadata: ["id": .stringConvertible(item.id), "to": .string(item.recipient), "key": .string(item.key.rawValue)])
            }
            return summary
        }
        // Due rows in pages; a row handled here ends sent, failed or deferred into the future, so a
        // later page never repeats it.
        var page = try store.dueOutbox()
        while !page.isEmpty {
            for item in page {
                if shouldStop() { return summary }
                try await deliver(item, &summary)
            }
            page = try store.dueOutbox()
        }
        return summary
    }

    private func deliver(_ item: OutboxItem, _ summary: inout Summary) async throws {
        try store.markSending(item.id)
        CrashPoint.reach(.sending)
        let receipt: SMTPReceipt
        let store = self.store, id = item.id, logger = self.logger
        do {
            receipt = try await smtp.send(from: envelopeSender, recipients: [item.recipient], message: item.raw) {
                // Recorded before the server's answer: a crash from here on may leave it delivered.
                do { try store.markTransmitted(id) } catch {
                    logger.error(
                        "outbox: could not record a transmitted message",
                        metadata: ["id": .stringConvertible(id), "error": .string("\(error)")])
                }
                CrashPoint.reach(.transmitted)
            }
        } catch {
            summary.record(try handle(error, item))
            // A refused login would be refused for every row: stop, keep them all for the next pass.
            if error.concernsTheConnection { throw error }
            return
        }
        CrashPoint.reach(.afterSend)
        try store.markSent(item.id, reply: "\(receipt.code) \(receipt.reply)")
        summary.sent += 1
        logger.info(
            "outbox sent",
            metadata: [
                "id": .stringConvertible(item.id), "to": .string(item.recipient), "key": .string(item.key.rawValue),
                "smtp": .string("\(receipt.code)"),
            ])
    }

    enum Result { case deferred, failed }

    private func handle(_ error: TransportError, _ item: OutboxItem) throws -> Result {
        if error.rejectsMessagePermanently {
            try store.markFailed(item.id, error: "\(error)")
            logger.error(
                "outbox refused permanently",
                metadata: ["id": .stringConvertible(item.id), "to": .string(item.recipient), "error": .string("\(error)")])
            return .failed
        }
        let attempts = item.attempts + 1
        guard let next = retry.nextAttempt(after: attempts, createdAt: item.createdAt, now: store.now) else {
            try store.markFailed(item.id, error: "gave up after \(attempts) attempts: \(error)")
            logger.error(
                "outbox gave up",
                metadata: ["id": .stringConvertible(item.id), "to": .string(item.recipient), "error": .string("\(error)")])
            return .failed
        }
        try store.markDeferred(item.id, error: "\(error)", nextAttempt: next)
        logger.warning(
            "outbox deferred",
            metadata: [
                "id": .stringConvertible(item.id), "attempts": .stringConvertible(attempts), "error": .string("\(error)"),
            ])
        return .deferred
    }
}
