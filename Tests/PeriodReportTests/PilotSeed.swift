import Daemon
import Digest
import Domain
import Foundation
import MailServerHarness
import OutgoingMail
import Settings
import Storage

/// The pilot's six months of report mail, written week by week and stored through the real processor; what was
/// sent is kept so that the tests count the report's numbers themselves.
struct PilotSeed: Sendable {
    /// One incident as it reads at the end (after the correction), or withdrawn.
    struct Incident: Sendable {
        var reference: String
        var area: String
        var codes: [String]
        var date: LocalDate
        var bucket: TimeBucket
        var placeID: String
        var organisation: String
        var receivedAt: Date
        var state: IncidentState
    }

    /// One report mail (not a correction) and what became of it.
    struct Report: Sendable {
        var organisation: String
        var week: ISOWeek
        var accepted: Bool
        var zeroReport: Bool
        /// For a rejected report: the field its error names.
        var errorField: String?
    }

    struct ExtraOrganisation: Sendable {
        var id: String
        var name: String
        var address: String
        var areas: [String]
    }

    static let extraOrganisations = [
        ExtraOrganisation(id: "hammarbyskolan", name: "Hammarbyskolan", address: "rektor@hammarbyskolan.example", areas: ["hammarby"]),
        ExtraOrganisation(id: "backbyskolan", name: "Bäckbyskolan", address: "expedition@backbyskolan.example", areas: ["backby-skalby"]),
        ExtraOrganisation(id: "fritidsgard-raby", name: "Råby fritidsgård", address: "fritidsgard.raby@vasteras.example", areas: ["raby"]),
        ExtraOrganisation(id: "vl", name: "Västmanlands Lokaltrafik", address: "trafik@vl.example", areas: []),
        ExtraOrganisation(id: "kyrkan", name: "Svenska kyrkan Hammarby", address: "diakon@kyrkan.example", areas: ["hammarby"]),
        ExtraOrganisation(id: "faltgruppen", name: "Fältgruppen", address: "faltgruppen@vasteras.example", areas: []),
    ]

    static let senders = [
        "mimer": "Anna Lind <anna@mimer.example>", "rabyskolan": "Rektor <rektor@rabyskolan.example>",
        "hammarby-fritidsgard": "Fritidsgården <fritidsgard.hammarby@vasteras.example>",
        "ica-backby": "ICA Bäckby <butik@ica-backby.example>",
        "nordic-guard": "Nordic Guard Ops <ops@vasteras.nordicguard.example>", "polisen": "Kommunpolisen <kommunpolis@polisen.example>",
        "hammarbyskolan": "<rektor@hammarbyskolan.example>", "backbyskolan": "Expeditionen <expedition@backbyskolan.example>",
        "fritidsgard-raby": "<fritidsgard.raby@vasteras.example>", "vl": "VL Trafik <trafik@vl.example>",
        "kyrkan": "Diakon <diakon@kyrkan.example>", "faltgruppen": "Fältgruppen <faltgruppen@vasteras.example>",
    ]

    /// The 26 weeks whose Thursday is a pilot day: W36 2018 … W09 2019.
    static let weeks = ISOWeek.range(ISOWeek(year: 2018, week: 36), through: ISOWeek(year: 2019, week: 9))

