import Daemon
import Domain
import Foundation
import GRDB
import Intake
import Reports
import Testing

@testable import Storage

/// Versions, states and what every count reads, at the store; and the pure rules behind them.
@Suite struct CorrectionStorageTests {
    static func processor(_ store: GatewayStore) async throws -> MessageProcessor {
        MessageProcessor(
            pipeline: TestSupport.pipeline(try await TestSupport.settings()), store: store, folders: OutcomeFolders(), plan: nil)
    }

    static func mail(id: String, date: String = "Wed, 5 Sep 2018 10:00:00 +0200", body: String) -> [UInt8] {
        TestSupport.mail(
            [
                "From: Anna <anna@mimer.example>", "To: est@vasteras.example", "Subject: EST v.36", "Date: \(date)",
                "Message-ID: <\(id)@mimer.example>",
            ], body: body)
    }

    static let twoIncidents = """
        Område: Råby
        Plats: Råbyvägen 12
        Datum: 2018-09-03
        Kategori: Klotter
        Beskrivning: Klotter i trapphuset.

        Händelse 2
        Område: Råby
        Plats: Råby centrum
        Datum: 2018-09-04
        Kategori: Skadegörelse
        Beskrivning: Krossad ruta.
        """

    @Test func countsExportsAndHistoryFollowTheCurrentVersion() async throws {
        let store = try GatewayStore(path: TestSupport.temporaryDirectory().appendingPathComponent("est.sqlite").path)
        let processor = try await Self.processor(store)
        _ = try processor.process(Self.mail(id: "r1", body: Self.twoIncidents), source: nil)
        let w36 = ISOWeek(year: 2018, week: 36)
        #expect(try store.weeklyCounts(area: "raby", category: nil, from: w36, to: w36) == [2])

        let fix = try processor.process(
            Self.mail(
                id: "c1", date: "Thu, 6 Sep 2018 10:00:00 +0200",
                body: "Rätta EST-2018-000001\nOmråde: Hammarby\nDatum: 2018-08-28\n\nÅterkalla EST-2018-000002"),
            source: nil)
        #expect(fix.outcome.result.status == .accepted, "\(fix.outcome.result.errors)")
        #expect(fix.outcome.changes.map(\.reference) == ["EST-2018-000001", "EST-2018-000002"])

        let w35 = ISOWeek(year: 2018, week: 35)
        #expect(try store.weeklyCounts(area: "raby", category: nil, from: w36, to: w36) == [0])
        #expect(try store.weeklyCounts(area: "hammarby", category: "KLOT", from: w35, to: w35) == [1])
        #expect(try store.weeklyCounts(area: "raby", category: "SKAD", from: w36, to: w36) == [0])

        let current = try store.incidents(IncidentQuery())
        #expect(current.map(\.ref) == ["EST-2018-000001"])
        #expect(current[0].week == "2018-W35" && current[0].incident.area == "hammarby")
        let all = try store.incidents(IncidentQuery(includeWithdrawn: true))
        #expect(all.map(\.state) == [.corrected, .withdrawn])

        let csv = IncidentExport.csv(all)
        let header = csv.split(separator: "\r\n").first.map(String.init) ?? ""
        #expect(header.hasSuffix(",state,version"))
        #expect(csv.contains(",corrected,2\r\n") && csv.contains(",withdrawn,2\r\n"))
        let json = try IncidentExport.jsonLines(all)
        #expect(json.contains("\"state\":\"withdrawn\"") && json.contains("\"version\":2"))

        let history = try store.history(of: "EST-2018-000001")
        #expect(history.map(\.state) == [.active, .corrected])
        #expect(history.map(\.incident.date) == [LocalDate(year: 2018, month: 9, day: 3), LocalDate(year: 2018, month: 8, day: 28)])
        #expect(history[1].changedFields == ["Område", "Datum"])
        #expect(try store.history(of: "EST-2018-000002").map(\.state) == [.active, .withdrawn])
    }

