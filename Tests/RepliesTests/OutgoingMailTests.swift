import Foundation
import MIME
import OutgoingMail
import Testing

@Suite struct OutgoingMailTests {
    func message(
        subject: String = "Hej", text: String = "Hej\n", html: String? = nil, headers: [HeaderLine] = [],
        to: [Mailbox] = [Mailbox(address: "anna@mimer.example")]
    ) -> OutgoingMessage {
        OutgoingMessage(
            from: Mailbox(name: "EST-rapportering", address: "est@vasteras.example"), to: to,
            subject: subject, messageID: "<x.1@est.vasteras.example>",
            date: Date(timeIntervalSince1970: 1_536_307_200), headers: headers, text: text, html: html)
    }

    func lines(_ bytes: [UInt8]) -> [Substring] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
    }

    @Test(arguments: [
        "Re: EST v.36 Råby – Mottagen [EST-2018-000123]",
        "Re: Händelserapport för vecka 36 från Bostads AB Mimer i Råby, Hammarby och Bäckby/Skälby – Kunde inte registreras",
        String(repeating: "åäö ÅÄÖ é ", count: 30),
        "Emoji 👩‍👩‍👧‍👦 och 🇸🇪 mitt i en lång svensk ämnesrad som måste delas upp i flera kodade ord",
        "=?UTF-8?B?SGVq?= is literal text, not an encoded word",
        "ASCII with one " + String(repeating: "x", count: 120) + " very long token",
    ])
    func encodedSubjectsRoundTrip(_ subject: String) throws {
        let bytes = MessageWriter.bytes(message(subject: subject))
        let parsed = try MailMessage.parse(bytes)
        #expect(parsed.subject == subject.trimmingCharacters(in: .whitespaces))
        // Lines holding encoded words stay within 76 characters (RFC 2047 §2).
        var inHeader = true
        for line in lines(bytes) {
            if line.isEmpty { inHeader = false }
            if inHeader { #expect(line.utf8.count <= 78, "\(line)") }
            if line.contains("=?UTF-8?B?") { #expect(line.utf8.count <= 76, "\(line)") }
        }
    }

    @Test func encodedWordsDecodeWithTheReadersDecoder() {
        let text = "Nollrapport mottagen – vecka 36, Bäckby/Skälby, Hammarby och Råby centrum"
        let encoded = HeaderEncoding.encodeUnstructured(text, used: 9)
        #expect(encoded.contains("=?UTF-8?B?"))
        #expect(EncodedWords.decode(encoded.replacingOccurrences(of: "\r\n", with: "")) == text)
    }

    @Test(arguments: [
        "Kort rad.\n",
        String(repeating: "Lång rad med å ä ö och = tecken och mer text. ", count: 30) + "\n",
        "Slutar med blanksteg   \nOch tabb\t\nTomma rader:\n\n\nSista",
        "=3D är inte kodat\n=\n==\nx=\n",
        "   \n\t\nBara blanka rader ovan\n",
        String(repeating: "ö", count: 200),
        "Rad med CRLF\r\nOch LF\nSlut\n",
        "From the start of a line\n.\n.. two dots\n",
        String(repeating: "a", count: 75) + " " + String(repeating: "b", count: 80) + " \n",
    ])
    func quotedPrintableRoundTrips(_ text: String) throws {
        let bytes = MessageWriter.bytes(message(text: text))
        let parsed = try MailMessage.parse(bytes)
        // A text/plain body always ends with a line break.
        var expected = text.replacingOccurrences(of: "\r\n", with: "\n")
        if !expected.hasSuffix("\n") { expected += "\n" }
        #expect(parsed.root.decodedText() == expected)
        for line in lines(bytes).drop(while: { !$0.isEmpty }) {
            #expect(line.utf8.count <= 76)
            #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"), "trailing white space in \(line)")
        }
    }

    /// A carriage return that ends no line is data (=0D); CRLF and LF are line breaks.
    /// The Date header written by arithmetic says what Foundation's formatter says, across both
    /// daylight-saving changes, zones west of Greenwich and with half-hour offsets, and before 1970.
    @Test func dateHeaderAgreesWithFoundationsFormatter() throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        for zone in ["Europe/Stockholm", "UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"] {
            let timeZone = try #require(TimeZone(identifier: zone))
            formatter.timeZone = timeZone
            var instants: [TimeInterval] = [-86_401.5, -1, 0, 1_521_939_599, 1_521_939_600, 1_540_688_400, 1_540_691_999, 4_102_444_799]
            var t: TimeInterval = 1_514_764_800
            for _ in 0..<400 {
                instants.append(t)
                t += 86_400 + 3_599.25
            }
            for instant in instants {
                let date = Date(timeIntervalSince1970: instant)
                #expect(MessageWriter.rfc5322Date(date, timeZone: timeZone) == formatter.string(from: date), "\(zone) \(instant)")
            }
        }
    }

    @Test func quotedPrintableOnBytes() {
        #expect(MessageWriter.quotedPrintable("a\r\r\nb") == "a=0D\r\nb")
        #expect(MessageWriter.quotedPrintable("a \nb\t\r\nc \r") == "a=20\r\nb=09\r\nc =0D")
        #expect(MessageWriter.quotedPrintable("räk=") == "r=C3=A4k=3D")
        let long = MessageWriter.quotedPrintable(String(repeating: "é", count: 40))
        #expect(long.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        #expect(long.split(separator: "\r\n").dropLast().allSatisfy { $0.hasSuffix("=") }, "soft breaks")
    }

    @Test func alternativeRoundTripsBothParts() throws {
        let html = "<p>Hej &amp; välkommen</p>\n<p>" + String(repeating: "lång ", count: 50) + "</p>"
        let bytes = MessageWriter.bytes(message(text: "Hej och välkommen\n", html: html))
        let parsed = try MailMessage.parse(bytes)
        #expect(parsed.root.contentType.mimeType == "multipart/alternative")
        #expect(parsed.root.children.count == 2)
        #expect(parsed.root.children[0].contentType.mimeType == "text/plain")
        #expect(parsed.root.children[0].decodedText() == "Hej och välkommen\n")
        #expect(parsed.root.children[1].contentType.mimeType == "text/html")
        #expect(parsed.root.children[1].decodedText() == html)
        #expect(parsed.root.children[0].contentType.charset?.lowercased() == "utf-8")
    }

    @Test func headerValuesCannotAddFields() throws {
        let bytes = MessageWriter.bytes(
            message(
                subject: "Hej\r\nBcc: victim@example.com",
                headers: [
                    HeaderLine("In-Reply-To", "<a@b>\r\nBcc: victim@example.com"),
                    HeaderLine("X-Bad\r\nBcc", "x"), HeaderLine("X-Unicode", "a\u{2028}Bcc: c\u{85}d"),
                ],
                to: [Mailbox(name: "Anna\r\nBcc: victim@example.com", address: "anna@mimer.example\r\nBcc: v@example.com")]))
        let parsed = try MailMessage.parse(bytes)
        #expect(parsed.headers.first("Bcc") == nil)
        #expect(parsed.headers.first("In-Reply-To") == "<a@b> Bcc: victim@example.com")
        #expect(parsed.subject == "Hej Bcc: victim@example.com")
        #expect(parsed.headers.first("X-Unicode") != nil)
        let raw = String(decoding: bytes, as: UTF8.self)
        #expect(!raw.contains("\nBcc"))
        #expect(!raw.contains("\u{85}"))
    }

    @Test func sanitizeKeepsOneLine() {
        #expect(HeaderEncoding.sanitize(" a\r\n\tb \u{7}c\u{0}d  ") == "a b cd")
        #expect(HeaderEncoding.sanitize("Råby\u{2029}centrum") == "Råby centrum")
    }

    @Test func longReferencesAreFolded() throws {
        let ids = (1...40).map { "<message-\($0)-with-a-long-local-part@mail.mimer.example>" }
        let bytes = MessageWriter.bytes(message(headers: [HeaderLine("References", ids.joined(separator: " "))]))
        var inHeader = true
        for line in lines(bytes) {
            if line.isEmpty { inHeader = false }
            if inHeader { #expect(line.utf8.count <= 78, "\(line)") }
        }
        let parsed = try MailMessage.parse(bytes)
        #expect(parsed.references == ids)
    }

    @Test func displayNamesAreEncodedOrQuoted() throws {
        let bytes = MessageWriter.bytes(
            OutgoingMessage(
                from: Mailbox(name: "EST Västerås", address: "est@vasteras.example"),
                to: [Mailbox(name: "Lind, Anna \"A\"", address: "anna@mimer.example")],
                subject: "x", messageID: "<y@z>", date: Date(), text: "x"))
        let parsed = try MailMessage.parse(bytes)
        #expect(parsed.from?.first?.displayName == "EST Västerås")
        #expect(parsed.from?.first?.address == "est@vasteras.example")
        let to = AddressList.parse(parsed.headers.first("To") ?? "")
        #expect(to?.count == 1)
        #expect(to?.first?.address == "anna@mimer.example")
        #expect(to?.first?.displayName == "Lind, Anna \"A\"")
    }
}
