import Digest
import Testing

@Suite struct SparklineTests {
    @Test func rendering() {
        #expect(Sparkline.render([]) == "")
        #expect(Sparkline.render([0, 0, 0]) == "▁▁▁")
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([0, 3, 6]) == "▁▅█")
        #expect(Sparkline.render([1, 100]) == "▂█")  // a positive count never looks like none
        #expect(Sparkline.render([7, 7]) == "██")
        #expect(Sparkline.render([-3, 0, 2]) == "▁▁█")
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]).count == 15)
    }

    /// Means on the Trygghet scale: fixed ends, so a 3 is the same bar whatever else the weeks hold.
    @Test func fixedScale() {
        #expect(Sparkline.render([1, 5, 3, nil, 2.5], scale: 1...5) == "▁█▅·▄")
        #expect(Sparkline.render([3, 3], scale: 1...5) == Sparkline.render([3, 1], scale: 1...5).prefix(1) + "▅")
        #expect(Sparkline.render([0, 9], scale: 1...5) == "▁█", "values off the scale are clamped")
        #expect(Sparkline.render([nil, nil], scale: 1...5) == "··")
        #expect(Sparkline.render([], scale: 1...5) == "")
    }
}
