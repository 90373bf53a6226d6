import Domain
import ReadModels

/// What changed in weeks a digest already went out for, and which alerts a change undid: the
/// digest says so instead of letting numbers shift silently (report-format.md v2).
public struct CorrectionNotes: Sendable, Hashable {
    /// The week of the previous digest; nil when none went out before.
    public var sinceWeek: ISOWeek?
    /// Per reported week, oldest first, the changes to it.
    public var weeks: [WeekChanges] = []
    /// Alerts whose series a change took below the threshold they were sent for.
    public var undoneAlerts: [UndoneAlert] = []

    public var isEmpty: Bool { weeks.isEmpty && undoneAlerts.isEmpty }

    public struct WeekChanges: Sendable, Hashable {
        public var week: ISOWeek
        public var changes: [Change]
    }

    public struct Change: Sendable, Hashable {
        public var reference: String
        public var withdrawn: Bool
        /// Swedish names of the changed fields.
        public var changedFields: [String]
        /// Set when the correction moved the incident to another week.
        public var movedTo: ISOWeek?
    }

    public struct UndoneAlert: Sendable, Hashable {
        public var area: Area
        public var category: Category?
        public var week: ISOWeek
        public var observed: Int
        public var threshold: Double
        /// The series' count for that week as it reads now.
        public var now: Int
    }

    /// - Parameter count: the current count of a series (area, optional category code) in a week.
    static func build(
        _ input: DigestCorrections, areas: [Area], categories: [Category], count: (String, String?, ISOWeek) -> Int?
    ) -> CorrectionNotes {
        guard let previous = input.previousDigest else { return CorrectionNotes() }
        var notes = CorrectionNotes(sinceWeek: previous.week)
        var byWeek: [ISOWeek: [Change]] = [:]
        for row in input.changes {
            let before = row.before.date.isoWeek, after = row.after.date.isoWeek
            // Only weeks a digest already reported; the weeks to come show the current numbers anyway.
            let reported = before <= previous.week ? before : after <= previous.week ? after : nil
            guard let week = reported else { continue }
            byWeek[week, default: []].append(
                Change(
                    reference: row.reference, withdrawn: row.state == .withdrawn, changedFields: row.changedFields,
                    movedTo: after != before ? after : nil))
        }
        notes.weeks = byWeek.keys.sorted().map { WeekChanges(week: $0, changes: byWeek[$0]!) }

        for alert in input.alerts where Double(alert.observed) >= alert.threshold {
            let parts = alert.series.split(separator: ":", maxSplits: 1).map(String.init)
            let areaID = parts[0]
            let code = parts.count > 1 ? parts[1] : nil
            let touched = input.changes.contains { row in
                [row.before, row.after].contains { incident in
                    incident.area == areaID && incident.date.isoWeek == alert.week
                        && (code.map { incident.categories.contains($0) } ?? true)
                }
            }
            guard touched, let current = count(areaID, code, alert.week), Double(current) < alert.threshold else { continue }
            notes.undoneAlerts.append(
                UndoneAlert(
                    area: areas.first { $0.id == areaID } ?? Area(id: areaID, name: areaID),
                    category: code.map { c in categories.first { $0.code == c } ?? Category(code: c, name: c) },
                    week: alert.week, observed: alert.observed, threshold: alert.threshold, now: current))
        }
        return notes
    }
}
