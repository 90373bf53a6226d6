import Domain
import Foundation
import Intake
import MailServerHarness
import Storage
import Testing

@Suite struct StorageTests {
    @Test func sha256MatchesKnownVectorsAndSha256sum() throws {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var generator = SystemRandomNumberGenerator()
        for length in [55, 56, 63, 64, 65, 1000, 100_003] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let result = try Subprocess.run("/usr/bin/sha256sum", [], stdin: bytes)
            #expect(result.stdout.hasPrefix(SHA256.hex(bytes)), "length \(length)")
        }
    }

    func store() throws -> GatewayStore {
        try GatewayStore(path: TestSupport.temporaryDirectory().appendingPathComponent("est.sqlite").path)
    }

    func report(messageID: String, extraHeader: String = "X-Copy: 1", body: String = TestSupport.reportBody) -> [UInt8] {
        TestSupport.mail(
            [
                "From: Anna <anna@mimer.example>", "To: est@vasteras.example", "Subject: EST v.36",
                "Date: Tue, 04 Sep 2018 08:00:00 +0200", "Message-ID: \(messageID)", extraHeader,
            ], body: body)
    }

    /// A commit is followed by a move on the server or an SMTP send: it must survive a power cut.
    @Test func commitsReachTheDiskBeforeTheyReturn() throws {
        #expect(try store().commitsAreDurable)
    }

    @Test func storesOnceAndNumbersIncidentsPerYear() async throws {
        let pipeline = TestSupport.pipeline(try await TestSupport.settings())
        let db = try store()
        let first = report(messageID: "<a@mimer.example>")
        let outcome = pipeline.evaluate(first, receivedAt: Date())
        #expect(outcome.result.status == .accepted)
        #expect(try db.store(raw: first, outcome: outcome, receivedAt: Date()) == .stored(messageRow: 1, references: ["EST-2018-000001"]))
        // The very same bytes again: nothing new.
        #expect(try db.store(raw: first, outcome: outcome, receivedAt: Date()) == .duplicateBytes(of: 1))
        // The same report delivered to a second watched address (other headers, same Message-ID).
        let copy = report(messageID: "<a@mimer.example>", extraHeader: "Delivered-To: est2@vasteras.example")
        let copyOutcome = pipeline.evaluate(copy, receivedAt: Date())
        #expect(try db.store(raw: copy, outcome: copyOutcome, receivedAt: Date()) == .duplicateReport(messageRow: 2, of: 1))
        // A new report gets the next number.
        let second = report(messageID: "<b@mimer.example>")
        let stored = try db.store(raw: second, outcome: pipeline.evaluate(second, receivedAt: Date()), receivedAt: Date())
        #expect(stored == .stored(messageRow: 3, references: ["EST-2018-000002"]))
        #expect(try db.incidents(IncidentQuery()).count == 2)
        #expect(try db.messageCounts() == ["accepted": 2, "duplicate": 1])
    }

    @Test func everyMessageIsKeptWhateverItsFate() async throws {
        let pipeline = TestSupport.pipeline(try await TestSupport.settings())
        let db = try store()
        let unknown = TestSupport.mail(["From: x@elsewhere.example", "Subject: hej", "Message-ID: <u@x>"], body: "hej")
        let garbage: [UInt8] = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        let rejected = report(
            messageID: "<r@mimer.example>", body: "Område: Månen\nPlats: x\nDatum: 2018-09-03\nKategori: Klotter\nBeskrivning: x")
        for raw in [unknown, garbage, rejected] {
            let outcome = pipeline.evaluate(raw, receivedAt: Date())
            guard case .stored = try db.store(raw: raw, outcome: outcome, receivedAt: Date()) else {
                Issue.record("not stored: \(outcome.result)"); continue
            }
        }
        let counts = try db.messageCounts()
        #expect(counts["ignored"] == 1)
        #expect(counts["rejected"] == 1)
        #expect(counts.values.reduce(0, +) == 3)
        #expect(try db.incidents(IncidentQuery()).isEmpty)
    }

    @Test func queriesFilterByDateAreaAndCategory() async throws {
        let pipeline = TestSupport.pipeline(try await TestSupport.settings())
        let db = try store()
        let body = """
            Händelse 1
            Område: Råby
            Plats: Råby centrum
            Datum: 2018-09-01
            Kategori: Klotter, skadegörelse
            Beskrivning: Sprayat på väggen, "stor tag"

            Händelse 2
            Område: Hammarby
            Plats: Skolgården
            Datum: 2018-09-03
            Kategori: Brand
            Beskrivning: Containerbrand
            på natten
            """
        let raw = report(messageID: "<q@mimer.example>", body: body)
        let outcome = pipeline.evaluate(raw, receivedAt: Date())
        #expect(outcome.result.status == .accepted, "\(outcome.result.errors)")
        _ = try db.store(raw: raw, outcome: outcome, receivedAt: Date())
        #expect(try db.incidents(IncidentQuery(area: "raby")).map(\.ref) == ["EST-2018-000001"])
        #expect(try db.incidents(IncidentQuery(category: "BRND")).map(\.incident.area) == ["hammarby"])
        #expect(try db.incidents(IncidentQuery(from: LocalDate(year: 2018, month: 9, day: 2))).count == 1)
        #expect(try db.incidents(IncidentQuery(to: LocalDate(year: 2018, month: 9, day: 2))).count == 1)

        let rows = try db.incidents(IncidentQuery())
        let csv = IncidentExport.csv(rows)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == IncidentExport.columns.joined(separator: ","))
        #expect(csv.contains("\"Sprayat på väggen, \"\"stor tag\"\"\""), "quotes doubled, field quoted")
        #expect(csv.contains("\"Containerbrand\npå natten\""), "line break kept inside a quoted field")
        #expect(csv.contains("KLOT;SKAD") || csv.contains("SKAD;KLOT"))

        let jsonl = try IncidentExport.jsonLines(rows).split(separator: "\n")
        #expect(jsonl.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(jsonl[0].utf8)) as! [String: Any]
        #expect(first["ref"] as? String == "EST-2018-000001")
        #expect(first["organisation"] as? String == "mimer")
        #expect(first["week"] as? String == "2018-W35")
        #expect(first["message_id"] as? String == "<q@mimer.example>")
        #expect(first["area"] as? String == "raby")
        #expect(first["place_type"] is NSNull)
        #expect(first["received_at"] as? String != nil)
    }
}
