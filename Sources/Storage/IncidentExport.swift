import Domain
import Foundation
import Intake

/// Stored incidents as JSON Lines or RFC 4180 CSV. Pure: rows in, text out.
public enum IncidentExport {
    public static let columns = [
        "ref", "organisation", "week", "message_id", "received_at", "area", "place", "place_type", "date",
        "time_from", "time_to", "time_of_day", "categories", "description", "persons_min", "persons_max",
        "severity", "police_reported", "action", "recurring", "lat", "lon", "redacted", "state", "version",
    ]

    public static func jsonLines(_ rows: [StoredIncident]) throws -> String {
        try ExportText.jsonLines(rows.map(Record.init))
    }

    public static func csv(_ rows: [StoredIncident]) -> String {
        var out = ExportText.csvRecord(columns)
        for row in rows {
            let i = row.incident
            let values: [String?] = [
                row.ref, row.organisation, row.week, row.messageID, ExportText.timestamp(row.receivedAt), i.area, i.place,
                i.placeType, i.date.iso, i.timeFrom, i.timeTo, i.timeOfDay?.rawValue,
                i.categories.joined(separator: ";"), i.description, i.personsMin.map(String.init),
                i.personsMax.map(String.init), i.severity.map(String.init), i.policeReported?.rawValue, i.action,
                i.recurring.map { $0 ? "true" : "false" }, i.lat.map { "\($0)" }, i.lon.map { "\($0)" },
                i.redacted ? "true" : "false", row.state.rawValue, String(row.version),
            ]
            out += ExportText.csvRecord(values)
        }
        return out
    }

    /// One JSON line: the parse JSON's incident plus where it came from.
    struct Record: Encodable {
        let row: StoredIncident
        init(_ row: StoredIncident) { self.row = row }

        enum Keys: String, CodingKey {
            case ref, organisation, week, state, version
            case messageID = "message_id", receivedAt = "received_at"
        }

        func encode(to encoder: Encoder) throws {
            try IncidentJSON(row.incident).encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(row.ref, forKey: .ref)
            try c.encode(row.organisation, forKey: .organisation)
            try c.encode(row.week, forKey: .week)
            try c.encode(row.messageID, forKey: .messageID)
            try c.encode(ExportText.timestamp(row.receivedAt), forKey: .receivedAt)
            try c.encode(row.state.rawValue, forKey: .state)
            try c.encode(row.version, forKey: .version)
        }
    }
}
