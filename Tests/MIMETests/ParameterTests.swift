import Testing

@testable import MIME

@Suite struct ParameterTests {
    @Test func contentTypeBasics() throws {
        let ct = try #require(ContentType(parsing: "Text/HTML; Charset=\"UTF-8\" (comment); format=flowed"))
        #expect(ct.mimeType == "text/html")
        #expect(ct.charset == "utf-8")
        #expect(ct.parameters["format"] == "flowed")
        #expect(ContentType(parsing: "garbage") == nil)
        #expect(ContentType(parsing: "") == nil)
    }

    @Test func boundaryQuotingAndTrailingSpace() throws {
        let ct = try #require(ContentType(parsing: "multipart/mixed;\n\tboundary=\"----=_Part_1 \""))
        #expect(ct.boundary == "----=_Part_1")
        let bare = try #require(ContentType(parsing: "multipart/alternative; boundary=abc123"))
        #expect(bare.boundary == "abc123")
    }

    @Test func rfc2231ContinuationsAndCharset() throws {
        let ct = try #require(
            ContentType(
                parsing: """
                    application/pdf; name*0*=utf-8'sv'Rapport%20R%C3; name*1*=%A5by%20v.36; name*2=".pdf"
                    """))
        #expect(ct.parameters["name"] == "Rapport Råby v.36.pdf")
        let single = ParameterizedValue.parse("attachment; filename*=iso-8859-1''Sk%E4rholmen.txt")
        #expect(single.value == "attachment")
        #expect(single.parameters["filename"] == "Skärholmen.txt")
        // Sections may arrive out of order.
        let shuffled = ParameterizedValue.parse("x; a*1=world; a*0=hello-")
        #expect(shuffled.parameters["a"] == "hello-world")
    }

    @Test func filenameFromDispositionOrName() throws {
        let m = try parseMail(
            """
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: application/octet-stream; name="=?utf-8?q?f=C3=B6rr=C3=A5d.jpg?="
            Content-Disposition: ATTACHMENT

            xx
            --b
            Content-Type: text/plain
            Content-Disposition: inline; filename*=UTF-8''%C3%A5.txt

            yy
            --b--
            """)
        let parts = m.root.children
        #expect(parts[0].filename == "förråd.jpg")
        #expect(parts[0].isAttachment)
        #expect(parts[0].disposition == "attachment")
        #expect(parts[1].filename == "å.txt")
        #expect(parts[1].disposition == "inline")
        #expect(!parts[1].isAttachment)
    }
}
