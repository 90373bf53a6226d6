import Domain
import Foundation
import Testing

@testable import Reports

/// Issue 11, second round: shapes real mail clients and habits produce.
@Suite struct SecondRoundTests {
    func parse(_ text: String, subject: String?, mail: String = defaultMail) -> ParsedReport {
        ReportParser.parse(
            ReportInput(
                text: text, subject: subject, mailDate: instant(mail), receivedAt: instant(mail), timeZone: stockholm,
                catalog: catalog, organisation: mimer))
    }

    static let forwarded = "Område: Råby\nPlats: Råbyvägen 12\nDatum: igår\nKategori: Klotter\nBeskrivning: Klotter på väggen."

    // MARK: 1. Forwards

    @Test func outlookHeaderBlockForwardIsReadAgainstItsSentDate() {
        let text =
            "________________________________\nFrån: Jonas Berg <jonas.berg@mimer.example>\n"
            + "Skickat: den 3 september 2018 21:10\nTill: Anna Lind <anna.lind@mimer.example>\nÄmne: Klotter\n\n" + Self.forwarded
        let r = parse(text, subject: "VB: Klotter")
        #expect(single(r)?.date == day("2018-09-02"))
        #expect(r.isForwarded)
    }

    @Test func outlookForMacDatumBlockAfterTheForwardersSignature() {
        let text =
            "Mvh\nAnna\n\nFrån: Jonas Berg <jonas.berg@mimer.example>\nDatum: måndag 3 september 2018 21:10\n"
            + "Till: Anna Lind <anna.lind@mimer.example>\nÄmne: SV: Klotter\n\n" + Self.forwarded
        // The forwarded mail was itself a reply (`SV:`): the outer `VB:` says forward.
        #expect(single(parse(text, subject: "VB: SV: Klotter"))?.date == day("2018-09-02"))
    }

    @Test func aReplySubjectMakesTheSameBlockAQuote() {
        let text = "Från: Jonas Berg <jonas.berg@mimer.example>\nSkickat: den 3 september 2018 21:10\nÄmne: Klotter\n\n" + Self.forwarded
        let r = parse(text, subject: "SV: Klotter")
        #expect(r.incidents.isEmpty)
        #expect(!r.isAccepted)
    }

    @Test(arguments: ["Vidarebefordrat mejl:", "Början på vidarebefordrat brev:"])
    func iPhoneForwardQuotedWithGreaterThan(_ marker: String) {
        let quoted = Self.forwarded.split(separator: "\n").map { "> " + $0 }.joined(separator: "\n")
        let text =
            "Se nedan\n\nSkickat från min iPhone\n\n\(marker)\n\n> Från: Jonas Berg <jonas.berg@mimer.example>\n"
            + "> Datum: 3 september 2018 kl. 21:10:33 CEST\n> Till: anna.lind@mimer.example\n> Ämne: Klotter\n> \n" + quoted
        let r = parse(text, subject: "Fwd: Klotter")
        #expect(single(r)?.date == day("2018-09-02"))
        #expect(r.incidents.first?.description == "Klotter på väggen.")
    }

    @Test func gmailSwedishForwardMarker() {
        let text =
            "---------- Vidarebefordrat meddelande ---------\nFrån: Jonas <jonas.berg@mimer.example>\n"
            + "Date: mån 3 sep. 2018 kl 21:10\nSubject: Klotter\nTo: <anna.lind@mimer.example>\n\n\n" + Self.forwarded
        #expect(single(parse(text, subject: "Fwd: Klotter"))?.date == day("2018-09-02"))
    }

    // MARK: 5. Labels

    @Test(
        arguments: [
            "*Område:* Hammarby", "Område – Hammarby", "Område — Hammarby", "• Område: Hammarby", "- Område: Hammarby",
            "* Område: Hammarby", "· Område: Hammarby", "\u{FEFF}Område: Hammarby",
        ])
    func dressedLabels(_ line: String) {
        let text = report(["Område": nil]).replacingOccurrences(of: "Plats:", with: line + "\nPlats:")
        #expect(single(parse(text, subject: nil))?.area == "hammarby", "\(line)")
    }

    // MARK: 6. Categories and headings

    @Test(arguments: [("Stök/ordningsstörning", ["STOK"]), ("Hot/trakasserier, Brand/anlagd brand", ["HOT", "BRND"])])
    func categoryNamesWithoutSpacesAroundTheSlash(_ value: String, _ codes: [String]) {
        #expect(single(parse(report(["Kategori": value]), subject: nil))?.categories == codes)
    }

