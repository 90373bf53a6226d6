import Classification
import Domain
import Foundation

/// What the reply rules need from the operator's configuration.
public struct ReplySettings: Sendable {
    /// Instance name (loop header), our From address, and the domain of our Message-IDs.
    public var identity: GatewayIdentity
    /// Zone of the Date header we write and of "one rejection per sender per reason per day".
    public var timeZone: TimeZone
    /// Folder holding `sv/` and `en/` with the Mustache templates.
    public var templatesDirectory: String
    /// Automatic replies one address may get per hour (mail-rules §4).
    public var capPerRecipientPerHour: Int
    /// Automatic replies to everyone together per hour.
    public var capPerHour: Int
    /// Display name in our From header; nil uses "EST-rapportering" / "EST reporting" by language.
    public var fromName: String?
    /// Errors, and warnings, listed in one reply; the rest are counted ("och 180 fel till"), so that
    /// a hostile 45 kB mail cannot queue a reply of megabytes.
    public var maxListedDiagnostics = 20
    /// Days an incident may be corrected or withdrawn, as the reporting guide tells it.
    public var correctionDays = 30
    /// The language of answers to the working group's insats mail (the digest's).
    public var workingGroupLanguage = Language.swedish

    public init(
        identity: GatewayIdentity,
        timeZone: TimeZone = TimeZone(identifier: "Europe/Stockholm") ?? .current,
        templatesDirectory: String,
        capPerRecipientPerHour: Int = 10,
        capPerHour: Int = 200,
        fromName: String? = nil
    ) {
        self.identity = identity
        self.timeZone = timeZone
        self.templatesDirectory = templatesDirectory
        self.capPerRecipientPerHour = capPerRecipientPerHour
        self.capPerHour = capPerHour
        self.fromName = fromName
    }
}
