import Domain

/// The rows behind the change around one insats (working-group.md §3), so that measuring it needs no storage.
public struct InsatsEffectInput: Sendable, Hashable {
    /// Accepted incidents dated in `Request.days` with at least one of `Request.categories` (any category when that
    /// is empty), in every configured area: the comparison series is the other areas. One row per incident, however
    /// many categories it has.
    public var incidents: [IncidentRow]

    public init(incidents: [IncidentRow] = []) { self.incidents = incidents }

    /// What to read: the insats's before and after windows together, and the categories it is about.
    public struct Request: Sendable, Hashable {
        public var days: DateRange
        /// Category codes; empty means every category.
        public var categories: [String]

        public init(days: DateRange, categories: [String]) {
            self.days = days
            self.categories = categories
        }
    }

    public struct IncidentRow: Sendable, Hashable {
        /// `EST-2018-000123`: listed with the incidents behind the after window.
        public var reference: String
        public var date: LocalDate
        /// Area id.
        public var area: String
        /// Category codes.
        public var categories: [String]
        /// As reported; matched against the insats's place when it has one.
        public var place: String

        public init(reference: String, date: LocalDate, area: String, categories: [String], place: String) {
            self.reference = reference
            self.date = date
            self.area = area
            self.categories = categories
            self.place = place
        }
    }
}