    @Test func handelseOneOfThreeStartsABlock() {
        let text = ["Händelse 1 av 3", report(), "Händelse 2 av 3", report(["Område": "Hammarby"]), "Incident 3 of 3:", report()]
            .joined(separator: "\n")
        let r = parse(text, subject: nil)
        #expect(r.errors.isEmpty)
        #expect(r.incidents.map(\.area) == ["raby", "hammarby", "raby"])
        #expect(!FieldLines.isIncidentMarker("Händelse 1 av oss"))
    }

    // MARK: 7. Samordningsnummer

    @Test func samordningsnummerIsRemoved() {
        let inc = single(parse(report(["Beskrivning": "Han uppgav 850372-4411 och 19850372-4411."]), subject: nil))
        #expect(inc?.description == "Han uppgav [borttaget] och [borttaget].")
        #expect(inc?.redacted == true)
    }

    // MARK: 8. Dates and times

    @Test(
        arguments: [
            ("mån 3/9", "2018-09-03"), ("3:e september", "2018-09-03"), ("180903", "2018-09-03"), ("tis 4/9", "2018-09-04"),
        ])
    func dates(_ value: String, _ iso: String) {
        #expect(single(parse(report(["Datum": value]), subject: nil))?.date == day(iso), "\(value)")
    }

    @Test func timesAsPeopleSayThem() {
        #expect(Values.readTime("vid 22-tiden") == .clock(from: "22:00", to: nil))
        #expect(Values.readTime("under natten") == .part(.natt))
        #expect(Values.readTime("sent på kvällen") == .part(.kvall))
        #expect(Values.readTime("runt midnatt") == .clock(from: "00:00", to: nil))
        #expect(Values.readTime("någon gång i helgen") == nil)
        let inc = single(parse(report(["Datum": "igår sent på kvällen"]), subject: nil))
        #expect(inc?.date == day("2018-09-04"))
        #expect(inc?.timeOfDay == .kvall)
        let bad = parse(report(["Tid": "kväll eller natt"]), subject: nil)
        #expect(bad.errors.first?.kind == .badTime(value: "kväll eller natt"))
        #expect(bad.errors.first?.expected(.swedish)?.contains("natt, morgon") == true)
        #expect(bad.errors.first?.message(.swedish).contains("skriv en av dem (t.ex. kväll) eller klockslagen") == true)
        #expect(parse(report(["Tid": "xyz"]), subject: nil).errors.first?.message(.swedish) == "kunde inte läsa tiden \"xyz\"")
    }

    // MARK: 9. Coordinates

    static let coordinateCases: [(String, Double, Double)] = [
        ("59°37'N 16°33'E", 59 + 37.0 / 60, 16 + 33.0 / 60),
        ("59°37'12\"N, 16°33'05\"E", 59 + 37.0 / 60 + 12.0 / 3600, 16 + 33.0 / 60 + 5.0 / 3600),
        ("N 59° 37.2' E 16° 33.1'", 59 + 37.2 / 60, 16 + 33.1 / 60),
        ("59°37′N 16°33′Ö", 59 + 37.0 / 60, 16 + 33.0 / 60),
        ("16°33'E 59°37'N", 59 + 37.0 / 60, 16 + 33.0 / 60),
        ("https://www.google.com/maps/@59.61,16.55,17z", 59.61, 16.55),
        ("https://www.google.com/maps?q=59.61,16.55", 59.61, 16.55),
        ("https://maps.google.com/?q=59.61%2C16.55", 59.61, 16.55),
        ("https://www.google.com/maps/place/R%C3%A5byv%C3%A4gen/@59.6,16.5,17z/data=!3m1!4b1!4m5!3m4!3d59.61!4d16.55", 59.61, 16.55),
        ("https://maps.apple.com/?ll=59.61,16.55", 59.61, 16.55),
        ("https://maps.apple.com/?q=R%C3%A5by&sll=59.61,16.55&z=16", 59.61, 16.55),
        ("<https://www.openstreetmap.org/#map=17/59.61/16.55>", 59.61, 16.55),
        ("https://www.openstreetmap.org/?mlat=59.61&mlon=16.55#map=17/59.6/16.5", 59.61, 16.55),
    ]

    @Test(arguments: coordinateCases)
    func coordinates(_ value: String, _ lat: Double, _ lon: Double) {
        guard case .ok(let a, let o) = Values.readCoordinates(value) else {
            Issue.record("\(value) not read")
            return
        }
        #expect(abs(a - lat) < 1e-9 && abs(o - lon) < 1e-9, "\(value): \(a), \(o)")
    }

    @Test(arguments: ["https://goo.gl/maps/abc123", "59°37'N", "59°75'N 16°33'E", "vid kiosken", "N N N"])
    func unreadableCoordinates(_ value: String) {
        if case .ok = Values.readCoordinates(value) { Issue.record("\(value) read") }
    }

