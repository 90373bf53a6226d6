import Domain
import Foundation
import Testing

@testable import Reports

@Suite("Zero reports and help requests") struct ZeroReportTests {
    @Test(
        "zero report lines",
        arguments: [
            "Inga händelser", "Inga händelser denna vecka", "Inget att rapportera", "Inget att rapportera denna vecka",
            "Inget nytt", "0", "0 händelser", "INGA HÄNDELSER.", "Inget nytt!", "inga handelser", "Inga händelser denna vecka :)",
            "Hej!\n\nInga händelser denna vecka.\n\nMvh Anna\n070-123 45 67", "Hej,\nInget att rapportera\nHälsningar",
        ])
    func zero(_ body: String) {
        let r = parse(body)
        #expect(r.isZeroReport, "\(body)")
        #expect(r.isAccepted && r.errors.isEmpty && r.incidents.isEmpty)
        #expect(r.week == ISOWeek(year: 2018, week: 36))
        #expect(!r.hasFieldLines)
    }

    @Test func fieldLinesMeanItIsNotAZeroReport() {
        let r = parse("Inga händelser\n" + report())
        #expect(!r.isZeroReport && r.incidents.count == 1)
        let bad = parse("Inga händelser\nOmråde: Råby")
        #expect(!bad.isZeroReport && !bad.isAccepted)
    }

    @Test func zeroLineInsideAQuoteDoesNotCount() {
        let r = parse("Hej\n\n> Inga händelser")
        #expect(!r.isZeroReport)
        #expect(r.errors.map(\.kind) == [.emptyReport])
    }

    @Test func emptyBodyIsRejected() {
        for body in ["", "\n\n", "Hej!\nSe bifogad fil.", "Mvh\nAnna\n0701234567"] {
            let r = parse(body)
            #expect(r.errors == [Diagnostic(kind: .emptyReport)], "\(body)")
            #expect(!r.isAccepted && !r.isHelpRequest)
            #expect(r.errors[0].expected(.swedish) != nil)
        }
    }

    @Test("help requests", arguments: ["hjälp", "Hjälp!", "HJALP?", "help", "Help?!", "Hej!\nhjälp\nMvh Anna"])
    func help(_ body: String) {
        let r = parse(body)
        #expect(r.isHelpRequest, "\(body)")
        // Not a report: rejected with the one "empty report" error; the reply sends the guide.
        #expect(!r.isAccepted)
        #expect(r.errors.map(\.kind) == [.emptyReport])
    }

    @Test func helpWithOtherTextIsNotAHelpRequest() {
        #expect(!parse("Jag behöver hjälp med rapporten").isHelpRequest)
        #expect(!parse("hjälp\n" + report()).isHelpRequest)
    }
}

@Suite("Personal data") struct RedactionTests {
    @Test(
        "redacted",
        arguments: [
            ("Pojke 850709-1234 greps", "Pojke [borttaget] greps"),
            ("pnr 19850709-1234.", "pnr [borttaget]."),
            ("pnr 198507091234", "pnr [borttaget]"),
            ("pnr 8507091234", "pnr [borttaget]"),
            ("född 20050709+1234", "född [borttaget]"),
            ("ring 070-123 45 67", "ring [borttaget]"),
            ("ring 0701234567 direkt", "ring [borttaget] direkt"),
            ("ring 070 123 45 67, tack", "ring [borttaget], tack"),
            ("ring +46 70 123 45 67", "ring [borttaget]"),
            ("ring +46701234567", "ring [borttaget]"),
            ("ring +46 (0)70-123 45 67", "ring [borttaget]"),
            ("växel 021-39 00 00", "växel [borttaget]"),
            ("växel 021-390000", "växel [borttaget]"),
            ("tel 08-123 456 78", "tel [borttaget]"),
            ("tel 0046 70 123 45 67", "tel [borttaget]"),
            ("mejla anna.andersson@mimer.example om mer", "mejla [borttaget] om mer"),
            ("<anna@mimer.example>", "<[borttaget]>"),
            ("ring 070-123 45 67 12 personer", "ring [borttaget] 12 personer"),
        ])
    func redacted(_ input: String, _ output: String) {
        let r = Redaction.redact(input)
        #expect(r.text == output, "\(input)")
        #expect(r.redacted)
    }

    @Test(
        "not redacted",
        arguments: [
            "Råbyvägen 12", "Råbyvägen 12B, uppgång 3", "2018-09-03 kl 21:30", "03.09.2018", "mellan 21-23", "ca 5-10 personer",
            "01-02-2018", "postnummer 722 10", "K123456-18", "ärende 2018/1234", "3/9-18", "kl 08 15 personer", "0 skadade",
            "Bussen 012 stannade", "anna at mimer", "1 000 kr i skador", "20180903",
        ])
    func notRedacted(_ input: String) {
        let r = Redaction.redact(input)
        #expect(r.text == input)
        #expect(!r.redacted, "\(input)")
    }

    @Test func freeTextFieldsAreRedactedAndFlagged() {
        let r = parse(
            report([
                "Plats": "Råbyvägen 12, ring 070-123 45 67", "Beskrivning": "Anmälare 850709-1234",
                "Åtgärd": "Kontakt anna@mimer.example",
            ]))
        let i = single(r)
        #expect(i?.place == "Råbyvägen 12, ring [borttaget]")
        #expect(i?.description == "Anmälare [borttaget]")
        #expect(i?.action == "Kontakt [borttaget]")
        #expect(i?.redacted == true && r.redacted)
    }

