import Testing

@testable import MIME

@Suite struct AddressListTests {
    @Test func displayNames() throws {
        let list = try #require(AddressList.parse(#""Andersson, Anna" <anna.andersson@mimer.se>, Bo Ek <bo@x.se>, plain@y.se"#))
        #expect(list.count == 3)
        #expect(list[0].displayName == "Andersson, Anna")
        #expect(list[0].address == "anna.andersson@mimer.se")
        #expect(list[0].localPart == "anna.andersson")
        #expect(list[0].domain == "mimer.se")
        #expect(list[1].displayName == "Bo Ek")
        #expect(list[2].displayName == nil)
        #expect(list[2].address == "plain@y.se")
    }

    @Test func encodedWordDisplayName() throws {
        let list = try #require(AddressList.parse("=?utf-8?q?J=C3=B6rgen?= =?utf-8?q?_=C3=85kesson?= <jorgen@vasteras.se>"))
        #expect(list == [MailAddress(displayName: "Jörgen Åkesson", localPart: "jorgen", domain: "vasteras.se")])
        let quoted = try #require(AddressList.parse(#""=?iso-8859-1?q?S=F6ren?=" <s@x.se>"#))
        #expect(quoted.first?.displayName == "Sören")
    }

    @Test func groupsAreFlattened() throws {
        let list = try #require(AddressList.parse("Trygghet: a@x.se, \"B\" <b@x.se>;, c@y.se, Undisclosed recipients:;"))
        #expect(list.map(\.address) == ["a@x.se", "b@x.se", "c@y.se"])
        #expect(AddressList.parse("undisclosed-recipients:;") == [])
    }

    @Test func commentsAreDropped() throws {
        let list = try #require(AddressList.parse("anna@x.se (Anna A), Bo (kontor) <bo(x)@y.se>"))
        #expect(list.map(\.address) == ["anna@x.se", "bo@y.se"])
        #expect(list[0].displayName == nil)
        #expect(list[1].displayName == "Bo")
    }

    @Test func rawUTF8AndDottedNames() throws {
        let list = try #require(AddressList.parse("Åsa Öberg <asa@x.se>, John Q. Public <jqp@example.com>"))
        #expect(list[0].displayName == "Åsa Öberg")
        #expect(list[1].displayName == "John Q. Public")
    }

    @Test func quotedLocalPartAndRoute() throws {
        let list = try #require(AddressList.parse(#"<@relay.se:"john doe"@x.se>"#))
        #expect(list.first?.localPart == "john doe")
        #expect(list.first?.address == #""john doe"@x.se"#)
    }

    @Test func unparseable() {
        #expect(AddressList.parse("just some words") == nil)
        #expect(AddressList.parse("Anna <>") == nil)
        #expect(AddressList.parse("a@") == nil)
        #expect(AddressList.parse("Anna Andersson anna@x.se") == nil)
    }

    @Test func fromOnMessage() throws {
        let m = try parseMail("From: \"Polisen Enköping\" <noreply@polisen.se>\n\nx")
        #expect(m.from?.first?.displayName == "Polisen Enköping")
        let broken = try parseMail("From: nobody\n\nx")
        #expect(broken.from == nil)
        let absent = try parseMail("Subject: x\n\nx")
        #expect(absent.from == nil)
    }
}
