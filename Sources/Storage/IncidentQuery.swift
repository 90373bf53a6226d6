import Domain
import Foundation

/// Filters for listing stored incidents (export, digest).
public struct IncidentQuery: Sendable, Hashable {
    public var from: LocalDate?
    public var to: LocalDate?
    public var area: String?
    public var category: String?
    /// Withdrawn incidents are left out of everything but an export that asks for them.
    public var includeWithdrawn: Bool

    public init(
        from: LocalDate? = nil, to: LocalDate? = nil, area: String? = nil, category: String? = nil, includeWithdrawn: Bool = false
    ) {
        self.includeWithdrawn = includeWithdrawn
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
    public var state: IncidentState
    /// 1 as reported; each correction or withdrawal adds one.
    public var version: Int

    public init(
        ref: String, incident: Incident, organisation: String, week: String, messageID: String?, receivedAt: Date,
        state: IncidentState = .active, version: Int = 1
    ) {
        self.state = state
        self.version = version
        self.ref = ref
        self.incident = incident
        self.organisation = organisation
        self.week = week
        self.messageID = messageID
        self.receivedAt = receivedAt
    }
}
