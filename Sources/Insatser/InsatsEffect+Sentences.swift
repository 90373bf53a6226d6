import Domain
import Statistics

extension InsatsEffect {
    /// The plain sentence a working group can read aloud about the target (`ChangeSentence`); nil without an after
    /// window, where `notMeasured(language:)` says why.
    public func sentence(language: Language) -> String? {
        targetChange.map { ChangeSentence.text($0, area: areaPhrase(language), language: language) }
    }

    /// The same for the place series: "I Råby vid Råby centrum minskade …"; nil without a place or an after window.
    public func placeSentence(language: Language) -> String? {
        guard let change = placeChange, let place = insats.place else { return nil }
        let area = InsatsLabels(language: language).atPlace(areas: areaPhrase(language), place: place)
        return ChangeSentence.text(change, area: area, language: language)
    }

    /// "Ingen mätning efter start ännu: mätningen börjar när första veckan är slut (söndag 2018-09-09)."
    public func notMeasured(language: Language) -> String {
        InsatsLabels(language: language).notMeasured(begins: windows.measurementBegins)
    }

    /// The target areas as a sentence names them: "Råby och Bäckby".
    func areaPhrase(_ language: Language) -> String { InsatsLabels(language: language).list(targetAreas.map(\.name)) }
}
