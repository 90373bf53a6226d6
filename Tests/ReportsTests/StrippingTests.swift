import Domain
import Testing

@testable import Reports

@Suite("Quotes, signatures, closings") struct StrippingTests {
    /// A report followed by `tail`; the tail must not change the incident.
    func check(_ tail: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let r = parse(report() + "\n" + tail)
        #expect(r.errors.isEmpty, "\(r.errors.map { $0.message(.english) })", sourceLocation: sourceLocation)
        #expect(r.incidents.first?.description == "Klotter på väggen.", sourceLocation: sourceLocation)
        #expect(r.warnings.isEmpty, "\(r.warnings.map { $0.message(.english) })", sourceLocation: sourceLocation)
    }

    @Test func quotedLines() { check("> Område: Hammarby\n> Beskrivning: gammalt") }
    @Test func quotedLinesWithIndent() { check("  > tidigare text\nmer text") }
    @Test func signatureDelimiter() { check("-- \nAnna Andersson\n070-123 45 67") }
    @Test func signatureDelimiterWithoutTrailingSpace() { check("--\nAnna Andersson") }
    @Test func swedishReplyHeader() { check("Den 3 sep. 2018 kl. 21:10 skrev Anna Andersson <anna@mimer.example>:\n> Område: Hammarby") }
    @Test func gmailSwedishReplyHeader() { check("mån 3 sep. 2018 kl 21:10 skrev EST <est@vasteras.example>:\n> text") }
    @Test func wrappedReplyHeader() { check("Den 3 sep. 2018 kl. 21:10 skrev Anna Andersson <\nanna@mimer.example>:\n> text") }
    @Test func englishReplyHeader() { check("On Mon, 3 Sep 2018 at 21:10, Anna <anna@mimer.example> wrote:\n> text") }
    @Test func wrappedEnglishReplyHeader() { check("On Mon, 3 Sep 2018 at 21:10, Anna Andersson\n<anna@mimer.example> wrote:\n> text") }
    @Test func ursprungligtMeddelande() {
        check("-----Ursprungligt meddelande-----\nFrån: EST\nSkickat: den 3 september 2018 21:10\nÄmne: Re: EST\nOmråde: Hammarby")
    }
    @Test func originalMessage() { check("-----Original Message-----\nFrom: EST\nSent: Monday\nSubject: RE: x\nOmråde: Hammarby") }
    @Test func outlookSwedishHeaderBlock() {
        check(
            "________________________________\nFrån: EST <est@vasteras.example>\nSkickat: den 3 september 2018 21:10\nTill: Anna\nÄmne: SV: EST\n\nOmråde: Hammarby"
        )
    }
    @Test func outlookEnglishHeaderBlock() {
        check("From: EST <est@vasteras.example>\nSent: Monday, September 3, 2018 9:10 PM\nTo: Anna\nSubject: RE: EST\n\nOmråde: Hammarby")
    }

    @Test(
        "closing lines",
        arguments: [
            "Mvh", "Mvh,", "MVH", "mvh Anna", "Med vänlig hälsning", "Med vänliga hälsningar", "Vänliga hälsningar",
            "Vänligen", "Hälsningar", "Hälsning", "Best regards", "Regards", "Skickat från min iPhone",
            "Skickat från Outlook för Android", "Hämta Outlook för iOS", "Sent from my iPhone", "Sent from Outlook for iOS",
            "Med vänlig hälsning!", "Vänliga hälsningar.",
        ])
    func closing(_ line: String) {
        check("\n\(line)\nAnna Andersson\nBostads AB Mimer\nTel 070-123 45 67")
    }

    @Test func signatureTextIsNotStoredInTheDescription() {
        let r = parse(
            "Område: Råby\nPlats: Torget\nDatum: igår\nKategori: Klotter\nBeskrivning: Tags.\n\nMed vänliga hälsningar\nAnna Andersson\n070-123 45 67"
        )
        #expect(single(r)?.description == "Tags.")
        #expect(r.redacted == false)
    }

    @Test func fieldLinesAfterAQuoteAreNotRead() {
        let r = parse(
            "Hej!\n\nDen 3 sep. 2018 kl. 21:10 skrev EST <est@vasteras.example>:\n> "
                + report().replacingOccurrences(of: "\n", with: "\n> "))
        #expect(!r.hasFieldLines)
        #expect(r.errors.map(\.kind) == [.emptyReport])
    }

    @Test func replyToOurRejectionWithAnOutlookBlockIsNotAForward() {
        // Someone answers our rejection with an empty body: the quoted example must not be read.
        let text =
            "\nFrån: EST <est@vasteras.example>\nSkickat: den 3 september 2018 21:10\nTill: Anna\nÄmne: SV: Re: EST v.36 – Kunde inte registreras\n\n"
            + report()
        let r = parse(text)
        #expect(r.incidents.isEmpty)
        #expect(!r.hasFieldLines)
    }
}

