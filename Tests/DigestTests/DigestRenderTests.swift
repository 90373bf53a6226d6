import Digest
import Domain
import Foundation
import MIME
import MailServerHarness
import OutgoingMail
import Statistics
import Testing

/// Text, HTML (checked by a real HTML5 parser and looked at in headless Chromium) and subject.
@Suite struct DigestRenderTests {
    static let artifacts = DigestWorld.repoRoot.appendingPathComponent("artifacts/digest")
    static let docs = DigestWorld.repoRoot.appendingPathComponent("docs")

    func rendered(_ language: Language = .swedish) async throws -> (Digest, DigestRenderer, DigestWorld) {
        let world = try await DigestWorld.shared()
        let d = try DigestBuilder.build(
            week: DigestWorld.week, options: world.options, now: DigestWorld.closedNow, read: world.store.digestInput)
        return (d, try DigestRenderer(templatesDirectory: DigestWorld.templates), world)
    }

    @Test func subjects() async throws {
        let (d, r, _) = try await rendered()
        #expect(r.subject(d, language: .swedish) == "EST lägesbild v.36 2018")
        #expect(r.subject(d, language: .english) == "EST situation report week 36 2018")
    }

    @Test func textIsReadableInAPlainClient() async throws {
        let (d, r, _) = try await rendered()
        let text = r.text(d, language: .swedish)
        try Self.save(text, "digest-sv.txt")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines { #expect(line.count <= 78, "too long: \(line)") }
        #expect(!text.contains("\n\n\n"))
        #expect(!text.contains("{{") && !text.contains("&amp;") && !text.contains("&#"))
        #expect(text.hasPrefix("EST LÄGESBILD VECKA 36 2018\n3–9 september 2018 · Råby, Hammarby, Bäckby/Skälby"))
        // Summary: one line per area with this week, last week, mean and the sparkline.
        for area in d.areas {
            let line = try #require(lines.first { $0.hasPrefix("  \(area.area.name) ") }, "\(area.area.name)")
            let cells = line.split(separator: " ")
            #expect(
                cells.suffix(4).map(String.init) == [
                    "\(area.counts.thisWeek)", "\(area.counts.lastWeek)",
                    Self.swedish(area.counts.baselineMean), Sparkline.render(area.counts.trend),
                ])
        }
        let raby = d.areas[0]
        #expect(
            text.contains(
                "Råby: \(raby.counts.thisWeek) händelser v.36 (v.35: \(raby.counts.lastWeek), snitt \(Self.swedish(raby.counts.baselineMean)))"
            ))
        for incident in d.areas.flatMap(\.incidents) { #expect(text.contains(incident.reference)) }
        #expect(text.contains("AVVIKELSER"))
        #expect(text.contains("Råby – Klotter"))
        #expect(text.contains("PLATSER SOM ÅTERKOMMER"))
        #expect(text.contains(d.hotspots[0].place))
        #expect(text.contains("Hammarby fritidsgård") && text.contains("ej rapporterat – 3 veckor i rad"))
        #expect(text.contains("ej rapporterat – aldrig rapporterat"))
        #expect(text.contains("nollrapport"))
        #expect(text.contains("1 avvisad rapport"))
        #expect(text.contains("okänd"))
        #expect(text.contains("Mejl i karantän v.36: 4"))
        #expect(text.contains("Svar som hölls tillbaka v.36: 4"))
        #expect(text.contains("2 × takgräns per mottagare och timme (rektor@rabyskolan.example)"))
        #expect(text.contains("4 × saknad eller ogiltig avsändare (From)"))
        #expect(text.contains("fritidsgard.hammarby@vasteras.example – 5.1.1"))
    }

    @Test func englishText() async throws {
        let (d, r, _) = try await rendered()
        let text = r.text(d, language: .english)
        try Self.save(text, "digest-en.txt")
        #expect(text.hasPrefix("EST SITUATION REPORT WEEK 36 2018\n3–9 September 2018"))
        #expect(text.contains("not reported – 3 weeks in a row"))
        #expect(text.contains("Mail in quarantine w36: 4"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 78 })
        #expect(!text.contains("händelser v.36"))
    }

