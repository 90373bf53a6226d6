import Assembly
import Daemon
import Domain
import Foundation
import Logging
import MailServerHarness
import PeriodReport
import Periodic
import Settings
import Storage
import Testing

/// The pilot's insatser and Trygghet in its report (working-group.md §3–5): a six-month seed with a
/// clear pattern per insats, through the real pipeline and store, checked against what was sent.
///
/// Råby's graffiti falls from 5 to 1 a week when its insats starts (the comparison areas stay at 2 a
/// week each); Hammarby's vandalism stays at 3 a week; Bäckby's fires are too few to say anything; a
/// fourth insats is planned for the pilot's last weeks.
@Suite(.serialized) struct PilotInsatserTests {
    static let start = LocalDate(year: 2018, month: 11, day: 12)
    static let weeks = ISOWeek.range(ISOWeek(year: 2018, week: 36), through: ISOWeek(year: 2019, week: 8))
    static let fireWeeks: Set<Int> = [38, 41, 44, 47, 50, 3]

    /// Incidents per (area, category) in a week, as the seed sends them.
    static func planned(_ week: ISOWeek) -> [(area: String, name: String, code: String, count: Int)] {
        let after = week.monday >= start
        return [
            ("Råby", "Klotter", "KLOT", after ? 1 : 5), ("Hammarby", "Klotter", "KLOT", 2), ("Bäckby", "Klotter", "KLOT", 2),
            ("Hammarby", "Skadegörelse", "SKAD", 3), ("Bäckby", "Brand", "BRND", fireWeeks.contains(week.week) ? 1 : 0),
        ]
    }

    static func mail(id: String, date: Date, body: String, zone: TimeZone) -> [UInt8] {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        let headers = [
            "From: Anna <anna@mimer.example>", "To: est@vasteras.example", "Subject: EST", "Date: \(f.string(from: date))",
            "Message-ID: <\(id)@mimer.example>", "Content-Type: text/plain; charset=utf-8",
        ]
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
    }