@Suite("Inline forwards") struct ForwardTests {
    @Test func gmailForwardIsReadWithTheForwardedDate() {
        let text = """
            Se nedan.

            ---------- Forwarded message ---------
            From: Anna Andersson <anna@mimer.example>
            Date: Mon, 3 Sep 2018 at 21:10
            Subject: EST v.36
            To: Polisen <kommunpolis@polisen.example>


            \(report(["Datum": "igår"]))

            Mvh Anna
            """
        let r = parse(text, mail: "2018-09-05 10:00", organisation: polisen)
        #expect(r.referenceDate == day("2018-09-03"))
        #expect(r.week == ISOWeek(year: 2018, week: 36))
        #expect(single(r)?.date == day("2018-09-02"))
        #expect(r.isForwarded)
    }

    @Test func swedishForwardWithSignatureAbove() {
        let text = """
            Hej, vidarebefordrar från Mimer.
            Mvh
            Kommunpolisen
            070-111 22 33

            -------- Vidarebefordrat meddelande --------
            Ämne: EST
            Datum: mån 3 sep. 2018 kl 21:10
            Från: Anna <anna@mimer.example>
            Till: kommunpolis@polisen.example

            \(report(["Datum": "i går"]))
            """
        let r = parse(text, organisation: polisen)
        #expect(r.referenceDate == day("2018-09-03"))
        #expect(single(r)?.date == day("2018-09-02"))
    }

    @Test func outlookForwardAtTheTop() {
        let text = """
            ________________________________
            Från: Anna Andersson <anna@mimer.example>
            Skickat: den 3 september 2018 21:10
            Till: Kommunpolisen
            Ämne: EST v.36

            \(report(["Datum": "idag"]))
            """
        let r = parse(text, organisation: polisen)
        #expect(single(r)?.date == day("2018-09-03"))
    }

    @Test func outlookForwardWithANoteAboveIsRecognisedBySubject() {
        let text = """
            FYI

            From: Anna Andersson <anna@mimer.example>
            Sent: Monday, September 3, 2018 9:10 PM
            To: Kommunpolisen
            Subject: FW: EST v.36

            \(report(["Datum": "idag"]))
            """
        let r = parse(text, organisation: polisen)
        #expect(single(r)?.date == day("2018-09-03"))
    }

    @Test func forwardHeaderWithZoneIsConvertedToLocalTime() {
        // 23:30 UTC on the 3rd is 01:30 on the 4th in Stockholm.
        let text =
            "---------- Forwarded message ---------\nFrom: a@b.example\nDate: Mon, 3 Sep 2018 23:30:00 +0000\n\n"
            + report(["Datum": "idag"])
        #expect(single(parse(text))?.date == day("2018-09-04"))
    }

    @Test(
        "forward header dates",
        arguments: [
            "Mon, 3 Sep 2018 at 21:10", "mån 3 sep. 2018 kl 21:10", "den 3 september 2018 21:10", "Monday, September 3, 2018 9:10 PM",
            "2018-09-03 21:10", "3 september 2018 kl. 21:10:00 CEST", "Mon, Sep 3, 2018 at 9:10 PM", "måndag 3 september 2018 21:10",
        ])
    func headerDates(_ value: String) {
        #expect(
            DateReading.headerDate(Substring(value), reference: day("2018-09-05"), timeZone: stockholm) == day("2018-09-03"), "\(value)")
    }

    @Test func forwardWithoutADateUsesTheMailDate() {
        let text = "---------- Forwarded message ---------\nFrom: a@b.example\nSubject: EST\n\n" + report(["Datum": "idag"])
        let r = parse(text)
        #expect(r.referenceDate == day("2018-09-05"))
        #expect(single(r)?.date == day("2018-09-05"))
    }

    @Test func aReportAboveAForwardIsReadAndTheForwardIgnored() {
        let text =
            report() + "\n\n---------- Forwarded message ---------\nFrom: a@b.example\nDate: Mon, 3 Sep 2018 at 21:10\n\n"
            + report(["Område": "Hammarby"])
        let r = parse(text)
        #expect(r.incidents.map(\.area) == ["raby"])
        #expect(r.referenceDate == day("2018-09-05"))
        #expect(!r.isForwarded)
    }

    @Test func forwardedMailCanHoldItsOwnQuote() {
        let text =
            "---------- Forwarded message ---------\nFrom: a@b.example\nDate: Mon, 3 Sep 2018 at 21:10\n\n" + report()
            + "\n\nDen 2 sep. 2018 kl. 10:00 skrev EST <est@vasteras.example>:\n> Område: Hammarby"
        #expect(parse(text).incidents.map(\.area) == ["raby"])
    }

    @Test func organisationFieldAboveAForwardIsHonouredForThePolice() {
        let text =
            "Organisation: Bostads AB Mimer\n\n---------- Forwarded message ---------\nFrom: a@b.example\nDate: Mon, 3 Sep 2018 at 21:10\n\n"
            + report()
        let r = parse(text, organisation: polisen)
        #expect(r.namedOrganisation == "Bostads AB Mimer")
        #expect(r.incidents.count == 1)
    }
}