    @Test func coordinatesOutOfRangeInALink() {
        if case .outOfRange = Values.readCoordinates("https://www.google.com/maps/@95.61,16.55,17z") {
        } else {
            Issue.record("not out of range")
        }
    }

    // MARK: 10. Zero reports

    @Test func zeroReportInTheSubjectOnly() {
        let r = parse("\n\nSkickat från min iPhone\n", subject: "Inga händelser")
        #expect(r.isZeroReport && r.isAccepted)
        #expect(r.zeroReportWeek == nil)
        #expect(!parse("Hej\n\nRing mig", subject: "Inga händelser").isZeroReport)
    }

    @Test func zeroReportForANamedWeek() {
        // 2018-10-10 is in week 41.
        let r = parse("Nollrapport v.40", subject: nil, mail: "2018-10-10 09:00")
        #expect(r.isZeroReport && r.isAccepted)
        #expect(r.zeroReportWeek == ISOWeek(year: 2018, week: 40))
        let subject = parse("", subject: "EST nollrapport vecka 39", mail: "2018-10-10 09:00")
        #expect(subject.zeroReportWeek == ISOWeek(year: 2018, week: 39))
        let future = parse("Inga händelser v 42", subject: nil, mail: "2018-10-10 09:00")
        #expect(!future.isAccepted)
        #expect(future.errors.map(\.kind) == [.zeroReportWeekInFuture(week: 42)])
        #expect(future.errors.first?.line == 1)
        #expect(future.errors.first?.message(.swedish).contains("v.42") == true)
        // Week 52 named in week 2 is last year's.
        #expect(parse("Inga händelser v.52", subject: nil, mail: "2019-01-09 09:00").zeroReportWeek == ISOWeek(year: 2018, week: 52))
        #expect(parse("Inga händelser för v.41", subject: nil, mail: "2018-10-10 09:00").zeroReportWeek == ISOWeek(year: 2018, week: 41))
    }

    // MARK: 11. Did you mean

    @Test func areaTypoSuggestsTheArea() {
        let r = parse(report(["Område": "Råbyy"]), subject: nil)
        #expect(r.errors.first?.message(.swedish) == "okänt område \"Råbyy\" — menade du Råby?")
    }

    @Test func misspeltFieldNameSuggestsTheField() {
        let text = report(["Beskrivning": nil], extra: ["Beskrivnig: Klotter på väggen."])
        let r = parse(text, subject: nil)
        #expect(r.errors.count == 1)
        #expect(r.errors.first?.message(.swedish) == "okänt fält \"Beskrivnig\" — menade du Beskrivning?")
        #expect(r.errors.first?.field == "Beskrivning")
        #expect(r.errors.first?.line == 5)
        // Words that are not near a field name stay text.
        let prose = parse(report(["Beskrivning": "Vi såg:"], extra: ["Notera: porten var öppen", "Kontakt: vaktbolaget"]), subject: nil)
        #expect(single(prose)?.description == "Vi såg:\nNotera: porten var öppen\nKontakt: vaktbolaget")
    }

    @Test func manyMisspeltLinesAreLookedAtABoundedNumberOfTimes() {
        let text = report() + "\n" + String(repeating: "Xyzzyplugh: värde\n", count: 20_000)
        let r = parse(text, subject: nil)
        #expect(r.work.nearChecks == FieldLines.maxNearChecks)
        let typos = parse(report() + "\n" + String(repeating: "Beskrivnig: x\n", count: 20_000), subject: nil)
        #expect(typos.work.nearChecks == FieldLines.maxNearChecks)
        #expect(!typos.isAccepted)
    }

    @Test func aLongQuotedForwardIsUnquotedOnce() {
        let quoted = String(repeating: "> och mer text\n", count: 100_000)
        let text =
            "Vidarebefordrat mejl:\n\n> Från: Jonas <j@mimer.example>\n> Datum: 3 september 2018\n>\n"
            + Self.forwarded.split(separator: "\n").map { "> " + $0 }.joined(separator: "\n") + "\n" + quoted
            + String(repeating: "Vidarebefordrat mejl:\n> x\n", count: 10_000)
        let r = parse(text, subject: "Fwd: x")
        #expect(r.incidents.count == 1)
        #expect(r.work.freeTextBytesAppended < 5_100 + 200)
    }

    @Test func longHostileCoordinateValuesAreCheap() {
        let dashes = String(repeating: "-°'\" ", count: 400)
        if case .ok = Values.readCoordinates(dashes) { Issue.record("read") }
        let long = "https://www.google.com/maps/" + String(repeating: "@", count: 1_500)
        if case .ok = Values.readCoordinates(long) { Issue.record("read") }
        let r = parse(report(["Koordinater": String(repeating: "59°", count: 50_000)]), subject: nil)
        #expect(r.errors.map(\.field) == ["Koordinater"])
    }
}
