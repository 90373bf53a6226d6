import Domain
import Testing

@testable import Statistics

/// The sentences are compared whole: their numbers were checked against scipy's figures for the same counts
/// (binomtest, odds_ratio and the difference worked out in Python, rounded by hand).
@Suite struct ChangeSentenceTests {
    func change(_ before: Int, _ after: Int, comparison: (before: Int, after: Int), afterWeeks: Double) throws -> InsatsChange {
        try #require(
            InsatsChange(
                targetBefore: before, targetAfter: after, comparisonBefore: comparison.before, comparisonAfter: comparison.after,
                afterWeeks: afterWeeks))
    }

    func sentences(_ change: InsatsChange) -> (sv: String, en: String) {
        (
            ChangeSentence.text(change, area: "Råby", language: .swedish),
            ChangeSentence.text(change, area: "Råby", language: .english)
        )
    }

    /// Nothing causal in either language, and the Swedish names the change as a "förändring".
    func expectPlainWording(_ s: (sv: String, en: String), sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(s.sv.contains("förändring"), sourceLocation: sourceLocation)
        #expect(!s.sv.lowercased().contains("effekt"), sourceLocation: sourceLocation)
        #expect(!s.en.lowercased().contains("effect"), sourceLocation: sourceLocation)
        #expect(!s.en.lowercased().contains("caused"), sourceLocation: sourceLocation)
    }

    /// 40 in 8 weeks to 6 in 4: rate ratio 0.30 (interval 0.104–0.712); comparison 160 to 76, −5 %; expected
    /// 40·76/160 = 19, so 13 fewer (interval 2.97–19.9).
    @Test func aClearDecrease() throws {
        let s = sentences(try change(40, 6, comparison: (160, 76), afterWeeks: 4))
        #expect(
            s.sv
                == "I Råby minskade antalet händelser från 5,0 till 1,5 per vecka (−70 %, 95 % intervall −90 % till −29 %). "
                + "I jämförelseområdena var förändringen −5 %. "
                + "Det är ungefär 13 färre händelser än om området hade följt jämförelsen (intervall 3–20).")
        #expect(
            s.en
                == "In Råby incidents went from 5.0 to 1.5 a week (−70%, 95% interval −90% to −29%). "
                + "In the comparison areas the change was −5%. "
                + "That is about 13 fewer incidents than if the area had followed the comparison (interval 3–20).")
        expectPlainWording(s)
        #expect(!s.sv.contains("slumpens"))
    }

    /// 20 in 8 weeks and 20 in 8: no change, interval 0.51–1.96 holds 1, and so does the difference's.
    @Test func noChangeIsWithinChance() throws {
        let s = sentences(try change(20, 20, comparison: (80, 80), afterWeeks: 8))
        #expect(
            s.sv
                == "I Råby var antalet händelser oförändrat, 2,5 per vecka (0 %, 95 % intervall −49 % till +96 %); "
                + "förändringen ryms inom slumpens variation. I jämförelseområdena var förändringen 0 %. "
                + "Det är ungefär lika många händelser som om området hade följt jämförelsen "
                + "(intervall 16 färre till 14 fler; skillnaden ryms inom slumpens variation).")
        #expect(
            s.en
                == "In Råby incidents stayed at 2.5 a week (0%, 95% interval −49% to +96%); "
                + "the change is within what chance alone gives. In the comparison areas the change was 0%. "
                + "That is about as many incidents as if the area had followed the comparison "
                + "(interval 16 fewer to 14 more; the difference is within what chance alone gives).")
        expectPlainWording(s)
    }

    /// A decrease whose interval holds 1 still says so (30 in 8 weeks to 9 in 3.5: −31 %, −71 % to +48 %).
    @Test func aDecreaseWithinChanceSaysSo() throws {
        let s = sentences(try change(30, 9, comparison: (100, 48), afterWeeks: 3.5))
        #expect(s.sv.hasPrefix("I Råby minskade antalet händelser från 3,8 till 2,6 per vecka (−31 %, 95 % intervall −71 % till +48 %)"))
        #expect(s.sv.contains("(−31 %, 95 % intervall −71 % till +48 %); förändringen ryms inom slumpens variation."))
        #expect(s.sv.contains("ungefär 5 färre händelser än om området hade följt jämförelsen (intervall 14 färre till 5 fler;"))
        #expect(s.en.contains("the change is within what chance alone gives."))
        expectPlainWording(s)
    }

    /// 9 incidents together are too few (the rule is fewer than 10), 10 are not.
    @Test func tooFewEventsShowTheCounts() throws {
        let s = sentences(try change(6, 3, comparison: (100, 40), afterWeeks: 3.5))
        #expect(
            s.sv
                == "I Råby är händelserna för få för en slutsats om förändringen: "
                + "6 händelser på 8 veckor före och 3 på 3,5 veckor efter (färre än 10 tillsammans).")
        #expect(
            s.en
                == "In Råby there are too few incidents for a conclusion about the change: "
                + "6 incidents in the 8 weeks before and 3 in the 3.5 weeks after (fewer than 10 together).")
        expectPlainWording(s)
        let ten = sentences(try change(6, 4, comparison: (100, 40), afterWeeks: 3.5))
        #expect(ten.sv.hasPrefix("I Råby ökade antalet händelser från 0,8 till 1,1 per vecka (+52 %"))
        #expect(!ten.en.contains("too few"))
    }

    /// One incident, one week: the singular.
    @Test func tooFewUsesTheSingular() throws {
        let s = sentences(try change(1, 0, comparison: (5, 5), afterWeeks: 1))
        #expect(s.sv.hasSuffix("1 händelse på 8 veckor före och 0 på 1 vecka efter (färre än 10 tillsammans)."))
        #expect(s.en.hasSuffix("1 incident in the 8 weeks before and 0 in the 1 week after (fewer than 10 together)."))
    }

    /// No incidents before: no percentage, an interval without upper bound; the difference's upper bound is the
    /// observed count.
    @Test func zeroBefore() throws {
        let s = sentences(try change(0, 12, comparison: (60, 30), afterWeeks: 4))
        #expect(
            s.sv
                == "I Råby ökade antalet händelser från 0 till 3,0 per vecka (inga händelser före; 95 % intervall +456 % eller mer). "
                + "I jämförelseområdena var förändringen 0 %. "
                + "Det är ungefär 12 fler händelser än om området hade följt jämförelsen (intervall 7–12).")
        #expect(
            s.en
                == "In Råby incidents went from 0 to 3.0 a week (none before; 95% interval +456% or more). "
                + "In the comparison areas the change was 0%. "
                + "That is about 12 more incidents than if the area had followed the comparison (interval 7–12).")
        expectPlainWording(s)
    }

    /// No incidents after: −100 %, lower bound −100 %; the difference's lower bound is −expected = −7.5.
    @Test func zeroAfter() throws {
        let s = sentences(try change(15, 0, comparison: (60, 30), afterWeeks: 4))
        #expect(
            s.sv
                == "I Råby minskade antalet händelser från 1,9 till 0 per vecka (−100 %, 95 % intervall −100 % till −44 %). "
                + "I jämförelseområdena var förändringen 0 %. "
                + "Det är ungefär 8 färre händelser än om området hade följt jämförelsen (intervall 2–8).")
        #expect(
            s.en
                == "In Råby incidents went from 1.9 to 0 a week (−100%, 95% interval −100% to −44%). "
                + "In the comparison areas the change was 0%. "
                + "That is about 8 fewer incidents than if the area had followed the comparison (interval 2–8).")
        expectPlainWording(s)
    }

    /// Without comparison incidents (no other areas, or none there) the comparison says so and no difference is given.
    @Test func withoutAComparison() throws {
        let none = sentences(try change(20, 7, comparison: (0, 0), afterWeeks: 3.5))
        #expect(none.sv.hasSuffix("slumpens variation. I jämförelseområdena fanns inga händelser att jämföra med."))
        #expect(none.en.hasSuffix("The comparison areas had no incidents to compare with."))
        #expect(!none.sv.contains("följt jämförelsen"))
        let noneBefore = sentences(try change(20, 12, comparison: (0, 5), afterWeeks: 4))
        let noPercentage = "I jämförelseområdena fanns inga händelser före, så deras förändring kan inte anges i procent."
        #expect(noneBefore.sv.hasSuffix(noPercentage))
        #expect(!noneBefore.en.contains("followed the comparison"))
    }

    /// With a minimum of 0 a target without any incident is not "too small", but there is still nothing to compare.
    @Test func noIncidentsAtAll() throws {
        let empty = try #require(
            InsatsChange(targetBefore: 0, targetAfter: 0, comparisonBefore: 9, comparisonAfter: 9, afterWeeks: 2, minimumEvents: 0))
        #expect(
            ChangeSentence.text(empty, area: "Råby", language: .swedish)
                == "I Råby är händelserna för få för en slutsats om förändringen: "
                + "0 händelser på 8 veckor före och 0 på 2 veckor efter.")
    }

    /// Other levels than 95 % are named as such.
    @Test func theLevelFollowsAlpha() throws {
        let change = try #require(
            InsatsChange(targetBefore: 40, targetAfter: 6, comparisonBefore: 160, comparisonAfter: 76, afterWeeks: 4, alpha: 0.1))
        #expect(ChangeSentence.text(change, area: "Råby", language: .swedish).contains("(−70 %, 90 % intervall"))
        #expect(ChangeSentence.text(change, area: "Råby", language: .english).contains("(−70%, 90% interval"))
    }
}