    @Test func aChangeDecidedAgainstAnOlderVersionIsDecidedAgain() async throws {
        let store = try GatewayStore(path: TestSupport.temporaryDirectory().appendingPathComponent("est.sqlite").path)
        let processor = try await Self.processor(store)
        let pipeline = processor.pipeline
        _ = try processor.process(Self.mail(id: "r1", body: TestSupport.reportBody), source: nil)
        // Decided against version 1 ...
        let raw = Self.mail(id: "c1", date: "Thu, 6 Sep 2018 10:00:00 +0200", body: "Rätta EST-2018-000001\nBedömning: 3")
        let outcome = pipeline.evaluate(raw, receivedAt: store.now)
        let reservation = try store.reserve(raw: raw, outcome: outcome)
        let decided = pipeline.resolveCommands(outcome, lookup: reservation.commands, now: store.now)
        // ... while another mail withdraws the incident.
        _ = try processor.process(
            Self.mail(id: "c2", date: "Thu, 6 Sep 2018 10:01:00 +0200", body: "Återkalla EST-2018-000001"), source: nil)
        #expect(throws: IntakeCommitError.reservationTaken) {
            try store.commit(IntakeCommit(raw: raw, outcome: decided, receivedAt: store.now, reservation: reservation))
        }
        // The processor decides again and answers with the reason.
        let again = try processor.process(raw, source: nil)
        #expect(again.outcome.result.status == .rejected)
        #expect(again.outcome.report?.errors.map(\.kind) == [.alreadyWithdrawn])
        #expect(try store.history(of: "EST-2018-000001").map(\.version) == [1, 2])
    }

    @Test func theMigrationGivesStoredIncidentsTheirFirstVersion() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("old.sqlite").path
        // A database as the release before versions left it.
        let pool = try DatabasePool(path: path)
        try Schema.migrator.migrate(pool, upTo: "v6-resend-breaker")
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO messages (id, sha256, message_id, sender, organisation, size, raw, received_at, status, stored_at)
                    VALUES (7, 'x', '<old@mimer.example>', 'anna@mimer.example', 'mimer', 0, x'', '2018-09-05 08:00:00', 'accepted',
                        '2018-09-05 08:00:00');
                    INSERT INTO reports (id, message, organisation, sender, status, week, zero_report, redacted, created_at)
                    VALUES (3, 7, 'mimer', 'anna@mimer.example', 'accepted', '2018-W36', 0, 0, '2018-09-05 08:00:00');
                    INSERT INTO incidents (id, ref, report, seq, area, place, date, week, categories, description, redacted)
                    VALUES (11, 'EST-2018-000042', 3, 1, 'raby', 'Råbyvägen 12', '2018-09-03', '2018-W36', 'KLOT', 'Klotter.', 0);
                    INSERT INTO incident_categories (incident, code) VALUES (11, 'KLOT');
                    """)
        }
        try pool.close()
        let store = try GatewayStore(path: path)
        let history = try store.history(of: "EST-2018-000042")
        #expect(history.map(\.version) == [1] && history.map(\.state) == [.active])
        #expect(history.first?.messageID == "<old@mimer.example>" && history.first?.incident.place == "Råbyvägen 12")
        #expect(try store.incidents(IncidentQuery()).map(\.state) == [.active])
    }

    @Test func theParseJSONShowsTheCommands() async throws {
        let pipeline = TestSupport.pipeline(try await TestSupport.settings())
        let raw = Self.mail(id: "j", body: "Rätta EST-2018-000123\nOmråde: Hammarby\nPlatstyp:\n\nÅterkalla EST-2018-000124")
        let result = pipeline.evaluate(raw, receivedAt: Date(timeIntervalSince1970: 1_536_220_800)).result
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any])
        #expect(json["status"] as? String == "accepted")
        let commands = try #require(json["commands"] as? [[String: Any]])
        #expect(commands.map { $0["action"] as? String } == ["correct", "withdraw"])
        #expect(commands.map { $0["reference"] as? String } == ["EST-2018-000123", "EST-2018-000124"])
        let fields = try #require(commands[0]["fields"] as? [String: Any])
        #expect(fields["area"] as? String == "hammarby")
        #expect(fields.keys.sorted() == ["area", "place_type"] && fields["place_type"] is NSNull)
        #expect((json["incidents"] as? [Any])?.isEmpty == true)
    }

    @Test func likelyDuplicatesShareACategoryAndThePlace() {
        let incident = Incident(
            area: "raby", place: "Råbyvägen 12, trapphus B", date: LocalDate(year: 2018, month: 9, day: 3), categories: ["KLOT", "SKAD"],
            description: "x")
        let same = LikelyDuplicate.Candidate(reference: "EST-2018-000001", place: "råbyvägen 12 Trapphus b.", categories: ["KLOT"])
        let otherCategory = LikelyDuplicate.Candidate(reference: "EST-2018-000002", place: "Råbyvägen 12", categories: ["BRND"])
        let otherPlace = LikelyDuplicate.Candidate(reference: "EST-2018-000003", place: "Råby centrum", categories: ["KLOT"])
        #expect(LikelyDuplicate.earlier([incident], candidates: [[same]]) == ["EST-2018-000001"])
        #expect(LikelyDuplicate.earlier([incident], candidates: [[otherCategory, otherPlace]]) == [nil])
        #expect(LikelyDuplicate.earlier([incident], candidates: [[otherPlace, same]]) == ["EST-2018-000001"])
        #expect(LikelyDuplicate.earlier([incident, incident], candidates: [[same]]) == ["EST-2018-000001", nil])
    }

    @Test func thePoliceMayChangeWhatTheySentForAnotherOrganisation() async throws {
        let settings = try await TestSupport.settings()
        let pipeline = TestSupport.pipeline(settings)
        let raw = TestSupport.mail(
            [
                "From: Polis <vakthavande@polisen.example>", "To: est@vasteras.example", "Subject: x",
                "Date: Thu, 6 Sep 2018 10:00:00 +0200", "Message-ID: <p@polisen.example>",
            ], body: "Återkalla EST-2018-000001")
        let outcome = pipeline.evaluate(raw, receivedAt: Date(timeIntervalSince1970: 1_536_220_800))
        let incident = Incident(
            area: "raby", place: "x", date: LocalDate(year: 2018, month: 9, day: 3), categories: ["KLOT"], description: "y")
        func current(sender: String) -> CommandLookup {
            CommandLookup(incidents: [
                "EST-2018-000001": CurrentIncident(
                    reference: "EST-2018-000001", incident: incident, organisation: "mimer", sender: sender, state: .active, version: 1,
                    storedAt: Date(timeIntervalSince1970: 1_536_134_400))
            ])
        }
        let now = Date(timeIntervalSince1970: 1_536_220_800)
        let own = pipeline.resolveCommands(outcome, lookup: current(sender: "vakthavande@polisen.example"), now: now)
        #expect(own.result.status == .accepted && own.changes.count == 1, "\(own.result.errors)")
        let others = pipeline.resolveCommands(outcome, lookup: current(sender: "anna@mimer.example"), now: now)
        #expect(others.result.status == .rejected && others.report?.errors.map(\.kind) == [.unknownReference])
    }
}
