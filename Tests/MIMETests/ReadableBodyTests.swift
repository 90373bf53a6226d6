import Testing

@testable import MIME

@Suite struct ReadableBodyTests {
    static let forward = """
        From: Anna <anna@mimer.se>
        Subject: Fwd: EST v.36
        Content-Type: multipart/mixed; boundary=f

        --f
        Content-Type: text/plain; charset=utf-8

        Hej, se bifogad rapport.

        Mvh
        Anna
        Tel: 021-123456
        --f
        Content-Type: message/rfc822
        Content-Disposition: attachment; filename="EST v.36.eml"

        From: =?utf-8?q?B=C3=B6rje?= <borje@vakt.se>
        Subject: EST v.36
        Content-Type: text/html; charset=iso-8859-1
        Content-Transfer-Encoding: quoted-printable

        <table><tr><td>Omr=E5de</td><td>R=E5by</td></tr></table>
        --f--
        """

    @Test func attachedMessageIsOfferedBesideTheOwnText() throws {
        let m = try parseMail(Self.forward, crlf: true)
        let body = m.readableBody()
        #expect(body.source == .plain)
        #expect(body.text.hasPrefix("Hej, se bifogad rapport."))
        let inner = try #require(m.firstAttachedMessage())
        #expect(inner.from?.first?.displayName == "Börje")
        let innerBody = inner.readableBody()
        #expect(innerBody.source == .html)
        #expect(innerBody.text == "Område: Råby")
        // The embedded message is one part of the outer message, not merged into it.
        #expect(m.allParts().count == 3)
    }

    @Test func attachedMessageUnderEmptyOuterText() throws {
        let m = try parseMail(
            """
            Content-Type: multipart/mixed; boundary=f

            --f
            Content-Type: message/rfc822

            Subject: inner

            Område: Råby
            --f--
            """)
        let body = m.readableBody()
        #expect(body.source == .none)
        #expect(body.text == "")
        #expect(m.firstAttachedMessage()?.readableBody().text == "Område: Råby")
    }

    @Test func noAttachedMessageInAPlainMultipart() throws {
        let m = try parseMail(
            """
            Content-Type: multipart/mixed; boundary=f

            --f
            Content-Type: text/plain

            Område: Råby
            --f
            Content-Type: application/pdf

            %PDF-
            --f--
            """)
        #expect(m.firstAttachedMessage() == nil)
    }

    @Test func plainMessageWithoutHeadersOrTypes() throws {
        let m = try parseMail("Subject: x\n\nOmråde: Råby\r\nPlats: Torget\r\n")
        let body = m.readableBody()
        #expect(body.source == .plain)
        #expect(body.text == "Område: Råby\nPlats: Torget\n")
    }

    @Test func nonTextMessageHasNoReadableBody() throws {
        let m = try parseMail("Content-Type: image/jpeg\nContent-Transfer-Encoding: base64\n\n/9j/4AAQ")
        #expect(m.readableBody().source == .none)
        #expect(m.root.decodedText() == nil)
    }
}
