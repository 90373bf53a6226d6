import Domain
import Foundation
import Testing

@testable import Reports

@Suite("Internals") struct InternalsTests {
    @Test(
        "fast folding equals TextFolding.fold",
        arguments: [
            "Område", "  ÅÄÖ  åäö éÉ ü ß  ", "Bäckby/Skälby", "Råby – Mimer", "a\u{a0}b", "x\u{2003}y", "Ærø Øre",
            "Med vänliga hälsningar", "naïve café", "\u{0041}\u{030A}ngström", "Ελλάδα", "日本", "tab\there", "“quoted”…",
        ])
    func folding(_ s: String) {
        #expect(Text.fold(s) == TextFolding.fold(s), "\(s)")
        #expect(Text.fold(Substring(s)) == TextFolding.fold(s), "\(s)")
    }

    @Test func localDateMatchesCalendar() {
        for s: Double in [0, 1536100000, 1540688400, 1540692000, 1553994000, 1554001200, -34560000] {
            let d = Date(timeIntervalSince1970: s)
            #expect(DateReading.localDate(d, stockholm) == LocalDate(d, in: stockholm), "\(s)")
        }
    }

    @Test func trimming() {
        #expect(Text.trim(Substring("  a b \u{a0}")) == "a b")
        #expect(Text.trim(Substring("\u{a0}\u{a0}")) == "")
        #expect(Text.trim(Substring("åäö")) == "åäö")
    }

    @Test func crlfAndOddSpacesAreNormalised() {
        let text = report().replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: ": ", with: ":\u{a0}")
        #expect(single(parse("\u{feff}" + text))?.area == "raby")
    }
}
