import Assembly
import Daemon
import Digest
import Domain
import Foundation
import MailServerHarness
import Periodic
import Settings
import Storage

/// `est-bench digest`: a database of N incidents over several years (direct inserts, fixed seed), then
/// the time to build and render one week's digest from it, and the database's size.
enum DigestBench {
    static func run(incidents count: Int, configPath: String) async throws {
        let settings = try await SettingsLoader.load(path: configPath)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("est-bench-digest-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("est.sqlite").path
        let store = try GatewayStore(path: path)

        // Spread over as many weeks as gives about 400 incidents a week, ending with the digest's week.
        let lastWeek = ISOWeek(year: 2018, week: 36)
        let weeks = max(12, count / 400)
        let firstMonday = lastWeek.monday.adding(days: -7 * (weeks - 1))
        var rng = SplitMix64(seed: 0xD16E57)
        let fillStart = Date()
        let perReport = 4
        var reports: [FixtureReport] = []
        var made = 0
        while made < count {
            let day = firstMonday.adding(days: rng.next(weeks * 7))
            let organisation = settings.organisations[rng.next(settings.organisations.count)].id
            var incidents: [Incident] = []
            for _ in 0..<perReport where made < count {
                made += 1
                let area = settings.areas[rng.next(settings.areas.count)].id
                let category = settings.categories[rng.next(settings.categories.count)].code
                let hour = rng.next(24)
                incidents.append(
                    Incident(
                        area: area, place: "Storgatan \(rng.next(60))", date: day,
                        timeFrom: String(format: "%02d:00", hour), categories: [category],
                        description: "Genererad händelse \(made)."))
            }
            reports.append(
                FixtureReport(
                    organisation: organisation, sender: "bench@example", week: day.isoWeek,
                    receivedAt: day.start(in: settings.timeZone), incidents: incidents))
            // In transactions of a few thousand reports, so a million incidents never sit in memory at once.
            if reports.count == 5000 || made == count {
                try store.insertFixtures(reports)
                reports.removeAll(keepingCapacity: true)
            }
        }
        let fillSeconds = Date().timeIntervalSince(fillStart)
        // The database is the main file plus its write-ahead log.
        let size = [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0)
        }
        print(
            String(
                format: "database: %d incidents over %d weeks, %.0f MB (filled in %.1f s)", count, weeks, Double(size) / 1e6, fillSeconds))

        let runner = try GatewayAssembly.periodicRunner(settings, store: store, logger: .init(label: "bench"))
        var best = Double.infinity
        var text = "", html = ""
        for _ in 0..<3 {
            let start = Date()
            let digest = try DigestBuilder.build(week: lastWeek, options: runner.digestOptions, now: Date(), read: store.digestInput)
            text = runner.renderer.text(digest, language: .swedish)
            html = runner.renderer.html(digest, language: .swedish)
            best = min(best, Date().timeIntervalSince(start))
        }
        print(
            String(
                format: "digest %@: built and rendered in %.3f s (best of 3; text %d bytes, HTML %d bytes)",
                lastWeek.description, best, text.utf8.count, html.utf8.count))
    }
}
