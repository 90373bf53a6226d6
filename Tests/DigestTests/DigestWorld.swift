import Assembly
import Digest
import Domain
import Foundation
import Intake
import MIME
import MailServerHarness
import OutgoingMail
import Settings
import Statistics
import Storage

/// Twelve weeks of EST reports (2018-W25 … 2018-W36) ingested through the real pipeline and
/// storage, plus the rows the pipeline cannot make (held replies, failing recipients).
///
/// The story: Bostads AB Mimer reports every week in all three areas and, in week 36, a wave of
/// graffiti in Råby (the spike); Råbyskolan alternates reports and zero reports and sends a zero
/// report in week 36; Hammarby fritidsgård stopped after week 33; ICA Bäckby reports every week and
/// also sends one unreadable report in week 36; Nordic Guard starts in week 30 and gives parts of
/// the day instead of clock times; the police never report. `Råbyvägen 12, trapphus B` comes back
/// in many spellings (case, punctuation, diacritics) in weeks 33–36.
///
/// Trygghet: Mimer rates Råby every week and Hammarby in odd weeks (`Trygghet Råby: 2`); Råbyskolan
/// rates its one area with a plain `Trygghet:`, in zero reports too, except every fourth week; ICA
/// Bäckby rates until week 34, so Bäckby/Skälby has answers in the trend but none in week 36.
final class DigestWorld: Sendable {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let exampleConfig = repoRoot.appendingPathComponent("config/est-gateway.example.yaml").path
    static let templates = repoRoot.appendingPathComponent("templates").path
    static let week = ISOWeek(year: 2018, week: 36)
    static let firstWeek = ISOWeek(year: 2018, week: 25)
    static let timeZone = TimeZone(identifier: "Europe/Stockholm")!
    /// Monday after the digest's week, 06:00 local: the week is closed.
    static var closedNow: Date { week.sunday.adding(days: 1).start(in: timeZone).addingTimeInterval(6 * 3600) }

    /// One incident as the seed wrote it, to check the digest against what was sent.
    struct Seeded: Sendable {
        var week: ISOWeek
        var area: String
        /// Which real place this is, whatever the spelling.
        var placeID: String
        var place: String
        var date: LocalDate
        var organisation: String
    }

    /// One `Trygghet` rating as the seed wrote it, in an accepted report.
    struct SeededSafety: Sendable {
        var organisation: String
        /// The week the report was sent in.
        var week: ISOWeek
        var area: String
        var score: Int
    }

    /// One report mail as the seed sent it, and what the pipeline made of it.
    struct SeededReport: Sendable {
        var organisation: String
        var week: ISOWeek
        var status: String
        var zeroReport: Bool
        var incidents: Int
    }

    let directory: URL
    let store: GatewayStore
    let settings: GatewaySettings
    let options: DigestOptions
    let seeded: [Seeded]
    let reports: [SeededReport]
    let safety: [SeededSafety]
    /// When each quarantined mail was received.
    let quarantinedAt: [Date]
    /// Mail that went through the pipeline, by resulting status.
    let statuses: [String: Int]

    private init(directory: URL, store: GatewayStore, settings: GatewaySettings, writer: SeedWriter) {
        self.directory = directory
        self.store = store
        self.settings = settings
        self.seeded = writer.seeded
        self.reports = writer.reports
        self.safety = writer.safety
        self.quarantinedAt = writer.quarantinedAt
        self.statuses = writer.statuses
        options = DigestOptions(
            timeZone: settings.timeZone, areas: settings.areas, categories: settings.categories,
            organisations: settings.organisations, language: .swedish)
    }

    // MARK: - Shared instance

    private actor Cache {
        var world: DigestWorld?
        func get() async throws -> DigestWorld {
            if let world { return world }
            let made = try await DigestWorld.make()
            world = made
            return made
        }
    }

    private static let cache = Cache()

    /// The seeded world, built once per test run (every test only reads it).
    static func shared() async throws -> DigestWorld { try await cache.get() }

    static func settings() async throws -> GatewaySettings {
        try await SettingsLoader.load(path: exampleConfig, environment: [:])
    }

    static func pipeline(_ settings: GatewaySettings) -> IntakePipeline {
        GatewayAssembly.pipeline(settings)
    }

