import Foundation
import Monitoring
import Settings
import Storage

/// The daemon's settings in the shape its loops use. No secrets and no transport: the mail
/// connections are handed to the daemon ready made.
public struct DaemonConfiguration: Sendable {
    public var mailbox: String
    /// Names the watched mailbox in the lease: server and mailbox, never credentials.
    public var leaseName: String
    public var batchSize: Int
    public var startDaysBack: Int
    public var pollInterval: Duration
    public var folders: OutcomeFolders
    public var retry: RetrySchedule
    /// Our address: the envelope sender of replies, so that bounces come back to us and are linked.
    public var envelopeSender: String
    /// Identifies this process in the mailbox lease.
    public var holder: String
    /// Where the metrics go after every poll (node_exporter's textfile collector); nil writes none.
    public var metricsFile: String?
    /// What the metrics' health figure judges by (the same as `status --check`).
    public var thresholds: HealthThresholds = .defaults
    /// The time periodic mail is scheduled by; tests move it, production reads the system clock.
    public var clock: @Sendable () -> Date = { Date() }

    public init(
        mailbox: String = "INBOX", server: String, batchSize: Int = 50, startDaysBack: Int = 14,
        pollInterval: Duration = .seconds(60), folders: OutcomeFolders = OutcomeFolders(),
        retry: RetrySchedule = RetrySchedule(), envelopeSender: String, holder: String = LeaseHolder.current
    ) {
        self.mailbox = mailbox
        self.leaseName = "imap:\(server)/\(mailbox)"
        self.batchSize = batchSize
        self.startDaysBack = startDaysBack
        self.pollInterval = pollInterval
        self.folders = folders
        self.retry = retry
        self.envelopeSender = envelopeSender
        self.holder = holder
    }

    /// The daemon part of the settings; a configuration without a mailbox is a SettingsError naming it.
    public init(settings: GatewaySettings) throws(SettingsError) {
        let mail = try Self.mail(settings)
        self.init(
            mailbox: mail.imap.mailbox, server: mail.imap.url, batchSize: mail.imap.batchSize,
            startDaysBack: mail.imap.startDaysBack, pollInterval: .seconds(mail.pollIntervalSeconds),
            folders: OutcomeFolders(
                processed: mail.folders.processed, rejected: mail.folders.rejected,
                ignored: mail.folders.ignored, quarantine: mail.folders.quarantine),
            retry: RetrySchedule(giveUpAfter: TimeInterval(mail.retryHours) * 3600),
            envelopeSender: settings.instance.address)
        metricsFile = settings.monitoring.metricsTextfile
        thresholds = settings.monitoring.thresholds
    }

    public static func mail(_ settings: GatewaySettings) throws(SettingsError) -> MailSettings {
        guard let mail = settings.mail else {
            throw SettingsError(
                path: "(configuration)",
                problems: [
                    SettingsProblem(
                        key: "imap.url", message: "missing: the daemon needs the mailbox to watch (see config/est-gateway.example.yaml)")
                ])
        }
        return mail
    }
}
