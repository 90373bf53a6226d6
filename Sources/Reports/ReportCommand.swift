import Domain

/// A correction or withdrawal read from a mail (report-format.md, "Corrections and withdrawals").
/// Whether the sender may change the incident is decided later, against what is stored.
public struct ReportCommand: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// Replace the fields the patch holds; the rest of the incident stays as it is.
        case correct(IncidentPatch)
        case withdraw
    }

    public var action: Action
    /// The normalised reference; nil for the bare verb, which means every incident the acknowledgment
    /// being answered named.
    public var reference: String?
    /// 1-based line of the command in the body.
    public var line: Int

    public init(action: Action, reference: String?, line: Int) {
        self.action = action
        self.reference = reference
        self.line = line
    }

    public var isWithdrawal: Bool { action == .withdraw }
}

/// The fields of an incident a correction gives, each read and checked as in a new report. An
/// optional field given empty clears it; a required one given empty is an error.
public struct IncidentPatch: Sendable, Hashable {
    /// The fields given, in the order of `ReportField`.
    public var fields: [ReportField] = []
    public var area: String?
    public var place: String?
    public var placeType: String?
    public var date: LocalDate?
    /// Set when `Tid` was given, or a time stood with the date.
    public var time: TimeValue?
    public var categories: [String]?
    public var description: String?
    public var persons: PersonsValue?
    public var severity: Int?
    public var policeReported: PoliceReported?
    public var action: String?
    public var recurring: Bool?
    public var coordinates: CoordinatesValue?
    /// Personal data was removed from a free-text value given.
    public var redacted = false

    public struct TimeValue: Sendable, Hashable { public var from: String?, to: String?, part: PartOfDay? }
    public struct PersonsValue: Sendable, Hashable { public var min: Int?, max: Int? }
    public struct CoordinatesValue: Sendable, Hashable { public var lat: Double?, lon: Double? }

    public init() {}

    public func has(_ field: ReportField) -> Bool { fields.contains(field) }

    /// The incident with the given fields replaced.
    public func applied(to old: Incident) -> Incident {
        var i = old
        if has(.area), let area { i.area = area }
        if has(.place), let place { i.place = place }
        if has(.placeType) { i.placeType = placeType }
        if has(.date), let date { i.date = date }
        if let t = time { i.timeFrom = t.from; i.timeTo = t.to; i.timeOfDay = t.part }
        if has(.category), let categories { i.categories = categories }
        if has(.description), let description { i.description = description }
        if has(.persons) { i.personsMin = persons?.min; i.personsMax = persons?.max }
        if has(.severity) { i.severity = severity }
        if has(.policeReported) { i.policeReported = policeReported }
        if has(.action) { i.action = action }
        if has(.recurring) { i.recurring = recurring }
        if has(.coordinates) { i.lat = coordinates?.lat; i.lon = coordinates?.lon }
        // Conservative: the stored text may still hold the earlier redaction's mark.
        i.redacted = old.redacted || redacted
        return i
    }
}