    static func temporaryDirectory(_ tag: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("est-digest-\(tag)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: - Building the world

    private static func make() async throws -> DigestWorld {
        let settings = try await settings()
        let directory = try temporaryDirectory("world")
        let store = try GatewayStore(path: directory.appendingPathComponent("est.sqlite").path)
        var writer = SeedWriter(pipeline: pipeline(settings), store: store, timeZone: settings.timeZone)
        try writer.writeAll()
        try insertOperations(store)
        return DigestWorld(directory: directory, store: store, settings: settings, writer: writer)
    }

    /// Local wall-clock time in Stockholm.
    static func local(_ date: LocalDate, _ hour: Int, _ minute: Int = 0) -> Date {
        date.start(in: timeZone).addingTimeInterval(Double(hour * 3600 + minute * 60))
    }

    /// Held replies and failing recipients: written by the daemon's reply and bounce paths, which
    /// need a mail server; inserted directly here. Times straddle the week's edges in local time.
    private static func insertOperations(_ store: GatewayStore) throws {
        let sunday = week.sunday, monday = week.monday
        let held: [(String, HoldReason, Date)] = [
            ("rektor@rabyskolan.example", .recipientCap, local(monday.adding(days: 1), 10)),
            ("rektor@rabyskolan.example", .recipientCap, local(monday.adding(days: 1), 10, 5)),
            ("butik@ica-backby.example", .hourlyCap, local(sunday, 23, 30)),  // in the week (21:30 UTC)
            ("butik@ica-backby.example", .hourlyCap, local(monday, 0, 10)),  // first minutes of the week
            ("anna@mimer.example", .hourlyCap, local(monday.adding(days: -1), 23, 50)),  // week 35
            ("anna@mimer.example", .hourlyCap, local(sunday.adding(days: 1), 0, 30)),  // week 37 (still Sunday in UTC)
        ]
        for (recipient, reason, at) in held {
            try store.insertFixture(HeldReply(recipient: recipient, kind: .ack, reason: reason), at: at)
        }
        try store.insertFixture(
            failingAddress: "fritidsgard.hammarby@vasteras.example", status: "5.1.1",
            diagnostic: "550 5.1.1 <fritidsgard.hammarby@vasteras.example>: Recipient address rejected: User unknown",
            since: local(monday.adding(days: 2), 9))
        try store.insertFixture(
            failingAddress: "old-contact@mimer.example", status: "5.2.1", diagnostic: nil,
            since: local(monday.adding(days: -20), 9))
    }
}

/// Writes the report mails of the story and stores each through pipeline and storage.
struct SeedWriter {
    let pipeline: IntakePipeline
    let store: GatewayStore
    let timeZone: TimeZone
    var seeded: [DigestWorld.Seeded] = []
    var reports: [DigestWorld.SeededReport] = []
    var safety: [DigestWorld.SeededSafety] = []
    var quarantinedAt: [Date] = []
    var statuses: [String: Int] = [:]
    // Seeded, so that the seeded database is the same on every run.
    private var random = SplitMix64(seed: 36)
    private var serial = 0

    init(pipeline: IntakePipeline, store: GatewayStore, timeZone: TimeZone) {
        self.pipeline = pipeline
        self.store = store
        self.timeZone = timeZone
    }

    struct Draft {
        var area: String  // as written in the report
        var areaID: String
        var placeID: String
        var place: String
        var date: LocalDate
        var time: String?
        var categories: String
        var description: String
    }

    /// A `Trygghet` line: the area as written after the field name (nil for a plain line), and its score.
    struct Rating {
        var written: String?
        var areaID: String
        var score: Int

        var line: String { written.map { "Trygghet \($0): \(score)" } ?? "Trygghet: \(score)" }
    }

    static let senders = [
        "mimer": "Anna Lind <anna@mimer.example>",
        "rabyskolan": "Rektor <rektor@rabyskolan.example>",
        "hammarby-fritidsgard": "Fritidsgården <fritidsgard.hammarby@vasteras.example>",
        "ica-backby": "ICA Bäckby <butik@ica-backby.example>",
        "nordic-guard": "Nordic Guard Ops <ops@vasteras.nordicguard.example>",
    ]

    static let places: [String: [(id: String, text: String)]] = [
        "raby": [
            ("raby-torg", "Råby torg"), ("raby-skola", "Råbyskolan, skolgården"), ("raby-p", "Parkeringen Råbyvägen 40"),
            ("raby-gc", "GC-tunneln under Råbyleden"), ("raby-hpl", "Hållplats Råby centrum"), ("raby-14", "Råbyvägen 14, källaren"),
            ("raby-lek", "Lekplatsen Bergslagsvägen"), ("raby-pizz", "Pizzerian vid torget"), ("raby-idr", "Idrottsplatsen Råby"),
            ("raby-28", "Råbyvägen 28, cykelförrådet"), ("raby-gang", "Gångbron mot Vallby"), ("raby-tv", "Tvättstugan Råbyvägen 18"),
        ],
        "hammarby": [
            ("ham-c", "Hammarby centrum"), ("ham-fg", "Fritidsgården, Hammarby"), ("ham-park", "Parken vid Hammarbyskolan"),
            ("ham-gar", "Garaget Hammarbyvägen 8"), ("ham-hpl", "Hållplats Hammarby kyrka"), ("ham-bib", "Biblioteket, entrén"),
            ("ham-sk", "Hammarbyskolan, skolgården"), ("ham-19", "Hammarbyvägen 19, trapphus A"),
        ],
        "backby-skalby": [
            ("bac-c", "Bäckby centrum, ICA-entrén"), ("ska-torg", "Skälby torg"), ("bac-tvatt", "Tvättstugan Bäckbyvägen 3"),
            ("bac-park", "Bäckbyparken"), ("bac-sk", "Bäckbyskolan, baksidan"), ("ska-hpl", "Hållplats Skälby gård"),
            ("bac-p", "Parkeringshuset Bäckby"), ("bac-gc", "GC-vägen mot Skälby"), ("bac-42", "Bäckbyvägen 42, källaren"),
        ],
    ]

    /// The recurring place and how people write it.
    static let hotspotID = "raby-12b"
    static let hotspotSpellings = [
        "Råbyvägen 12, trapphus B", "råbyvägen 12 trapphus b", "RÅBYVÄGEN 12, TRAPPHUS B.",
        "Råbyvägen 12 – trapphus B", "Rabyvägen 12,  trapphus  B",
    ]

    static let areaNames = [
        "raby": ["Råby", "Raby", "råby"], "hammarby": ["Hammarby"], "backby-skalby": ["Bäckby/Skälby", "Bäckby", "Skälby"],
    ]
    static let categoryWords = [
        "Klotter", "Skadegörelse", "Nedskräpning", "Stök", "samling", "Narkotika", "hot", "Inbrott",
        "buskörning", "trasig belysning", "Brand", "Övrigt",
    ]
    static let times: [String?] = ["21:30", "kl 14", "08.15", "23:10", nil, "kväll", "natt", "16-17", "11:45", "02:30", nil, "eftermiddag"]
    static let sentences = [
        "Nytt klotter på väggen vid entrén.", "Grupp ungdomar som spelade hög musik och kastade flaskor.",
        "Krossad ruta i porten, glas på marken.", "Moped kördes i hög fart på gång- och cykelvägen flera gånger under kvällen.",
        "Boende hörde smällare och skrik från gården, ingen skadad enligt uppgift.",
        "Trasig belysning gör platsen mörk och otrygg; felanmält till fastighetsskötaren men ännu inte åtgärdat, flera boende har hört av sig om saken.",
        "Container i brand, räddningstjänsten släckte.", "Personal blev utskälld i entrén av en berusad man.",
    ]

    mutating func writeAll() throws {
        var week = DigestWorld.firstWeek
        var index = 0
        while week <= DigestWorld.week {
            try writeWeek(week, index: index)
            week = week.adding(weeks: 1)
            index += 1
        }
        try writeQuarantine()
    }

    private mutating func writeWeek(_ week: ISOWeek, index: Int) throws {
        let last = week == DigestWorld.week
        // Bostads AB Mimer: every week, every area.
        var mimer: [Draft] = []
        for (area, count) in [("raby", 2 + index % 3), ("hammarby", 1 + index % 2), ("backby-skalby", 2 + (index + 1) % 2)] {
            for _ in 0..<count { mimer.append(draft(area: area, week: week)) }
        }
        if index >= 8 {
            // The recurring place, weeks 33–36.
            var d = draft(area: "raby", week: week, categories: "Klotter, skadegörelse")
            d.placeID = Self.hotspotID
            d.place = Self.hotspotSpellings[(index - 8) % Self.hotspotSpellings.count]
            mimer.append(d)
        }
        if index == 2 || index == 3 || index == 4 {
            // Recurs too, but weeks 27–29: outside the 4-week window.
            var d = draft(area: "hammarby", week: week)
            d.placeID = "ham-old"
            d.place = "Gamla kiosken, Hammarby"
            mimer.append(d)
        }
        if last {
            // The spike: graffiti all over Råby in week 36, some of it at the recurring place.
            for i in 0..<8 {
                var d = draft(area: "raby", week: week, categories: i % 3 == 0 ? "Klotter / Skadegörelse" : "klotter")
                if i < 2 {
                    d.placeID = Self.hotspotID
                    d.place = Self.hotspotSpellings[4 - i]
                }
                mimer.append(d)
            }
            // A late report of something that happened in week 35: counts for week 35.
            mimer.append(draft(area: "hammarby", week: week.adding(weeks: -1)))
        }
        var mimerSafety = [Rating(written: "Råby", areaID: "raby", score: [3, 2, 3, 4, 2, 2][index % 6])]
        if index % 2 == 1 { mimerSafety.append(Rating(written: "Hammarby", areaID: "hammarby", score: [4, 3, 5][index % 3])) }
        try send(from: "mimer", week: week, mimer, safety: mimerSafety)

        // Råbyskolan: reports in even weeks, zero reports in odd weeks and in week 36.
        let schoolSafety = index % 4 == 2 ? [] : [Rating(written: nil, areaID: "raby", score: [4, 3, 3, 2, 4][index % 5])]
        if index % 2 == 0 && !last {
            try send(from: "rabyskolan", week: week, [draft(area: "raby", week: week, categories: "samling")], safety: schoolSafety)
        } else {
            try sendZero(from: "rabyskolan", week: week, safety: schoolSafety)
        }
        // Hammarby fritidsgård: until week 33.
        if index <= 8 {
            try send(
                from: "hammarby-fritidsgard", week: week,
                (0..<(1 + index % 2)).map { _ in draft(area: "hammarby", week: week) })
        }
        // ICA Bäckby: every week (a zero report now and then), plus one unreadable report in week 36.
        let shopSafety = index < 10 ? [Rating(written: nil, areaID: "backby-skalby", score: [3, 4, 2][index % 3])] : []
        if index % 4 == 1 {
            try sendZero(from: "ica-backby", week: week, safety: shopSafety)
        } else {
            var drafts = [draft(area: "backby-skalby", week: week)]
            if index >= 9 {
                var d = draft(area: "backby-skalby", week: week, categories: "Nedskräpning")
                d.placeID = "bac-c"
                d.place = index % 2 == 0 ? "Bäckby centrum, ICA-entrén" : "bäckby centrum ica entrén"
                drafts.append(d)
            }
            try send(from: "ica-backby", week: week, drafts, safety: shopSafety)
        }
        if last {
            var bad = draft(area: "backby-skalby", week: week)
            bad.categories = "klottring"
            try send(from: "ica-backby", week: week, [bad], expect: "rejected")
        }
        // Nordic Guard: from week 30, parts of the day.
        if index >= 5 {
            var drafts: [Draft] = []
            for area in ["raby", "hammarby", "backby-skalby"] where random.next(6) < 4 {
                var d = draft(area: area, week: week)
                d.time = ["natt", "kväll", "dag", nil][random.next(4)]
                drafts.append(d)
            }
            if drafts.isEmpty { drafts.append(draft(area: "hammarby", week: week)) }
            try send(from: "nordic-guard", week: week, drafts)
        }
    }

    private mutating func draft(area: String, week: ISOWeek, categories: String? = nil) -> Draft {
        let places = Self.places[area]!
        let place = places[random.next(places.count)]
        let names = Self.areaNames[area]!
        var categoryText = categories ?? Self.categoryWords[random.next(Self.categoryWords.count)]
        if categories == nil, random.next(4) == 0 {
            categoryText += ", " + Self.categoryWords[random.next(Self.categoryWords.count)]
        }
        return Draft(
            area: names[random.next(names.count)], areaID: area, placeID: place.id, place: place.text,
            date: week.monday.adding(days: random.next(7)), time: Self.times[random.next(Self.times.count)],
            categories: categoryText, description: Self.sentences[random.next(Self.sentences.count)])
    }

    private mutating func send(
        from organisation: String, week: ISOWeek, _ drafts: [Draft], safety: [Rating] = [], expect: String = "accepted"
    ) throws {
        var body = "Hej!\n\nHär kommer veckans rapport.\n"
        for (i, d) in drafts.enumerated() {
            body += "\nHändelse \(i + 1)\nOmråde: \(d.area)\nPlats: \(d.place)\nDatum: \(d.date.iso)\n"
            if let time = d.time { body += "Tid: \(time)\n" }
            body += "Kategori: \(d.categories)\nBeskrivning: \(d.description)\n"
        }
        if !safety.isEmpty { body += "\n" + safety.map { $0.line + "\n" }.joined() }
        body += "\nMvh\nAnna\n070-123 45 67\n"
        let status = try store(from: organisation, week: week, body: body)
        precondition(status == expect, "seed mail from \(organisation) in \(week) was \(status), expected \(expect)")
        if status == "accepted" { record(safety, from: organisation, week: week) }
        reports.append(
            DigestWorld.SeededReport(
                organisation: organisation, week: week, status: status, zeroReport: false,
                incidents: status == "accepted" ? drafts.count : 0))
        if status == "accepted" {
            for d in drafts {
                seeded.append(
                    DigestWorld.Seeded(
                        week: d.date.isoWeek, area: d.areaID, placeID: d.placeID, place: d.place,
                        date: d.date, organisation: organisation))
            }
        }
    }

    private mutating func sendZero(from organisation: String, week: ISOWeek, safety: [Rating] = []) throws {
        let lines = safety.map { $0.line + "\n" }.joined()
        let status = try store(
            from: organisation, week: week, body: "Hej!\n\nInga händelser denna vecka.\n\(lines)\nHälsningar\nRektor\n")
        precondition(status == "accepted", "zero report from \(organisation) in \(week) was \(status)")
        record(safety, from: organisation, week: week)
        reports.append(DigestWorld.SeededReport(organisation: organisation, week: week, status: status, zeroReport: true, incidents: 0))
    }

    private mutating func record(_ ratings: [Rating], from organisation: String, week: ISOWeek) {
        for r in ratings {
            safety.append(DigestWorld.SeededSafety(organisation: organisation, week: week, area: r.areaID, score: r.score))
        }
    }

    /// Sends on the week's Sunday evening (local time), so that every date of the week is in the past.
    private mutating func store(from organisation: String, week: ISOWeek, body: String) throws -> String {
        serial += 1
        let date = DigestWorld.local(week.sunday, 22, serial % 50)
        let raw = Self.mail(
            [
                "From: \(Self.senders[organisation]!)", "To: EST <est@vasteras.example>",
                "Subject: EST v.\(week.week) \(organisation)", "Date: \(Self.rfc5322(date))",
                "Message-ID: <seed-\(serial)@\(organisation).example>",
            ], body: body)
        return try ingest(raw, receivedAt: date.addingTimeInterval(60))
    }

    private mutating func ingest(_ raw: [UInt8], receivedAt: Date) throws -> String {
        let outcome = pipeline.evaluate(raw, receivedAt: receivedAt)
        _ = try store.store(raw: raw, outcome: outcome, receivedAt: receivedAt)
        statuses[outcome.result.status.rawValue, default: 0] += 1
        return outcome.result.status.rawValue
    }

    /// Mail without a From header is quarantined; received at times around the week's edges.
    private mutating func writeQuarantine() throws {
        let w = DigestWorld.week
        let times = [
            DigestWorld.local(w.monday.adding(days: 2), 13),  // week 36
            DigestWorld.local(w.monday.adding(days: 4), 8),  // week 36
            DigestWorld.local(w.sunday, 23, 30),  // week 36, 21:30 UTC
            DigestWorld.local(w.monday, 0, 20),  // week 36, still week 35 in UTC
            DigestWorld.local(w.monday.adding(days: -2), 12),  // week 35
            DigestWorld.local(w.sunday.adding(days: 1), 0, 40),  // week 37, still week 36 in UTC
        ]
        for (i, at) in times.enumerated() {
            serial += 1
            let raw = Self.mail(
                [
                    "To: <est@vasteras.example>", "Subject: rapport \(i)", "Date: \(Self.rfc5322(at))",
                    "Message-ID: <no-from-\(serial)@x.example>",
                ], body: "Område: Råby\n")
            let status = try ingest(raw, receivedAt: at)
            precondition(status == "quarantined", "mail without From was \(status)")
            quarantinedAt.append(at)
        }
    }

    static func mail(_ headers: [String], body: String) -> [UInt8] {
        let head = headers + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
        return Array((head.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
    }

    static func rfc5322(_ date: Date) -> String {
        MessageWriter.rfc5322Date(date, timeZone: DigestWorld.timeZone)
    }
}