    @Test(arguments: [Language.swedish, .english])
    func htmlIsValidHTML5(_ language: Language) async throws {
        let (d, r, _) = try await rendered()
        let html = r.html(d, language: language)
        try Self.save(html, "digest-\(language.rawValue).html")
        let result = try Subprocess.run(
            "/usr/bin/python3",
            [
                "-c",
                """
                import html5lib, sys
                html5lib.HTMLParser(strict=True).parse(sys.stdin.buffer.read().decode("utf-8"))
                print("ok")
                """,
            ], stdin: Array(html.utf8))
        #expect(
            result.status == 0 && result.stdout.contains("ok"),
            "html5lib (apt python3-html5lib, see scripts/setup) rejected the \(language) digest: \(result.stderr)")
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(
            html.contains(language == .swedish ? ">Upplevd trygghet <span" : ">Perceived safety <span"), "validated with its safety section"
        )
        // Inline CSS only; nothing fetched from elsewhere.
        for banned in ["<style", "<link", "<script", "<img", "src=", "url(", "class="] {
            #expect(!html.lowercased().contains(banned), "\(banned)")
        }
        // The chart degrades to the numbers: every count of the trend is in the HTML as text.
        let raby = d.areas[0]
        let row = try #require(html.range(of: ">\(raby.area.name)</p>"))
        let rest = html[row.upperBound...]
        let numbers = raby.counts.trend.map { ">\($0)</td>" }
        var cursor = rest.startIndex
        for n in numbers {
            let found = try #require(rest[cursor...].range(of: n), "trend number \(n)")
            cursor = found.upperBound
        }
        // Values are escaped.
        #expect(!html.contains("{{"))
    }

    @Test func htmlEscapesValues() async throws {
        var (d, r, _) = try await rendered()
        d.areas[0].incidents[0].place = "<script>alert(1)</script> & \"Råby\""
        let html = r.html(d, language: .swedish)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
        let text = r.text(d, language: .swedish)
        #expect(text.contains("<script>alert(1)</script> & \"Råby\""), "plain text keeps values as they are")
    }

    @Test func screenshotInChromium() async throws {
        let (d, r, _) = try await rendered()
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let browser = try #require(
            chromium, "headless Chromium is needed for this test: apt-get install chromium (scripts/setup installs it)")
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        for (language, width) in [(Language.swedish, 800), (.swedish, 390), (.english, 800)] {
            let html = r.html(d, language: language)
            let page = Self.artifacts.appendingPathComponent("digest-\(language.rawValue)-\(width).html")
            try html.write(to: page, atomically: true, encoding: .utf8)
            let png = Self.artifacts.appendingPathComponent("digest-\(language.rawValue)-\(width).png")
            try? FileManager.default.removeItem(at: png)
            let profile = try DigestWorld.temporaryDirectory("chromium")
            // timeout(1) so that a browser that hangs fails the test instead of the run.
            let result = try Subprocess.run(
                "/usr/bin/timeout",
                [
                    "120", browser,
                    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                    "--user-data-dir=\(profile.path)", "--screenshot=\(png.path)", "--window-size=\(width),2400",
                    page.absoluteString,
                ])
            try? FileManager.default.removeItem(at: profile)
            let data = try #require(FileManager.default.contents(atPath: png.path), "no screenshot: \(result.stderr.suffix(600))")
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
            #expect(data.count > 20_000, "a page with content, not a blank image")
            if language == .swedish && width == 800 {
                try FileManager.default.createDirectory(at: Self.docs, withIntermediateDirectories: true)
                try data.write(to: Self.docs.appendingPathComponent("digest-example.png"))
                try r.text(d, language: .swedish).write(
                    to: Self.docs.appendingPathComponent("digest-example.txt"),
                    atomically: true, encoding: .utf8)
            }
        }
    }

    @Test func mailHasThePeriodicHeaders() async throws {
        let (d, r, _) = try await rendered()
        let message = DigestMail.message(
            d, renderer: r, language: .swedish,
            from: Mailbox(name: "EST Västerås", address: "est@vasteras.example"),
            to: [Mailbox(address: "arbetsgrupp@vasteras.example")],
            messageIDDomain: "est.vasteras.example",
            loopHeader: (name: "X-EST-Gateway-Loop", value: "est-vasteras"), date: DigestWorld.closedNow)
        #expect(OutboxKey.digest(d.week, recipient: "AG@vasteras.example").rawValue == "digest:2018-W36:ag@vasteras.example")
        let raw = MessageWriter.bytes(message, timeZone: DigestWorld.timeZone)
        let parsed = try MailMessage.parse(raw)
        #expect(parsed.subject == "EST lägesbild v.36 2018")
        #expect(parsed.headers.first("Auto-Submitted") == "auto-generated")
        #expect(parsed.headers.first("Precedence") == "bulk")
        #expect(parsed.headers.first("X-EST-Gateway-Loop") == "est-vasteras")
        #expect(parsed.messageID?.contains("@est.vasteras.example") == true, "\(parsed.messageID ?? "-")")
        let body = parsed.readableBody().text
        #expect(body.contains("SAMMANFATTNING"))
    }

    @Test func templateProblemsNameTheFile() throws {
        let dir = try DigestWorld.temporaryDirectory("templates")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: DigestTemplateError.missingDirectory(path: dir.appendingPathComponent("sv").path)) {
            try DigestRenderer(templatesDirectory: dir.path)
        }
        for language in ["sv", "en"] {
            let folder = dir.appendingPathComponent(language)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in try FileManager.default.contentsOfDirectory(atPath: DigestWorld.templates + "/" + language)
            where file.hasPrefix("digest") {
                try FileManager.default.copyItem(
                    atPath: DigestWorld.templates + "/\(language)/\(file)", toPath: folder.appendingPathComponent(file).path)
            }
        }
        _ = try DigestRenderer(templatesDirectory: dir.path)
        let html = dir.appendingPathComponent("en/digest.html.mustache")
        try FileManager.default.removeItem(at: html)
        #expect(throws: DigestTemplateError.missingTemplate(file: html.path)) { try DigestRenderer(templatesDirectory: dir.path) }
        try "{{#areas}}oops".write(to: html, atomically: true, encoding: .utf8)
        #expect {
            try DigestRenderer(templatesDirectory: dir.path)
        } throws: { error in
            guard case .syntax(let file, _, _, _) = error as? DigestTemplateError else { return false }
            return file == html.path
        }
        try "{{#nothing}}x{{/nothing}}".write(to: html, atomically: true, encoding: .utf8)
        #expect(throws: DigestTemplateError.rendersEmpty(file: html.path)) { try DigestRenderer(templatesDirectory: dir.path) }
    }

    // MARK: - Helpers

    static func swedish(_ value: Double) -> String { String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",") }

    static func save(_ text: String, _ name: String) throws {
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        try text.write(to: artifacts.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
}
