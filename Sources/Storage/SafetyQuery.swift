import Domain
import Foundation

/// Filters for listing stored `Trygghet` ratings (export).
public struct SafetyQuery: Sendable, Hashable {
    /// First and last reporting week included.
    public var from: ISOWeek?
    public var to: ISOWeek?
    public var area: String?

    public init(from: ISOWeek? = nil, to: ISOWeek? = nil, area: String? = nil) {
        self.from = from
        self.to = to
        self.area = area
    }
}

/// One stored rating with the report it came in.
public struct StoredSafetyRating: Sendable, Hashable {
    public var organisation: String
    /// The report's week, which the rating counts for.
    public var week: ISOWeek
    public var rating: SafetyRating
    public var messageID: String?
    public var receivedAt: Date

    public init(organisation: String, week: ISOWeek, rating: SafetyRating, messageID: String?, receivedAt: Date) {
        self.organisation = organisation
        self.week = week
        self.rating = rating
        self.messageID = messageID
        self.receivedAt = receivedAt
    }
}
