import Assembly
import Daemon
import Domain
import Foundation
import MailServerHarness
import PeriodReport
import Settings
import Storage

/// The Västerås pilot (2018-09-01 – 2019-02-28) seeded through the real pipeline, processor and store: three areas,
/// twelve organisations with the gaps real reporting has (a school's holidays, a youth centre that stops, a security
/// company and a youth centre that start late, a field team that reports once a month), zero reports, rejected
/// reports of five kinds, one correction and one withdrawal. `PilotSeed` tells the story; the tests count from it.
final class PilotWorld: Sendable {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let templates = repoRoot.appendingPathComponent("templates").path
    static let artifacts = repoRoot.appendingPathComponent("artifacts/report")
    static let timeZone = TimeZone(identifier: "Europe/Stockholm")!
    static let pilot = DateRange(first: LocalDate(year: 2018, month: 9, day: 1), last: LocalDate(year: 2019, month: 2, day: 28))!
    /// Monday 4 March 2019, 07:00: the first digest time after the pilot's last day, when its report is due.
    static var reportTime: Date { local(LocalDate(year: 2019, month: 3, day: 4), 7) }

    let directory: URL
    let configPath: String
    let databasePath: String
    let store: GatewayStore
    let settings: GatewaySettings
    let seed: PilotSeed

    private init(directory: URL, configPath: String, store: GatewayStore, settings: GatewaySettings, seed: PilotSeed) {
        self.directory = directory
        self.configPath = configPath
        self.databasePath = directory.appendingPathComponent("est.sqlite").path
        self.store = store
        self.settings = settings
        self.seed = seed
    }

    var options: PeriodReportOptions {
        PeriodReportOptions(
            timeZone: settings.timeZone, areas: settings.areas, categories: settings.categories, organisations: settings.organisations,
            language: .swedish, minimumEvents: settings.workingGroup.minimumEvents)
    }

    func report(_ period: ReportPeriod = .pilot(PilotWorld.pilot), now: Date = PilotWorld.reportTime) throws -> PeriodReport {
        try PeriodReportBuilder.build(period, options: options, now: now, read: store.periodReportInput)
    }

    func renderer() throws -> PeriodReportRenderer { try PeriodReportRenderer(templatesDirectory: Self.templates) }

    // MARK: - Shared instance

    private actor Cache {
        var world: PilotWorld?
        func get() async throws -> PilotWorld {
            if let world { return world }
            let made = try await PilotWorld.make()
            world = made
            return made
        }
    }

    private static let cache = Cache()

    /// The seeded world, built once per test run (every test only reads it).
    static func shared() async throws -> PilotWorld { try await cache.get() }

    static func local(_ date: LocalDate, _ hour: Int, _ minute: Int = 0) -> Date {
        date.start(in: timeZone).addingTimeInterval(Double(hour * 3600 + minute * 60))
    }

    static func temporaryDirectory(_ tag: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("est-report-\(tag)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static func make() async throws -> PilotWorld {
        let directory = try temporaryDirectory("pilot")
        let configPath = try writeConfiguration(in: directory)
        let settings = try await SettingsLoader.load(path: configPath, environment: [:])
        let clock = TestClock(local(pilot.first, 8))
        let store = try GatewayStore(path: directory.appendingPathComponent("est.sqlite").path, clock: clock.read)
        let processor = MessageProcessor(pipeline: GatewayAssembly.pipeline(settings), store: store, folders: OutcomeFolders(), plan: nil)
        var seed = PilotSeed(processor: processor, clock: clock, settings: settings)
        try seed.writeAll()
        return PilotWorld(directory: directory, configPath: configPath, store: store, settings: settings, seed: seed)
    }

    /// The example configuration with the pilot's other six organisations, the police as an occasional reporter, and
    /// the templates found from here.
    static func writeConfiguration(in directory: URL, pilot: Bool = true) throws -> String {
        var text = try String(contentsOfFile: repoRoot.appendingPathComponent("config/est-gateway.example.yaml").path, encoding: .utf8)
        text = text.replacingOccurrences(of: "  templates: ../templates", with: "  templates: \(templates)")
        text = text.replacingOccurrences(
            of: "    may_report_for_others: true\n", with: "    may_report_for_others: true\n    expected_weekly: false\n")
        if !pilot {
            text = text.replacingOccurrences(of: "pilot:\n  start: \"2018-09-01\"\n  end: \"2019-02-28\"\n", with: "")
        }
        var extra = ""
        for o in PilotSeed.extraOrganisations {
            extra += """
                  \(o.id):
                    name: \(o.name)
                    addresses: [\(o.address)]
                    domains: []
                    areas: [\(o.areas.joined(separator: ", "))]
                    contact: \(o.address)
                    language: sv

                """
        }
        text = text.replacingOccurrences(of: "\norganisations:\n", with: "\norganisations:\n" + extra)
        let path = directory.appendingPathComponent("est-gateway.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
