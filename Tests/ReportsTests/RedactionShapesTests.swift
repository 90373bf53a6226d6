import Testing

@testable import Reports

/// Issue 11, item 7: personal data the way people write it.
@Suite struct RedactionShapesTests {
    @Test(
        "removed",
        arguments: [
            ("Ring 070-123\n45 67 om något", "Ring [borttaget] om något"),
            ("Personnr 850312 4411 enligt vakten", "Personnr [borttaget] enligt vakten"),
            ("Samordningsnummer 850372-4412", "Samordningsnummer [borttaget]"),
        ])
    func removed(_ text: String, _ expected: String) {
        let r = Redaction.redact(text)
        #expect(r.redacted && r.text == expected, "\(r.text)")
    }

    @Test(
        "kept",
        arguments: [
            "Polisens diarienummer K-123456-18", "Anmälan K-98765-24 gjord", "Kl 21:30\n12 personer", "Datum 2018-09-03\n4 st",
            "Port 12\n45 meter bort",
        ])
    func kept(_ text: String) {
        let r = Redaction.redact(text)
        #expect(!r.redacted && r.text == text, "\(r.text)")
    }
}
