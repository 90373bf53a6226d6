import Testing

@testable import MIME

@Suite struct FormatFlowedTests {
    @Test func joinsSoftBreaks() {
        #expect(
            FormatFlowed.unwrap("Beskrivning: ungdomar \nkastade sten \nmot bussen.\nTid: 21:30\n", delSp: false)
                == "Beskrivning: ungdomar kastade sten mot bussen.\nTid: 21:30\n")
    }

    @Test func delSpRemovesTheSoftSpace() {
        #expect(FormatFlowed.unwrap("Skadeg \nörelse\n", delSp: true) == "Skadegörelse\n")
        #expect(FormatFlowed.unwrap("Skadeg \nörelse\n", delSp: false) == "Skadeg örelse\n")
    }

    @Test func stuffingQuotesAndSignature() {
        let text = " >Från kanten\n> citat som \n> fortsätter\n-- \nAnna \nAndersson\n"
        #expect(FormatFlowed.unwrap(text, delSp: false) == ">Från kanten\n> citat som fortsätter\n-- \nAnna Andersson\n")
    }

    @Test func quoteDepthChangeEndsParagraph() {
        #expect(FormatFlowed.unwrap("a \n> b\n", delSp: false) == "a \n> b\n")
    }

    @Test func partDecodedTextHonoursParameters() throws {
        let m = try parseMail(
            """
            Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes

            Plats: Råbytorg \net 3\r
            """, crlf: true)
        #expect(m.root.decodedText() == "Plats: Råbytorget 3\n")
        #expect(m.root.decodedText(unwrapFlowed: false) == "Plats: Råbytorg \net 3\n")
        #expect(m.readableBody().text == "Plats: Råbytorget 3\n")
    }
}

@Suite struct HTMLTextTests {
    @Test func blocksAndBreaks() {
        let html = "<html><body><div>Område: Råby</div><p>Plats: Torget<br>Datum: igår</p>Tid: 21</body></html>"
        #expect(HTMLText.text(fromHTML: html) == "Område: Råby\nPlats: Torget\nDatum: igår\nTid: 21")
    }

    @Test func tables() {
        let html = """
            <table border=1>
              <tr><td>Område</td><td>Råby</td></tr>
              <tr><th>Plats:</th><td> Torget </td></tr>
              <tr><td>a</td><td>b</td><td>c</td></tr>
              <tr><td>Beskrivning</td><td>rad ett<br>rad två</td><td></td></tr>
              <tr><td>ensam</td>
              <tr><td>implicit<td>close
            </table>
            efter
            """
        #expect(
            HTMLText.text(fromHTML: html) == """
                Område: Råby
                Plats: Torget
                a
                b
                c
                Beskrivning: rad ett
                rad två
                ensam
                implicit: close
                efter
                """)
    }

    @Test func nestedTables() {
        let html =
            "<table><tr><td><table><tr><td>Område</td><td>Råby</td></tr><tr><td>Plats</td><td>Gård</td></tr></table></td></tr></table>"
        #expect(HTMLText.text(fromHTML: html) == "Område: Råby\nPlats: Gård")
    }

    @Test func entities() {
        #expect(
            HTMLText.text(fromHTML: "R&aring;by &auml;r &ouml;ppen&nbsp;&amp; fin &lt;3 &#229;&#xE5;&#XC5; &euro;&#150; &bogus; & &amp")
                == "Råby är öppen & fin <3 ååÅ €– &bogus; & &")
        #expect(HTMLText.text(fromHTML: "&#0;&#xD800;&#99999999999;") == "\u{FFFD}\u{FFFD}\u{FFFD}")
    }

    @Test func droppedContent() {
        let html = """
            <!DOCTYPE html><html><head><title>Titel</title><style>p { color: red }</style>
            <meta charset="utf-8"></head><body><!-- en kommentar <p>dold</p> -->
            <script type="text/javascript">document.write("<p>x</p>")</script>
            <![if !supportLists]>Synlig<![endif]><?xml version="1.0"?>
            <p class="MsoNormal" title='a > b'>Text</p>
            </body></html>
            """
        #expect(HTMLText.text(fromHTML: html) == "Synlig\nText")
    }

    @Test func blankLineRunsCollapse() {
        #expect(HTMLText.text(fromHTML: "a<br><br><br><br>b<br>  <br>\n<br>c") == "a\n\nb\n\nc")
    }

    @Test func whitespaceAndPre() {
        #expect(HTMLText.text(fromHTML: "  a\n   b\t c  ") == "a b c")
        #expect(HTMLText.text(fromHTML: "<pre>x  y\n  z</pre>") == "x  y\n  z")
    }

    @Test func brokenMarkup() {
        #expect(HTMLText.text(fromHTML: "a < b and c<3") == "a < b and c<3")
        #expect(HTMLText.text(fromHTML: "<p>unterminated <b") == "unterminated")
        #expect(HTMLText.text(fromHTML: "<!-- never closed") == "")
        #expect(HTMLText.text(fromHTML: "<script>never closed") == "")
        #expect(HTMLText.text(fromHTML: "</td></tr></table><td>x") == "x")
        #expect(HTMLText.text(fromHTML: "<head><title>t</title><body>kropp") == "kropp")
        #expect(HTMLText.text(fromHTML: "") == "")
    }

    @Test func deepTablesStayCheap() {
        let html = String(repeating: "<table><tr><td>", count: 2000) + "x" + String(repeating: "</td></tr></table>", count: 2000)
        #expect(HTMLText.text(fromHTML: html) == "x")
    }
}
