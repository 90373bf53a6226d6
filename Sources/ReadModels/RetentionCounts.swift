import Foundation

/// What a pass removed (or, for a dry run, would remove): counts, never content.
public struct RetentionCounts: Sendable, Hashable {
    /// Received messages whose raw bytes were deleted.
    public var rawMessages = 0
    /// Outbox rows whose rendered mail was deleted (sent or failed only).
    public var sentMail = 0
    /// Incidents whose free text was cleared.
    public var freeTextIncidents = 0
    /// Address fields replaced by a pseudonym (a message's sender, its report's, a reply's recipient…).
    public var addresses = 0

    public init(rawMessages: Int = 0, sentMail: Int = 0, freeTextIncidents: Int = 0, addresses: Int = 0) {
        self.rawMessages = rawMessages
        self.sentMail = sentMail
        self.freeTextIncidents = freeTextIncidents
        self.addresses = addresses
    }

    public var isZero: Bool { self == RetentionCounts() }

    public static func + (a: RetentionCounts, b: RetentionCounts) -> RetentionCounts {
        RetentionCounts(
            rawMessages: a.rawMessages + b.rawMessages, sentMail: a.sentMail + b.sentMail,
            freeTextIncidents: a.freeTextIncidents + b.freeTextIncidents, addresses: a.addresses + b.addresses)
    }
}
