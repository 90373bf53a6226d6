import Testing

@testable import MailTransport

@Suite struct ModifiedUTF7Tests {
    @Test(arguments: [
        ("INBOX", "INBOX"),
        ("EST/Behandlade", "EST/Behandlade"),
        ("EST/Karantän", "EST/Karant&AOQ-n"),
        ("Tom & Jerry", "Tom &- Jerry"),
        ("&", "&-"),
        ("Räksmörgås", "R&AOQ-ksm&APY-rg&AOU-s"),
        ("日本語", "&ZeVnLIqe-"),
        ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
        ("😀", "&2D3eAA-"),
        ("ÅÄÖ", "&AMUAxADW-"),
        ("", ""),
    ])
    func roundTrip(_ pair: (String, String)) throws {
        #expect(ModifiedUTF7.encode(pair.0) == pair.1)
        #expect(try ModifiedUTF7.decode(pair.1) == pair.0)
    }

    @Test(arguments: ["&AOQ", "&A-", "&AOQ!-", "&AGE-", "&2D0-", "caf\u{e9}"])
    func rejectsMalformed(_ wire: String) {
        #expect(throws: ModifiedUTF7.DecodingError.self) { try ModifiedUTF7.decode(wire) }
        #expect(ModifiedUTF7.decodeLeniently(wire) == wire)
    }

    @Test func quotingForCommands() throws {
        #expect(try IMAPQuoting.quote("EST/Karant&AOQ-n") == "\"EST/Karant&AOQ-n\"")
        #expect(try IMAPQuoting.quote("a \"b\" \\c") == "\"a \\\"b\\\" \\\\c\"")
        #expect(throws: TransportError.self) { try IMAPQuoting.quote("a\r\nA1 LOGOUT") }
        #expect(throws: TransportError.self) { try IMAPQuoting.quote("Karantän") }
    }

    @Test func urlPathEncoding() {
        #expect(URLPath.encode("EST/Karant&AOQ-n") == "EST/Karant%26AOQ-n")
        #expect(URLPath.encode("My Box;x?y") == "My%20Box%3Bx%3Fy")
    }
}
