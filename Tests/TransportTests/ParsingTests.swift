import Testing

@testable import MailTransport

@Suite struct ParsingTests {
    private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func fetchLiteralsInEitherOrderWithFlags() throws {
        let body1 = "Subject: a\r\n\r\n{5}\r\n)\r\n* 9 FETCH (UID 9 BODY[] {3}\r\n"
        let body2 = "x)"
        let stream =
            "* OK [CAPABILITY IMAP4rev1] ready\r\n"
            + "* 1 FETCH (UID 4 BODY[] {\(body1.utf8.count)}\r\n\(body1))\r\n"
            + "* 2 FETCH (BODY[] {\(body2.utf8.count)}\r\n\(body2) UID 5 FLAGS (\\Recent))\r\n"
            + "* 3 FETCH (FLAGS (\\Seen))\r\n"
            + "A004 OK Fetch completed.\r\n"
        let responses = try IMAPResponseReader.parse(bytes(stream))
        #expect(responses.count == 5)
        guard case .untagged(let v1) = responses[1], case .list(let items1) = v1[2] else { Issue.record("no fetch"); return }
        #expect(items1 == [.atom("UID"), .atom("4"), .atom("BODY[]"), .string(bytes(body1))])
        guard case .untagged(let v2) = responses[2], case .list(let items2) = v2[2] else { Issue.record("no fetch"); return }
        #expect(items2[1] == .string(bytes(body2)))
        #expect(items2[3] == .atom("5"))
        #expect(responses[4] == .tagged(tag: "A004", status: "OK", text: "Fetch completed."))
    }

    @Test func truncatedLiteralIsAnError() {
        let stream = "* 1 FETCH (UID 4 BODY[] {100}\r\nshort)\r\nA1 OK done\r\n"
        #expect(throws: IMAPResponseReader.MalformedResponse.self) { try IMAPResponseReader.parse(bytes(stream)) }
    }

