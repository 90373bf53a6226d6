import Foundation
import Testing

@testable import MIME

@Suite struct MailDateTests {
    // 2018-09-03 19:10:00 UTC
    static let reference: TimeInterval = 1_536_001_800

    @Test(arguments: [
        "Mon, 3 Sep 2018 21:10:00 +0200",
        "Mon, 03 Sep 2018 21:10:00 +0200 (CEST)",
        "3 Sep 2018 21:10:00 +0200",
        "Mon, 3 Sep 18 21:10:00 +0200",
        "Mon, 3 Sep 2018 21:10 +0200",
        "Mon,  3  Sep  2018   21:10:00   +0200",
        "mon, 3 sep 2018 21:10:00 +0200",
        "Mon, 3 Sep 2018 21:10:00 CEST",
        "Mon, 3 Sep 2018 19:10:00 GMT",
        "Mon, 3 Sep 2018 19:10:00 UT",
        "Mon, 3 Sep 2018 15:10:00 EDT",
        "Mon, 3 Sep 2018 14:10:00 EST",
        "Monday, 3 September 2018 21:10:00 +0200",
        "Mon, 3-Sep-2018 21:10:00 +0200",
        "Mon Sep  3 19:10:00 2018",
        "Mon, 3 Sep 2018 19:10:00",
        "Mon, 3 Sep 2018 19:10:00 -0000",
        "Mon, 3 Sep 2018 12:10:00 -0700",
    ])
    func parsesToSameInstant(_ text: String) throws {
        let d = try #require(MailDate.parse(text))
        #expect(d.timeIntervalSince1970 == Self.reference)
    }

    @Test(arguments: [
        "", "yesterday", "Mon, 31 Feb 2018 10:00:00 +0000", "Mon, 3 Sep 2018 25:00:00 +0000", "3 2018 10:00", "Mon, 3 Foo 2018 10:00:00",
    ])
    func rejects(_ text: String) {
        #expect(MailDate.parse(text) == nil)
    }

    @Test func twoDigitYears() throws {
        let d = try #require(MailDate.parse("1 Jan 99 00:00:00 +0000"))
        #expect(d.timeIntervalSince1970 == 915_148_800)
        let leap = try #require(MailDate.parse("29 Feb 2024 00:00 +0000"))
        #expect(leap.timeIntervalSince1970 == 1_709_164_800)
    }

    @Test func messageDate() throws {
        let m = try parseMail("Date: Mon, 3 Sep 2018 21:10:00 +0200\n\nx")
        #expect(m.date?.timeIntervalSince1970 == Self.reference)
    }
}
