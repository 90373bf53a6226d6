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

    @Test func forwardedReportWithShortNote() throws {
        let m = try parseMail(Self.forward, crlf: true)
        let body = m.readableBody()
        #expect(body.source == .plain)
        let inner = try #require(body.forwarded)
        #expect(inner.from?.first?.displayName == "Börje")
        let innerBody = inner.readableBody()
        #expect(innerBody.source == .html)
        #expect(innerBody.text == "Område: Råby")
        // The embedded message is one part of the outer message, not merged into it.
        #expect(m.allParts().count == 3)
    }

    @Test func forwardWithEmptyOuterText() throws {
        let m = try parseMail("""
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
        #expect(body.forwarded?.readableBody().text == "Område: Råby")
    }

    @Test func reportInOuterTextIsNotAForward() throws {
        let m = try parseMail("""
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
        """)
        #expect(m.readableBody().forwarded == nil)
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
