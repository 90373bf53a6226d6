import Domain
import Foundation

/// Stored `Trygghet` ratings as JSON Lines or RFC 4180 CSV, one record per rating. Pure: rows in, text out.
public enum SafetyExport {
    public static let columns = ["organisation", "week", "area", "score", "message_id", "received_at"]

    public static func csv(_ rows: [StoredSafetyRating]) -> String {
        var out = ExportText.csvRecord(columns)
        for row in rows {
            out += ExportText.csvRecord([
                row.organisation, row.week.description, row.rating.area, String(row.rating.score), row.messageID,
                ExportText.timestamp(row.receivedAt),
            ])
        }
        return out
    }

    public static func jsonLines(_ rows: [StoredSafetyRating]) throws -> String {
        try ExportText.jsonLines(rows.map(Record.init))
    }

    /// One JSON line, with the CSV's column names as keys (explicit null for a missing Message-ID).
    struct Record: Encodable {
        let row: StoredSafetyRating
        init(_ row: StoredSafetyRating) { self.row = row }

        enum Keys: String, CodingKey {
            case organisation, week, area, score
            case messageID = "message_id", receivedAt = "received_at"
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(row.organisation, forKey: .organisation)
            try c.encode(row.week.description, forKey: .week)
            try c.encode(row.rating.area, forKey: .area)
            try c.encode(row.rating.score, forKey: .score)
            try c.encode(row.messageID, forKey: .messageID)
            try c.encode(ExportText.timestamp(row.receivedAt), forKey: .receivedAt)
        }
    }
}
