import Foundation
import Intake
import MIME
import Testing

/// Which text a report is read from: the decision that a short note above an attached message
/// means "read the attached report" (moved here from the MIME reader, which only offers both).
@Suite struct ReportSourceTests {
    static func message(_ text: String) throws -> MailMessage {
        try MailMessage.parse(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    }

    /// A forwarding note with a greeting, a signature and a phone line above the attached report.
    static let forward = """
        Date: Mon, 10 Sep 2018 08:00:00 +0200
        Content-Type: multipart/mixed; boundary=f

        --f

        Se bifogad rapport.
        Mvh Anna
        Tel: 021-123456
        --f
        Content-Type: message/rfc822

        From: Börje <borje@vakt.se>
        Date: Wed, 5 Sep 2018 21:10:00 +0200

        Område: Råby
        --f--
        """

    @Test func shortNoteAboveAttachedMessageReadsTheAttachment() throws {
        let outer = try Self.message(Self.forward)
        let source = ReportSource(outer)
        #expect(source.text == "Område: Råby")
        let forwarded = try #require(source.forwarded)
        #expect(forwarded.from?.first?.displayName == "Börje")
        // Dated by the attached message's own Date, not the forward's.
        #expect(source.mailDate == forwarded.date)
        #expect(source.mailDate != outer.date)
    }

    @Test func aMailThatIsOnlyAnAttachedMessageReadsIt() throws {
        // No text of its own at all: the whole mail is the attached message.
        let source = ReportSource(try Self.message("Content-Type: message/rfc822\n\nSubject: inner\n\nOmråde: Råby\n"))
        #expect(source.forwarded?.subject == "inner")
        #expect(source.text == "Område: Råby\n")
    }

    @Test func reportInOuterTextIsNotAForward() throws {
        let source = ReportSource(
            try Self.message(
                """
                Content-Type: multipart/mixed; boundary=f

                --f
                Content-Type: text/plain

                Område: Råby
                Plats: Torget
                Datum: igår
                Kategori: SKAD
                Beskrivning: krossad ruta
                --f
                Content-Type: message/rfc822

                Subject: old

                old stuff
                --f--
                """))
        #expect(source.forwarded == nil)
        #expect(source.text.hasPrefix("Område: Råby\nPlats: Torget"))
    }
}
