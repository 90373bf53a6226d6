import Domain
import Foundation
import MIME
import Reports

/// Everything the operator configures, checked and ready to use.
public struct GatewaySettings: Sendable {
    public var timeZone: TimeZone
    public var language: Language
    public var instance: InstanceSettings
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

    public var catalog: Catalog { Catalog(areas: areas, categories: categories) }

    public init(
        timeZone: TimeZone, language: Language, instance: InstanceSettings, authservID: String?,
        limits: LimitSettings, databasePath: String, areas: [Area], categories: [Category],
        organisations: [Organisation], mail: MailSettings? = nil, periodic: PeriodicSettings = .defaults
    ) {
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

public struct InstanceSettings: Sendable, Hashable {
    /// Names the installation in the loop header.
    public var name: String
    /// The gateway's own address: where reports arrive and the From of what it sends.
    public var address: String
    /// Domain of the Message-IDs we generate; mail carrying them is our own.
    public var messageIDDomain: String

    public init(name: String, address: String, messageIDDomain: String) {
        self.name = name
        self.address = address
        self.messageIDDomain = messageIDDomain
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
