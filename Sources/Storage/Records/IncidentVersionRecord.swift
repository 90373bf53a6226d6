import Domain
import Foundation
import GRDB

/// One row of `incident_versions`: an incident as it read from one change to the next, and which
/// stored message made it so. Version 1 is the incident as reported; nothing is ever deleted.
struct IncidentVersionRecord: SnakeCaseRecord {
    static let databaseTableName = "incident_versions"

    var incident: Int64
    var version: Int
    var state: String
    /// The stored message that made this version: the report, or a correction or withdrawal.
    var message: Int64
    var changedAt: Date
    /// Swedish names of the fields this version changed, comma-separated (empty for version 1 and
    /// for a withdrawal).
    var changedFields: String
    /// The incident's fields as JSON (the domain value's own coding).
    var fields: String

    init(_ record: IncidentRecord, message: Int64, at: Date, changedFields: [String] = []) throws {
        self.incident = record.id ?? 0
        self.version = record.version
        self.state = record.state
        self.message = message
        self.changedAt = at
        self.changedFields = changedFields.joined(separator: ",")
        self.fields = ""
        try setFields(record.incident)
    }

    mutating func setFields(_ incident: Incident) throws {
        fields = String(decoding: try Self.encoder.encode(incident), as: UTF8.self)
    }

    var incidentValue: Incident? { try? Self.decoder.decode(Incident.self, from: Data(fields.utf8)) }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()
    private static let decoder = JSONDecoder()
}
