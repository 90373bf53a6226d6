import Domain
import ReadModels
import Statistics

/// How the picture changed where an insats acted (working-group.md §3), measured from plain rows: the target series
/// (its areas and categories), the place series when it names a place, and the comparison series (the same
/// categories in the other configured areas), with the change of the target and of the place against the
/// comparison. A figure, not a verdict: it says how the numbers moved, not why.
public struct InsatsEffect: Sendable, Hashable {
    public let reference: String
    public let insats: Insats
    public let windows: InsatsWindows
    /// The insats's areas as configured (an id no longer configured keeps its id as its name).
    public let targetAreas: [Area]
    /// The other configured areas.
    public let comparisonAreas: [Area]
    /// The insats's categories with their names; empty means every category.
    public let categories: [Category]
    /// The small-numbers rule the changes were measured with; kept here too for when there is no change yet.
    public let minimumEvents: Int
    public let target: InsatsSeries
    /// Nil when the insats names no place.
    public let place: InsatsSeries?
    public let comparison: InsatsSeries
    /// Nil without an after window; otherwise with the small-numbers rule applied (`isTooSmall`).
    public let targetChange: InsatsChange?
    /// Against the same comparison as the target; nil without a place or an after window.
    public let placeChange: InsatsChange?
    /// The target's incidents in the after window, oldest first.
    public let afterIncidents: [AfterIncident]

    public struct AfterIncident: Sendable, Hashable {
        public let row: InsatsEffectInput.IncidentRow
        /// Its categories' names, all of them (not only the insats's), in the row's order.
        public let categoryNames: [String]
        /// Whether it also counts in the place series.
        public let atPlace: Bool
    }

    /// What the store reads for `build`.
    public static func request(insats: Insats, windows: InsatsWindows) -> InsatsEffectInput.Request {
        InsatsEffectInput.Request(days: windows.span, categories: insats.categories)
    }

    /// - Parameters:
    ///   - areas: every configured area; those not in the insats form the comparison.
    ///   - categories: the configured categories, for their names.
    ///   - minimumEvents: the small-numbers rule (`effect.minimum_events`).
    public static func build(
        insats: Insats, reference: String, input: InsatsEffectInput, areas: [Area], categories: [Category] = [],
        windows: InsatsWindows, minimumEvents: Int
    ) -> InsatsEffect {
        let comparisonIDs = Set(areas.map(\.id)).subtracting(insats.areas)
        let concerned = input.incidents.filter { insats.concerns(categories: $0.categories) }
        let targetRows = concerned.filter { insats.areas.contains($0.area) }
        let placeRows = insats.place.map { place in targetRows.filter { PlaceKey.matches($0.place, place) } }
        let target = InsatsSeries(targetRows, windows: windows)
        let place = placeRows.map { InsatsSeries($0, windows: windows) }
        let comparison = InsatsSeries(concerned.filter { comparisonIDs.contains($0.area) }, windows: windows)

        func change(_ series: InsatsSeries) -> InsatsChange? {
            InsatsChange(
                targetBefore: series.before, targetAfter: series.after, comparisonBefore: comparison.before,
                comparisonAfter: comparison.after, beforeWeeks: windows.beforeWeeks, afterWeeks: windows.afterWeeks,
                minimumEvents: minimumEvents)
        }
        let atPlace = Set(placeRows ?? [])
        // A code no longer configured keeps its code as its name.
        func category(_ code: String) -> Category { categories.first { $0.code == code } ?? Category(code: code, name: code) }
        let afterIncidents =
            windows.after.map { after in
                targetRows.filter { after.contains($0.date) }.sorted { ($0.date, $0.reference) < ($1.date, $1.reference) }
                    .map { row in
                        AfterIncident(
                            row: row, categoryNames: row.categories.map { category($0).name },
                            atPlace: atPlace.contains(row))
                    }
            } ?? []
        return InsatsEffect(
            reference: reference, insats: insats, windows: windows,
            targetAreas: insats.areas.map { id in areas.first { $0.id == id } ?? Area(id: id, name: id) },
            comparisonAreas: areas.filter { comparisonIDs.contains($0.id) },
            categories: insats.categories.map(category),
            minimumEvents: minimumEvents, target: target, place: place, comparison: comparison, targetChange: change(target),
            placeChange: place.flatMap(change), afterIncidents: afterIncidents)
    }
}
