import Domain
import Testing

@testable import Statistics

/// The period report's sentence on its two halves, compared whole; the intervals are scipy's binomtest (exact) for
/// the same counts, scaled by the halves' lengths (91 and 90 days), rounded by hand.
@Suite struct HalvesSentenceTests {
    func sentence(_ before: Int, _ after: Int, days: (Double, Double) = (91, 90), _ language: Language = .swedish) throws -> String {
        let change = try #require(RateRatio.exact(before: before, beforeWeeks: days.0 / 7, after: after, afterWeeks: days.1 / 7))
        return HalvesSentence.text(change, series: "Råby", minimumEvents: 10, language: language)
    }

    @Test func aClearRise() throws {
        // 64 → 116: ratio 1.833, interval 1.339–2.527.
        #expect(
            try sentence(64, 116)
                == "Råby: en ökning från 4,9 till 9,0 händelser per vecka mellan periodens första och andra halva "
                + "(+83 %, 95 % intervall +34 % till +153 %).")
        #expect(
            try sentence(64, 116, .english)
                == "Råby: an increase from 4.9 to 9.0 incidents a week between the first and the second half of the period "
                + "(+83%, 95% interval +34% to +153%).")
    }

    @Test func aFallWithinChance() throws {
        // 30 → 24: ratio 0.809, interval 0.453–1.431.
        #expect(
            try sentence(30, 24)
                == "Råby: en minskning från 2,3 till 1,9 händelser per vecka mellan periodens första och andra halva "
                + "(−19 %, 95 % intervall −55 % till +43 %); förändringen ryms inom slumpens variation.")
    }

    @Test func ratesThatPrintTheSameAreAboutUnchanged() throws {
        // 13 → 13 in 91 and 90 days: ratio 1.011, interval 0.432–2.367.
        #expect(
            try sentence(13, 13)
                == "Råby: ungefär oförändrat 1,0 händelser per vecka under periodens båda halvor "
                + "(+1 %, 95 % intervall −57 % till +137 %); förändringen ryms inom slumpens variation.")
        // Halves of the same length: exactly 1, interval 0.411–2.434.
        #expect(
            try sentence(12, 12, days: (91, 91))
                == "Råby: oförändrat 0,9 händelser per vecka under periodens båda halvor "
                + "(0 %, 95 % intervall −59 % till +143 %); förändringen ryms inom slumpens variation.")
        #expect(try sentence(12, 12, days: (91, 91), .english).hasPrefix("Råby: unchanged at 0.9 incidents a week in both halves"))
    }

    @Test func noneInTheFirstHalf() throws {
        // 0 → 12: no ratio, the lower bound 2.81.
        #expect(
            try sentence(0, 12)
                == "Råby: en ökning från 0 till 0,9 händelser per vecka mellan periodens första och andra halva "
                + "(inga händelser under första halvan; 95 % intervall +181 % eller mer).")
    }

    @Test func tooFewForAConclusion() throws {
        #expect(
            try sentence(4, 3)
                == "Råby: för få händelser för en slutsats om förändringen (4 under första halvan och 3 under andra, färre än 10 tillsammans)."
        )
        #expect(try sentence(0, 0) == "Råby: för få händelser för en slutsats om förändringen (0 under första halvan och 0 under andra).")
        #expect(
            try sentence(4, 3, .english)
                == "Råby: too few incidents for a conclusion about the change (4 in the first half and 3 in the second, fewer than 10 together)."
        )
    }

    @Test(arguments: [(64, 116), (30, 24), (13, 13), (0, 12), (4, 3), (116, 64)])
    func neverCausal(_ before: Int, _ after: Int) throws {
        let sv = try sentence(before, after), en = try sentence(before, after, .english)
        #expect(!sv.lowercased().contains("effekt") && !sv.lowercased().contains("på grund av") && !sv.lowercased().contains("tack vare"))
        #expect(!en.lowercased().contains("effect") && !en.lowercased().contains("because") && !en.lowercased().contains("caused"))
    }
}
