import Domain
import Foundation
import Insatser
import MailServerHarness
import MailTemplates
import Testing

/// Text, HTML (checked by a strict HTML5 parser) and JSON of an insats's change, in both languages.
@Suite struct InsatsEffectRendererTests {
    typealias F = Fixtures

    static let renderer = Result { try InsatsEffectRenderer(templatesDirectory: F.templates) }

    /// A working insats at a place, measured over two whole 8-week windows.
    static let measured = F.effect(
        F.insats(place: "Råby centrum"),
        {
            var rows = Rows.counts(target: (40, 6), comparison: (30, 30))
            rows.add(2, in: Rows.after, place: "Råby centrum")
            return rows
        }())
    /// The same insats before its first week is closed.
    static let notMeasured = F.effect(
        F.insats(place: "Råby centrum"), Rows.counts(target: (40, 0), comparison: (30, 0)),
        lastClosedWeek: ISOWeek(year: 2018, week: 35))

    @Test(arguments: Language.allCases)
    func textHasTheSentenceTheWindowsAndTheChart(_ language: Language) throws {
        let r = try Self.renderer.get()
        let text = r.text(Self.measured, language: language)
        try Self.save(text, "insats-\(language.rawValue).txt")
        let sentence = try #require(Self.measured.sentence(language: language))
        let place = try #require(Self.measured.placeSentence(language: language))
        let joined = text.replacingOccurrences(of: "\n", with: " ")
        #expect(joined.contains(sentence) && joined.contains(place))
        #expect(text.contains("2018-07-09 – 2018-09-02") && text.contains("2018-09-03 – 2018-10-28"))
        let afterWeeks = language == .swedish ? "(8 veckor, till dagen före uppföljningen)" : "(8 weeks, to the day before the follow-up)"
        #expect(text.contains(afterWeeks))
        #expect(text.hasPrefix("INS-2018-0007 Kvällsvandringar\n"))
        // The chart: one line per week, the start marked between the before and the after weeks.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let marker = try #require(lines.firstIndex { $0.hasSuffix("start 2018-09-03") })
        #expect(lines[marker - 1].hasPrefix(language == .swedish ? "  v.35" : "  w35"))
        #expect(lines[marker + 1].hasPrefix(language == .swedish ? "  v.36" : "  w36"))
        for incident in Self.measured.afterIncidents { #expect(text.contains(incident.row.reference)) }
        for line in lines { #expect(line.count <= 78, "too long: \(line)") }
        #expect(!text.contains("{{") && !text.contains("&amp;") && !text.contains("\n\n\n"))
    }

    @Test(arguments: Language.allCases)
    func notMeasuredYetSaysWhenMeasuringBegins(_ language: Language) throws {
        let r = try Self.renderer.get()
        let text = r.text(Self.notMeasured, language: language)
        #expect(
            text.replacingOccurrences(of: "\n", with: " ").contains(
                language == .swedish
                    ? "mätningen börjar när första veckan är slut (söndag 2018-09-09)"
                    : "measuring begins when the first week is over (Sunday 2018-09-09)"))
        #expect(!text.contains("start 2018-09-03"), "no after part in the chart")
        let html = r.html(Self.notMeasured, language: language)
        try Self.validate(html, fragment: false)
        #expect(!html.contains("dashed"), "no start line without an after part")
    }

    @Test(arguments: Language.allCases)
    func htmlIsValidHTML5WithInlineCSSOnly(_ language: Language) throws {
        let r = try Self.renderer.get()
        let html = r.html(Self.measured, language: language)
        try Self.save(html, "insats-\(language.rawValue).html")
        try Self.validate(html, fragment: false)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"))
        let fragment = r.htmlFragment(Self.measured, language: language)
        try Self.validate(fragment, fragment: true)
        #expect(!fragment.contains("<html") && !fragment.contains("<body") && html.contains(fragment))
        for banned in ["<style", "<link", "<script", "<img", "src=", "url(", "class="] {
            #expect(!html.lowercased().contains(banned), "\(banned)")
        }
        #expect(html.contains(try #require(Self.measured.sentence(language: language))))
        #expect(html.contains("2018-07-09 – 2018-09-02") && html.contains("2018-09-03 – 2018-10-28"))
        // The chart's before bars, then the dashed start line, then the after bars.
        let beforeBars = Self.measured.target.weekly.filter { $0.window == .before }.count
        let rows = try #require(html.range(of: "<tr><td width=\"12\""))
        let barRow = String(html[rows.lowerBound...]).components(separatedBy: "</tr>")[0]
        let cells = barRow.components(separatedBy: "<td ").dropFirst()
        #expect(cells.count == Self.measured.target.weekly.count + 1)
        #expect(cells.firstIndex { $0.contains("dashed") }.map { $0 - 1 } == beforeBars)
    }

    @Test func htmlEscapesValues() throws {
        let r = try Self.renderer.get()
        var insats = F.insats()
        insats.title = "<script>alert(1)</script> & co"
        let effect = F.effect(insats, Rows.counts(target: (40, 6), comparison: (30, 30)))
        let html = r.html(effect, language: .swedish)
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"))
        try Self.validate(html, fragment: false)
        #expect(r.text(effect, language: .swedish).contains("<script>alert(1)</script> & co"))
    }

    @Test func subjects() throws {
        let r = try Self.renderer.get()
        #expect(r.followUpSubject(Self.measured, language: .swedish) == "EST uppföljning INS-2018-0007: Kvällsvandringar")
        #expect(r.followUpSubject(Self.measured, language: .english) == "EST follow-up INS-2018-0007: Kvällsvandringar")
    }

    /// The wording says change, never effect: no causation is claimed.
    @Test func neverSaysEffect() throws {
        let r = try Self.renderer.get()
        for effect in [Self.measured, Self.notMeasured] {
            for language in Language.allCases {
                for output in [
                    r.text(effect, language: language), r.html(effect, language: language), r.json(effect, language: language),
                    r.followUpSubject(effect, language: language),
                ] {
                    let lower = output.lowercased()
                    #expect(!lower.contains("effekt") && !lower.contains("effect of"))
                }
            }
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: F.templates + "/sv") where file.hasPrefix("insats") {
            #expect(!(try String(contentsOfFile: F.templates + "/sv/" + file, encoding: .utf8)).lowercased().contains("effekt"))
        }
    }

    @Test func jsonDecodesWithEveryKey() throws {
        let r = try Self.renderer.get()
        let json = r.json(Self.measured, language: .swedish)
        try Self.save(json, "insats-sv.json")
        let report = try InsatsEffectReport(json: Data(json.utf8))
        #expect(report == InsatsEffectReport(Self.measured, language: .swedish))
        #expect(report.target.before == 40 && report.target.after == 8 && report.placeSeries?.after == 2)
        #expect(report.target.sentence == Self.measured.sentence(language: .swedish))
        #expect(report.afterWindow?.weeks == 8 && report.afterWindowEnds == "follow_up")
        #expect(report.afterIncidents.count == 8 && report.afterIncidents.filter(\.atPlace).count == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "reference", "title", "status", "language", "areas", "comparison_areas", "place", "categories", "start", "end",
                "follow_up", "responsible", "before_window", "after_window", "after_window_ends", "measurement_note",
                "minimum_events", "interval_level", "target", "place_series", "comparison", "after_incidents",
            ])
        let target = try #require(object["target"] as? [String: Any])
        #expect(
            Set(target.keys) == [
                "before", "after", "before_rate", "after_rate", "rate_ratio", "interval", "too_small", "difference", "sentence", "weekly",
            ])
        #expect(object["end"] is NSNull && object["measurement_note"] is NSNull)
        let comparison = try #require(object["comparison"] as? [String: Any])
        #expect(comparison["sentence"] is NSNull && comparison["rate_ratio"] as? Double == 1)
        let week = try #require((target["weekly"] as? [[String: Any]])?.first)
        #expect(Set(week.keys) == ["week", "window", "first", "last", "days", "count"])
        #expect(week["week"] as? String == "2018-W28" && week["window"] as? String == "before")
    }

    /// Nothing before: an unbounded rate ratio and interval are null, not a number JSON cannot hold.
    @Test func jsonHasNullForInfinity() throws {
        let effect = F.effect(F.insats(), Rows.counts(target: (0, 12), comparison: (30, 30)))
        #expect(effect.targetChange?.target.ratio == .infinity)
        let json = try Self.renderer.get().json(effect, language: .english)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let target = try #require(object["target"] as? [String: Any])
        #expect(target["rate_ratio"] is NSNull)
        let interval = try #require(target["interval"] as? [String: Any])
        #expect(interval["upper"] is NSNull && interval["lower"] is Double)
        #expect(!json.contains("inf") && !json.contains("nan"))
        let notMeasured = try InsatsEffectReport(json: Data(try Self.renderer.get().json(Self.notMeasured, language: .swedish).utf8))
        #expect(notMeasured.afterWindow == nil && notMeasured.target.after == nil && notMeasured.target.sentence == nil)
        #expect(notMeasured.measurementNote?.contains("mätningen börjar när första veckan är slut") == true)
    }

    /// The trial run refuses a template that renders nothing, and names it.
    @Test func anEmptyTemplateIsRefused() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("insats-templates-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for language in ["sv", "en"] {
            let folder = dir.appendingPathComponent(language)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in try FileManager.default.contentsOfDirectory(atPath: F.templates + "/" + language) where file.hasPrefix("insats") {
                try FileManager.default.copyItem(
                    atPath: F.templates + "/\(language)/\(file)", toPath: folder.appendingPathComponent(file).path)
            }
        }
        _ = try InsatsEffectRenderer(templatesDirectory: dir.path)
        let subject = dir.appendingPathComponent("en/insats-followup-subject.mustache")
        try "{{#nothing}}x{{/nothing}}\n".write(to: subject, atomically: true, encoding: .utf8)
        #expect(throws: TemplateError.rendersEmpty(file: subject.path)) { try InsatsEffectRenderer(templatesDirectory: dir.path) }
        try FileManager.default.removeItem(at: subject)
        #expect(throws: TemplateError.missingTemplate(file: subject.path)) { try InsatsEffectRenderer(templatesDirectory: dir.path) }
    }

    // MARK: - Helpers

    /// For looking at: artifacts/insats/ (not committed).
    static func save(_ text: String, _ name: String) throws {
        let folder = URL(fileURLWithPath: F.templates).deletingLastPathComponent().appendingPathComponent("artifacts/insats")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// html5lib in strict mode (apt python3-html5lib, see scripts/setup): any parse error fails.
    static func validate(_ html: String, fragment: Bool) throws {
        let result = try Subprocess.run(
            "/usr/bin/python3",
            [
                "-c",
                """
                import html5lib, sys
                parser = html5lib.HTMLParser(strict=True)
                text = sys.stdin.buffer.read().decode("utf-8")
                parser.parseFragment(text) if sys.argv[1] == "fragment" else parser.parse(text)
                print("ok")
                """,
                fragment ? "fragment" : "document",
            ], stdin: Array(html.utf8))
        #expect(result.status == 0 && result.stdout.contains("ok"), "html5lib rejected the HTML: \(result.stderr)")
    }
}
