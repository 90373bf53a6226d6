import Domain

/// The working group's side (working-group.md): who may register insatser, the pilot being
/// evaluated, how an insats's change is measured and when period reports go out.
public struct WorkingGroupSettings: Sendable, Hashable {
    /// Individual addresses, lowercased; only they may register or change insatser.
    public var members: [String]
    /// The pilot period (Västerås: six months from 2018-09-01); nil when none is configured.
    public var pilot: DateRange?
    /// Weeks before an insats's start that make its before window (working-group.md §3).
    public var beforeWeeks: Int
    /// Fewer incidents than this in the target's two windows together is "too few for a conclusion".
    public var minimumEvents: Int
    /// Period reports go to the members after each tertial and after the pilot's last day.
    public var reportAfterTertial: Bool
    public var reportAfterPilot: Bool

    public static let defaults = WorkingGroupSettings(
        members: [], pilot: nil, beforeWeeks: 8, minimumEvents: 10, reportAfterTertial: true, reportAfterPilot: true)

    public init(
        members: [String], pilot: DateRange?, beforeWeeks: Int, minimumEvents: Int, reportAfterTertial: Bool, reportAfterPilot: Bool
    ) {
        self.members = members.map { $0.lowercased() }
        self.pilot = pilot
        self.beforeWeeks = beforeWeeks
        self.minimumEvents = minimumEvents
        self.reportAfterTertial = reportAfterTertial
        self.reportAfterPilot = reportAfterPilot
    }

    public func isMember(_ address: String) -> Bool { members.contains(address.lowercased()) }
}
