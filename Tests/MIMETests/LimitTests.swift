import MailServerHarness
import Testing

@testable import MIME

@Suite struct LimitTests {
    @Test func fiftyMegabytesIsTooLarge() {
        let bytes = [UInt8](repeating: 0x41, count: 50_000_000)
        #expect(throws: MIMELimitViolation.tooLarge(bytes: 50_000_000, limit: 10_000_000)) {
            try MailMessage.parse(bytes)
        }
        #expect(MIMELimitViolation.tooLarge(bytes: 1, limit: 0).reason == "oversized")
    }

    static func nestedMultipart(depth: Int) -> [UInt8] {
        var s = "Subject: deep\n"
        for k in 0..<depth {
            s += "Content-Type: multipart/mixed; boundary=\"b\(k)\"\n\n--b\(k)\n"
        }
        s += "Content-Type: text/plain\n\ncore\n"
        for k in stride(from: depth - 1, through: 0, by: -1) { s += "--b\(k)--\n" }
        return Array(s.utf8)
    }

    @Test func thousandDeepMultipartIsTooDeep() {
        #expect(throws: MIMELimitViolation.tooDeep(limit: 40)) {
            try MailMessage.parse(Self.nestedMultipart(depth: 1000))
        }
        #expect(MIMELimitViolation.tooDeep(limit: 40).reason == "mime-too-deep")
    }

    @Test func hugeConfiguredDepthStillStopsSafely() {
        #expect(throws: MIMELimitViolation.tooDeep(limit: 256)) {
            try MailMessage.parse(Self.nestedMultipart(depth: 1000), limits: MIMELimits(maxDepth: 1_000_000, maxParts: 1_000_000))
        }
    }

    @Test func depthAtTheLimitIsFine() throws {
        let m = try MailMessage.parse(Self.nestedMultipart(depth: 40))
        #expect(m.preferredTextPart()?.decodedText() == "core")
        #expect(m.allParts().count == 41)
    }

    @Test func thousandDeepForwardsAreTooDeep() {
        let s = String(repeating: "Content-Type: message/rfc822\n\n", count: 1000) + "Subject: x\n\nbody"
        #expect(throws: MIMELimitViolation.tooDeep(limit: 40)) {
            try MailMessage.parse(Array(s.utf8))
        }
    }

    @Test func tooManyParts() throws {
        var s = "Content-Type: multipart/mixed; boundary=b\n\n"
        for _ in 0..<600 { s += "--b\n\nx\n" }
        s += "--b--\n"
        #expect(throws: MIMELimitViolation.tooManyParts(limit: 500)) {
            try MailMessage.parse(Array(s.utf8))
        }
        #expect(MIMELimitViolation.tooManyParts(limit: 500).reason == "mime-too-many-parts")
        let relaxed = try MailMessage.parse(Array(s.utf8), limits: MIMELimits(maxParts: 1000))
        #expect(relaxed.root.children.count == 600)
    }

    @Test func descriptionsAreSentences() {
        for v in [MIMELimitViolation.tooLarge(bytes: 2, limit: 1), .tooDeep(limit: 40), .tooManyParts(limit: 500)] {
            #expect(v.description.hasSuffix("."))
            #expect(v.description.count > 30)
        }
    }

    @Test func binaryGarbageDoesNotCrash() throws {
        // Seeded, so that a failing round can be reproduced.
        var rng = SplitMix64(seed: 0x5EED)
        for round in 0..<200 {
            let n = rng.next(4000)
            var bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if round % 2 == 0 {
                // Sprinkle MIME syntax so the garbage reaches the deeper parsers.
                let syntax = Array("\nContent-Type: multipart/mixed; boundary=a\n\n--a\n=?utf-8?b?w6U=?= <x@y> &amp; <td>".utf8)
                bytes.insert(contentsOf: syntax, at: rng.next(bytes.count + 1))
            }
            let m = try MailMessage.parse(bytes)
            _ = m.readableBody()
            _ = m.subject
            for p in m.allParts() { _ = p.decodedText() }
            _ = HTMLText.text(fromHTML: String(decoding: bytes, as: UTF8.self))
            _ = MailDate.parse(String(decoding: bytes.prefix(60), as: UTF8.self))
            _ = AddressList.parse(String(decoding: bytes.prefix(200), as: UTF8.self))
        }
    }

    @Test func truncatedInputDoesNotCrash() throws {
        let full = Array(MultipartTests.outlookStyle.utf8)
        for cut in 0...full.count {
            let m = try MailMessage.parse(Array(full[0..<cut]))
            _ = m.readableBody()
        }
        for tail in ["=?utf-8?q?", "=?utf-8?b?w", "\"unterminated", "(comment", "=4", "&#x", "<", "<!--", "name*0*=utf-8'"] {
            _ = EncodedWords.decode(tail)
            _ = AddressList.parse(tail)
            _ = ContentType(parsing: "text/plain; " + tail)
            _ = HTMLText.text(fromHTML: tail)
            _ = TransferEncoding.quotedPrintable(Array(tail.utf8)[...])
        }
    }
}
