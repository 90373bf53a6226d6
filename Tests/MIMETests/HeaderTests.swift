import Testing

@testable import MIME

@Suite struct HeaderTests {
    @Test(arguments: [false, true])
    func foldedAndDuplicateFields(crlf: Bool) throws {
        let m = try parseMail(
            """
            Received: from a by b;
            \tMon, 3 Sep 2018 21:10:00 +0200
            Received: from c by d
            Subject: EST v.36
             Råby – Mimer
            X-Empty:
            To: x@example.se

            body
            """, crlf: crlf)
        #expect(m.headers.all("received") == ["from a by b;\tMon, 3 Sep 2018 21:10:00 +0200", "from c by d"])
        #expect(m.headers.first("SUBJECT") == "EST v.36 Råby – Mimer")
        #expect(m.subject == "EST v.36 Råby – Mimer")
        #expect(m.headers.first("x-empty") == "")
        #expect(m.headers.contains("To"))
        #expect(!m.headers.contains("Cc"))
        #expect(m.headers.fields.count == 5)
        #expect(Array(m.headers).map(\.name) == ["Received", "Received", "Subject", "X-Empty", "To"])
        #expect(m.root.decodedText() == "body")
    }

    @Test func rawEightBitHeaderBytes() throws {
        var bytes =
            Array("Subject: Skadeg".utf8) + [0xF6] + Array("relse p".utf8) + [0xE5] + Array(" g".utf8) + [0xE5, 0x72, 0x64, 0x65, 0x6E]
        bytes += Array("\nX-UTF8: Område Råby\n\nbody".utf8)
        let m = try MailMessage.parse(bytes)
        #expect(m.subject == "Skadegörelse på gården")
        #expect(m.headers.first("X-UTF8") == "Område Råby")
    }

    @Test func valueKeepsEncodedWordsDecodedValueDecodes() throws {
        let m = try parseMail("Subject: =?utf-8?q?R=C3=A5by?= rapport\n\nx")
        let field = try #require(m.headers.fields.first)
        #expect(field.value == "=?utf-8?q?R=C3=A5by?= rapport")
        #expect(field.decodedValue == "Råby rapport")
        #expect(m.headers.decoded("subject") == "Råby rapport")
    }

    @Test func nonHeaderLineStartsBody() throws {
        let m = try parseMail("Subject: a\nOmråde: Råby\nPlats: torget\n")
        #expect(m.headers.fields.count == 1)
        #expect(m.root.decodedText() == "Område: Råby\nPlats: torget\n")
    }

    @Test func mboxFromLineAndNoBody() throws {
        let m = try parseMail("From someone@example.se Mon Sep  3 21:10:00 2018\nSubject: hej\n")
        #expect(m.subject == "hej")
        #expect(m.root.body.isEmpty)
    }

    @Test func messageIDsAndReferences() throws {
        let m = try parseMail(
            """
            Message-ID:  <abc@host.se>\u{20}
            In-Reply-To: <ack.EST-2018-000123.x@est.se>
            References: <a@b>,<c@d>
             <e@f>

            x
            """)
        #expect(m.messageID == "<abc@host.se>")
        #expect(m.inReplyTo == ["<ack.EST-2018-000123.x@est.se>"])
        #expect(m.references == ["<a@b>", "<c@d>", "<e@f>"])
        let bare = try parseMail("References: a@b, c@d\n\nx")
        #expect(bare.references == ["a@b", "c@d"])
    }
}