    static let places: [String: [(id: String, text: String)]] = [
        "raby": [
            ("raby-torg", "Råby torg"), ("raby-skola", "Råbyskolan, skolgården"), ("raby-p", "Parkeringen Råbyvägen 40"),
            ("raby-gc", "GC-tunneln under Råbyleden"), ("raby-14", "Råbyvägen 14, källaren"), ("raby-lek", "Lekplatsen Bergslagsvägen"),
            ("raby-pizz", "Pizzerian vid torget"), ("raby-idr", "Idrottsplatsen Råby"), ("raby-28", "Råbyvägen 28, cykelförrådet"),
            ("raby-gang", "Gångbron mot Vallby"), ("raby-tv", "Tvättstugan Råbyvägen 18"), ("raby-kiosk", "Kiosken vid Råbyleden"),
        ],
        "hammarby": [
            ("ham-c", "Hammarby centrum"), ("ham-fg", "Fritidsgården, Hammarby"), ("ham-park", "Parken vid Hammarbyskolan"),
            ("ham-gar", "Garaget Hammarbyvägen 8"), ("ham-bib", "Biblioteket, entrén"), ("ham-sk", "Hammarbyskolan, skolgården"),
            ("ham-19", "Hammarbyvägen 19, trapphus A"), ("ham-p", "Parkeringen vid kyrkan"),
        ],
        "backby-skalby": [
            ("ska-torg", "Skälby torg"), ("bac-tvatt", "Tvättstugan Bäckbyvägen 3"), ("bac-park", "Bäckbyparken"),
            ("bac-sk", "Bäckbyskolan, baksidan"), ("bac-p", "Parkeringshuset Bäckby"), ("bac-42", "Bäckbyvägen 42, källaren"),
            ("bac-gc", "GC-vägen mot Skälby"), ("ska-lek", "Lekplatsen Skälbyvägen"), ("bac-19", "Bäckbyvägen 19, förråden"),
        ],
    ]
    static let stops: [String: (id: String, text: String)] = [
        "raby": ("raby-hpl", "Hållplats Råby centrum"), "hammarby": ("ham-hpl", "Hållplats Hammarby kyrka"),
        "backby-skalby": ("ska-hpl", "Hållplats Skälby gård"),
    ]
    /// The places reported again and again, and how people write them.
    static let hotspotID = "raby-12b"
    static let hotspotSpellings = [
        "Råbyvägen 12, trapphus B", "råbyvägen 12 trapphus b", "RÅBYVÄGEN 12, TRAPPHUS B.", "Råbyvägen 12 – trapphus B",
        "Rabyvägen 12,  trapphus  B",
    ]
    static let icaID = "bac-c"
    static let icaSpellings = ["Bäckby centrum, ICA-entrén", "bäckby centrum ica entrén"]

    static let areaNames = [
        "raby": ["Råby", "Raby", "råby"], "hammarby": ["Hammarby"], "backby-skalby": ["Bäckby/Skälby", "Bäckby", "Skälby"],
    ]
    static let categories: [(word: String, code: String)] = [
        ("Klotter", "KLOT"), ("Skadegörelse", "SKAD"), ("Nedskräpning", "SKRP"), ("Stök", "STOK"), ("samling", "SAML"),
        ("Narkotika", "NARK"), ("hot", "HOT"), ("Inbrott", "INBR"), ("buskörning", "FORD"), ("trasig belysning", "PLTS"),
        ("Brand", "BRND"), ("Övrigt", "OVR"),
    ]
    static let times: [(text: String?, bucket: TimeBucket)] = [
        ("21:30", .kvall), ("kl 14", .eftermiddag), ("08.15", .morgon), ("23:10", .kvall), (nil, .unknown), ("kväll", .kvall),
        ("natt", .natt), ("16-17", .eftermiddag), ("11:45", .formiddag), ("02:30", .natt), ("eftermiddag", .eftermiddag), ("dag", .dag),
    ]
    static let sentences = [
        "Nytt klotter på väggen vid entrén.", "Grupp ungdomar som spelade hög musik och kastade flaskor.",
        "Krossad ruta i porten, glas på marken.", "Moped kördes i hög fart på gång- och cykelvägen flera gånger under kvällen.",
        "Boende säger: \"det är stökigt, varje kväll\".", "Trasig belysning gör platsen mörk och otrygg; felanmält.",
        "Container i brand, räddningstjänsten släckte.", "Personal blev utskälld i entrén av en berusad man.",
        "=SUMMA(A1) stod sprayat på dörren.",
    ]

    struct Draft {
        var areaText: String
        var area: String
        var placeID: String
        var place: String
        var date: LocalDate
        var time: (text: String?, bucket: TimeBucket)
        var words: [String]
        var codes: [String]
        var description: String
        /// When set, the mail is rejected for this field (the line is broken on purpose).
        var broken: Broken? = nil
    }

    enum Broken { case unknownCategory(String), missingDate, futureDate, unknownArea(String) }

    /// A draft that is wrong in one field only: dated on the week's Monday, before any day it is sent on.
    private mutating func broken(_ area: String, in week: ISOWeek, _ broken: Broken) -> Draft {
        var d = draft(area, on: week.monday)
        d.broken = broken
        return d
    }