    @Test func statusListAndSearch() throws {
        let stream =
            "* STATUS \"EST/Karant&AOQ-n\" (MESSAGES 3 UIDNEXT 9 UIDVALIDITY 1234 UNSEEN 2)\r\n"
            + "* LIST (\\HasNoChildren \\UnMarked) \"/\" {16}\r\nEST/Karant&AOQ-n\r\n"
            + "* SEARCH 2 3 7\r\n* SEARCH\r\nA2 OK [READ-WRITE] done\r\n"
        let r = try IMAPResponseReader.parse(bytes(stream))
        #expect(
            r[0]
                == .untagged([
                    .atom("STATUS"), .string(bytes("EST/Karant&AOQ-n")),
                    .list([
                        .atom("MESSAGES"), .atom("3"), .atom("UIDNEXT"), .atom("9"), .atom("UIDVALIDITY"), .atom("1234"), .atom("UNSEEN"),
                        .atom("2"),
                    ]),
                ]))
        #expect(
            r[1]
                == .untagged([
                    .atom("LIST"), .list([.atom("\\HasNoChildren"), .atom("\\UnMarked")]), .string(bytes("/")),
                    .string(bytes("EST/Karant&AOQ-n")),
                ]))
        #expect(r[2] == .untagged([.atom("SEARCH"), .atom("2"), .atom("3"), .atom("7")]))
        #expect(r[3] == .untagged([.atom("SEARCH")]))
        #expect(IMAPResponse.lastTaggedText(in: bytes(stream)) == "OK [READ-WRITE] done")
    }

    @Test func sectionAtomsWithSpaces() throws {
        let r = try IMAPResponseReader.parse(bytes("* 1 FETCH (BODY[HEADER.FIELDS (FROM TO)]<0> {2}\r\nab UID 3)\r\n"))
        guard case .untagged(let v) = r[0], case .list(let items) = v[2] else { Issue.record("no fetch"); return }
        #expect(items[0] == .atom("BODY[HEADER.FIELDS (FROM TO)]<0>"))
        #expect(items[1] == .string(bytes("ab")))
    }

    @Test func uidSets() {
        #expect(UIDSet.string([5, 1, 2, 3, 9, 10, 7, 3]) == "1:3,5,7,9:10")
        #expect(UIDSet.string([42]) == "42")
    }

    @Test func uidSetsSplitIntoCommandsOfBoundedLength() {
        #expect(UIDSet.chunks(Array(1...10_000)) == ["1:10000"], "a run is one command however long")
        let scattered = (1...10_000).map { UInt32($0 * 2) }
        let chunks = UIDSet.chunks(scattered, maxLength: 8_000)
        #expect(chunks.count > 1)
        #expect(chunks.allSatisfy { $0.utf8.count <= 8_000 })
        let back = chunks.flatMap { $0.split(separator: ",").map { UInt32($0)! } }
        #expect(back == scattered, "every UID once, in order")
        #expect(UIDSet.chunks([]) == [])
    }

    @Test func openRangeFloor() {
        #expect(IMAPClient.openRangeFloor(in: "UID 101:*") == 101)
        #expect(IMAPClient.openRangeFloor(in: "SINCE 10-Sep-2018 uid 5:*") == 5)
        #expect(IMAPClient.openRangeFloor(in: "ALL") == nil)
        #expect(IMAPClient.searchDate(year: 2018, month: 9, day: 10) == "10-Sep-2018")
    }

    @Test func serverURLs() throws {
        let u = try ServerURL.parse("imaps://mail.example.org:993", schemes: ["imap", "imaps"])
        #expect(u.base == "imaps://mail.example.org:993" && u.implicitTLS)
        let s = try ServerURL.parse("smtp://[::1]:587/gw.example.org", schemes: ["smtp", "smtps"])
        #expect(s.host == "[::1]" && s.port == 587 && s.path == "gw.example.org")
        #expect(throws: TransportError.self) { try ServerURL.parse("imaps://user:pw@host", schemes: ["imaps"]) }
        #expect(throws: TransportError.self) { try ServerURL.parse("http://host", schemes: ["imaps"]) }
        #expect(throws: TransportError.self) { try ServerURL.parse("imaps://host:99999", schemes: ["imaps"]) }
    }

    @Test func smtpHelpers() throws {
        #expect(SMTPClient.crlf(Array("a\nb\r\nc\rd".utf8)) == Array("a\r\nb\r\nc\r\nd".utf8))
        #expect(
            SMTPClient.lastReply(in: Array("220 hi\r\n250-x\r\n250 2.0.0 Ok: queued as ABC123\r\n".utf8)).line
                == "250 2.0.0 Ok: queued as ABC123")
        #expect(SMTPClient.queueID(in: "250 2.0.0 Ok: queued as ABC123") == "ABC123")
        #expect(throws: TransportError.self) { try SMTPClient.checkAddress("a@b\r\nRCPT TO:<x@y>", what: "r", allowEmpty: false) }
        #expect(throws: TransportError.self) { try SMTPClient.checkAddress("", what: "r", allowEmpty: false) }
        try SMTPClient.checkAddress("", what: "sender", allowEmpty: true)
    }

    @Test func errorsAreTypedAndSayWhatToDo() {
        let auth = TransportError.authenticationFailed(
            server: "imaps://h:993", username: "gw", reply: "NO [AUTHENTICATIONFAILED] Authentication failed.")
        #expect(!auth.isRetryable)
        #expect(auth.description.contains("check the user name and password"))
        #expect(TransportError.smtpRejected(code: 451, reply: "451 try later", permanent: false).isRetryable)
        #expect(!TransportError.smtpRejected(code: 550, reply: "550 no", permanent: true).isRetryable)
        #expect(TransportError.smtpRejected(code: 550, reply: "550 no", permanent: true).rejectsMessagePermanently)
        #expect(TransportError.connectionFailed(server: "x", detail: "refused").isRetryable)
        #expect(TransportError.timeout(server: "x", detail: "t").isRetryable)
        #expect(!TransportError.mailboxUnavailable(mailbox: "X", reply: "").isRetryable)
        let secret = IMAPConfiguration.Authentication.password("hunter2")
        #expect(!"\(secret)".contains("hunter2"))
        #expect(!String(reflecting: secret).contains("hunter2"))
        #expect(!"\(SMTPConfiguration(url: "smtp://h", username: "u", password: "hunter2"))".contains("hunter2"))
    }
}
