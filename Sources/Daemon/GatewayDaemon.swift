import Foundation
import Intake
import Logging
import MailAccess
import Monitoring
import Periodic
import ServiceLifecycle
import Storage
import Synchronization

/// The long-running gateway: poll, store, move, send, sleep; under swift-service-lifecycle so that
/// SIGTERM and SIGINT finish the message in hand and exit cleanly.
public final class GatewayDaemon: Service, Sendable {
    public let configuration: DaemonConfiguration
    public let logger: Logger
    let imap: any MailboxSource
    let smtp: any MailSubmitter
    private let stopping = Mutex(false)
    /// What a configuration reload (SIGHUP) replaces; a cycle takes one snapshot at its start, so a
    /// reload applies between cycles, never in the middle of a message.
    private let parts: Mutex<Parts>

    /// The configuration-dependent parts: the rules, templates, organisations and periodic jobs.
    public struct Parts: Sendable {
        public var processor: MessageProcessor
        /// Digest, reminders and alerts; nil runs intake and replies only.
        public var periodic: PeriodicRunner?

        public init(processor: MessageProcessor, periodic: PeriodicRunner?) {
            self.processor = processor
            self.periodic = periodic
        }
    }

    public var processor: MessageProcessor { parts.withLock { $0.processor } }
    public var periodic: PeriodicRunner? { parts.withLock { $0.periodic } }

    /// Takes a new configuration's parts for the next cycle (the store and connections stay).
    public func replace(_ new: Parts) { parts.withLock { $0 = new } }

    /// - Parameters:
    ///   - imap: the mailbox to read (libcurl's IMAP client in production).
    ///   - smtp: where replies and periodic mail go (libcurl's SMTP client in production).
    public init(
        configuration: DaemonConfiguration, processor: MessageProcessor, periodic: PeriodicRunner? = nil,
        imap: any MailboxSource, smtp: any MailSubmitter, logger: Logger
    ) {
        self.configuration = configuration
        self.parts = Mutex(Parts(processor: processor, periodic: periodic))
        self.imap = imap
        self.smtp = smtp
        self.logger = logger
    }

    var store: GatewayStore { processor.store }
    var leaseName: String { configuration.leaseName }
    var isStopping: Bool { stopping.withLock { $0 } }

    public func requestStop() { stopping.withLock { $0 = true } }

    public struct CycleResult: Sendable {
        public var intake: IntakeCycle.Summary?
        public var periodic: PeriodicRunner.Summary?
        public var outbox: OutboxSender.Summary?
        public var errors: [String] = []
        public var intakeDuration: Duration = .zero
        public var outboxDuration: Duration = .zero
    }

    /// One poll and one outbox pass. Errors are logged and returned, never thrown: the caller decides
    /// whether to back off (the loop) or to exit non-zero (`run --once`).
    public func cycle(dryRun: Bool = false, report: (@Sendable (String) -> Void)? = nil) async -> CycleResult {
        var result = CycleResult()
        let shouldStop: @Sendable () -> Bool = { [self] in self.isStopping }
        let (processor, periodic) = parts.withLock { ($0.processor, $0.periodic) }
        let store = processor.store
        let intake = IntakeCycle(imap: imap, processor: processor, configuration: configuration, logger: logger)
        let clock = ContinuousClock()
        let intakeStart = clock.now
        do {
            result.intake = try await intake.run(dryRun: dryRun, report: report, shouldStop: shouldStop)
            if !dryRun {
                try store.recordPoll(mailbox: configuration.mailbox, error: nil)
            }
        } catch {
            result.errors.append("imap: \(error)")
            logger.error("poll failed; will retry", metadata: ["error": .string("\(error)")])
            if !dryRun {
                try? store.recordPoll(mailbox: configuration.mailbox, error: "\(error)")
            }
        }
        result.intakeDuration = clock.now - intakeStart
        if let periodic {
            let now = configuration.clock()
            do {
                result.periodic = try periodic.run(
                    Scheduler.due(
                        now: now, timeZone: periodic.settings.timeZone, periodic: periodic.settings.periodic,
                        workingGroup: periodic.settings.workingGroup, retention: periodic.settings.retention), now: now, dryRun: dryRun)
            } catch {
                result.errors.append("periodic: \(error)")
                logger.error("periodic mail failed; will retry", metadata: ["error": .string("\(error)")])
            }
        }
        let outboxStart = clock.now
        let sender = OutboxSender(
            smtp: smtp, store: store, envelopeSender: configuration.envelopeSender,
            retry: configuration.retry, logger: logger)
        do {
            let outbox = try await sender.run(dryRun: dryRun, shouldStop: shouldStop)
            result.outbox = outbox
            // A pass with nothing to send, or only one recipient's 4xx, says nothing about the server.
            if !dryRun && outbox.sent > 0 { try? store.recordConnection(.smtp, error: nil) }
        } catch {
            result.errors.append("smtp: \(error)")
            logger.error("outbox pass stopped; will retry", metadata: ["error": .string("\(error)")])
            if !dryRun { try? store.recordConnection(.smtp, error: "\(error)") }
        }
        result.outboxDuration = clock.now - outboxStart
        if !dryRun { writeMetrics(store, poll: result.intakeDuration, send: result.outboxDuration) }
        return result
    }

