import Foundation

/// Where an incident stands after the corrections and withdrawals its reporter sent.
public enum IncidentState: String, Sendable, Hashable, Codable, CaseIterable {
    case active
    /// Changed at least once; counted as it now reads.
    case corrected
    /// Kept, but left out of every count, digest, alert and report.
    case withdrawn
}

/// An incident as stored now: what a correction or withdrawal is checked against.
public struct CurrentIncident: Sendable, Hashable {
    public var reference: String
    public var incident: Incident
    /// The organisation it counts for, and the address that reported it.
    public var organisation: String
    public var sender: String
    public var state: IncidentState
    /// 1 when stored; each change adds one.
    public var version: Int
    public var storedAt: Date

    public init(
        reference: String, incident: Incident, organisation: String, sender: String, state: IncidentState, version: Int,
        storedAt: Date
    ) {
        self.reference = reference
        self.incident = incident
        self.organisation = organisation
        self.sender = sender
        self.state = state
        self.version = version
        self.storedAt = storedAt
    }
}

/// One change a command mail makes, applied in the transaction that stores the mail.
public struct IncidentChange: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The incident as it now reads, and the Swedish names of the fields that changed.
        case correct(Incident, changedFields: [String])
        case withdraw
    }

    public var reference: String
    /// The version the change was decided against; another change in between means deciding again.
    public var basedOnVersion: Int
    public var kind: Kind
    /// The incident before the change, for the reply and the digest's note.
    public var before: Incident

    public init(reference: String, basedOnVersion: Int, kind: Kind, before: Incident) {
        self.reference = reference
        self.basedOnVersion = basedOnVersion
        self.kind = kind
        self.before = before
    }

    /// The incident as it reads after the change (a withdrawn one as it last read).
    public var after: Incident {
        if case .correct(let incident, _) = kind { return incident }
        return before
    }
}
