import Domain
import Foundation
import Testing

@testable import Reports

/// Hostile report bodies from issue 8: bounded work, bounded output, one clear answer.
@Suite struct HostileReportTests {
    func parse(_ text: String, limits: ReportLimits) -> ParsedReport {
        ReportParser.parse(
            ReportInput(
                text: text, mailDate: instant(defaultMail), receivedAt: instant(defaultMail), timeZone: stockholm,
                catalog: catalog, organisation: mimer, limits: limits))
    }

    // MARK: Continuation lines

    @Test func manyContinuationLinesAreAppendedOnce() {
        // Before: each line copied the whole value so far (600,000 lines: > 120 s).
        let lines = 300_000
        let text = report() + "\n" + String(repeating: "och mer text om det som hände\n", count: lines)
        let r = parse(text, limits: ReportLimits(maxDescriptionCharacters: 1_000_000))
        // Appending stops a line after the limit; nothing is appended twice.
        #expect(r.work.freeTextBytesAppended <= 1_000_000 + 100)
        let inc = single(r)
        #expect(inc?.description.count == 1_000_000)
        #expect(r.warnings.count == 1)
        #expect(r.warnings.first?.kind == .valueTruncated(limit: 1_000_000))
        #expect(r.warnings.first?.field == "Beskrivning")
    }

    @Test func continuationKeepsLineBreaksBelowTheLimit() {
        let text = report(["Beskrivning": "Första raden"]) + "\nandra raden\n\ntredje raden"
        #expect(single(parse(text, limits: ReportLimits()))?.description == "Första raden\nandra raden\n\ntredje raden")
    }

    // MARK: Field lengths

    @Test func longPlaceAndDescriptionAreCutWithAWarning() {
        let place = String(repeating: "Råbyvägen-", count: 100)
        let description = String(repeating: "ö", count: 7_000)
        let text = report(["Plats": place, "Beskrivning": description, "Åtgärd": description])
        let r = parse(text, limits: ReportLimits())
        let inc = single(r)
        #expect(inc?.place.count == 500)
        #expect(inc?.description.count == 5_000)
        #expect(inc?.action?.count == 5_000)
        #expect(r.warnings.map(\.field) == ["Plats", "Beskrivning", "Åtgärd"])
        #expect(r.warnings[0].message(.swedish).contains("500 tecken"))
        #expect(r.warnings[1].message(.english).contains("5000 characters"))
    }

    @Test func valuesAtTheLimitAreKeptWhole() {
        let r = parse(report(["Plats": String(repeating: "x", count: 500)]), limits: ReportLimits())
        #expect(single(r)?.place.count == 500)
        #expect(r.warnings.isEmpty)
    }

    // MARK: Incidents per mail

    static func incident(_ n: Int) -> String {
        "Område: Råby\nPlats: Råbyvägen \(n)\nDatum: 2018-09-03\nKategori: Klotter\nBeskrivning: Klotter nr \(n).\n"
    }

    @Test func moreIncidentsThanTheLimitGiveOneError() {
        let text = (1...20_000).map(Self.incident).joined(separator: "\n")
        let r = parse(text, limits: ReportLimits())
        #expect(!r.isAccepted)
        #expect(r.incidents.isEmpty)
        #expect(r.errors.count == 1)
        #expect(r.errors.first?.kind == .tooManyIncidents(count: 20_000, limit: 50))
        #expect(r.errors.first?.message(.swedish).contains("20000 händelser") == true)
        #expect(r.errors.first?.message(.english).contains("more than the 50") == true)
        #expect(r.work.blocksHeld == 51)
    }

    @Test func theLimitItselfIsAccepted() {
        let text = (1...50).map(Self.incident).joined(separator: "\n")
        let r = parse(text, limits: ReportLimits())
        #expect(r.isAccepted)
        #expect(r.incidents.count == 50)
        #expect(parse(text, limits: ReportLimits(maxIncidents: 49)).errors.map(\.kind) == [.tooManyIncidents(count: 50, limit: 49)])
    }

    @Test func manyPlatsLinesGiveOneError() {
        // Before: 200,000 Plats lines gave 800,000 errors.
        let r = parse(String(repeating: "Plats: Råbyvägen 12\n", count: 200_000), limits: ReportLimits())
        #expect(r.errors.map(\.kind) == [.tooManyIncidents(count: 200_000, limit: 50)])
    }

    // MARK: Diagnostics per mail

    @Test func diagnosticsAreCappedWithACountOfTheRest() {
        // Lines after a structured field are ignored with a warning each.
        let text = report(["Tid": "21:30"]) + "\n" + String(repeating: "en rad som inte är ett fält\n", count: 100_000)
        let r = parse(text, limits: ReportLimits())
        #expect(r.warnings.count == 200)
        #expect(r.warnings.last?.kind == .moreDiagnostics(count: 100_000 - 199))
        #expect(r.warnings.last?.message(.swedish) == "ytterligare 99801 anmärkningar visas inte")
        #expect(r.warnings.dropLast().allSatisfy { if case .ignoredLine = $0.kind { true } else { false } })
    }

    @Test func manyErrorsInTheBlocksAllowedAreCapped() {
        // 50 blocks, each with many unknown categories.
        let categories = (1...30).map { "okand\($0)" }.joined(separator: ", ")
        let text = (1...50).map { Self.incident($0).replacingOccurrences(of: "Kategori: Klotter", with: "Kategori: \(categories)") }.joined(
            separator: "\n")
        let r = parse(text, limits: ReportLimits())
        #expect(r.errors.count == 200)
        #expect(r.errors.last?.kind == .moreDiagnostics(count: 50 * 30 - 199))
    }

    @Test func aMillionUnknownCategoriesInOneValueAreCounted() {
        let value = (1...200_000).map { "x\($0)" }.joined(separator: ", ")
        let r = parse(report(["Kategori": value]), limits: ReportLimits())
        #expect(r.errors.count == 200)
        #expect(r.errors.last?.kind == .moreDiagnostics(count: 200_000 - 199))
    }

    // MARK: Suggestions

    @Test func suggestionsOnlyForShortValues() {
        let index = CatalogIndex.shared(for: catalog)
        #expect(index.suggestAreas("raaby") == ["Råby"])
        #expect(index.suggestCategories("klottring").map(\.code) == ["KLOT"])
        // A long value gets no edit distance at all (5.5 MB took 8.75 s).
        #expect(index.suggestAreas(String(repeating: "raaby ", count: 1_000_000)).isEmpty)
        #expect(index.suggestCategories(String(repeating: "klottring", count: 5)).isEmpty)
        let long = String(repeating: "Råbyy", count: 200_000)
        let r = parse(report(["Område": long]), limits: ReportLimits())
        guard case .unknownArea(_, let suggestions)? = r.errors.first?.kind else {
            Issue.record("expected an unknown area, got \(r.errors)")
            return
        }
        #expect(suggestions.isEmpty)
        // The value is quoted back cut short, not as a megabyte.
        #expect(r.errors.first!.message(.swedish).count < 200)
    }

    @Test func longStructuredValuesAreErrorsWithoutBeingRead() {
        let long = String(repeating: "3 sep 2018 ", count: 100_000)
        let r = parse(report(["Datum": long, "Tid": long, "Antal personer": long]), limits: ReportLimits())
        #expect(r.errors.map(\.field) == ["Datum", "Tid", "Antal personer"])
        #expect(r.errors.allSatisfy { $0.message(.english).count < 250 })
    }
}