    /// The metrics file after every poll; a failure to write it is logged and changes nothing else.
    func writeMetrics(_ store: GatewayStore, poll: Duration, send: Duration) {
        guard let path = configuration.metricsFile else { return }
        do {
            let status = try GatewayStatus(store: store, mailbox: configuration.mailbox, leaseName: configuration.leaseName)
            let text = MetricsText(
                facts: status.facts, level: status.check(configuration.thresholds).level,
                pollSeconds: Self.seconds(poll), sendSeconds: Self.seconds(send)
            ).render()
            try MetricsFile(path: path).write(text)
        } catch {
            logger.error("metrics file not written", metadata: ["path": .string(path), "error": .string("\(error)")])
        }
    }

    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Takes the mailbox lease; a second process on the same mailbox stops here with a clear error.
    public func acquireLease() throws {
        let duration = max(Double(configuration.pollInterval.components.seconds) * 3, 300)
        if try store.acquireLease(leaseName, holder: configuration.holder, for: duration) { return }
        // A holder on this host whose process is gone died without releasing: take over at once
        // rather than make the restart wait for the lease to expire.
        if let previous = try store.leaseHolder(leaseName), LeaseHolder.isDeadLocalProcess(previous),
            try store.takeOverLease(leaseName, from: previous, holder: configuration.holder, for: duration)
        {
            logger.warning("took over the mailbox lease of a process that died", metadata: ["previous": .string(previous)])
            return
        }
        throw DaemonError.mailboxLeased(mailbox: configuration.mailbox)
    }

    public func releaseLease() {
        try? store.releaseLease(leaseName, holder: configuration.holder)
    }

    /// Replies a crashed process was handing to SMTP go out again, with the same Message-ID; those
    /// whose whole message had gone out are flagged as possible duplicates (see
    /// GatewayStore.requeueInterruptedSends).
    public func recoverCrashLeftovers() throws {
        let requeued = try store.requeueInterruptedSends()
        guard !requeued.isEmpty else { return }
        logger.warning(
            "outbox rows interrupted mid-send queued again",
            metadata: [
                "count": .stringConvertible(requeued.count),
                "possible_duplicates": .stringConvertible(requeued.filter(\.possibleDuplicate).count),
                "ids": .string(requeued.map { String($0.id) }.joined(separator: ",")),
            ])
    }

    public func run() async throws {
        try acquireLease()
        defer { releaseLease() }
        try recoverCrashLeftovers()
        logger.info(
            "gateway started",
            metadata: [
                "mailbox": .string(configuration.mailbox), "poll_s": .stringConvertible(configuration.pollInterval.components.seconds),
            ])
        var backoff = configuration.pollInterval
        try await withGracefulShutdownHandler {
            while !isStopping {
                let result = await cycle()
                try acquireLease()
                // Unreachable servers: wait longer each time (up to 5 minutes), then pick up where it left.
                backoff =
                    result.errors.isEmpty ? configuration.pollInterval : min(backoff * 2, max(configuration.pollInterval, .seconds(300)))
                await sleep(backoff)
            }
        } onGracefulShutdown: { [self] in
            self.requestStop()
            self.logger.info("shutdown requested: finishing the message in hand")
        }
        logger.info("gateway stopped")
    }

    private func sleep(_ duration: Duration) async {
        let end = ContinuousClock.now + duration
        while !isStopping && ContinuousClock.now < end {
            try? await Task.sleep(for: min(.milliseconds(200), end - ContinuousClock.now))
        }
    }
}

public enum DaemonError: Error, CustomStringConvertible {
    case mailboxLeased(mailbox: String)

    public var description: String {
        switch self {
        case .mailboxLeased(let mailbox):
            return
                "another est-gateway process holds the lease on \(mailbox); stop it first (or wait for its lease to expire after it died)"
        }
    }
}
