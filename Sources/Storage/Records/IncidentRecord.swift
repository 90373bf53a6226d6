import Domain
import Foundation
import GRDB

/// One row of `incidents`: the only place that knows how an incident's fields map to columns.
struct IncidentRecord: SnakeCaseRecord {
    static let databaseTableName = "incidents"

    var id: Int64?
    var ref: String
    var report: Int64
    var seq: Int
    var area: String
    var place: String
    var placeType: String?
    var date: String
    var week: String
    var timeFrom: String?
    var timeTo: String?
    var timeOfDay: String?
    /// Comma-separated codes in the order written; `incident_categories` holds them for queries.
    var categories: String
    var description: String
    var personsMin: Int?
    var personsMax: Int?
    var severity: Int?
    var policeReported: String?
    var action: String?
    var recurring: Bool?
    var lat: Double?
    var lon: Double?
    var redacted: Bool
    /// `IncidentState`: what counts is what is not withdrawn.
    var state: String
    /// 1 when stored; each correction or withdrawal adds one (`incident_versions` keeps them all).
    var version: Int

    init(_ i: Incident, ref: String, report: Int64, seq: Int) {
        self.ref = ref
        self.report = report
        self.seq = seq
        state = IncidentState.active.rawValue
        version = 1
        area = i.area
        place = i.place
        placeType = i.placeType
        date = i.date.iso
        week = i.date.isoWeek.description
        timeFrom = i.timeFrom
        timeTo = i.timeTo
        timeOfDay = i.timeOfDay?.rawValue
        categories = i.categories.joined(separator: ",")
        description = i.description
        personsMin = i.personsMin
        personsMax = i.personsMax
        severity = i.severity
        policeReported = i.policeReported?.rawValue
        action = i.action
        recurring = i.recurring
        lat = i.lat
        lon = i.lon
        redacted = i.redacted
    }

    /// Takes the incident's fields, keeping identity, state and version.
    mutating func set(_ i: Incident) {
        let (id, state, version) = (self.id, self.state, self.version)
        self = IncidentRecord(i, ref: ref, report: report, seq: seq)
        (self.id, self.state, self.version) = (id, state, version)
    }

    var categoryCodes: [String] { categories.split(separator: ",").map(String.init) }

    var incidentState: IncidentState { IncidentState(rawValue: state) ?? .active }

    /// The SQL condition for incidents that count (`i` being `incidents`): every read model but the
    /// export with withdrawn incidents uses it.
    static let counts = "i.state <> 'withdrawn'"

    var incident: Incident {
        Incident(
            area: area, place: place, placeType: placeType,
            date: LocalDate(iso: date) ?? LocalDate(year: 1970, month: 1, day: 1),
            timeFrom: timeFrom, timeTo: timeTo, timeOfDay: timeOfDay.flatMap(PartOfDay.init(rawValue:)),
            categories: categoryCodes, description: description,
            personsMin: personsMin, personsMax: personsMax, severity: severity,
            policeReported: policeReported.flatMap(PoliceReported.init(rawValue:)),
            action: action, recurring: recurring, lat: lat, lon: lon, redacted: redacted)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
