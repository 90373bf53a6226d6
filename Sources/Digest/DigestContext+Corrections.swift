import Domain

extension DigestContext {
    /// `hasCorrections`, `correctionWeeks` (each `sentence` and `changes` with `text`), `undoneAlerts`
    /// (each `text`).
    var corrections: [String: Any] {
        let notes = digest.corrections
        let sv = labels.sv
        guard !notes.isEmpty else { return ["hasCorrections": false] }
        let weeks: [[String: Any]] = notes.weeks.map { week in
            let n = week.changes.count
            let withdrawn = week.changes.filter(\.withdrawn).count
            let verb: String
            if withdrawn == n {
                verb = sv ? (n == 1 ? "har återkallats" : "har återkallats") : (n == 1 ? "has been withdrawn" : "have been withdrawn")
            } else if withdrawn == 0 {
                verb = sv ? "har rättats" : (n == 1 ? "has been corrected" : "have been corrected")
            } else {
                verb = sv ? "har rättats eller återkallats" : "have been corrected or withdrawn"
            }
            let sentence =
                sv
                ? "\(n) \(labels.incidents(n)) i \(labels.weekShort(week.week)) \(verb) efter utskicket"
                : "\(n) \(labels.incidents(n)) in \(labels.weekShort(week.week)) \(verb) since the digest went out"
            let changes: [[String: Any]] = week.changes.map { change in
                var text = change.reference + ": "
                if change.withdrawn {
                    text += sv ? "återkallad" : "withdrawn"
                } else {
                    let fields =
                        change.changedFields.isEmpty ? (sv ? "inga fält" : "no fields") : change.changedFields.joined(separator: ", ")
                    text += (sv ? "rättad (" : "corrected (") + fields + ")"
                    if let moved = change.movedTo {
                        text += sv ? ", nu i \(labels.weekShort(moved))" : ", now in \(labels.weekShort(moved))"
                    }
                }
                return ["reference": change.reference, "text": text]
            }
            return ["sentence": sentence, "changes": changes]
        }
        let alerts: [[String: Any]] = notes.undoneAlerts.map { alert in
            let series = alert.category.map { "\(alert.area.name) – \($0.name)" } ?? alert.area.name
            let threshold = labels.number(alert.threshold)
            let text =
                sv
                ? "Larmet för \(series) \(labels.weekShort(alert.week)) gick ut med \(alert.observed) \(labels.incidents(alert.observed)) "
                    + "(tröskel \(threshold)). Efter rättelser är det \(alert.now), under tröskeln: larmet hade inte gått ut i dag."
                : "The alert for \(series) \(labels.weekShort(alert.week)) went out with \(alert.observed) \(labels.incidents(alert.observed)) "
                    + "(threshold \(threshold)). After corrections it is \(alert.now), below the threshold: it would not go out today."
            return ["text": text]
        }
        return [
            "hasCorrections": true, "correctionWeeks": weeks, "undoneAlerts": alerts, "hasUndoneAlerts": !alerts.isEmpty,
            "correctionsSince": notes.sinceWeek.map(labels.weekShort) ?? "",
        ]
    }
}