    @Test func insatserAndTrygghetInThePilotReport() async throws {
        let settings = try await SettingsLoader.load(
            path: PilotWorld.repoRoot.appendingPathComponent("config/est-gateway.example.yaml").path, environment: [:])
        let zone = settings.timeZone
        let pilot = try #require(settings.workingGroup.pilot)
        let clock = TestClock(Self.weeks[0].monday.start(in: zone))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("est-pilot-ins-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try GatewayStore(path: directory.appendingPathComponent("est.sqlite").path, clock: clock.read)
        let processor = MessageProcessor(pipeline: GatewayAssembly.pipeline(settings), store: store, folders: OutcomeFolders(), plan: nil)

        var sentSafety: [String: [Int]] = [:]
        for (n, week) in Self.weeks.enumerated() {
            var blocks: [String] = []
            var day = 0
            for row in Self.planned(week) where row.count > 0 {
                for k in 0..<row.count {
                    let date = week.monday.adding(days: (day + k) % 6)
                    blocks.append(
                        "Område: \(row.area)\nPlats: \(row.area)vägen \(k + 1)\nDatum: \(date.iso)\nKategori: \(row.name)\nBeskrivning: x")
                }
                day += 1
            }
            // Trygghet in Råby rises after its insats; Hammarby's stays.
            let raby = week.monday >= Self.start ? 4 : 2
            let safety = "Trygghet Råby: \(raby)\nTrygghet Hammarby: 3"
            sentSafety["raby", default: []].append(raby)
            sentSafety["hammarby", default: []].append(3)
            let sunday = week.sunday.start(in: zone).addingTimeInterval(20 * 3600)
            clock.set(sunday)
            let body = safety + "\n\n" + blocks.enumerated().map { "Händelse \($0 + 1)\n\($1)" }.joined(separator: "\n\n")
            let stored = try processor.process(Self.mail(id: "w\(n)", date: sunday, body: body, zone: zone), source: nil)
            #expect(stored.outcome.result.status == .accepted, "\(week): \(stored.outcome.result.errors.map(\.message))")
        }

        func insats(_ title: String, _ area: String, _ categories: [String], start: LocalDate, status: InsatsStatus) -> Insats {
            Insats(title: title, areas: [area], categories: categories, start: start, status: status)
        }
        let registered = try [
            insats("Kvällsvandringar", "raby", ["KLOT"], start: Self.start, status: .genomford),
            insats("Fler rundor", "hammarby", ["SKAD"], start: Self.start, status: .pagar),
            insats("Brandskydd", "backby-skalby", ["BRND"], start: Self.start, status: .pagar),
            insats("Ny belysning", "raby", [], start: LocalDate(year: 2019, month: 2, day: 18), status: .planerad),
        ].map { try store.registerInsats($0, by: "lena.ek@vasteras.example") }

        var logger = Logger(label: "pilot-insatser")
        logger.logLevel = .critical
        let runner = try GatewayAssembly.periodicRunner(settings, store: store, logger: logger)
        let now = pilot.last.adding(days: 4).start(in: zone).addingTimeInterval(8 * 3600)
        let report = try runner.buildReport(.pilot(pilot), now: now)

        // Each insats's figures against what the seed sent: before = the 8 weeks W38–W45, after = the
        // 8 weeks to the day before the follow-up (W46–W1).
        let before = ISOWeek.range(ISOWeek(year: 2018, week: 38), through: ISOWeek(year: 2018, week: 45))
        let after = ISOWeek.range(ISOWeek(year: 2018, week: 46), through: ISOWeek(year: 2019, week: 1))
        func sent(_ area: String, _ code: String, _ weeks: [ISOWeek]) -> Int {
            weeks.reduce(0) { total, week in
                total + Self.planned(week).filter { $0.area == area && $0.code == code }.map(\.count).reduce(0, +)
            }
        }
        let effects = try store.insatser().map { try runner.insatsEffect($0, lastClosedWeek: ISOWeek(year: 2019, week: 8)) }
        #expect(effects.map(\.reference) == registered)
        let works = effects[0], nothing = effects[1], few = effects[2]
        #expect(works.target.before == sent("Råby", "KLOT", before) && works.target.after == sent("Råby", "KLOT", after))
        #expect(works.target.before == 40 && works.target.after == 8)
        #expect(works.comparison.before == 32 && works.comparison.after == 32)
        #expect(nothing.target.before == sent("Hammarby", "SKAD", before) && nothing.target.after == 24)
        #expect(few.target.before + few.target.after == sent("Bäckby", "BRND", before + after))
        let ratio = try #require(works.targetChange?.target.ratio)
        #expect(abs(ratio - 0.2) < 1e-9)
        #expect(works.targetChange?.target.interval?.upper ?? 1 < 1, "a clear decrease: the interval is below 1")
        #expect(nothing.targetChange?.target.interval?.contains(1) == true, "no change: the interval holds 1")
        #expect(few.targetChange?.isTooSmall == true)

        // The report lists them all with the same sentences.
        #expect(report.insatser.map(\.reference) == registered)
        #expect(report.insatser[0].sentence == works.sentence(language: .swedish))
        #expect(report.insatser[0].sentence.contains("minskade"), "\(report.insatser[0].sentence)")
        #expect(report.insatser[2].sentence.contains("för få"), "\(report.insatser[2].sentence)")
        #expect(!report.insatser.contains { $0.sentence.contains("effekt") })

        // Trygghet per area: the weekly means the seed sent.
        let raby = try #require(report.safety.first { $0.area.id == "raby" })
        let seededMean = Double(sentSafety["raby"]!.reduce(0, +)) / Double(sentSafety["raby"]!.count)
        #expect(raby.answers == Self.weeks.count)
        #expect(abs((raby.weeks.compactMap(\.mean).reduce(0, +) / Double(raby.weeks.compactMap(\.mean).count)) - seededMean) < 1e-9)

        let renderer = try PeriodReportRenderer(templatesDirectory: PilotWorld.templates)
        let html = renderer.html(report, language: .swedish)
        #expect(html.utf8.count < 100_000, "\(html.utf8.count) bytes")
        #expect(html.contains(registered[0]) && html.contains("Kvällsvandringar"))
        let check = try Subprocess.run(
            "/usr/bin/python3",
            ["-c", "import html5lib, sys; html5lib.HTMLParser(strict=True).parse(sys.stdin.buffer.read().decode('utf-8'))"],
            stdin: Array(html.utf8))
        #expect(check.status == 0, "html5lib: \(check.stderr)")
        let text = renderer.text(report, language: .swedish)
        // Figures for the closing note and the README, kept beside the other report artifacts.
        try FileManager.default.createDirectory(at: PilotWorld.artifacts, withIntermediateDirectories: true)
        try
            (effects.map { e in
                "\(e.reference) \(e.insats.title): före \(e.target.before), efter \(e.target.after), kvot \(e.targetChange?.target.ratio ?? .nan) "
                    + "\(e.targetChange?.target.interval.map { "[\($0.lower), \($0.upper)]" } ?? "–") — \(e.sentence(language: .swedish) ?? e.notMeasured(language: .swedish))"
            }.joined(separator: "\n") + "\n\nHTML: \(html.utf8.count) bytes\n\n" + text).write(
                to: PilotWorld.artifacts.appendingPathComponent("pilot-insatser.txt"), atomically: true, encoding: .utf8)
    }
}
