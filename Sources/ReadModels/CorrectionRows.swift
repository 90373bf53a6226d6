import Domain
import Foundation

/// What the digest reads to say which weeks it already sent have changed since (report-format.md,
/// "a digest notes changes to weeks it already reported"), and which alerts a correction undid.
public struct DigestCorrections: Sendable, Hashable {
    /// The latest earlier week a digest went out for, and when it first did.
    public var previousDigest: PreviousDigest?
    /// Changes made since the previous digest went out, oldest first.
    public var changes: [ChangeRow]
    /// Alerts of the weeks the digest covers, with what was counted when they went out.
    public var alerts: [AlertRow]

    public init(previousDigest: PreviousDigest? = nil, changes: [ChangeRow] = [], alerts: [AlertRow] = []) {
        self.previousDigest = previousDigest
        self.changes = changes
        self.alerts = alerts
    }

    public struct PreviousDigest: Sendable, Hashable {
        public var week: ISOWeek
        public var sentAt: Date

        public init(week: ISOWeek, sentAt: Date) {
            self.week = week
            self.sentAt = sentAt
        }
    }

    /// One correction or withdrawal: the incident before and after it.
    public struct ChangeRow: Sendable, Hashable {
        public var reference: String
        public var state: IncidentState
        /// Swedish field names; empty for a withdrawal.
        public var changedFields: [String]
        public var before: Incident
        public var after: Incident
        public var at: Date

        public init(reference: String, state: IncidentState, changedFields: [String], before: Incident, after: Incident, at: Date) {
            self.reference = reference
            self.state = state
            self.changedFields = changedFields
            self.before = before
            self.after = after
            self.at = at
        }
    }

    public struct AlertRow: Sendable, Hashable {
        /// `raby` for an area's total, `raby:KLOT` for one category in it.
        public var series: String
        public var week: ISOWeek
        public var observed: Int
        public var threshold: Double

        public init(series: String, week: ISOWeek, observed: Int, threshold: Double) {
            self.series = series
            self.week = week
            self.observed = observed
            self.threshold = threshold
        }
    }
}
