import Testing

@testable import MIME

/// One test per defect kind: the defect is recorded, and what is read is what the reader read
/// before it recorded defects (the parse itself never changes for them).
@Suite struct DefectTests {
    static func codes(_ m: MailMessage) -> [String] { m.defects.map { "\($0.part)|\($0.defect.code)" } }

    @Test func wellFormedMailHasNoDefects() throws {
        let m = try parseMail(MultipartTests.outlookStyle, crlf: true)
        #expect(m.allParts().count > 3)
        #expect(m.defects.isEmpty)
    }

    @Test func missingClosingBoundary() throws {
        let m = try parseMail("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhej\n--b\n\nsecond\n")
        #expect(m.root.children.map { String(decoding: $0.body, as: UTF8.self) } == ["hej", "second\n"])
        #expect(m.root.defects == [.missingClosingBoundary])
        #expect(Self.codes(m) == ["|missing-closing-boundary"])
    }

    @Test func boundaryNotFound() throws {
        let m = try parseMail("Content-Type: multipart/mixed; boundary=b\n\n--other\n\nhej\n")
        #expect(m.root.children.isEmpty)
        #expect(m.root.body == Array("--other\n\nhej\n".utf8))
        #expect(Self.codes(m) == ["|boundary-not-found"])
    }

    @Test func missingBoundaryParameter() throws {
        let m = try parseMail("Content-Type: multipart/mixed\n\n--b\n\nhej\n")
        #expect(m.root.children.isEmpty)
        #expect(m.root.body == Array("--b\n\nhej\n".utf8))
        #expect(Self.codes(m) == ["|missing-boundary-parameter"])
    }

    @Test func invalidContentType() throws {
        let m = try parseMail("Content-Type: texthtml; charset=utf-8\n\n<b>hej</b>")
        #expect(m.root.contentType == .textPlain)
        #expect(m.readableBody().text == "<b>hej</b>")
        #expect(Self.codes(m) == ["|invalid-content-type"])
        // Absent is RFC 2045's default, not a repair.
        #expect(try parseMail("Subject: x\n\nhej").defects.isEmpty)
    }

    @Test func unknownTransferEncoding() throws {
        let m = try parseMail("Content-Transfer-Encoding: X-UUEncode\n\nbegin 644 a.txt\n")
        #expect(m.root.transferEncoding == "x-uuencode")
        #expect(m.root.body == Array("begin 644 a.txt\n".utf8))
        #expect(m.root.defects == [.unknownTransferEncoding("x-uuencode")])
        #expect(Self.codes(m) == ["|unknown-transfer-encoding"])
    }

    @Test func namesFromTheMessageAreCut() throws {
        let long = String(repeating: "x", count: 10_000)
        let m = try parseMail("Content-Transfer-Encoding: \(long)\n\nhej")
        #expect(m.root.defects == [.unknownTransferEncoding(String(repeating: "x", count: Defect.maxNameLength) + "…")])
    }

    @Test func invalidBase64Characters() throws {
        let m = try parseMail("Content-Transfer-Encoding: base64\n\nQU*JD\nRE.VG\n")
        #expect(m.root.body == Array("ABCDEF".utf8))
        // One broken body is one defect, however many bad characters it holds.
        #expect(Self.codes(m) == ["|invalid-base64-characters"])
    }

    @Test func invalidBase64Padding() throws {
        let unpadded = try parseMail("Content-Transfer-Encoding: base64\n\nQUJDRA\n")
        #expect(unpadded.root.body == Array("ABCD".utf8))
        #expect(Self.codes(unpadded) == ["|invalid-base64-padding"])
        let lone = try parseMail("Content-Transfer-Encoding: base64\n\nQUJDR\n")
        #expect(lone.root.body == Array("ABC".utf8))
        #expect(Self.codes(lone) == ["|invalid-base64-padding"])
        #expect(try parseMail("Content-Transfer-Encoding: base64\n\nQUJDRA==\r\n").defects.isEmpty)
    }

    @Test func invalidQuotedPrintable() throws {
        let m = try parseMail("Content-Transfer-Encoding: quoted-printable\n\na=ZZb=4")
        #expect(m.root.body == Array("a=ZZb=4".utf8))
        #expect(Self.codes(m) == ["|invalid-quoted-printable"])
        #expect(try parseMail("Content-Transfer-Encoding: quoted-printable\n\nR=C3=A5by=\n").defects.isEmpty)
    }

    @Test func unknownCharset() throws {
        let m = try parseMail("Content-Type: text/plain; charset=x-klingon\n\nhej")
        #expect(m.root.decodedText() == "hej")
        #expect(m.root.defects == [.unknownCharset("x-klingon")])
        #expect(Self.codes(m) == ["|unknown-charset"])
    }

