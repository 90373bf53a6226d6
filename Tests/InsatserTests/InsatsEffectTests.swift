import Domain
import Insatser
import Statistics
import Testing

/// The change figures and the sentence on the cases a working group meets.
@Suite struct InsatsEffectTests {
    typealias F = Fixtures

    /// 40 → 6 in Råby over two 8-week windows while the comparison stays at 30 a window in each area.
    @Test func aClearlyWorkingInsats() throws {
        let effect = F.effect(F.insats(), Rows.counts(target: (40, 6), comparison: (30, 30)))
        #expect((effect.target.before, effect.target.after) == (40, 6))
        #expect((effect.comparison.before, effect.comparison.after) == (60, 60))
        #expect(effect.target.beforeRate == 5 && effect.target.afterRate == 0.75)
        let change = try #require(effect.targetChange)
        #expect(!change.isTooSmall)
        #expect(abs(try #require(change.target.ratio) - 0.15) < 1e-12)
        #expect(try #require(change.target.interval).upper < 1)
        #expect(change.comparison.ratio == 1)
        let difference = try #require(change.difference)
        #expect(abs(difference.difference - -34) < 1e-9)
        #expect(try #require(difference.interval).upper < 0)
        let sentence = try #require(effect.sentence(language: .swedish))
        #expect(sentence == ChangeSentence.text(change, area: "Råby", language: .swedish))
        #expect(sentence.hasPrefix("I Råby minskade antalet händelser från 5,0 till 0,8 per vecka (−85 %"))
        #expect(sentence.contains("Det är ungefär 34 färre händelser än om området hade följt jämförelsen"))
        #expect(!sentence.contains("slumpens variation"))
        #expect(effect.afterIncidents.count == 6)
    }

    @Test func anInsatsThatDoesNothing() throws {
        let effect = F.effect(F.insats(), Rows.counts(target: (40, 40), comparison: (30, 30)))
        let change = try #require(effect.targetChange)
        #expect(change.target.ratio == 1)
        #expect(try #require(change.target.interval).contains(1))
        #expect(try #require(change.difference?.interval).contains(0))
        let sentence = try #require(effect.sentence(language: .swedish))
        #expect(sentence.hasPrefix("I Råby var antalet händelser oförändrat, 5,0 per vecka"))
        #expect(sentence.contains("förändringen ryms inom slumpens variation"))
        #expect(sentence.contains("ungefär lika många händelser som om området hade följt jämförelsen"))
    }

    /// 4 + 3 is below the minimum of 10: the sentence says so and gives the counts, whatever the comparison did.
    @Test func tooFewEvents() throws {
        let effect = F.effect(F.insats(), Rows.counts(target: (4, 3), comparison: (30, 5)))
        let change = try #require(effect.targetChange)
        #expect(change.isTooSmall)
        let sentence = try #require(effect.sentence(language: .swedish))
        #expect(
            sentence
                == "I Råby är händelserna för få för en slutsats om förändringen: "
                + "4 händelser på 8 veckor före och 3 på 8 veckor efter (färre än 10 tillsammans).")
        let english = try #require(effect.sentence(language: .english))
        #expect(english.hasPrefix("In Råby there are too few incidents for a conclusion about the change: 4 incidents"))
        // The minimum is the configured one.
        #expect(F.effect(F.insats(), Rows.counts(target: (4, 3), comparison: (30, 5)), minimumEvents: 7).targetChange?.isTooSmall == false)
    }

    /// The place series has its own change, against the same comparison, and its own sentence naming the place.
    @Test func thePlaceSeries() throws {
        var rows = Rows.counts(target: (10, 10), comparison: (30, 30))
        rows.add(30, in: Rows.before, place: "Råby centrum")
        rows.add(3, in: Rows.after, place: "råby centrum")
        let effect = F.effect(F.insats(place: "Råby Centrum"), rows)
        let place = try #require(effect.place)
        #expect((place.before, place.after) == (30, 3))
        #expect((effect.target.before, effect.target.after) == (40, 13))
        let placeChange = try #require(effect.placeChange)
        #expect(abs(try #require(placeChange.target.ratio) - 0.1) < 1e-12)
        #expect(placeChange.comparison == effect.targetChange?.comparison)
        let sentence = try #require(effect.placeSentence(language: .swedish))
        #expect(sentence.hasPrefix("I Råby vid Råby Centrum minskade antalet händelser från 3,8 till 0,4 per vecka"))
        #expect(try #require(effect.placeSentence(language: .english)).hasPrefix("In Råby at Råby Centrum incidents went from"))
        #expect(effect.afterIncidents.filter(\.atPlace).count == 3)
    }

    /// Several target areas read as one list in the sentence; the comparison is what is left.
    @Test func severalTargetAreas() throws {
        let effect = F.effect(F.insats(areas: ["raby", "backby"]), Rows.counts(target: (40, 6), comparison: (30, 30)))
        #expect(effect.comparisonAreas == [F.hammarby])
        #expect((effect.target.before, effect.comparison.before) == (70, 30))
        #expect(try #require(effect.sentence(language: .swedish)).hasPrefix("I Råby och Bäckby/Skälby minskade"))
    }
}
