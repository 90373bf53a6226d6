import Testing

@testable import MIME

@Suite struct EncodedWordTests {
    @Test func bAndQ() {
        #expect(EncodedWords.decode("=?UTF-8?B?w4VyZW5kZSBww6UgUsOlYnk=?=") == "Årende på Råby")
        #expect(EncodedWords.decode("=?iso-8859-1?Q?Sk=E4rholmen_och_R=E5by?=") == "Skärholmen och Råby")
        #expect(EncodedWords.decode("=?windows-1252?q?=96_dash?=") == "– dash")
    }

    @Test func adjacentWordsJoinWithoutTheWhitespaceBetween() {
        #expect(EncodedWords.decode("=?utf-8?q?EST_v=2E36?= \r\n =?utf-8?q?_R=C3=A5by?=") == "EST v.36 Råby")
        #expect(EncodedWords.decode("=?utf-8?q?a?=   =?iso-8859-1?q?=E5?=") == "aå")
        // Whitespace between a word and plain text is kept.
        #expect(EncodedWords.decode("Re: =?utf-8?q?R=C3=A5by?= rapport") == "Re: Råby rapport")
    }

    @Test func multiByteCharacterSplitAcrossWords() {
        // "å" is C3 A5; the first word ends after C3.
        #expect(EncodedWords.decode("=?UTF-8?Q?R=C3?= =?UTF-8?Q?=A5by?=") == "Råby")
        // Same with base64: "Rå" = 52 C3 | A5 → "UsM=" + "pQ==".
        #expect(EncodedWords.decode("=?utf-8?B?UsM=?= =?utf-8?B?pQ==?=") == "Rå")
    }

    @Test func malformedWordsStayLiteral() {
        #expect(EncodedWords.decode("=?utf-8?x?abc?=") == "=?utf-8?x?abc?=")
        #expect(EncodedWords.decode("price =? 10") == "price =? 10")
        #expect(EncodedWords.decode("=?utf-8?q?unterminated") == "=?utf-8?q?unterminated")
        #expect(EncodedWords.decode("=?utf-8?q?bad=ZZescape?=") == "bad=ZZescape")
    }

    @Test func unknownCharsetFallsBack() {
        #expect(EncodedWords.decode("=?x-nonsense?q?R=C3=A5by?=") == "Råby")
        #expect(EncodedWords.decode("=?utf-8*sv?q?R=C3=A5by?=") == "Råby")
    }
}
