import Domain
import Foundation
import MailServerHarness
import PeriodReport
import ReadModels
import Testing

/// The pilot report as the working group reads it: text in a plain client, HTML checked by a real HTML5 parser,
/// small enough for Gmail, and looked at in headless Chromium (PNGs kept under artifacts/report).
@Suite struct PeriodReportRenderTests {
    static let docs = PilotWorld.repoRoot.appendingPathComponent("docs")
    /// Gmail clips a message's HTML at about 102 kB and hides the rest behind a link.
    static let htmlLimit = 100_000

    func rendered() async throws -> (PeriodReport, PeriodReportRenderer) {
        let world = try await PilotWorld.shared()
        return (try world.report(), try world.renderer())
    }

    @Test func textIsReadableInAPlainClient() async throws {
        let (report, renderer) = try await rendered()
        let text = renderer.text(report, language: .swedish)
        try Self.save(text, "pilot-report-sv.txt")
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { #expect(line.count <= 78, "too long: \(line)") }
        #expect(!text.contains("\n\n\n") && !text.contains("{{") && !text.contains("&amp;") && !text.contains("&#"))
        #expect(text.hasPrefix("EST PERIODRAPPORT: PILOTPERIODEN\n1 september 2018–28 februari 2019 · Råby, Hammarby, Bäckby/Skälby\n"))
        #expect(text.contains("\(report.total.total) händelser under 1 september 2018–28 februari 2019 (v.35 2018–v.9 2019)."))
        let lines = text.split(separator: "\n").map(String.init)
        for area in report.areas {
            let row = try #require(lines.first { $0.hasPrefix("  \(area.area.name) ") }, "\(area.area.name)")
            #expect(row.split(separator: " ").contains { $0 == "\(area.summary.total)" }, "\(row)")
            #expect(text.contains("\(area.area.name): \(area.summary.total) händelser\n"))
        }
        #expect(text.contains("Råby: en ökning från"), "the halves' sentence")
        #expect(!text.lowercased().contains("effekt"), "no causal words")
        for heading in [
            "SAMMANFATTNING", "VECKA FÖR VECKA", "PLATSER SOM RAPPORTERAS OFTAST", "NÄR HÄNDER DET", "RAPPORTERING",
            "HUR RAPPORTERINGEN FUNGERAR", "VAD SIFFRORNA INTE KAN SÄGA",
        ] {
            #expect(text.contains("\n\(heading)\n"), "\(heading)")
        }
        #expect(text.contains("  v.35 2018*") && text.contains("  v.9 2019*"), "the partial weeks are marked")
        #expect(text.contains("2 × Kategori: okänd kategori \"…\""))
        #expect(text.contains("varav 1 rättade av rapportören;\n1 återkallade räknas inte."))
        #expect(text.contains("Det finns inga uppgifter från tiden före 30 aug 2018"))
        #expect(text.contains("Slutade rapportera före periodens slut:\n  Hammarby fritidsgård"))
        #expect(text.contains("  Hammarby fritidsgård"))
        #expect(!text.contains("Bifogat"), "a printed report names no attachments")
    }

    @Test func englishText() async throws {
        let (report, renderer) = try await rendered()
        let text = renderer.text(report, language: .english)
        try Self.save(text, "pilot-report-en.txt")
        #expect(text.hasPrefix("EST PERIOD REPORT: THE PILOT\n1 September 2018–28 February 2019"))
        #expect(text.contains("Råby: an increase from"))
        #expect(text.contains("WHAT THE NUMBERS CANNOT SAY"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 78 })
        #expect(!text.contains("händelser under") && !text.lowercased().contains("effect"))
    }

    @Test(arguments: [Language.swedish, .english])
    func htmlIsValidHTML5AndUnderGmailsLimit(_ language: Language) async throws {
        let (report, renderer) = try await rendered()
        let html = renderer.html(report, language: language, attachments: PeriodReportCSV.attachments(report, language: language))
        try Self.save(html, "pilot-report-\(language.rawValue).html")
        let size = html.utf8.count
        try Self.save("\(size)\n", "pilot-report-\(language.rawValue).html.bytes")
        #expect(size < Self.htmlLimit, "\(size) bytes: Gmail would clip it")
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
            "html5lib (apt python3-html5lib, see scripts/setup) rejected the \(language) report: \(result.stderr)")
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"))
        // Inline CSS and tables only; nothing fetched from elsewhere (Outlook, Gmail, phones).
        for banned in ["<style", "<link", "<script", "<img", "src=", "url(", "class=", "<svg", "display:flex", "display:grid"] {
            #expect(!html.lowercased().contains(banned), "\(banned)")
        }
        #expect(html.contains("name=\"viewport\"") && html.contains("max-width:680px"), "readable on a phone")
        // The large charts degrade to their numbers: each area's weekly counts are in the HTML in order.
        for area in report.areas {
            let start = try #require(html.range(of: ">\(area.area.name)</td>"), "\(area.area.name)")
            var cursor = start.upperBound
            for n in area.summary.weekly {
                let found = try #require(html[cursor...].range(of: "<td>\(n)</td>"), "week count \(n)")
                cursor = found.upperBound
            }
        }
        #expect(html.contains(".csv"), "the attachments are named")
    }

