import Domain
import Testing

@testable import Reports

/// Issue 11, items 6 and 10: the gateway's own way of writing categories read back, and zero
/// reports said in other words.
@Suite struct OwnWordsTests {
    @Test(
        "categories as the acknowledgment writes them",
        arguments: [
            ("Klotter (KLOT), Skadegörelse (SKAD)", ["KLOT", "SKAD"]), ("Stök / ordningsstörning (STOK)", ["STOK"]),
            ("klotter (klot)", ["KLOT"]), ("Klotter (KLOT) och Brand / anlagd brand (BRND)", ["KLOT", "BRND"]),
        ])
    func categoriesWithCodes(_ value: String, _ codes: [String]) {
        #expect(single(parse(report(["Kategori": value])))?.categories == codes, "\(value)")
    }

    @Test func anUnknownWordInBracketsIsStillAnError() {
        let r = parse(report(["Kategori": "Klotter (grönt)"]))
        #expect(r.errors.map(\.field) == ["Kategori"])
    }

    @Test(
        "zero reports in other words",
        arguments: [
            "Ingenting att rapportera", "Inga incidenter denna vecka", "Lugn vecka, inget att rapportera.", "Inget nytt i veckan",
            "Allt lugnt, inga händelser denna vecka", "Inga incidenter att rapportera", "Nothing to report this week",
        ])
    func zeroInOtherWords(_ line: String) {
        let r = parse("Hej!\n\n\(line)\n\nMvh Anna")
        #expect(r.isZeroReport && r.isAccepted, "\(line)")
    }

    @Test(arguments: ["Inga problem med dörren", "Inget att rapportera om klottret, men", "Lugn vecka"])
    func notZeroReports(_ line: String) {
        #expect(!parse(line).isZeroReport, "\(line)")
    }

    @Test func numberedLabelsAndAByteOrderMark() {
        let numbered = parse("1. Område: Råby\n2. Plats: Råbyvägen 12\n3) Datum: 2018-09-03\n4. Kategori: Klotter\n5. Beskrivning: x")
        #expect(single(numbered)?.place == "Råbyvägen 12")
        let bom = parse("\u{FEFF}" + report())
        #expect(single(bom)?.area == "raby")
        // A numbered list inside a description stays text.
        let list = parse(report(["Beskrivning": "Vi såg:"], extra: ["1. En bil: brann", "2. Folk samlades"]))
        #expect(single(list)?.description == "Vi såg:\n1. En bil: brann\n2. Folk samlades")
    }
}