    @Test func undecodableText() throws {
        let declared = try MailMessage.parse(Array("Content-Type: text/plain; charset=utf-8\n\nR".utf8) + [0xE5] + Array("by".utf8))
        #expect(declared.root.decodedText() == "Råby")
        #expect(declared.root.defects == [.undecodableText(charset: "utf-8")])
        // Without a Content-Type the default text/plain; charset=us-ascii applies.
        let untyped = try MailMessage.parse(Array("Subject: x\n\nR".utf8) + [0xE5] + Array("by".utf8))
        #expect(untyped.root.decodedText() == "Råby")
        #expect(untyped.root.defects == [.undecodableText(charset: "us-ascii")])
        let undeclared = try MailMessage.parse(Array("Content-Type: text/plain\n\nR".utf8) + [0xE5] + Array("by".utf8))
        #expect(undeclared.root.decodedText() == "Råby")
        #expect(undeclared.root.defects == [.undecodableText(charset: "")])
        // Through iconv: ISO-2022-JP is a 7-bit charset.
        let iconv = try MailMessage.parse(Array("Content-Type: text/plain; charset=iso-2022-jp\n\nR".utf8) + [0xE5] + Array("by".utf8))
        #expect(iconv.root.decodedText() == "Råby")
        #expect(Self.codes(iconv) == ["|undecodable-text"])
        // windows-1252 cannot fail, so a Latin-1 declaration is never a defect.
        #expect(try MailMessage.parse(Array("Content-Type: text/plain; charset=iso-8859-1\n\nR".utf8) + [0xE5]).defects.isEmpty)
    }

    @Test func headerContinuationWithoutField() throws {
        let m = try parseMail(" stray fold\nSubject: x\n\nbody")
        #expect(m.headers.fields.map(\.name) == ["Subject"])
        #expect(m.subject == "x")
        #expect(m.root.body == Array("body".utf8))
        #expect(Self.codes(m) == ["|header-continuation-without-field"])
    }

    @Test func nonASCIIHeader() throws {
        let m = try MailMessage.parse(Array("Subject: B\u{E4}ckby\nX-Note: a\n b".utf8) + [0xE5] + Array("\n\nx".utf8))
        #expect(m.subject == "Bäckby")
        #expect(m.headers.first("X-Note") == "a bå")
        #expect(m.root.defects == [.nonASCIIHeader(field: "Subject"), .nonASCIIHeader(field: "X-Note")])
    }

    @Test func missingHeaderBodySeparator() throws {
        let m = try parseMail("Subject: x\nthis is the body\nmore\n")
        #expect(m.subject == "x")
        #expect(m.root.body == Array("this is the body\nmore\n".utf8))
        #expect(Self.codes(m) == ["|missing-header-body-separator"])
        // A header block that runs to the end of the input has nothing to separate.
        #expect(try parseMail("Subject: x\n").defects.isEmpty)
    }

    @Test func embeddedMessageOverTheDecodingBudget() throws {
        // Quoted-printable ASCII decodes to itself: the second level's copy would exceed the input's size.
        let core = String(repeating: "Beskrivning: text\n", count: 20_000)
        let m = try MailMessage.parse(HostileInputTests.nestedForwards(levels: 2, encoding: "quoted-printable", core: core))
        let first = try #require(m.root.embeddedMessage)
        #expect(first.root.embeddedMessage == nil)
        #expect(first.root.body.isEmpty)
        #expect(Self.codes(m) == ["|embedded-message-not-parsed"])
    }

    @Test func partsAreNumberedAsIMAPSections() throws {
        let m = try parseMail(
            """
            Content-Type: multipart/mixed; boundary=o

            --o
            Content-Type: text/plain

            note
            --o
            Content-Type: message/rfc822

            Subject: inner
            Content-Type: multipart/alternative; boundary=i

            --i
            Content-Type: text/plain

            a
            --i
            Content-Type: text/html
            Content-Transfer-Encoding: x-weird

            <p>b</p>
            --i--
            --o--
            """)
        #expect(m.firstAttachedMessage()?.root.children.count == 2)
        #expect(Self.codes(m) == ["2.2|unknown-transfer-encoding"])
        // The attached message numbers its own parts from its root.
        #expect(m.firstAttachedMessage().map(Self.codes) == ["2|unknown-transfer-encoding"])
    }

    @Test func defectsAreBoundedPerMessage() throws {
        let part = "--b\nContent-Transfer-Encoding: x-broken\n\nx\n"
        let text = "Content-Type: multipart/mixed; boundary=b\n\n" + String(repeating: part, count: 10_000) + "--b--\n"
        let m = try MailMessage.parse(Array(text.utf8), limits: MIMELimits(maxParts: 20_000))
        #expect(m.root.children.count == 10_000)
        #expect(m.root.children.last?.body == Array("x".utf8))
        let defects = m.defects
        #expect(defects.count == DefectBudget.limit + 1)
        #expect(DefectBudget.limit == 50)
        #expect(defects.filter { $0.defect == .tooManyDefects }.map(\.part) == [""])
        #expect(defects.filter { $0.defect != .tooManyDefects }.map(\.part) == (1...50).map(String.init))
    }

    @Test func codesAreDistinctKebabCase() {
        let all: [Defect] = [
            .missingClosingBoundary, .boundaryNotFound, .missingBoundaryParameter, .invalidContentType,
            .unknownTransferEncoding("x"), .invalidBase64Characters, .invalidBase64Padding, .invalidQuotedPrintable,
            .unknownCharset("x"), .undecodableText(charset: "x"), .headerContinuationWithoutField,
            .nonASCIIHeader(field: "x"), .missingHeaderBodySeparator, .embeddedMessageNotParsed, .tooManyDefects,
        ]
        #expect(Set(all.map(\.code)).count == all.count)
        for d in all {
            #expect(d.code.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(d.code)")
            #expect(!d.description.isEmpty && d.description.count < 120, "\(d.description)")
        }
    }
}