    let processor: MessageProcessor
    let clock: TestClock
    let settings: GatewaySettings
    private(set) var incidents: [Incident] = []
    private(set) var reports: [Report] = []
    private(set) var correctedReference = ""
    private(set) var withdrawnReference = ""
    private var random = SplitMix64(seed: 2018)
    private var serial = 0

    init(processor: MessageProcessor, clock: TestClock, settings: GatewaySettings) {
        self.processor = processor
        self.clock = clock
        self.settings = settings
    }

    /// Incidents that count: dated in the pilot and not withdrawn.
    var counted: [Incident] { incidents.filter { PilotWorld.pilot.contains($0.date) && $0.state != .withdrawn } }

    // MARK: - The story

    mutating func writeAll() throws {
        // Mimer's first mail, on the pilot's second day: one incident from before the pilot, two from its first days.
        let start = PilotWorld.pilot.first
        var early = [draft("raby", on: start.adding(days: -2)), draft("raby", on: start), draft("hammarby", on: start.adding(days: 1))]
        early[0].words = ["Klotter"]
        early[0].codes = ["KLOT"]
        try send("mimer", on: start.adding(days: 1), early)
        for (i, week) in Self.weeks.enumerated() { try writeWeek(week, i) }
    }

    private mutating func writeWeek(_ week: ISOWeek, _ i: Int) throws {
        let sunday = week.sunday
        // Bostads AB Mimer: every week in every area, more in Råby in the second half; a zero report at Christmas.
        if i == 16 {
            try sendZero("mimer", on: sunday)
        } else {
            if i == 11 {
                try send("mimer", on: sunday.adding(days: -1), [broken("raby", in: week, .unknownArea("Vallby"))])
            }
            var drafts: [Draft] = []
            for (area, count) in [("raby", 2 + i % 3 + (i >= 13 ? 2 : 0)), ("hammarby", 1 + i % 2), ("backby-skalby", 2 + (i + 1) % 2)] {
                for _ in 0..<count { drafts.append(draft(area, in: week)) }
            }
            // The stairwell: every third week, then twice a week once the graffiti there took off.
            for n in 0..<(i >= 13 ? 2 : i % 3 == 0 ? 1 : 0) {
                var d = draft("raby", in: week, words: ["Klotter", "Skadegörelse"])
                d.placeID = Self.hotspotID
                d.place = Self.hotspotSpellings[(i + n) % Self.hotspotSpellings.count]
                drafts.append(d)
            }
            let refs = try send("mimer", on: sunday, drafts)
            if i == 2 {
                // Mimer finds it put a Råby incident in the wrong area and category, and corrects it three days later.
                let reference = refs[0]
                try correct(
                    "mimer", reference: reference, on: sunday.adding(days: 3),
                    body: "Rätta \(reference)\nOmråde: Hammarby\nKategori: Nedskräpning\n")
                let at = incidents.firstIndex { $0.reference == reference }!
                incidents[at].area = "hammarby"
                incidents[at].codes = ["SKRP"]
                incidents[at].state = .corrected
                correctedReference = reference
            }
        }
        // Råbyskolan: reports in even weeks, zero reports in odd ones; nothing in the holidays.
        if ![8, 16, 17, 24].contains(i) {
            if i % 2 == 0 {
                try send("rabyskolan", on: sunday, [draft("raby", in: week, words: ["samling"])])
            } else {
                try sendZero("rabyskolan", on: sunday)
            }
        }
        // Hammarby fritidsgård: until week 48, then it stops.
        if i <= 12 { try send("hammarby-fritidsgard", on: sunday, (0...(i % 2)).map { _ in draft("hammarby", in: week) }) }
        // ICA Bäckby: litter at its entrance most weeks, a zero report every fourth; one unreadable report in week 40.
        if i == 4 {
            try send("ica-backby", on: sunday.adding(days: -2), [broken("backby-skalby", in: week, .unknownCategory("klottring"))])
        }
        if i % 4 == 1 {
            try sendZero("ica-backby", on: sunday)
        } else {
            var d = draft("backby-skalby", in: week, words: ["Nedskräpning"])
            d.placeID = Self.icaID
            d.place = Self.icaSpellings[i % 2]
            let refs = try send("ica-backby", on: sunday, [d])
            if i == 8 {
                try correct("ica-backby", reference: refs[0], on: sunday.adding(days: 1), body: "Återkalla \(refs[0])\n")
                let at = incidents.firstIndex { $0.reference == refs[0] }!
                incidents[at].state = .withdrawn
                withdrawnReference = refs[0]
            }
        }
        // Nordic Guard: from week 40, with parts of the day rather than clock times.
        if i >= 4 {
            var drafts: [Draft] = []
            for area in ["raby", "hammarby", "backby-skalby"] where random.next(3) < 2 {
                var d = draft(area, in: week)
                d.time = [("natt", .natt), ("kväll", .kvall), ("dag", .dag), (nil, .unknown)][random.next(4)]
                drafts.append(d)
            }
            if drafts.isEmpty { drafts.append(draft("hammarby", in: week)) }
            try send("nordic-guard", on: sunday, drafts)
        }
        // The police, now and then (not expected weekly).
        if i % 5 == 2 { try send("polisen", on: sunday, [draft("raby", in: week, words: ["Narkotika"])]) }
        // Hammarbyskolan: reports in odd weeks, zero reports in even ones, three weeks of silence in November.
        if !(9...11).contains(i) {
            if i % 2 == 1 {
                try send("hammarbyskolan", on: sunday, [draft("hammarby", in: week)])
            } else {
                try sendZero("hammarbyskolan", on: sunday)
            }
        }
        // Bäckbyskolan: mostly nothing to report; twice a broken report, fixed the same day.
        if i == 6 || i == 14 {
            try send("backbyskolan", on: sunday.adding(days: -1), [broken("backby-skalby", in: week, i == 6 ? .missingDate : .futureDate)])
        }
        if i % 3 == 0 {
            try send("backbyskolan", on: sunday, [draft("backby-skalby", in: week)])
        } else {
            try sendZero("backbyskolan", on: sunday)
        }
        // Råby fritidsgård: joins in week 45.
        if i >= 9 {
            if i % 4 == 3 {
                try sendZero("fritidsgard-raby", on: sunday)
            } else {
                try send("fritidsgard-raby", on: sunday, [draft("raby", in: week, words: ["Stök"])])
            }
        }
        // Västmanlands Lokaltrafik: its stops every week, on Friday afternoons; once a made-up category.
        let friday = week.monday.adding(days: 4)
        if i == 19 {
            try send("vl", on: friday, [broken("hammarby", in: week, .unknownCategory("snöoväder"))], hour: 14)
        }
        let stops = random.next(3)
        if stops == 0 {
            try sendZero("vl", on: friday, hour: 15)
        } else {
            var drafts: [Draft] = []
            for _ in 0..<stops {
                let area = ["raby", "hammarby", "backby-skalby"][random.next(3)]
                var d = draft(area, in: week, until: 4)
                (d.placeID, d.place) = Self.stops[area]!
                drafts.append(d)
            }
            try send("vl", on: friday, drafts, hour: 15)
        }
        // Svenska kyrkan: a zero report every other week, twice something to tell.
        if i == 5 || i == 15 {
            try send("kyrkan", on: sunday, [draft("hammarby", in: week, words: ["hot"])])
        } else if i % 2 == 0 {
            try sendZero("kyrkan", on: sunday)
        }
        // Fältgruppen: once a month.
        if i % 4 == 0 {
            try send("faltgruppen", on: sunday, (0...(i % 8 == 0 ? 1 : 0)).map { _ in draft(["raby", "backby-skalby"][i % 2], in: week) })
        }
    }

