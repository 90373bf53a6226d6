import Assembly
import Daemon
import Digest
import Domain
import Foundation
import MailServerHarness
import Settings
import Storage
import Testing

/// The digest says what changed in weeks it already sent, and which alert a change undid.
@Suite struct DigestCorrectionTests {
    static let w36 = ISOWeek(year: 2018, week: 36)
    static let w37 = ISOWeek(year: 2018, week: 37)

    static func mail(id: String, date: String, body: String) -> [UInt8] {
        let headers = [
            "From: Anna <anna@mimer.example>", "To: est@vasteras.example", "Subject: EST", "Date: \(date)",
            "Message-ID: <\(id)@mimer.example>",
        ]
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
    }

    static func incident(_ place: String, _ date: String) -> String {
        "Område: Råby\nPlats: \(place)\nDatum: \(date)\nKategori: Klotter\nBeskrivning: Klotter.\n"
    }

    @Test func changesAfterTheDigestWentOutAreNamedInTheNext() async throws {
        let settings = try await SettingsLoader.load(path: DigestWorld.exampleConfig, environment: [:])
        let tz = DigestWorld.timeZone
        let clock = TestClock(Self.w36.sunday.start(in: tz).addingTimeInterval(-3600))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("est-digest-fix-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try GatewayStore(path: directory.appendingPathComponent("est.sqlite").path, clock: clock.read)
        let processor = MessageProcessor(
            pipeline: GatewayAssembly.pipeline(settings), store: store, folders: OutcomeFolders(), plan: nil)
        let body = [("Råbyvägen 1", "2018-09-03"), ("Råbyvägen 2", "2018-09-04"), ("Råbyvägen 3", "2018-09-05")]
            .map(Self.incident).joined(separator: "\nHändelse\n")
        _ = try processor.process(Self.mail(id: "r", date: "Sat, 8 Sep 2018 10:00:00 +0200", body: body), source: nil)
        // The week's alert went out with 3, its threshold 3; then the week's digest.
        _ = try store.recordAlert(
            AlertRecord(series: "raby:KLOT", week: Self.w36, observed: 3, expected: 0.5, threshold: 3, methods: "nb", partial: false),
            mail: [])
        clock.advance(by: 2 * 3600)
        _ = try store.enqueue(
            OutboxDraft(
                key: .digest(Self.w36, recipient: "wg@vasteras.example"), kind: .digest, recipient: "wg@vasteras.example",
                messageID: "<d36@x>", raw: [0x41]))

        let empty = try DigestBuilder.build(week: Self.w37, options: Self.options(settings), now: clock.read(), read: store.digestInput)
        #expect(empty.corrections.isEmpty && empty.corrections.sinceWeek == Self.w36)

        clock.advance(by: 3600)
        let fix = try processor.process(
            Self.mail(
                id: "c", date: "Mon, 10 Sep 2018 09:00:00 +0200",
                body: "Återkalla EST-2018-000001\nRätta EST-2018-000002\nPlats: Råbyvägen 22"),
            source: nil)
        #expect(fix.outcome.changes.count == 2, "\(fix.outcome.result.errors)")

        let digest = try DigestBuilder.build(week: Self.w37, options: Self.options(settings), now: clock.read(), read: store.digestInput)
        #expect(digest.corrections.weeks.map(\.week) == [Self.w36])
        #expect(digest.corrections.weeks.first?.changes.map(\.reference) == ["EST-2018-000001", "EST-2018-000002"])
        #expect(digest.corrections.undoneAlerts.map(\.now) == [2])

        let text = try DigestRenderer(templatesDirectory: DigestWorld.templates).text(digest, language: .swedish)
        #expect(text.contains("RÄTTELSER EFTER UTSKICK"), "\(text)")
        #expect(text.contains("2 händelser i v.36 har rättats eller återkallats efter utskicket:"))
        #expect(text.contains("EST-2018-000001: återkallad") && text.contains("EST-2018-000002: rättad (Plats)"))
        #expect(text.contains("Larmet för Råby – Klotter v.36 gick ut med 3 händelser"))
        let html = try DigestRenderer(templatesDirectory: DigestWorld.templates).html(digest, language: .english)
        #expect(html.contains("Corrections since the last digest") && html.contains("EST-2018-000001: withdrawn"))

        // The week after, nothing new changed: nothing is said again.
        clock.advance(by: 7 * 86_400)
        _ = try store.enqueue(
            OutboxDraft(
                key: .digest(Self.w37, recipient: "wg@vasteras.example"), kind: .digest, recipient: "wg@vasteras.example",
                messageID: "<d37@x>", raw: [0x41]))
        let later = try DigestBuilder.build(
            week: ISOWeek(year: 2018, week: 38), options: Self.options(settings), now: clock.read(), read: store.digestInput)
        #expect(later.corrections.isEmpty && later.corrections.sinceWeek == Self.w37)
    }

    static func options(_ settings: GatewaySettings) -> DigestOptions {
        DigestOptions(
            timeZone: settings.timeZone, areas: settings.areas, categories: settings.categories, organisations: settings.organisations,
            language: .swedish)
    }
}
