import Assembly
import Daemon
import Domain
import Foundation
import Logging
import MIME
import MailServerHarness
import Periodic
import Settings
import Storage
import Testing

/// When period reports are due, and that each goes out once per member whatever restarts: the scheduler on its own,
/// then the periodic runner on a real store with a test clock (the daemon on real servers: DaemonTests/PeriodicTests).
@Suite struct PeriodReportScheduleTests {
    static let zone = PilotWorld.timeZone
    static let pilot = PilotWorld.pilot

    static func at(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) -> Date {
        PilotWorld.local(LocalDate(year: y, month: m, day: d), h, min)
    }

    var workingGroup: WorkingGroupSettings {
        WorkingGroupSettings(
            members: ["anna.berg@vasteras.example"], pilot: Self.pilot, beforeWeeks: 8, minimumEvents: 10, reportAfterTertial: true,
            reportAfterPilot: true)
    }

    func due(_ now: Date, _ wg: WorkingGroupSettings? = nil) -> [PeriodicJob] {
        Scheduler.reportsDue(now: now, timeZone: Self.zone, periodic: .defaults, workingGroup: wg ?? workingGroup)
    }

    @Test func theTertialReportComesWithTheFirstDigestTimeAfterItsLastDay() {
        let t3 = PeriodicJob.report(.tertial(year: 2018, number: 3))
        // T3 2018 ends on Monday 31 December; that Monday's 07:00 is before its end, so the next Monday's.
        #expect(
            Scheduler.reportTime(after: LocalDate(year: 2018, month: 12, day: 31), timeZone: Self.zone, periodic: .defaults)
                == Self.at(2019, 1, 7, 7))
        #expect(!due(Self.at(2019, 1, 1, 12)).contains(t3))
        #expect(!due(Self.at(2019, 1, 7, 6, 59)).contains(t3))
        #expect(due(Self.at(2019, 1, 7, 7)).contains(t3))
        #expect(due(Self.at(2019, 1, 30, 15)).contains(t3), "a daemon down on the day sends it when back")
        #expect(!due(Self.at(2019, 2, 4, 7, 1)).contains(t3), "not four weeks later: a gateway started then sends no old reports")
        // T2 2018 ended on Friday 31 August: Monday 3 September, on summer time.
        #expect(due(Self.at(2018, 9, 3, 7, 30)) == [.report(.tertial(year: 2018, number: 2))])
        #expect(
            Scheduler.reportTime(after: LocalDate(year: 2018, month: 8, day: 31), timeZone: Self.zone, periodic: .defaults)
                == ISO8601DateFormatter().date(from: "2018-09-03T05:00:00Z"))
    }

    @Test func thePilotReportAfterItsLastDay() {
        let pilot = PeriodicJob.report(.pilot(Self.pilot))
        #expect(!due(Self.at(2019, 2, 28, 23)).contains(pilot))
        #expect(!due(Self.at(2019, 3, 4, 6, 59)).contains(pilot))
        #expect(due(Self.at(2019, 3, 4, 7)) == [pilot], "Monday 4 March; no tertial ended in February")
        // A pilot ending on a Sunday is reported on the next morning.
        let sunday = DateRange(first: LocalDate(year: 2018, month: 9, day: 3), last: LocalDate(year: 2019, month: 3, day: 3))!
        var wg = workingGroup
        wg.pilot = sunday
        #expect(due(Self.at(2019, 3, 4, 7), wg) == [.report(.pilot(sunday))])
    }

    @Test func nothingWhenOffOrWithoutMembers() {
        var off = workingGroup
        off.reportAfterTertial = false
        off.reportAfterPilot = false
        #expect(due(Self.at(2019, 1, 7, 8), off).isEmpty && due(Self.at(2019, 3, 4, 8), off).isEmpty)
        var nobody = workingGroup
        nobody.members = []
        #expect(due(Self.at(2019, 1, 7, 8), nobody).isEmpty)
        var noPilot = workingGroup
        noPilot.pilot = nil
        #expect(due(Self.at(2019, 3, 4, 8), noPilot).isEmpty)
        #expect(
            Scheduler.due(now: Self.at(2019, 1, 7, 8), timeZone: Self.zone, periodic: .defaults, workingGroup: workingGroup)
                .contains(.report(.tertial(year: 2018, number: 3))), "part of what is due")
    }

    /// A small tertial on a real store, and the runner run as the daemon runs it: by the scheduler, on a test clock.
    @Test func onceForEachMemberWhateverRestarts() async throws {
        let directory = try PilotWorld.temporaryDirectory("schedule")
        let settings = try await SettingsLoader.load(path: try PilotWorld.writeConfiguration(in: directory), environment: [:])
        let database = directory.appendingPathComponent("est.sqlite").path
        let clock = TestClock(Self.at(2018, 12, 16, 21))
        let store = try GatewayStore(path: database, clock: clock.read)
        let processor = MessageProcessor(pipeline: GatewayAssembly.pipeline(settings), store: store, folders: OutcomeFolders(), plan: nil)
        let body = "Område: Råby\nPlats: Råby torg\nDatum: 2018-12-14\nKategori: Klotter\nBeskrivning: Klotter på muren.\n"
        let mail = PilotSeed.mail(
            [
                "From: Anna <anna@mimer.example>", "To: est@vasteras.example", "Subject: EST", "Date: Sun, 16 Dec 2018 21:00:00 +0100",
                "Message-ID: <t3@mimer.example>",
            ], body: body)
        #expect(try processor.process(mail, source: nil).outcome.result.status == .accepted)

        func run(_ now: Date, store: GatewayStore, settings: GatewaySettings = settings) throws -> PeriodicRunner.Summary {
            clock.set(now)
            let runner = try GatewayAssembly.periodicRunner(settings, store: store, logger: Logger(label: "test"))
            let jobs = Scheduler.due(
                now: now, timeZone: settings.timeZone, periodic: settings.periodic, workingGroup: settings.workingGroup)
            return try runner.run(jobs.filter { if case .report = $0 { return true } else { return false } }, now: now)
        }
        let members = settings.workingGroup.members
        #expect(members.count == 3)
        #expect(try run(Self.at(2019, 1, 7, 6), store: store).queued.isEmpty)
        let first = try run(Self.at(2019, 1, 7, 7, 5), store: store)
        #expect(first.queued == members.map { "report:2018-T3:\($0)" })
        #expect(try run(Self.at(2019, 1, 7, 7, 6), store: store).queued.isEmpty)
        // A restart: a new store on the same file, a new runner.
        let reopened = try GatewayStore(path: database, clock: clock.read)
        #expect(try run(Self.at(2019, 1, 9, 12), store: reopened).queued.isEmpty)
        // A member added later gets it, the others not again.
        var more = settings
        more.workingGroup.members.append("ny.medlem@vasteras.example")
        #expect(try run(Self.at(2019, 1, 10, 8), store: reopened, settings: more).queued == ["report:2018-T3:ny.medlem@vasteras.example"])

        let rows = try reopened.outboxRows().filter { $0.kind == .report }
        #expect(rows.count == 4 && rows.allSatisfy { $0.key.rawValue.hasPrefix("report:2018-T3:") })
        let parsed = try MailMessage.parse(try #require(rows.first).raw)
        #expect(parsed.subject == "EST periodrapport T3 2018")
        #expect(parsed.allParts().filter(\.isAttachment).count == 2)
    }

    @Test func aPeriodWithoutReportsIsNotSent() async throws {
        let directory = try PilotWorld.temporaryDirectory("empty")
        let settings = try await SettingsLoader.load(path: try PilotWorld.writeConfiguration(in: directory), environment: [:])
        let store = try GatewayStore(path: directory.appendingPathComponent("est.sqlite").path)
        let runner = try GatewayAssembly.periodicRunner(settings, store: store, logger: Logger(label: "test"))
        let summary = try runner.run([.report(.tertial(year: 2018, number: 3))], now: Self.at(2019, 1, 7, 7, 5))
        #expect(summary.queued.isEmpty && summary.skipped == ["report:2018-T3 (no reports in the period)"])
        #expect(try store.outboxRows().isEmpty)
    }
}