    @Test func htmlEscapesValues() throws {
        var input = PeriodReportInput()
        let utc = TimeZone(identifier: "UTC")!
        input.incidents = [
            PeriodIncidentRow(
                reference: "EST-2018-000001", area: "raby", place: "<script>x</script> & \"Råby\"",
                date: LocalDate(year: 2018, month: 9, day: 3), categories: ["KLOT"], description: "x", organisation: "mimer",
                receivedAt: LocalDate(year: 2018, month: 9, day: 4).start(in: utc)),
            PeriodIncidentRow(
                reference: "EST-2018-000002", area: "raby", place: "<script>x</script> & \"Råby\"",
                date: LocalDate(year: 2018, month: 9, day: 4), categories: ["KLOT"], description: "x", organisation: "mimer",
                receivedAt: LocalDate(year: 2018, month: 9, day: 4).start(in: utc)),
        ]
        let options = PeriodReportOptions(timeZone: utc, areas: [Area(id: "raby", name: "Råby")], categories: [], organisations: [])
        let report = PeriodReportBuilder.build(
            input, period: .tertial(year: 2018, number: 3), options: options, now: LocalDate(year: 2019, month: 1, day: 7).start(in: utc))
        let renderer = try PeriodReportRenderer(templatesDirectory: PilotWorld.templates)
        let html = renderer.html(report, language: .swedish)
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"))
        #expect(renderer.text(report, language: .swedish).contains("<script>x</script> & \"Råby\""))
    }

    @Test func screenshotInChromium() async throws {
        let (report, renderer) = try await rendered()
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let browser = try #require(
            chromium, "headless Chromium is needed for this test: apt-get install chromium (scripts/setup installs it)")
        try FileManager.default.createDirectory(at: PilotWorld.artifacts, withIntermediateDirectories: true)
        // The whole report at a desktop width and a phone's, and the top of it for the README.
        for (language, width, height, name) in [
            (Language.swedish, 800, 7000, "pilot-report-sv-800"), (.swedish, 390, 11000, "pilot-report-sv-390"),
            (.english, 800, 7000, "pilot-report-en-800"), (.swedish, 700, 1250, "pilot-report-top"),
        ] {
            var page = PilotWorld.artifacts.appendingPathComponent("\(name).html")
            try renderer.html(report, language: language).write(to: page, atomically: true, encoding: .utf8)
            // Chromium's window is never narrower than 500 pixels: a phone's width is an iframe's.
            var window = width
            if width < 500 {
                let frame = PilotWorld.artifacts.appendingPathComponent("\(name)-frame.html")
                try """
                <!DOCTYPE html><html><body style="margin:0"><iframe src="\(page.lastPathComponent)" width="\(width)" \
                height="\(height)" style="border:0;display:block"></iframe></body></html>
                """.write(to: frame, atomically: true, encoding: .utf8)
                page = frame
                window = 500
            }
            let png = PilotWorld.artifacts.appendingPathComponent("\(name).png")
            try? FileManager.default.removeItem(at: png)
            let profile = try PilotWorld.temporaryDirectory("chromium")
            // timeout(1) so that a browser that hangs fails the test instead of the run.
            let result = try Subprocess.run(
                "/usr/bin/timeout",
                [
                    "120", browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                    "--force-device-scale-factor=1", "--user-data-dir=\(profile.path)", "--screenshot=\(png.path)",
                    "--window-size=\(window),\(height)", page.absoluteString,
                ])
            try? FileManager.default.removeItem(at: profile)
            let data = try #require(FileManager.default.contents(atPath: png.path), "no screenshot: \(result.stderr.suffix(600))")
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
            #expect(data.count > 20_000, "a page with content, not a blank image")
            if name == "pilot-report-top" {
                try FileManager.default.createDirectory(at: Self.docs, withIntermediateDirectories: true)
                try data.write(to: Self.docs.appendingPathComponent("pilot-report.png"))
            }
        }
    }

    static func save(_ text: String, _ name: String) throws {
        try FileManager.default.createDirectory(at: PilotWorld.artifacts, withIntermediateDirectories: true)
        try text.write(to: PilotWorld.artifacts.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
}
