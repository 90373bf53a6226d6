import Domain
import Foundation
import Testing

@testable import Reports

/// The report-level `Trygghet` line (report-format.md v2, "Perceived safety").
@Suite("Perceived safety (Trygghet)") struct SafetyTests {
    static let zero = "Inga händelser"

    func rating(_ area: String, _ score: Int) -> SafetyRating { SafetyRating(area: area, score: score) }

    func safetyError(_ line: Int, _ kind: DiagnosticKind) -> Diagnostic {
        Diagnostic(incident: nil, field: "Trygghet", line: line, kind: kind)
    }

    @Test(
        "values",
        arguments: [
            ("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5), ("3 (varken eller)", 3), ("3/5", 3), ("3 / 5", 3),
            ("3 av 5", 3), ("4 of 5", 4), ("4.", 4), ("2 - otryggt", 2), ("3, lugn vecka", 3),
            ("1 = mycket otryggt", 1), ("mycket otryggt", 1), ("MYCKET OTRYGGT", 1), ("Mycket otrygg", 1),
            ("otryggt", 2), ("Otrygg", 2), ("varken eller", 3), ("Varken tryggt eller otryggt", 3), ("tryggt", 4),
            ("Tryggt!", 4), ("tryggt (4)", 4), ("mycket tryggt", 5), ("Väldigt tryggt", 5), ("very safe", 5),
        ])
    func values(_ value: String, _ score: Int) {
        let r = parse("\(Self.zero)\nTrygghet: \(value)", organisation: rabyskolan)
        #expect(r.errors.isEmpty && r.warnings.isEmpty, "\(value): \(r.errors.map { $0.message(.swedish) })")
        #expect(r.isAccepted && r.isZeroReport)
        #expect(r.safety == [rating("raby", score)], "\(value)")
    }

    @Test(
        "field names",
        arguments: [
            "Trygghet: 2", "TRYGGHET: 2", "trygghet = 2", "Trygghet - 2", "Upplevd trygghet: 2", "Trygghetsläge: 2",
            "Trygghetslage: 2", "Trygghetsläget: 2", "Safety: 2", "* Trygghet*: 2", "**Trygghet:** 2",
        ])
    func names(_ line: String) {
        let r = parse("\(Self.zero)\n\(line)", organisation: rabyskolan)
        #expect(r.errors.isEmpty, "\(line)")
        #expect(r.safety == [rating("raby", 2)], "\(line)")
    }

    @Test func perAreaLinesRateEachArea() {
        let r = parse("\(Self.zero)\nTrygghet Råby: 2\nTrygghet Hammarby: 4\nTrygghet Bäckby: 5")
        #expect(r.errors.isEmpty && r.warnings.isEmpty && r.isZeroReport)
        #expect(r.safety == [rating("raby", 2), rating("hammarby", 4), rating("backby-skalby", 5)])
    }

    @Test(
        "area after the name",
        arguments: [
            ("Trygghet Råby: 2", "raby"), ("Trygghet raby: 2", "raby"), ("trygghet RÅBY CENTRUM: 2", "raby"),
            ("Trygghet i Råby: 2", "raby"), ("Trygghet för Hammarby: 2", "hammarby"), ("Trygghet (Hammarby): 2", "hammarby"),
            ("Upplevd trygghet Bäckby/Skälby: 2", "backby-skalby"), ("Safety Skälby: 2", "backby-skalby"),
            ("Trygghetsläge Bäckby Skälby - 2", "backby-skalby"), ("* Trygghet Råby*: 2", "raby"),
        ])
    func areaAfterTheName(_ line: String, _ area: String) {
        let r = parse("\(Self.zero)\n\(line)")
        #expect(r.errors.isEmpty && r.warnings.isEmpty, "\(line): \(r.errors.map { $0.message(.swedish) })")
        #expect(r.safety == [rating(area, 2)], "\(line)")
    }

    @Test func plainLineFromAnOrganisationOfOneArea() {
        let r = parse("Hej!\n\nInga händelser denna vecka.\nTrygghet: 4\n\nMvh Anna", organisation: rabyskolan)
        #expect(r.isZeroReport && r.isAccepted && r.warnings.isEmpty)
        #expect(r.safety == [rating("raby", 4)])
    }

    @Test func plainLineWithTheIncidentsInOneArea() {
        let text = report() + "\n\nHändelse 2\n" + report(["Plats": "Råby centrum"]) + "\nTrygghet: 2"
        let r = parse(text)
        #expect(r.incidents.count == 2 && r.errors.isEmpty && r.warnings.isEmpty)
        #expect(r.safety == [rating("raby", 2)])
    }

    @Test func ambiguousPlainLineIsAWarningAndNotStored() {
        let text = report() + "\n---\n" + report(["Område": "Hammarby"]) + "\nTrygghet: 3"
        let r = parse(text)
        #expect(r.isAccepted && r.incidents.count == 2)
        #expect(r.safety.isEmpty)
        #expect(r.warnings == [safetyError(12, .safetyNeedsArea(score: 3, areas: ["Råby", "Hammarby"]))])
        let sv = r.warnings[0].message(.swedish)
        #expect(sv.contains("sparades inte") && sv.contains("\"Trygghet Råby: 3\" och \"Trygghet Hammarby: 3\""), "\(sv)")
        #expect(r.warnings[0].message(.english).contains("\"Trygghet Råby: 3\" and \"Trygghet Hammarby: 3\""))
        #expect(r.warnings[0].expected(.swedish) == "en rad per område: Trygghet Råby: 3; Trygghet Hammarby: 3")
    }

    @Test func plainLineInAZeroReportOfSeveralAreasNamesThem() {
        let r = parse("\(Self.zero)\nTrygghet: 4", organisation: mimer)
        #expect(r.isZeroReport && r.isAccepted && r.safety.isEmpty)
        #expect(r.warnings == [safetyError(2, .safetyNeedsArea(score: 4, areas: ["Råby", "Hammarby", "Bäckby/Skälby"]))])
        // An organisation without an area list reports for every area.
        #expect(parse("\(Self.zero)\nTrygghet: 4", organisation: polisen).warnings.count == 1)
    }

    @Test(
        "words after the name that name no area",
        arguments: ["Trygghet i området", "Trygghet (1-5)", "Trygghet v.36", "Trygghet denna vecka"])
    func generalWords(_ name: String) {
        let r = parse("\(Self.zero)\n\(name): 4", organisation: rabyskolan)
        #expect(r.errors.isEmpty, "\(name): \(r.errors.map { $0.message(.swedish) })")
        #expect(r.safety == [rating("raby", 4)], "\(name)")
    }

    @Test func betweenIncidentFieldsItNeitherClosesNorJoinsTheBlock() {
        let text = """
            Område: Råby
            Plats: Råbyvägen 12
            Trygghet: 2
            Datum: 2018-09-03
            Kategori: Klotter
            Beskrivning: Klotter på väggen
            och på dörren.
            Trygghet: 2
            Åtgärd: Sanerat
            """
        let r = parse(text)
        let i = single(r)
        #expect(i?.place == "Råbyvägen 12" && i?.description == "Klotter på väggen\noch på dörren." && i?.action == "Sanerat")
        #expect(r.warnings.isEmpty)
        #expect(r.safety == [rating("raby", 2)])
    }

    @Test func aLineAfterItDoesNotContinueTheFreeTextAboveIt() {
        let text = report() + "\nTrygghet: 2\nmer text"
        let r = parse(text)
        #expect(single(r)?.description == "Klotter på väggen.")
        #expect(r.warnings == [Diagnostic(incident: 1, field: "Trygghet", line: 7, kind: .ignoredLine(text: "mer text"))])
        #expect(r.safety == [rating("raby", 2)])
    }

    @Test func aSentenceStartingWithTheWordIsNoField() {
        let text = report(["Beskrivning": "Boende oroliga."]) + "\nTrygghet är viktigt för oss alla: vi följer upp."
        let r = parse(text)
        #expect(single(r)?.description == "Boende oroliga.\nTrygghet är viktigt för oss alla: vi följer upp.")
        #expect(r.safety.isEmpty)
        for prose in ["Trygghet och trivsel: möte på torsdag.", "Trygghet är viktigt: vi följer upp."] {
            let short = parse(report(["Beskrivning": "Boende oroliga."]) + "\n" + prose)
            #expect(short.errors.isEmpty && single(short)?.description == "Boende oroliga.\n" + prose, "\(prose)")
        }
    }

    @Test func valueOnTheNextLine() {
        let r = parse("\(Self.zero)\nTrygghet:\n4", organisation: rabyskolan)
        #expect(r.errors.isEmpty && r.safety == [rating("raby", 4)])
        // Left empty above the zero line, it does not take that line.
        let empty = parse("Trygghet:\n\n\(Self.zero)", organisation: rabyskolan)
        #expect(empty.isZeroReport && empty.isAccepted && empty.errors.isEmpty && empty.warnings.isEmpty)
        #expect(empty.safety.isEmpty)
    }

    @Test(
        "values off the scale",
        arguments: ["0", "6", "2.5", "2,5", "35", "-1", "3-4", "3 eller 4", "5 av 10", "3/4", "3 (tryggt)", "ganska bra", "inte tryggt"])
    func offTheScale(_ value: String) {
        let r = parse(report() + "\nTrygghet: \(value)")
        #expect(!r.isAccepted && r.incidents.isEmpty && r.safety.isEmpty, "\(value)")
        #expect(r.errors == [safetyError(6, .badSafety(value: value))], "\(value)")
        let sv = r.errors[0].message(.swedish)
        #expect(sv.contains("1 till 5") && sv.contains("1 (mycket otryggt)") && sv.contains("5 (mycket tryggt)"), "\(sv)")
        #expect(r.errors[0].message(.english).contains("very unsafe"))
        #expect(r.errors[0].expected(.swedish)?.contains("3 (varken eller)") == true)
    }

    @Test func badValueInAZeroReportRejectsIt() {
        let r = parse("\(Self.zero)\nTrygghet: 7", organisation: rabyskolan)
        #expect(!r.isAccepted && r.errors == [safetyError(2, .badSafety(value: "7"))])
    }

    @Test func anEmptyValueSaysNothing() {
        let r = parse(report() + "\nTrygghet:\nTrygghet Råby:")
        #expect(r.isAccepted && r.errors.isEmpty && r.warnings.isEmpty && r.safety.isEmpty)
    }

    @Test func unknownAreaIsAnErrorWithSuggestions() {
        let r = parse(report() + "\nTrygghet Rabu: 3")
        #expect(!r.isAccepted && r.safety.isEmpty)
        #expect(r.errors == [safetyError(6, .unknownArea(value: "Rabu", suggestions: ["Råby"]))])
        #expect(r.errors[0].message(.swedish) == "okänt område \"Rabu\" — menade du Råby?")
    }

    @Test func areaTheOrganisationDoesNotReportForIsAnError() {
        let r = parse("\(Self.zero)\nTrygghet Hammarby: 3", organisation: rabyskolan)
        #expect(!r.isAccepted && r.errors == [safetyError(2, .areaNotAllowed(area: "Hammarby"))])
        #expect(parse("\(Self.zero)\nTrygghet Hammarby: 3", organisation: polisen).safety == [rating("hammarby", 3)])
    }

    @Test func bothAreaAndValueWrongGiveBothErrors() {
        let r = parse("\(Self.zero)\nTrygghet Rabu: 9")
        #expect(r.errors.map(\.kind) == [.badSafety(value: "9"), .unknownArea(value: "Rabu", suggestions: ["Råby"])])
    }

    @Test func sameAreaTwiceKeepsTheFirstScore() {
        let r = parse("\(Self.zero)\nTrygghet Råby: 2\nTrygghet Hammarby: 3\nTrygghet Raby: 4\nTrygghet Råby: 2")
        #expect(r.isAccepted && r.errors.isEmpty)
        #expect(r.safety == [rating("raby", 2), rating("hammarby", 3)])
        #expect(r.warnings == [safetyError(4, .conflictingSafety(area: "Råby", kept: 2, ignored: 4))])
        #expect(r.warnings[0].message(.swedish) == "Trygghet för Råby anges två gånger med olika värden; 2 användes, inte 4")
        // A plain line that means Råby is Råby too.
        let plain = parse(report() + "\nTrygghet: 3\nTrygghet Råby: 5")
        #expect(plain.safety == [rating("raby", 3)])
        #expect(plain.warnings == [safetyError(7, .conflictingSafety(area: "Råby", kept: 3, ignored: 5))])
    }

    @Test func severalLinesInOneBlockDoNotStartIncidents() {
        let r = parse("Trygghet Råby: 2\n" + report() + "\nTrygghet Hammarby: 3\nTrygghet Råby: 2")
        #expect(r.incidents.count == 1 && r.errors.isEmpty && r.warnings.isEmpty)
        #expect(r.safety == [rating("raby", 2), rating("hammarby", 3)])
    }

    @Test func trygghetAloneIsNoReport() {
        let r = parse("Hej!\nTrygghet: 3\nMvh Anna", organisation: rabyskolan)
        #expect(!r.isAccepted && !r.isZeroReport && r.safety.isEmpty)
        #expect(r.errors == [Diagnostic(incident: nil, field: "Trygghet", line: 2, kind: .emptyReport)])
        #expect(r.errors[0].message(.swedish).contains("\"Inga händelser\""))
        #expect(r.errors[0].message(.english).contains("zero report"))
        #expect(r.errors[0].expected(.swedish)?.contains("tillsammans med Trygghet") == true)
        // Without it the error is the one it always was.
        #expect(parse("Hej!\nMvh Anna").errors == [Diagnostic(kind: .emptyReport)])
        #expect(Diagnostic(kind: .emptyReport).message(.swedish) != r.errors[0].message(.swedish))
    }

    @Test func quotedReplyBelowIsNotRead() {
        let quoted = report() + "\nTrygghet: 2\n\nDen 3 sep. 2018 kl. 21:10 skrev EST <est@vasteras.example>:\n> Trygghet Hammarby: 1"
        let r = parse(quoted)
        #expect(r.errors.isEmpty && r.warnings.isEmpty && r.safety == [rating("raby", 2)])
        let outlook =
            report() + "\n\nFrån: EST <est@vasteras.example>\nSkickat: den 3 september 2018 21:10\nTill: Anna\n\nTrygghet Hammarby: 1"
        #expect(parse(outlook).safety.isEmpty)
        let signature = "\(Self.zero)\n\nMvh Anna\nTrygghet: 1"
        #expect(parse(signature, organisation: rabyskolan).safety.isEmpty)
    }

    @Test func forwardersNoteAboveAForwardedReport() {
        let text =
            "Trygghet: 4\n\n---------- Forwarded message ---------\nFrom: a@b.example\nDate: Mon, 3 Sep 2018 at 21:10\n\n" + report()
        let r = parse(text)
        #expect(r.isForwarded && r.incidents.count == 1 && r.errors.isEmpty)
        #expect(r.safety == [rating("raby", 4)])
    }

    @Test func rejectedReportCarriesNoRatings() {
        let r = parse(report(["Kategori": "klottring"]) + "\nTrygghet: 3")
        #expect(!r.isAccepted && r.safety.isEmpty)
    }

    @Test func unknownAreasPastTheDiagnosticLimitAreCountedExactly() {
        let lines = (0..<40).map { "Trygghet Xby\($0): 3" }.joined(separator: "\n")
        let r = ReportParser.parse(
            ReportInput(
                text: "\(Self.zero)\n" + lines, mailDate: instant(defaultMail), timeZone: stockholm, catalog: catalog,
                organisation: mimer, limits: ReportLimits(maxDiagnostics: 10)))
        #expect(r.errors.count == 10)
        #expect(r.errors.last?.kind == .moreDiagnostics(count: 40 - 9))
        guard case .unknownArea(let value, _)? = r.errors.first?.kind else {
            Issue.record("expected an unknown area first: \(String(describing: r.errors.first))")
            return
        }
        #expect(value == "Xby0")
    }

    @Test func moreLinesThanAnyReportNeedsAreOneError() {
        // One per incident (50) and one per area (3).
        let limit = ReportLimits().maxIncidents + catalog.areas.count
        let atLimit = (0..<limit).map { "Trygghet Råby: \($0 % 5 + 1)" }.joined(separator: "\n")
        let read = parse("\(Self.zero)\n" + atLimit)
        // Every one read: each score other than the first is a warning.
        #expect(read.errors.isEmpty && read.safety == [rating("raby", 1)])
        #expect(read.warnings.count == (0..<limit).filter { $0 % 5 != 0 }.count)
        let many = (0..<100_000).map { _ in "Trygghet Rabu: 9" }.joined(separator: "\n")
        let r = parse("\(Self.zero)\n" + many)
        #expect(
            r.errors == [Diagnostic(incident: nil, field: "Trygghet", line: nil, kind: .tooManySafetyLines(count: 100_000, limit: limit))])
        #expect(!r.isAccepted && r.warnings.isEmpty)
        #expect(
            parse("\(Self.zero)\n" + atLimit + "\nTrygghet Råby: 1").errors.map(\.kind) == [
                .tooManySafetyLines(count: limit + 1, limit: limit)
            ])
    }

    @Test func messagesInBothLanguages() {
        let kinds: [DiagnosticKind] = [
            .badSafety(value: "x"), .safetyNeedsArea(score: 3, areas: ["Råby", "Hammarby"]), .safetyNeedsArea(score: 3, areas: []),
            .conflictingSafety(area: "Råby", kept: 2, ignored: 4), .tooManySafetyLines(count: 100, limit: 53),
        ]
        for k in kinds {
            let d = Diagnostic(incident: nil, field: "Trygghet", line: 3, kind: k)
            #expect(!d.message(.swedish).isEmpty && !d.message(.english).isEmpty)
            #expect(d.message(.swedish) != d.message(.english), "\(k)")
        }
        let long = Diagnostic(kind: .badSafety(value: String(repeating: "x", count: 10_000)))
        #expect(long.message(.swedish).count < 400)
    }

    @Test(arguments: Language.allCases)
    func guideExampleAndFieldListShowIt(_ language: Language) {
        let r = parse(ReportGuide.example(catalog, language: language))
        #expect(r.isAccepted && r.warnings.isEmpty && r.safety == [rating("raby", 3)])
        let list = ReportGuide.fieldList(language: language)
        #expect(list.contains("Trygghet: 1 (mycket otryggt"), "\(list)")
    }
}
