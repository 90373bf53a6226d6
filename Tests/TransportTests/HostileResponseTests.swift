import Testing

@testable import MailTransport

/// A broken or hostile IMAP server must cost a bounded stack and bounded memory (issue 8).
@Suite struct HostileResponseTests {
    @Test func deepListNestingIsRefusedNotFollowed() {
        let stream = "* 1 FETCH " + String(repeating: "(", count: 100_000) + "\r\n"
        #expect(throws: IMAPResponseReader.MalformedResponse.self) {
            try IMAPResponseReader.parse(Array(stream.utf8))
        }
    }

    @Test func nestingUpToTheLimitIsRead() throws {
        let depth = IMAPResponseReader.maxListDepth
        let stream = "* LIST " + String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth) + " \"/\" INBOX\r\n"
        let responses = try IMAPResponseReader.parse(Array(stream.utf8))
        guard case .untagged(let values) = responses.first else { Issue.record("no untagged response"); return }
        var level = values[1]
        var seen = 0
        while case .list(let inner) = level, let first = inner.first { level = first; seen += 1 }
        #expect(seen == depth)
        #expect(level == .atom("x"))
    }

    @Test func sizesNearTwoToTheSixtyFourDoNotTrap() throws {
        let stream =
            "* 1 FETCH (UID 7 RFC822.SIZE 18446744073709551615 FLAGS ())\r\n"
            + "* 2 FETCH (UID 99999999999 RFC822.SIZE 99999999999999999999999)\r\n"
            + "* 3 FETCH (UID 8 RFC822.SIZE 9223372036854775807)\r\n"
            + "A1 OK done\r\n"
        let items = IMAPClient.fetchItems(try IMAPResponseReader.parse(Array(stream.utf8)))
        #expect(items.count == 3)
        #expect(items[0].uid == 7)
        #expect(items[0].size == Int.max)
        // A UID past 32 bits names no message; a size past 64 bits is no number at all.
        #expect(items[1].uid == nil)
        #expect(items[1].size == nil)
        #expect(items[2].size == Int.max)
    }

    @Test func announcedSizeNeverReservesMoreThanTheBound() {
        #expect(IMAPClient.reservation(forAnnouncedSize: Int.max) == IMAPClient.maxReservation)
        #expect(IMAPClient.reservation(forAnnouncedSize: 9_000_000_000_000) == IMAPClient.maxReservation)
        #expect(IMAPClient.reservation(forAnnouncedSize: -5) == 0)
        #expect(IMAPClient.reservation(forAnnouncedSize: 200_000) == 200_000)
        #expect(IMAPClient.maxReservation <= 64 * 1024 * 1024)
    }
}
