import Testing

@testable import MIME

@Suite struct TransferEncodingTests {
    private func qp(_ s: String) -> String {
        String(decoding: TransferEncoding.quotedPrintable(Array(s.utf8)[...]), as: UTF8.self)
    }

    private func b64(_ s: String) -> [UInt8] { TransferEncoding.base64(Array(s.utf8)) }

    @Test func quotedPrintable() {
        #expect(qp("Omr=C3=A5de: R=C3=A5by\n") == "Område: Råby\n")
        #expect(qp("lang rad som =\nbryts mjukt") == "lang rad som bryts mjukt")
        #expect(qp("soft with CRLF=\r\nand padding =  \r\nend") == "soft with CRLFand padding end")
        #expect(qp("trailing spaces   \nkept?") == "trailing spaces\nkept?")
        #expect(qp("lower =c3=a5 ok") == "lower å ok")
    }

    @Test func quotedPrintableBadEscapesStayLiteral() {
        #expect(qp("50=% rabatt =ZZ =4") == "50=% rabatt =ZZ =4")
        #expect(qp("ends with =4") == "ends with =4")
        #expect(qp("=") == "")
        #expect(qp("a=\n") == "a")
    }

    @Test func base64() {
        #expect(b64("T21yw6VkZTogUsOlYnk=") == Array("Område: Råby".utf8))
        #expect(b64("T21yw6VkZTogUsOlYnk") == Array("Område: Råby".utf8))
        #expect(b64("T21y\r\nw6Vk ZTog\tUsOl*Ynk=\r\n") == Array("Område: Råby".utf8))
        #expect(b64("!!!") == [])
        #expect(b64("QQ==QUI=") == Array("AAB".utf8))
        #expect(b64("Q") == [])
    }

    @Test func sevenEightBitAndBinaryPassThrough() throws {
        for cte in ["7bit", "8bit", "binary", "x-unknown"] {
            let m = try parseMail("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: \(cte.uppercased())\n\nR=C3=A5 Råby")
            #expect(m.root.transferEncoding == cte)
            #expect(m.root.decodedText() == "R=C3=A5 Råby")
        }
        let none = try parseMail("\nx")
        #expect(none.root.transferEncoding == "7bit")
    }

    @Test func encodedBodies() throws {
        let m = try parseMail(
            """
            Content-Type: multipart/mixed; boundary=XX

            --XX
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            Omr=E5de: R=E5by=
             och mer
            --XX
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: base64

            T21yw6VkZTog
            UsOlYnk
            --XX--
            """)
        #expect(m.root.children[0].decodedText() == "Område: Råby och mer")
        #expect(m.root.children[1].decodedText() == "Område: Råby")
    }
}

@Suite struct CharsetTests {
    let raby1252: [UInt8] = [0x52, 0xE5, 0x62, 0x79, 0x20, 0x96, 0x20, 0x80]

    @Test func declaredCharsets() {
        #expect(Charsets.decode(Array("Råby".utf8), charset: "UTF-8") == "Råby")
        #expect(Charsets.decode(Array("Råby".utf8), charset: "utf8") == "Råby")
        #expect(Charsets.decode([0x52, 0xE5, 0x62, 0x79], charset: "ISO-8859-1") == "Råby")
        #expect(Charsets.decode([0x52, 0xE5, 0x62, 0x79], charset: "latin1") == "Råby")
        #expect(Charsets.decode([0xA4, 0xBD], charset: "iso-8859-15") == "€œ")
        #expect(Charsets.decode([0xA4, 0xBD], charset: "iso-8859-1") == "¤½")
        for name in ["windows-1252", "cp1252", "windows1252", "\"Windows-1252\""] {
            #expect(Charsets.decode(raby1252, charset: name) == "Råby – €")
        }
        #expect(Charsets.decode(Array("plain".utf8), charset: "us-ascii") == "plain")
    }

    @Test func iconvCharsets() {
        // KOI8-R "привет"
        #expect(Charsets.decode([0xD0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], charset: "koi8-r") == "привет")
        // UTF-16LE "Rå"
        #expect(Charsets.decode([0x52, 0x00, 0xE5, 0x00], charset: "utf-16le") == "Rå")
        #expect(Charsets.decode([0x82, 0xA0], charset: "shift_jis") == "あ")
        #expect(Charsets.decode([0xC5], charset: "iso-8859-2") == "Ĺ")
    }

    @Test func undeclaredOrWrongFallsBack() {
        #expect(Charsets.decode(Array("Råby".utf8), charset: nil) == "Råby")
        #expect(Charsets.decode(raby1252, charset: nil) == "Råby – €")
        #expect(Charsets.decode(raby1252, charset: "utf-8") == "Råby – €")
        #expect(Charsets.decode(raby1252, charset: "us-ascii") == "Råby – €")
        #expect(Charsets.decode(Array("Råby".utf8), charset: "no-such-charset") == "Råby")
        #expect(Charsets.decode(raby1252, charset: "no-such-charset") == "Råby – €")
        // Invalid sequence for the declared iconv charset.
        #expect(Charsets.decode([0xFF, 0xFF, 0xFF], charset: "shift_jis") == "ÿÿÿ")
        #expect(Charsets.decode([UInt8](), charset: "koi8-r") == "")
    }
}