    @Test func otherFieldsAndCleanReportsAreNotFlagged() {
        let r = parse(report())
        #expect(single(r)?.redacted == false && !r.redacted)
    }

    @Test func onlyTheIncidentWithPersonalDataIsFlagged() {
        let r = parse(report() + "\n---\n" + report(["Beskrivning": "ring 0701234567"]))
        #expect(r.incidents.map(\.redacted) == [false, true])
        #expect(r.redacted)
    }
}

@Suite("Organisation field and diagnostics") struct OrganisationTests {
    @Test func honouredWhenTheSenderMayReportForOthers() {
        let r = parse("Organisation: Råbyskolan\n" + report(), organisation: polisen)
        #expect(r.namedOrganisation == "Råbyskolan")
        #expect(r.warnings.isEmpty && r.isAccepted)
        let syn = parse("Verksamhet: ICA Bäckby\n" + report(), organisation: polisen)
        #expect(syn.namedOrganisation == "ICA Bäckby")
    }

    @Test func ignoredWithAWarningOtherwise() {
        let r = parse("Organisation: Polisen\n" + report(), organisation: mimer)
        #expect(r.namedOrganisation == nil && r.isAccepted)
        #expect(r.warnings == [Diagnostic(incident: nil, field: "Organisation", line: 1, kind: .organisationIgnored(value: "Polisen"))])
        #expect(r.warnings[0].message(.swedish).contains("avsändarens organisation"))
        let unknown = parse("Avsändare: Polisen\n" + report(), organisation: nil)
        #expect(unknown.namedOrganisation == nil && unknown.warnings.count == 1)
    }

    @Test func organisationAloneBeforeMarkersIsNotAnIncident() {
        let r = parse(
            "Organisation: Mimer\n\nHändelse 1\n" + report() + "\nHändelse 2\n" + report(["Område": "Hammarby"]), organisation: polisen)
        #expect(r.incidents.count == 2 && r.errors.isEmpty)
        #expect(r.namedOrganisation == "Mimer")
    }

    @Test func oneErrorRejectsEverything() {
        let r = parse(report() + "\n---\n" + report(["Kategori": "klottring"]) + "\n---\n" + report())
        #expect(r.incidents.isEmpty && !r.isAccepted)
        #expect(r.errors.count == 1 && r.errors[0].incident == 2 && r.errors[0].line == 10)
    }

    @Test func diagnosticsAreCodable() throws {
        let d = Diagnostic(
            incident: 1, field: "Kategori", line: 4,
            kind: .unknownCategory(value: "x", suggestions: [catalog.category(code: "KLOT")!]))
        let data = try JSONEncoder().encode(d)
        #expect(try JSONDecoder().decode(Diagnostic.self, from: data) == d)
    }

    @Test func everyKindHasBothLanguages() {
        let kinds: [DiagnosticKind] = [
            .missingField, .unknownArea(value: "x", suggestions: ["Råby"]), .areaNotAllowed(area: "Råby"),
            .unparseableDate(value: "x"), .dateInFuture(date: day("2018-09-06")), .dateOld(date: day("2018-01-01"), days: 247),
            .unknownCategory(value: "x", suggestions: []), .badTime(value: "x"), .badPersons(value: "x"),
            .badSeverity(value: "x"), .badYesNo(value: "x"), .badCoordinates(value: "x"), .coordinatesOutOfRange,
            .ignoredLine(text: "x"), .emptyReport, .unknownPlaceType(value: "x"), .organisationIgnored(value: "x"),
            .conflictingOrganisation(value: "x"),
        ]
        for k in kinds {
            let d = Diagnostic(incident: 1, field: "Datum", line: 3, kind: k)
            #expect(!d.message(.swedish).isEmpty && !d.message(.english).isEmpty)
            #expect(d.message(.swedish) != d.message(.english), "\(k)")
        }
        let two = Diagnostic(
            kind: .unknownCategory(value: "hot och våld?", suggestions: [catalog.category(code: "HOT")!, catalog.category(code: "VALD")!]))
        #expect(two.message(.swedish) == "okänd kategori \"hot och våld?\" — menade du Hot / trakasserier (HOT) eller Våld (VALD)?")
    }
}

@Suite("Guide") struct GuideTests {
    @Test(arguments: Language.allCases)
    func exampleParsesAsAnAcceptedReport(_ language: Language) {
        let example = ReportGuide.example(catalog, language: language)
        let r = parse(example)
        let i = single(r)
        #expect(r.warnings.isEmpty)
        #expect(i?.area == "raby" && i?.categories == ["KLOT", "SKAD"] && i?.date == day("2018-09-04"))
        #expect(i?.timeFrom == "21:30" && i?.placeType == "trapphus" && i?.severity == 2 && i?.policeReported == PoliceReported.no)
    }

    @Test func exampleUsesTheConfiguredVocabulary() {
        let c = Catalog(areas: [Area(id: "x", name: "Xby")], categories: [Category(code: "A", name: "Alfa / beta")])
        let example = ReportGuide.example(c, language: .swedish)
        #expect(example.contains("Område: Xby") && example.contains("Kategori: Alfa / beta"))
        let r = ReportParser.parse(ReportInput(text: example, mailDate: instant(defaultMail), catalog: c))
        #expect(r.isAccepted)
        #expect(ReportGuide.fieldList(language: .swedish).contains("Område (obligatoriskt)"))
    }
}
