import Classification
import Foundation
import Intake
import MailTransport
import Settings
import Storage

/// The daemon's settings in the shape its loops use, with the secrets read.
public struct DaemonConfiguration: Sendable {
    public var imap: IMAPConfiguration
    public var smtp: SMTPConfiguration
    public var mailbox: String
    public var batchSize: Int
    public var startDaysBack: Int
    public var pollInterval: Duration
    public var folders: OutcomeFolders
    public var retry: RetrySchedule
    /// Our address: the envelope sender of replies, so that bounces come back to us and are linked.
    public var envelopeSender: String
    /// Identifies this process in the mailbox lease.
    public var holder: String
    /// The time periodic mail is scheduled by; tests move it, production reads the system clock.
    public var clock: @Sendable () -> Date = { Date() }

    public init(imap: IMAPConfiguration, smtp: SMTPConfiguration, mailbox: String = "INBOX", batchSize: Int = 50,
                startDaysBack: Int = 14, pollInterval: Duration = .seconds(60), folders: OutcomeFolders = OutcomeFolders(),
                retry: RetrySchedule = RetrySchedule(), envelopeSender: String,
                holder: String = LeaseHolder.current) {
        self.imap = imap
        self.smtp = smtp
        self.mailbox = mailbox
        self.batchSize = batchSize
        self.startDaysBack = startDaysBack
        self.pollInterval = pollInterval
        self.folders = folders
        self.retry = retry
        self.envelopeSender = envelopeSender
        self.holder = holder
    }

    /// Reads the secrets named by the settings; a missing one is a SettingsError naming it.
    public init(settings: GatewaySettings, environment: [String: String] = ProcessInfo.processInfo.environment) throws(SettingsError) {
        guard let mail = settings.mail else {
            throw SettingsError(path: "(configuration)", problems: [SettingsProblem(key: "imap.url", message: "missing: the daemon needs the mailbox to watch (see config/est-gateway.example.yaml)")])
        }
        let auth: IMAPConfiguration.Authentication
        switch mail.imap.credential {
        case .password(let source): auth = .password(try source.read(environment: environment))
        case .xoauth2(let file): auth = .xoauth2(tokenFile: file)
        }
        let smtpPassword = try mail.smtp.password.map { source throws(SettingsError) in try source.read(environment: environment) }
        self.init(
            imap: IMAPConfiguration(url: mail.imap.url, username: mail.imap.username, auth: auth, caFile: mail.imap.caFile,
                                    allowInsecureTransport: mail.imap.allowInsecureTransport),
            smtp: SMTPConfiguration(url: mail.smtp.url, username: mail.smtp.username, password: smtpPassword,
                                    caFile: mail.smtp.caFile, allowInsecureTransport: mail.smtp.allowInsecureTransport,
                                    heloName: mail.smtp.heloName),
            mailbox: mail.imap.mailbox, batchSize: mail.imap.batchSize, startDaysBack: mail.imap.startDaysBack,
            pollInterval: .seconds(mail.pollIntervalSeconds),
            folders: OutcomeFolders(processed: mail.folders.processed, rejected: mail.folders.rejected,
                                    ignored: mail.folders.ignored, quarantine: mail.folders.quarantine),
            retry: RetrySchedule(giveUpAfter: TimeInterval(mail.retryHours) * 3600),
            envelopeSender: settings.instance.address
        )
    }
}
