/// A local organisation allowed to report (housing company, school, shop, security company).
public struct Organisation: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// Exact sender addresses, compared case-insensitively.
    public var addresses: [String]
    /// Sender domains. `example.se` matches that domain only; `*.example.se` also its subdomains.
    public var domains: [String]
    /// Area ids this organisation may report for; empty means every area.
    public var allowedAreas: [String]
    /// Human contact for replies to system-generated reports and for reminders.
    public var contact: String?
    /// Language of mail sent to this organisation.
    public var language: Language
    /// Whether a report may name another organisation in its `Organisation:` field.
    public var mayReportForOthers: Bool
    /// Whether the organisation is expected to report every week (reminders).
    public var expectedWeekly: Bool

    public init(
        id: String, name: String, addresses: [String] = [], domains: [String] = [],
        allowedAreas: [String] = [], contact: String? = nil, language: Language = .swedish,
        mayReportForOthers: Bool = false, expectedWeekly: Bool = true
    ) {
        self.id = id
        self.name = name
        self.addresses = addresses
        self.domains = domains
        self.allowedAreas = allowedAreas
        self.contact = contact
        self.language = language
        self.mayReportForOthers = mayReportForOthers
        self.expectedWeekly = expectedWeekly
    }

    public func mayReport(area: String) -> Bool {
        allowedAreas.isEmpty || allowedAreas.contains(area)
    }
}

public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
    case swedish = "sv"
    case english = "en"
}
