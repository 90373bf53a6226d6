import Digest
import Domain
import Foundation
import MailServerHarness
import ReadModels
import Testing

/// The *Drift* section's Gallring line: there when a retention pass ran in the week, its words agreeing
/// with its counts in both languages, and valid HTML.
@Suite struct DigestRetentionTests {
    func rendered(_ retention: RetentionCounts?) async throws -> (Digest, DigestRenderer) {
        let world = try await DigestWorld.shared()
        var d = try DigestBuilder.build(
            week: DigestWorld.week, options: world.options, now: DigestWorld.closedNow, read: world.store.digestInput)
        d.operations.retention = retention
        return (d, try DigestRenderer(templatesDirectory: DigestWorld.templates))
    }

    @Test func noPassNoLine() async throws {
        let (d, r) = try await rendered(nil)
        #expect(!r.text(d, language: .swedish).contains("Gallring"))
        #expect(!r.html(d, language: .english).contains("Retention"))
    }

    @Test func theLineSaysWhatThePassesRemoved() async throws {
        let (many, r) = try await rendered(RetentionCounts(rawMessages: 12, sentMail: 20, freeTextIncidents: 30, addresses: 40))
        #expect(
            r.text(many, language: .swedish).contains(
                "Gallring v.36: 12 mottagna meddelanden och 20 skickade, 30 händelsers fritext, 40 adresser pseudonymiserade."))
        #expect(
            r.text(many, language: .english).contains(
                "Retention w36: 12 received messages and 20 sent deleted, free text of 30 incidents cleared, 40 addresses pseudonymised."
            ))
        let (one, _) = try await rendered(RetentionCounts(rawMessages: 1, sentMail: 1, freeTextIncidents: 1, addresses: 1))
        #expect(
            r.text(one, language: .swedish).contains(
                "Gallring v.36: 1 mottaget meddelande och 1 skickat, 1 händelses fritext, 1 adress pseudonymiserad."))
        for language in [Language.swedish, .english] {
            let html = r.html(many, language: language)
            #expect(html.contains(language == .swedish ? "Gallring v.36: <strong>12</strong>" : "Retention w36: <strong>12</strong>"))
            let result = try Subprocess.run(
                "/usr/bin/python3",
                [
                    "-c",
                    "import html5lib, sys\nhtml5lib.HTMLParser(strict=True).parse(sys.stdin.buffer.read().decode('utf-8'))\nprint('ok')",
                ],
                stdin: Array(html.utf8))
            #expect(result.status == 0 && result.stdout.contains("ok"), "\(language): \(result.stderr)")
        }
    }
}
