import Domain
import Foundation
import GRDB

/// A spike alert as remembered for the quiet period.
public struct AlertRecord: Sendable, Hashable {
    /// `raby` for an area total, `raby:SKAD` for an area × category.
    public var series: String
    public var week: ISOWeek
    public var observed: Int
    public var expected: Double
    public var threshold: Double
    public var methods: String
    public var partial: Bool

    public init(series: String, week: ISOWeek, observed: Int, expected: Double, threshold: Double, methods: String, partial: Bool) {
        self.series = series
        self.week = week
        self.observed = observed
        self.expected = expected
        self.threshold = threshold
        self.methods = methods
        self.partial = partial
    }
}

extension GatewayStore {
    /// Organisations with an accepted report or zero report for the week.
    public func organisationsReported(week: ISOWeek) throws -> Set<String> {
        try pool.read { db in
            Set(
                try String.fetchAll(
                    db, sql: "SELECT DISTINCT organisation FROM reports WHERE week = ? AND status = 'accepted'",
                    arguments: [week.description]))
        }
    }

    /// Alerts for a series in a range of weeks (inclusive), oldest first.
    public func alerts(series: String, from: ISOWeek, to: ISOWeek) throws -> [AlertRecord] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM alerts WHERE series = ? AND week >= ? AND week <= ? ORDER BY week
                    """, arguments: [series, from.description, to.description]
            ).map {
                AlertRecord(
                    series: $0["series"], week: ISOWeek($0["week"] as String) ?? from, observed: $0["observed"],
                    expected: $0["expected"], threshold: $0["threshold"], methods: $0["methods"], partial: $0["partial"])
            }
        }
    }

    /// Records an alert and queues its mail in one transaction; false (and nothing queued) when the
    /// series already had its alert this week.
    public func recordAlert(_ alert: AlertRecord, mail: [OutboxDraft]) throws -> Bool {
        let now = self.now
        return try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO alerts (series, week, observed, expected, threshold, methods, partial, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(series, week) DO NOTHING
                    """,
                arguments: [
                    alert.series, alert.week.description, alert.observed, alert.expected, alert.threshold,
                    alert.methods, alert.partial, now,
                ])
            guard db.changesCount > 0 else { return false }
            for draft in mail { _ = try OutboxRecord.enqueue(db, draft, answers: nil, at: now) }
            return true
        }
    }
}