    // MARK: - Drafts

    private mutating func draft(_ area: String, in week: ISOWeek, words: [String]? = nil, until lastDay: Int = 6) -> Draft {
        draft(area, on: week.monday.adding(days: random.next(lastDay + 1)), words: words)
    }

    private mutating func draft(_ area: String, on date: LocalDate, words: [String]? = nil) -> Draft {
        let places = Self.places[area]!
        let place = places[random.next(places.count)]
        let names = Self.areaNames[area]!
        var chosen =
            words.map { w in w.map { word in Self.categories.first { $0.word == word }! } } ?? [
                Self.categories[random.next(Self.categories.count)]
            ]
        if words == nil, random.next(4) == 0 {
            let second = Self.categories[random.next(Self.categories.count)]
            if second.code != chosen[0].code { chosen.append(second) }
        }
        return Draft(
            areaText: names[random.next(names.count)], area: area, placeID: place.id, place: place.text, date: date,
            time: Self.times[random.next(Self.times.count)], words: chosen.map(\.word), codes: chosen.map(\.code),
            description: Self.sentences[random.next(Self.sentences.count)])
    }

    // MARK: - Sending

    /// Sends one report mail at `hour` local on `day`; returns the references of its incidents.
    @discardableResult
    private mutating func send(_ organisation: String, on day: LocalDate, _ drafts: [Draft], hour: Int = 21) throws -> [String] {
        var body = "Hej!\n\nHär kommer veckans rapport.\n"
        var error: String?
        for (n, d) in drafts.enumerated() {
            var area = d.areaText, date = "Datum: \(d.date.iso)\n", words = d.words.joined(separator: ", ")
            switch d.broken {
            case .unknownCategory(let word)?: words = word; error = "Kategori"
            case .missingDate?: date = ""; error = "Datum"
            case .futureDate?: date = "Datum: \(day.adding(days: 2).iso)\n"; error = "Datum"
            case .unknownArea(let name)?: area = name; error = "Område"
            case nil: break
            }
            body += "\nHändelse \(n + 1)\nOmråde: \(area)\nPlats: \(d.place)\n\(date)"
            if let time = d.time.text { body += "Tid: \(time)\n" }
            body += "Kategori: \(words)\nBeskrivning: \(d.description)\n"
        }
        body += "\nMvh\nAnna\n070-123 45 67\n"
        let (result, receivedAt) = try process(organisation, on: day, hour: hour, body: body)
        let accepted = result.outcome.result.status == .accepted
        precondition(accepted == (error == nil), "seed mail from \(organisation) on \(day) was \(result.outcome.result.status)")
        let week = day.isoWeek
        reports.append(Report(organisation: organisation, week: week, accepted: accepted, zeroReport: false, errorField: error))
        guard accepted, case .stored(_, let references) = result.stored else { return [] }
        precondition(references.count == drafts.count)
        for (d, (reference, read)) in zip(drafts, zip(references, result.outcome.result.incidents)) {
            // The seed's own reading of what it wrote, checked against the pipeline's.
            precondition(read.area == d.area && read.date == d.date && read.categories == d.codes, "seed drift: \(read) vs \(d.codes)")
            incidents.append(
                Incident(
                    reference: reference, area: d.area, codes: d.codes, date: d.date, bucket: d.time.bucket, placeID: d.placeID,
                    organisation: organisation, receivedAt: receivedAt, state: .active))
        }
        return references
    }

