import Domain

/// report-format.md, "Likely duplicates": an accepted incident with the same organisation, area and
/// date as one stored in the last 14 days, sharing a category, at a matching place, is named in the
/// acknowledgment (and stored all the same). Same place means the folded places contain one another.
public enum LikelyDuplicate {
    /// How far back stored incidents are compared.
    public static let days = 14

    /// A stored incident of the same organisation, area and date.
    public struct Candidate: Sendable, Hashable {
        public var reference: String
        public var place: String
        public var categories: [String]

        public init(reference: String, place: String, categories: [String]) {
            self.reference = reference
            self.place = place
            self.categories = categories
        }
    }

    /// For each incident, the earliest stored one it looks like, or nil.
    public static func earlier(_ incidents: [Incident], candidates: [[Candidate]]) -> [String?] {
        // Each place folded once: a report of several incidents compares them with the same candidates.
        var folded: [String: String] = [:]
        func key(_ place: String) -> String {
            if let known = folded[place] { return known }
            let key = PlaceKey.fold(place)
            folded[place] = key
            return key
        }
        return incidents.enumerated().map { index, incident in
            guard index < candidates.count else { return nil }
            let place = key(incident.place)
            return candidates[index].first { candidate in
                candidate.categories.contains(where: incident.categories.contains)
                    && PlaceKey.matches(folded: key(candidate.place), place)
            }?.reference
        }
    }
}
