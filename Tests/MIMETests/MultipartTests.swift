import Testing

@testable import MIME

@Suite struct MultipartTests {
    static let outlookStyle = """
        From: Anna <anna@mimer.se>
        Subject: EST v.36
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="outer"

        This is a preamble that must be ignored.
        --outer
        Content-Type: multipart/alternative; boundary="inner"

        --inner
        Content-Type: text/plain; charset="utf-8"
        Content-Transfer-Encoding: 8bit

        Område: Råby
        Plats: Torget
        --inner
        Content-Type: multipart/related; boundary="rel"

        --rel
        Content-Type: text/html; charset=utf-8

        <p>Område: Råby</p>
        --rel
        Content-Type: image/png
        Content-ID: <img1>
        Content-Transfer-Encoding: base64

        iVBORw0KGgo=
        --rel--
        --inner--
        --outer
        Content-Type: application/pdf; name="rapport.pdf"
        Content-Disposition: attachment; filename="rapport.pdf"
        Content-Transfer-Encoding: base64

        JVBERi0=
        --outer--
        epilogue, also ignored
        """

    @Test(arguments: [false, true])
    func nestedStructure(crlf: Bool) throws {
        let m = try parseMail(Self.outlookStyle, crlf: crlf)
        #expect(m.root.contentType.mimeType == "multipart/mixed")
        #expect(m.root.body.isEmpty)
        #expect(m.root.children.count == 2)
        let alt = m.root.children[0]
        #expect(alt.contentType.mimeType == "multipart/alternative")
        #expect(alt.children.map(\.contentType.mimeType) == ["text/plain", "multipart/related"])
        #expect(alt.children[0].decodedText() == "Område: Råby\nPlats: Torget")
        #expect(alt.children[1].children[1].body == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(m.root.children[1].body == Array("%PDF-".utf8))
        #expect(m.root.children[1].isAttachment)
        #expect(
            m.allParts().map(\.contentType.mimeType) == [
                "multipart/mixed", "multipart/alternative", "text/plain", "multipart/related", "text/html", "image/png", "application/pdf",
            ])
        #expect(m.preferredTextPart()?.contentType.mimeType == "text/plain")
        let readable = m.readableBody()
        #expect(readable.source == .plain)
        #expect(readable.text == "Område: Råby\nPlats: Torget")
        #expect(m.firstAttachedMessage() == nil)
    }

    @Test func htmlOnlyThroughRelated() throws {
        let m = try parseMail(
            """
            Content-Type: multipart/related; boundary=r; start="<second>"

            --r
            Content-Type: text/html

            <b>first</b>
            --r
            Content-Type: text/html
            Content-ID: <second>

            <p>Område:&nbsp;R&aring;by</p>
            --r--
            """)
        let part = try #require(m.preferredTextPart())
        #expect(part.decodedText() == "<p>Område:&nbsp;R&aring;by</p>")
        let readable = m.readableBody()
        #expect(readable.source == .html)
        #expect(readable.text == "Område: Råby")
    }

    @Test func attachmentTextIsNotTheBody() throws {
        let m = try parseMail(
            """
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain
            Content-Disposition: attachment; filename=log.txt

            not the body
            --b
            Content-Type: text/html

            <div>the body</div>
            --b--
            """)
        #expect(m.readableBody().text == "the body")
    }

    @Test func missingCloseBoundary() throws {
        let m = try parseMail(
            """
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: multipart/alternative; boundary=c

            --c
            Content-Type: text/plain

            inner text
            --b
            Content-Type: text/plain

            last part, no close
            """)
        #expect(m.root.children.count == 2)
        #expect(m.root.children[0].children.first?.decodedText() == "inner text")
        #expect(m.root.children[1].decodedText() == "last part, no close")
        // Both the outer multipart and the alternative (ended by the outer boundary) lack their close.
        #expect(
            m.defects == [PartDefect(part: "", defect: .missingClosingBoundary), PartDefect(part: "1", defect: .missingClosingBoundary)])
    }

    @Test func boundaryLookalikesAreContent() throws {
        let m = try parseMail("Content-Type: multipart/mixed; boundary=b\n\n--b\n\n--bb\n --b\n--b-x\n--b  \t\nnext\n--b--")
        #expect(m.root.children.count == 2)
        #expect(m.root.children[0].decodedText() == "--bb\n --b\n--b-x")
        #expect(m.root.children[1].decodedText() == "next")
    }

    @Test func multipartWithoutBoundaryKeepsBody() throws {
        let noParam = try parseMail("Content-Type: multipart/mixed\n\nhello")
        #expect(noParam.root.children.isEmpty)
        #expect(noParam.root.body == Array("hello".utf8))
        #expect(noParam.preferredTextPart() == nil)
        let notFound = try parseMail("Content-Type: multipart/mixed; boundary=zz\n\nhello")
        #expect(notFound.root.children.isEmpty)
        #expect(notFound.root.body == Array("hello".utf8))
    }

    @Test func digestDefaultsToMessage() throws {
        let m = try parseMail(
            """
            Content-Type: multipart/digest; boundary=d

            --d

            Subject: first
            From: a@x.se

            one
            --d
            Content-Type: text/plain

            explicit
            --d--
            """)
        #expect(m.root.children[0].contentType.mimeType == "message/rfc822")
        #expect(m.root.children[0].embeddedMessage?.subject == "first")
        #expect(m.root.children[0].embeddedMessage?.root.decodedText() == "one")
        #expect(m.root.children[1].contentType.mimeType == "text/plain")
    }

    @Test func reportAndDeliveryStatus() throws {
        let m = try parseMail(
            """
            From: MAILER-DAEMON@mx.se
            Content-Type: multipart/report; report-type=delivery-status; boundary=r

            --r
            Content-Type: text/plain

            Delivery failed.
            --r
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.se

            Final-Recipient: rfc822; x@y.se
            Status: 5.1.1
            --r
            Content-Type: text/rfc822-headers

            Message-ID: <ack.1@est.se>
            --r--
            """)
        let types = m.allParts().map(\.contentType.mimeType)
        #expect(types.contains("message/delivery-status"))
        #expect(m.root.contentType.parameters["report-type"] == "delivery-status")
        #expect(String(decoding: m.allParts()[2].body, as: UTF8.self).contains("Status: 5.1.1"))
    }

    @Test func signedMessage() throws {
        let m = try parseMail(
            """
            Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="s"

            --s
            Content-Type: text/plain; charset=utf-8

            Område: Råby
            --s
            Content-Type: application/pkcs7-signature; name=smime.p7s
            Content-Transfer-Encoding: base64

            MIAGCSqGSIb3DQEHAqCAMIACAQEx
            --s--
            """)
        #expect(m.readableBody().text == "Område: Råby")
    }

    @Test func encodedEmbeddedMessage() throws {
        // message/rfc822 that was (illegally but commonly) base64 encoded.
        let inner = "Subject: inner\n\nOmråde: Råby\n"
        let encoded = String(decoding: base64Encode(Array(inner.utf8)), as: UTF8.self)
        let m = try parseMail("Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n\(encoded)\n")
        #expect(m.root.embeddedMessage?.subject == "inner")
        #expect(m.root.embeddedMessage?.root.decodedText() == "Område: Råby\n")
    }
}

/// Minimal encoder for building test input.
func base64Encode(_ bytes: [UInt8]) -> [UInt8] {
    let a = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
        let n = min(3, bytes.count - i)
        var v = UInt32(bytes[i]) << 16
        if n > 1 { v |= UInt32(bytes[i + 1]) << 8 }
        if n > 2 { v |= UInt32(bytes[i + 2]) }
        out.append(a[Int(v >> 18 & 63)])
        out.append(a[Int(v >> 12 & 63)])
        out.append(n > 1 ? a[Int(v >> 6 & 63)] : 0x3D)
        out.append(n > 2 ? a[Int(v & 63)] : 0x3D)
        i += 3
    }
    return out
}
