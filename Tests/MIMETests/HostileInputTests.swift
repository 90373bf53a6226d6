import Foundation
import Testing

@testable import MIME

/// Hostile shapes from issue 8: each is read in work proportional to its size (counted through
/// the parsers' own counters or through output sizes), never by timing it.
@Suite struct HostileInputTests {
    // MARK: Date header

    @Test func longDashedDateHeaderIsReadInBoundedWork() {
        // Before: each split at a dash re-inserted a copy of the rest (320 kB: > 4 GB).
        let value = "Mon, 3-" + String(repeating: "Sep-", count: 80_000) + "2018 21:10:00 +0200"
        var examined = 0
        _ = MailDate.parse(value, examined: &examined)
        #expect(examined <= 4 * MailDate.maxLength)
        let digits = String(repeating: "12345-", count: 60_000)
        examined = 0
        #expect(MailDate.parse(digits, examined: &examined) == nil)
        #expect(examined <= 4 * MailDate.maxLength)
    }

    @Test func splittingAtDashesStillReadsRealDates() throws {
        let d = try #require(MailDate.parse("Mon, 3-Sep-2018 21:10:00 +0200"))
        #expect(d.timeIntervalSince1970 == 1_536_001_800)
        // A real date followed by a mile of junk: the date is in the part that is read.
        let junk = try #require(MailDate.parse("Mon, 3 Sep 2018 21:10:00 +0200 (" + String(repeating: "x-", count: 200_000) + ")"))
        #expect(junk.timeIntervalSince1970 == 1_536_001_800)
    }

    @Test func hugeDateHeaderInAMessage() throws {
        let header = "Date: " + String(repeating: "1-a-", count: 100_000) + "\nSubject: x\n\nbody\n"
        let m = try MailMessage.parse(Array(header.utf8))
        #expect(m.date == nil)
        #expect(m.subject == "x")
    }

    // MARK: Encoded words

    @Test func unterminatedEncodedWordsCostOnePass() {
        // Every "=?" opener used to scan to the end of the header for its "?=".
        let value = String(repeating: "=?utf-8?q?abc ", count: 50_000)
        var scanned = 0
        let decoded = EncodedWords.decode(bytes: Array(value.utf8), scanned: &scanned)
        #expect(decoded == value)
        #expect(scanned <= 2 * value.utf8.count)
    }

    @Test func manyEncodedWordsStillDecode() {
        let value = String(repeating: "=?utf-8?q?R=C3=A5by?= ", count: 20_000)
        var scanned = 0
        let decoded = EncodedWords.decode(bytes: Array(value.utf8), scanned: &scanned)
        #expect(decoded == String(repeating: "Råby", count: 20_000) + " ")
        #expect(scanned <= 2 * value.utf8.count)
        #expect(EncodedWords.decode("=?iso-8859-1?q?R=E5by?= and =?utf-8?b?w6U=?=") == "Råby and å")
    }

    // MARK: Nested forwards

    /// Every body byte the tree holds, through all embedded messages.
    static func heldBytes(_ part: MIMEPart) -> Int {
        var total = part.body.count
        for c in part.children { total += heldBytes(c) }
        if let m = part.embeddedMessage { total += heldBytes(m.root) }
        return total
    }

    static func nestedForwards(levels: Int, encoding: String? = nil, core: String) -> [UInt8] {
        let cte = encoding.map { "Content-Transfer-Encoding: \($0)\n" } ?? ""
        let s =
            String(repeating: "Subject: fwd\nContent-Type: message/rfc822\n\(cte)\n", count: levels)
            + "Subject: core\nContent-Type: text/plain\n\n" + core
        return Array(s.utf8)
    }

    @Test func nestedForwardsShareTheInputBytes() throws {
        // Before: 39 levels around 9.4 MB held 39 decoded copies (406 MB).
        let core = String(repeating: "Plats: Råbyvägen 12\n", count: 50_000)
        let bytes = Self.nestedForwards(levels: 39, core: core)
        let m = try MailMessage.parse(bytes)
        #expect(Self.heldBytes(m.root) <= bytes.count)
        var inner = m
        var levels = 0
        while let next = inner.root.embeddedMessage { inner = next; levels += 1 }
        #expect(levels == 39)
        #expect(inner.subject == "core")
        #expect(inner.preferredTextPart()?.decodedText() == core)
    }

    @Test func transferEncodedForwardsAreHeldToTheInputSize() throws {
        // Quoted-printable text of plain ASCII decodes to itself: every level would be a full copy.
        let core = String(repeating: "Beskrivning: text\n", count: 20_000)
        let bytes = Self.nestedForwards(levels: 39, encoding: "quoted-printable", core: core)
        var parser = EntityParser(limits: MIMELimits(), inputSize: bytes.count)
        let root = try parser.parseEntity(bytes, 0..<bytes.count, depth: 0, defaultType: .textPlain)
        #expect(parser.peakDecodedBytes <= bytes.count)
        #expect(Self.heldBytes(root) <= 2 * bytes.count)
        #expect(root.embeddedMessage?.subject == "fwd")
    }

    @Test func oneEncodedForwardIsStillRead() throws {
        let inner = "Subject: inner\n\nOmråde: Råby\n"
        let encoded = Data(inner.utf8).base64EncodedString()
        let s = "Subject: outer\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n\(encoded)\n"
        let m = try MailMessage.parse(Array(s.utf8))
        #expect(m.root.embeddedMessage?.subject == "inner")
        #expect(m.root.embeddedMessage?.preferredTextPart()?.decodedText() == "Område: Råby\n")
    }

    // MARK: UTF-16

    @Test func oneBadTrailingByteIsOneReplacementCharacter() {
        // Python: b"R\\x00\\xe5\\x00b\\x00y\\x00\\x00".decode("utf-16-le", "replace") == "Råby\\ufffd"
        let bytes: [UInt8] = [0x52, 0x00, 0xE5, 0x00, 0x62, 0x00, 0x79, 0x00, 0x00]
        #expect(Charsets.decode(bytes, charset: "utf-16le") == "Råby\u{FFFD}")
        #expect(Charsets.decode(bytes, charset: "utf-16") == "Råby\u{FFFD}")
        #expect(Charsets.decode([0xFE, 0xFF, 0x00, 0x52, 0x00, 0xE5, 0xD8], charset: "utf-16") == "Rå\u{FFFD}")
        #expect(Charsets.decode([0x00, 0x52, 0xD8, 0x00, 0x00, 0x41], charset: "utf-16be") == "R\u{FFFD}A")
        #expect(Charsets.decode([0x3D, 0xD8, 0x00, 0xDE], charset: "utf-16le") == "😀")
        #expect(Charsets.decode([0x00, 0xDC, 0x41, 0x00], charset: "utf-16le") == "\u{FFFD}A")
    }

    @Test func utf16PartWithABadByteIsStillReadAsUTF16() throws {
        var text = Array("Område: Råby\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        text.append(0x41)
        let head = Array("Content-Type: text/plain; charset=utf-16le\nContent-Transfer-Encoding: binary\n\n".utf8)
        let m = try MailMessage.parse(head + text)
        #expect(m.preferredTextPart()?.decodedText() == "Område: Råby\n\u{FFFD}")
    }
}
