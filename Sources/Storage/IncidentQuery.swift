import Domain
import Foundation

/// Filters for listing stored incidents (export, digest).
public struct IncidentQuery: Sendable, Hashable {
    public var from: LocalDate?
    public var to: LocalDate?
    public var area: String?
    public var category: String?

    public init(from: LocalDate? = nil, to: LocalDate? = nil, area: String? = nil, category: String? = nil) {
        self.from = from
        self.to = to
        self.area = area
        self.category = category
    }
}

/// A stored incident with where it came from.
public struct StoredIncident: Sendable, Hashable {
    public var ref: String
    public var incident: Incident
    public var organisation: String
    public var week: String
    public var messageID: String?
    public var receivedAt: Date

    public init(ref: String, incident: Incident, organisation: String, week: String, messageID: String?, receivedAt: Date) {
        self.ref = ref
        self.incident = incident
        self.organisation = organisation
        self.week = week
        self.messageID = messageID
        self.receivedAt = receivedAt
    }
}