    private mutating func sendZero(_ organisation: String, on day: LocalDate, hour: Int = 21) throws {
        let (result, _) = try process(organisation, on: day, hour: hour, body: "Hej!\n\nInga händelser denna vecka.\n\nHälsningar\n")
        precondition(result.outcome.result.status == .accepted && result.outcome.result.zeroReport, "zero report from \(organisation)")
        reports.append(Report(organisation: organisation, week: day.isoWeek, accepted: true, zeroReport: true, errorField: nil))
    }

    private mutating func correct(_ organisation: String, reference: String, on day: LocalDate, body: String) throws {
        let (result, _) = try process(organisation, on: day, hour: 9, body: body)
        precondition(result.outcome.changes.map(\.reference) == [reference], "correction of \(reference): \(result.outcome.result.errors)")
    }

    private mutating func process(
        _ organisation: String, on day: LocalDate, hour: Int, body: String
    ) throws
        -> (MessageProcessor.Processed, Date)
    {
        serial += 1
        let date = PilotWorld.local(day, hour, serial % 50)
        let raw = Self.mail(
            [
                "From: \(Self.senders[organisation]!)", "To: EST <est@vasteras.example>", "Subject: EST v.\(day.isoWeek.week)",
                "Date: \(MessageWriter.rfc5322Date(date, timeZone: PilotWorld.timeZone))",
                "Message-ID: <pilot-\(serial)@\(organisation).example>",
            ], body: body)
        let receivedAt = date.addingTimeInterval(60)
        clock.set(receivedAt)
        return (try processor.process(raw, source: nil), receivedAt)
    }

    static func mail(_ headers: [String], body: String) -> [UInt8] {
        let head = headers + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
        return Array((head.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
    }
}
