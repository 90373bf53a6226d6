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
}
