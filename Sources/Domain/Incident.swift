/// One incident (händelse) as read from a report, normalised. Field names follow report-format.md's JSON.
public struct Incident: Sendable, Hashable, Codable {
    public var area: String
    public var place: String
    public var placeType: String?
    public var date: LocalDate
    public var timeFrom: String?
    public var timeTo: String?
    public var timeOfDay: PartOfDay?
    public var categories: [String]
    public var description: String
    public var personsMin: Int?
    public var personsMax: Int?
    public var severity: Int?
    public var policeReported: PoliceReported?
    public var action: String?
    public var recurring: Bool?
    public var lat: Double?
    public var lon: Double?
    /// True when personal data was removed from the free-text fields.
    public var redacted: Bool

    public init(
        area: String, place: String, placeType: String? = nil, date: LocalDate,
        timeFrom: String? = nil, timeTo: String? = nil, timeOfDay: PartOfDay? = nil,
        categories: [String], description: String, personsMin: Int? = nil, personsMax: Int? = nil,
        severity: Int? = nil, policeReported: PoliceReported? = nil, action: String? = nil,
        recurring: Bool? = nil, lat: Double? = nil, lon: Double? = nil, redacted: Bool = false
    ) {
        self.area = area
        self.place = place
        self.placeType = placeType
        self.date = date
        self.timeFrom = timeFrom
        self.timeTo = timeTo
        self.timeOfDay = timeOfDay
        self.categories = categories
        self.description = description
        self.personsMin = personsMin
        self.personsMax = personsMax
        self.severity = severity
        self.policeReported = policeReported
        self.action = action
        self.recurring = recurring
        self.lat = lat
        self.lon = lon
        self.redacted = redacted
    }
}

/// A part of the day given instead of a clock time. Raw values are the JSON words.
public enum PartOfDay: String, Sendable, Hashable, Codable, CaseIterable {
    case natt  // 00–06
    case morgon  // 06–10
    case formiddag  // 10–12
    case eftermiddag  // 12–18
    case kvall  // 18–24
    case dag  // 06–18

    /// Hours covered, start inclusive, end exclusive.
    public var hours: Range<Int> {
        switch self {
        case .natt: return 0..<6
        case .morgon: return 6..<10
        case .formiddag: return 10..<12
        case .eftermiddag: return 12..<18
        case .kvall: return 18..<24
        case .dag: return 6..<18
        }
    }

    /// Swedish word as written by people.
    public var swedish: String {
        switch self {
        case .natt: return "natt"
        case .morgon: return "morgon"
        case .formiddag: return "förmiddag"
        case .eftermiddag: return "eftermiddag"
        case .kvall: return "kväll"
        case .dag: return "dag"
        }
    }
}

public enum PoliceReported: String, Sendable, Hashable, Codable, CaseIterable {
    case yes, no, unknown
}
