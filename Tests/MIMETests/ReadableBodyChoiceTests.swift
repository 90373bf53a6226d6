import Testing

@testable import MIME

/// Issue 11, items 2–4: which text of a mail is read, and how an HTML table with a header row reads.
@Suite struct ReadableBodyChoiceTests {
    static let iPhoneTextPhotoText = """
        From: Anna <anna@mimer.example>
        Subject: Klotter
        Content-Type: multipart/mixed; boundary=Apple-Mail-1
        Mime-Version: 1.0 (1.0)

        --Apple-Mail-1
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        Omr=C3=A5de: R=C3=A5by
        Plats: R=C3=A5byv=C3=A4gen 12
        --Apple-Mail-1
        Content-Type: image/jpeg; name=image0.jpeg
        Content-Disposition: inline; filename=image0.jpeg
        Content-Transfer-Encoding: base64

        /9j/4AAQ
        --Apple-Mail-1
        Content-Type: text/plain; charset=us-ascii
        Content-Transfer-Encoding: 7bit

        Datum: 3/9
        --Apple-Mail-1--
        """

    @Test func everyInlineTextPartOfAMixedBodyInOrder() throws {
        let m = try parseMail(Self.iPhoneTextPhotoText, crlf: true)
        let body = m.readableBody()
        #expect(body.source == .plain)
        #expect(body.text == "Område: Råby\nPlats: Råbyvägen 12\nDatum: 3/9")
        // Python's get_body (and so the differential test's part) is still the first text part.
        #expect(m.preferredTextPart()?.decodedText() == "Område: Råby\nPlats: Råbyvägen 12")
    }

    @Test func anAttachedTextFileIsNotRead() throws {
        let text = Self.iPhoneTextPhotoText.replacingOccurrences(
            of: "Content-Type: text/plain; charset=us-ascii",
            with: "Content-Type: text/plain; charset=us-ascii\nContent-Disposition: attachment")
        #expect(try parseMail(text, crlf: true).readableBody().text == "Område: Råby\nPlats: Råbyvägen 12")
    }

    static func alternative(plain: String, html: String) -> String {
        """
        From: Anna <anna@mimer.example>
        Subject: Klotter
        Content-Type: multipart/alternative; boundary=b

        --b
        Content-Type: text/plain; charset=utf-8

        \(plain)
        --b
        Content-Type: text/html; charset=utf-8

        \(html)
        --b--
        """
    }

    static let goodHTML = "<p>Område: Råby</p><p>Plats: Råbyvägen 12</p><p>Datum: 3/9</p><p>Kategori: Klotter</p>"

    @Test(
        arguments: [
            "Område: Råby Plats: Råbyvägen 12 Datum: 3/9 Kategori: Klotter", "Detta meddelande är i HTML-format.",
            "Område\tPlats\tDatum\nRåby\tRåbyvägen 12\t3/9",
        ])
    func aBadPlainPartGivesWayToTheHTML(_ plain: String) throws {
        let body = try parseMail(Self.alternative(plain: plain, html: Self.goodHTML), crlf: true).readableBody()
        #expect(body.source == .html)
        #expect(body.text.hasPrefix("Område: Råby\nPlats: Råbyvägen 12"))
    }

    @Test(arguments: ["Område: Råby\nPlats: Råbyvägen 12\nDatum: 3/9", "Inga händelser"])
    func aGoodPlainPartIsKept(_ plain: String) throws {
        let html = plain == "Inga händelser" ? "<p>Inga händelser</p>" : Self.goodHTML
        let body = try parseMail(Self.alternative(plain: plain, html: html), crlf: true).readableBody()
        #expect(body.source == .plain)
        #expect(body.text == plain)
    }

    @Test func theDecisionCountsLabelLines() {
        #expect(PlainAlternative.shape("Område: Råby\n  Plats: x\nnot a label\n12:30 möte") == (4, 2))
        var rendered = false
        #expect(
            !PlainAlternative.lostStructure(
                plain: "Aa: 1\nBb: 2\nCc: 3",
                html: {
                    rendered = true; return ""
                }))
        #expect(!rendered, "a plain part with its labels never renders the HTML")
    }

    @Test func aTableWithAHeaderRowGivesOneBlockPerRow() {
        let html = """
            <table><tr><td>Område</td><td>Plats</td><td>Datum</td><td>Kategori</td></tr>
            <tr><td><p>Råby</p></td><td>Råbyvägen 12</td><td>3/9</td><td>Klotter</td></tr>
            <tr><td>Hammarby</td><td></td><td>4/9</td><td>Brand</td></tr></table>
            """
        #expect(
            HTMLText.text(fromHTML: html)
                == "Område: Råby\nPlats: Råbyvägen 12\nDatum: 3/9\nKategori: Klotter\n---\nOmråde: Hammarby\nDatum: 4/9\nKategori: Brand\n---"
        )
    }

    @Test func aHeaderRowAloneAndTwoColumnTablesStayAsTheyWere() {
        #expect(HTMLText.text(fromHTML: "<table><tr><td>A</td><td>B</td><td>C</td></tr></table>") == "A\nB\nC")
        #expect(
            HTMLText.text(fromHTML: "<table><tr><td>Område</td><td>Råby</td></tr><tr><td>Plats</td><td>X</td></tr></table>")
                == "Område: Råby\nPlats: X")
        #expect(
            HTMLText.text(fromHTML: "<table><tr><td>A</td><td>B</td><td>C</td></tr><tr><td>1</td><td>2</td></tr></table>")
                == "A\nB\nC\n1: 2")
    }

    @Test func aVeryLongHeadedTableIsLinear() {
        let rows = String(repeating: "<tr><td>Råby</td><td>x</td><td>3/9</td></tr>", count: 50_000)
        let text = HTMLText.text(fromHTML: "<table><tr><td>Område</td><td>Plats</td><td>Datum</td></tr>" + rows + "</table>")
        #expect(text.split(separator: "\n").count == 50_000 * 4)
    }

    @Test func aVeryWideTableIsLinear() {
        let header = "<tr>" + String(repeating: "<td>Kolumn</td>", count: 20_000) + "</tr>"
        let row = "<tr>" + String(repeating: "<td>x</td>", count: 20_000) + "</tr>"
        let text = HTMLText.text(fromHTML: "<table>" + header + String(repeating: row, count: 5) + "</table>")
        #expect(text.split(separator: "\n").count == 5 * 20_000 + 5)
    }
}
