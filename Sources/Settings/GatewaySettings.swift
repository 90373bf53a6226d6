import Classification
import Domain
import Foundation
import MIME
import Reports

/// Everything the operator configures, checked and ready to use.
public struct GatewaySettings: Sendable {
    public var timeZone: TimeZone
    public var language: Language
    /// Instance name, our address and the domain of our Message-IDs: who we are on the wire.
    public var instance: GatewayIdentity
    /// Receiving server's authserv-id; nil disables the Authentication-Results check.
    public var authservID: String?
    public var limits: LimitSettings
    /// Path of the SQLite database, resolved against the configuration file's folder.
    public var databasePath: String
    public var areas: [Area]
    public var categories: [Category]
    public var organisations: [Organisation]
    /// The mail connections and daemon behaviour; nil when the file configures no IMAP mailbox.
    public var mail: MailSettings?
    /// Digest, reminders and alerts.
    public var periodic: PeriodicSettings
    /// Days after storing during which its reporter may correct or withdraw an incident by mail.
    public var correctionsMaxDays: Int
    /// Members, pilot, effect windows and period reports.
    public var workingGroup: WorkingGroupSettings
    /// Gallring: what is deleted or pseudonymised after how many days (off by default).
    public var retention: RetentionSettings
    /// Thresholds of `status --check` and the metrics file.
    public var monitoring: MonitoringSettings = .defaults

    public var catalog: Catalog { Catalog(areas: areas, categories: categories) }

    public init(
        timeZone: TimeZone, language: Language, instance: GatewayIdentity, authservID: String?,
        limits: LimitSettings, databasePath: String, areas: [Area], categories: [Category],
        organisations: [Organisation], mail: MailSettings? = nil, periodic: PeriodicSettings = .defaults,
        correctionsMaxDays: Int = 30, workingGroup: WorkingGroupSettings = .defaults, retention: RetentionSettings = .off
    ) {
        self.retention = retention
        self.correctionsMaxDays = correctionsMaxDays
        self.workingGroup = workingGroup
        self.mail = mail
        self.periodic = periodic
        self.timeZone = timeZone
        self.language = language
        self.instance = instance
        self.authservID = authservID
        self.limits = limits
        self.databasePath = databasePath
        self.areas = areas
        self.categories = categories
        self.organisations = organisations
    }
}

/// Bounds on what one mail may cost: the MIME reader's and the report parser's own limits, as the
/// operator configures them (`limits.*`), plus how much of an oversized mail is kept.
public struct LimitSettings: Sendable, Hashable {
    public var mime: MIMELimits
    public var report: ReportLimits
    /// Bytes kept of a message too large to read (its header block always): outside mail must not
    /// decide how fast the database grows.
    public var oversizeKeepBytes: Int

    public init(mime: MIMELimits = MIMELimits(), report: ReportLimits = ReportLimits(), oversizeKeepBytes: Int = 65_536) {
        self.mime = mime
        self.report = report
        self.oversizeKeepBytes = oversizeKeepBytes
    }
}
