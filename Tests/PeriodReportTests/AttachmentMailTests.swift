import Foundation
import MIME
import MailServerHarness
import OutgoingMail
import Testing

/// Swift Testing has an `Attachment` of its own.
typealias MailAttachment = OutgoingMail.Attachment

/// Attachments in outgoing mail: multipart/mixed around the readable part, base64 in 76-character lines, file names
/// in RFC 2231 (and RFC 2047 for `name`) when not ASCII; read back by our own MIME reader and by Python's email package.
@Suite struct AttachmentMailTests {
    static let csv: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Område,Antal\r\nRåby,3\r\n\"Bäckby, Skälby\",\"sa \"\"hej\"\"\"\r\n".utf8)
    static let binary: [UInt8] = (0..<1000).map { UInt8(($0 * 7 + 3) % 256) }
    static let longName = "est-händelser-pilotperioden-råby-hammarby-bäckby-skälby-2018-09-01_2019-02-28.csv"

    func message(html: String? = "<p>Hej</p>\n", attachments: [MailAttachment]) -> OutgoingMessage {
        OutgoingMessage(
            from: Mailbox(name: "EST Västerås", address: "est@vasteras.example"), to: [Mailbox(address: "anna.berg@vasteras.example")],
            subject: "EST periodrapport T3 2018", messageID: "<report.x@est.vasteras.example>",
            date: Date(timeIntervalSince1970: 1_546_844_400), text: "Hej, här är rapporten.\n", html: html, attachments: attachments)
    }

    var attachments: [MailAttachment] {
        [
            MailAttachment(filename: "est-händelser-2018-T3.csv", contentType: "text/csv; charset=utf-8", data: Self.csv),
            MailAttachment(filename: "weekly.csv", contentType: "text/csv; charset=utf-8", data: Self.csv),
            MailAttachment(filename: Self.longName, contentType: "text/csv; charset=utf-8", data: Self.csv),
            MailAttachment(filename: "data.bin", contentType: "application/octet-stream", data: Self.binary),
        ]
    }

    @Test func ourReaderFindsTheTextTheHTMLAndEveryFile() throws {
        let raw = MessageWriter.bytes(message(attachments: attachments), boundarySeed: "t1")
        let parsed = try MailMessage.parse(raw)
        #expect(parsed.root.contentType.mimeType == "multipart/mixed")
        #expect(parsed.root.children.first?.contentType.mimeType == "multipart/alternative")
        #expect(parsed.root.children.first?.children.map(\.contentType.mimeType) == ["text/plain", "text/html"])
        #expect(parsed.readableBody().text.contains("här är rapporten"))
        let files = parsed.allParts().filter(\.isAttachment)
        #expect(files.map(\.filename) == attachments.map(\.filename))
        #expect(files.map(\.body) == attachments.map(\.data), "the bytes, byte-order mark and CRLF included")
        #expect(files.map(\.contentType.mimeType) == ["text/csv", "text/csv", "text/csv", "application/octet-stream"])
        #expect(parsed.root.defects.isEmpty && files.allSatisfy(\.defects.isEmpty))
    }

    @Test func linesStayShortAndNonASCIINamesAreEncoded() throws {
        let text = String(decoding: MessageWriter.bytes(message(attachments: attachments), boundarySeed: "t2"), as: UTF8.self)
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
            #expect(line.utf8.count <= 78, "\(line)")
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII }, "8-bit on the wire: \(line)")
        }
        #expect(text.contains("filename*=UTF-8''est-h%C3%A4ndelser-2018-T3.csv"))
        #expect(text.contains("filename=\"weekly.csv\""))
        #expect(text.contains("filename*0*=UTF-8''") && text.contains("filename*1*="), "a long name in RFC 2231 continuations")
        #expect(text.contains("name=\"=?UTF-8?B?"), "name= for clients that read only Content-Type")
        #expect(text.contains("Content-Type: multipart/mixed; boundary=\"=_mix_t2\""))
        // Base64 lines are 76 characters, the last one shorter.
        let body = try #require(text.components(separatedBy: "Content-Disposition: attachment;").last)
        let lines = body.split(separator: "\r\n").dropFirst(2).prefix { !$0.hasPrefix("--") }
        #expect(lines.dropLast().allSatisfy { $0.count == 76 } && (lines.last?.count ?? 0) <= 76 && lines.count > 10)
    }

    @Test func pythonsEmailPackageReadsTheSame() throws {
        let raw = MessageWriter.bytes(message(attachments: attachments), boundarySeed: "t3")
        let script = """
            import email, email.policy, hashlib, json, sys
            msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
            defects = list(msg.defects) + [d for part in msg.walk() for d in part.defects]
            files = [[p.get_filename(), p.get_content_type(), hashlib.sha256(p.get_payload(decode=True)).hexdigest()]
                     for p in msg.iter_attachments()]
            body = msg.get_body(preferencelist=("plain",)).get_content().replace("\\r\\n", "\\n")
            html = msg.get_body(preferencelist=("html",)).get_content().replace("\\r\\n", "\\n")
            print(json.dumps({"type": msg.get_content_type(), "files": files, "body": body, "html": html,
                              "defects": [type(d).__name__ for d in defects]}))
            """
        let result = try Subprocess.run("/usr/bin/python3", ["-c", script], stdin: raw)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["type"] as? String == "multipart/mixed")
        #expect((json["defects"] as? [String])?.isEmpty == true, "\(json["defects"] ?? "")")
        #expect(json["body"] as? String == "Hej, här är rapporten.\n")
        #expect(json["html"] as? String == "<p>Hej</p>\n")
        let files = try #require(json["files"] as? [[String]])
        #expect(files.map { $0[0] } == attachments.map(\.filename))
        #expect(files.map { $0[1] } == ["text/csv", "text/csv", "text/csv", "application/octet-stream"])
        #expect(files.map { $0[2] } == attachments.map { SHA.hex($0.data) })
    }

    @Test func aTextOnlyMailCarriesFilesToo() throws {
        let raw = MessageWriter.bytes(message(html: nil, attachments: [attachments[0]]), boundarySeed: "t4")
        let parsed = try MailMessage.parse(raw)
        #expect(parsed.root.contentType.mimeType == "multipart/mixed")
        #expect(parsed.root.children.map(\.contentType.mimeType) == ["text/plain", "text/csv"])
        #expect(parsed.readableBody().text == "Hej, här är rapporten.\n")
        #expect(parsed.allParts().filter(\.isAttachment).first?.body == Self.csv)
    }

    @Test func withoutFilesTheMailIsAsBefore() throws {
        let raw = String(decoding: MessageWriter.bytes(message(attachments: []), boundarySeed: "t5"), as: UTF8.self)
        #expect(raw.contains("Content-Type: multipart/alternative; boundary=\"=_est_t5\""))
        #expect(!raw.contains("multipart/mixed") && !raw.contains("=_mix_"))
        let plain = String(decoding: MessageWriter.bytes(message(html: nil, attachments: []), boundarySeed: "t6"), as: UTF8.self)
        #expect(plain.contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"))
    }

    @Test func namesThatCouldEscapeTheirHeaderAreCleaned() throws {
        let evil = MailAttachment(filename: "a\"b\\c/d\r\nBcc: x@y.example.csv", contentType: "text/csv\r\nBcc: x@y", data: [0x41])
        let raw = MessageWriter.bytes(message(attachments: [evil]), boundarySeed: "t7")
        let parsed = try MailMessage.parse(raw)
        #expect(parsed.headers.first("Bcc") == nil)
        let file = try #require(parsed.allParts().first { $0.isAttachment })
        #expect(file.filename == "a_b_c_d Bcc: x@y.example.csv")
        #expect(file.headers.first("Bcc") == nil && file.body == [0x41])
    }
}

/// SHA-256 in hex by the system's tool, to compare what Python decoded with what was attached.
enum SHA {
    static func hex(_ bytes: [UInt8]) -> String {
        (try? Subprocess.run("/usr/bin/sha256sum", [], stdin: bytes).stdout.split(separator: " ").first.map(String.init)) ?? ""
    }
}
