import Classification
import Domain
import Foundation
import MIME
import Reports

/// What the pipeline needs to know about the installation; built once from the settings.
public struct IntakePolicy: Sendable {
    public var catalog: Catalog
    public var organisations: [Organisation]
    public var identity: GatewayIdentity
    public var authservID: String?
    public var timeZone: TimeZone
    public var limits: MIMELimits
    /// Incidents per mail, free-text lengths and diagnostics per mail, for the report parser.
    public var reportLimits: ReportLimits
    /// Language of the JSON's diagnostic messages.
    public var language: Language
    /// Bytes kept of an oversized message, beyond its header block.
    public var oversizeKeepBytes: Int
    /// Days after storing during which an incident may be corrected or withdrawn by mail.
    public var correctionsMaxDays: Int
    /// Working-group members, who may send insats commands.
    public var members: [String] = []
    /// Weeks before an insats's start that make its baseline.
    public var insatsBeforeWeeks = 8

    public init(
        catalog: Catalog, organisations: [Organisation], identity: GatewayIdentity, authservID: String?,
        timeZone: TimeZone, limits: MIMELimits, language: Language, reportLimits: ReportLimits = ReportLimits(),
        oversizeKeepBytes: Int = 65_536, correctionsMaxDays: Int = 30
    ) {
        self.correctionsMaxDays = correctionsMaxDays
        self.reportLimits = reportLimits
        self.oversizeKeepBytes = oversizeKeepBytes
        self.catalog = catalog
        self.organisations = organisations
        self.identity = identity
        self.authservID = authservID
        self.timeZone = timeZone
        self.limits = limits
        self.language = language
    }
}
