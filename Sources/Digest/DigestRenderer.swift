import Domain
import Foundation
import MailTemplates
import Mustache
import ReadModels
import Statistics

/// Kept for the renderer's callers; the same type as every other template error.
public typealias DigestTemplateError = TemplateError

/// Turns a `Digest` into the mail's subject, text/plain and text/html parts from the Mustache
/// templates `digest-subject.mustache`, `digest.mustache` and `digest.html.mustache` in
/// `<templatesDirectory>/sv` and `/en` (other `digest*.mustache` files there are partials).
/// Files ending `.html.mustache` escape values for HTML; the others insert them as they are.
public struct DigestRenderer: Sendable {
    static let required = ["digest-subject", "digest", "digest.html"]
    private let libraries: [Language: MustacheLibrary]

    public init(templatesDirectory: String) throws {
        var libraries: [Language: MustacheLibrary] = [:]
        for language in Language.allCases {
            libraries[language] = try Self.load(directory: templatesDirectory, language: language)
        }
        self.libraries = libraries
        // A trial run: a template that renders nothing would send an empty lägesbild.
        let sample = Digest.sample
        for language in Language.allCases {
            let folder = URL(fileURLWithPath: templatesDirectory).appendingPathComponent(language.rawValue)
            for (name, text) in [
                ("digest-subject", subject(sample, language: language)), ("digest", self.text(sample, language: language)),
                ("digest.html", html(sample, language: language)),
            ]
            where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw DigestTemplateError.rendersEmpty(file: folder.appendingPathComponent(name + ".mustache").path)
            }
        }
    }

    /// `EST lägesbild v.36 2018` (one line, whatever the template holds).
    public func subject(_ d: Digest, language: Language) -> String {
        let raw = render("digest-subject", d, language: language)
        return raw.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    public func text(_ d: Digest, language: Language) -> String {
        var text = render("digest", d, language: language)
        // Blank lines left by sections that showed nothing collapse to one.
        while text.contains("\n\n\n") { text = text.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        return text.trimmingCharacters(in: .newlines) + "\n"
    }

    public func html(_ d: Digest, language: Language) -> String {
        render("digest.html", d, language: language)
    }

    private func render(_ name: String, _ d: Digest, language: Language) -> String {
        let context = DigestContext(digest: d, labels: DigestLabels(language: language)).dictionary
        return libraries[language]?.render(context, withTemplate: name) ?? ""
    }

    /// Every `digest*.mustache` of `<directory>/<language>/` (see TemplateFolder).
    static func load(directory: String, language: Language) throws(DigestTemplateError) -> MustacheLibrary {
        try TemplateFolder.load(directory: directory, language: language, required: required) { $0.hasPrefix("digest") }
    }
}

/// The values the templates see. Text tables come aligned from here (their column widths depend on
/// the content); everything else is single values and lists for the templates to lay out.
struct DigestContext {
    let digest: Digest
    let labels: DigestLabels

    /// Text lines stay within this width where the content allows.
    static let textWidth = 76

    var dictionary: [String: Any] {
        let d = digest
        let l = labels
        var c: [String: Any] = [
            "week": d.week.description, "weekNumber": d.week.week, "year": d.week.year,
            "weekLabel": l.weekShort(d.week), "lastWeekLabel": l.weekShort(d.week.adding(weeks: -1)),
            "period": l.period(d.week), "monday": d.week.monday.iso, "sunday": d.week.sunday.iso,
            "generated": localTime(d.generatedAt), "partial": d.partialWeek,
            "areaNames": d.areas.map(\.area.name).joined(separator: ", "),
            "incidentCount": d.incidentCount, "noIncidents": d.incidentCount == 0,
            "trendRange": l.weekRange(d.trendWeeks), "trendWeekCount": d.trendWeeks.count,
            "baselineRange": l.weekRange(d.baselineWeeks), "baselineWeekCount": d.baselineWeeks.count,
        ]
        c["summaryTable"] = summaryTable
        // Area bars share one scale, so that areas compare at a glance; the total has its own.
        let areaScale = d.areas.flatMap(\.counts.trend).max() ?? 0
        c["summary"] =
            d.areas.map { row(name: $0.area.name, $0.counts, isTotal: false, scale: areaScale) }
            + [row(name: l.total, d.total, isTotal: true)]
        c["areas"] = d.areas.map(area)
        c["hotspots"] = d.hotspots.map(hotspot)
        c["hasHotspots"] = !d.hotspots.isEmpty
        c["hotspotTable"] = hotspotTable
        c["hotspotRange"] = l.weekRange(d.hotspotWeeks)
        c["hotspotMinimum"] = d.hotspotMinimum
        c.merge(timing) { $1 }
        c.merge(reporting) { $1 }
        c.merge(spikes) { $1 }
        c.merge(operations) { $1 }
        c.merge(corrections) { $1 }
        c.merge(safety) { $1 }
        c["hasInsatser"] = !d.insatser.lines.isEmpty
        c["insatsLines"] = d.insatser.lines.map { ["text": $0] }
        c["insatsFragments"] = d.insatser.fragments.map { ["html": $0] }
        return c
    }

    private func localTime(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = digest.timeZone
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    private func localDate(_ date: Date) -> String { LocalDate(date, in: digest.timeZone).iso }

    // MARK: Counts and trends

    /// - Parameter scale: the count drawn at full height; rows compared with each other share it.
    private func row(name: String, _ counts: Counts, isTotal: Bool, scale: Int? = nil) -> [String: Any] {
        [
            "name": name, "thisWeek": counts.thisWeek, "thisWeekNoun": labels.incidents(counts.thisWeek), "lastWeek": counts.lastWeek,
            "mean": labels.number(counts.baselineMean), "sparkline": Sparkline.render(counts.trend),
            "bars": bars(counts.trend, scale: scale), "isTotal": isTotal, "change": change(counts),
            "up": counts.thisWeek > counts.lastWeek, "down": counts.thisWeek < counts.lastWeek,
        ]
    }

    private func change(_ counts: Counts) -> String {
        let delta = counts.thisWeek - counts.lastWeek
        return delta > 0 ? "+\(delta)" : delta < 0 ? "−\(-delta)" : "±0"
    }

    /// One bar per trend week for the HTML chart: a cell whose height is in proportion to the count.
    private func bars(_ trend: [Int], scale: Int?) -> [[String: Any]] {
        let top = max(1, scale ?? 0, trend.max() ?? 0)
        let maxHeight = 24
        return zip(digest.trendWeeks, trend).enumerated().map { index, pair in
            let (week, count) = pair
            let last = index == trend.count - 1
            return [
                "count": count, "week": labels.weekShort(week),
                "height": count == 0 ? 1 : max(3, count * maxHeight / top),
                "color": count == 0 ? "#d5d9de" : last ? "#1f4e8c" : "#8fb0d9",
                "last": last,
            ]
        }
    }

    private var summaryTable: String {
        let l = labels
        var t = TextTable([.left, .right, .right, .right, .left])
        t.add([
            l.areaHeader, l.weekShort(digest.week), l.weekShort(digest.week.adding(weeks: -1)), l.meanHeader,
            "\(l.trendHeader) \(l.weekRange(digest.trendWeeks))",
        ])
        for a in digest.areas { t.add(countCells(a.area.name, a.counts)) }
        t.add(countCells(l.total, digest.total))
        return t.render(indent: "  ")
    }

    private func countCells(_ name: String, _ c: Counts) -> [String] {
        [name, "\(c.thisWeek)", "\(c.lastWeek)", labels.number(c.baselineMean), Sparkline.render(c.trend)]
    }

    private func area(_ a: AreaDigest) -> [String: Any] {
        var c = row(name: a.area.name, a.counts, isTotal: false)
        c["id"] = a.area.id
        c["underline"] = String(repeating: "-", count: a.area.name.count)
        let categoryScale = a.categories.flatMap(\.counts.trend).max() ?? 0
        c["categories"] = a.categories.map { cat -> [String: Any] in
            var r = row(name: cat.category.name, cat.counts, isTotal: false, scale: categoryScale)
            r["code"] = cat.category.code
            return r
        }
        c["hasCategories"] = !a.categories.isEmpty
        var t = TextTable([.left, .right, .right, .right, .left])
        t.add([
            labels.categoryHeader, labels.weekShort(digest.week), labels.weekShort(digest.week.adding(weeks: -1)),
            labels.meanHeader, labels.trendHeader,
        ])
        for cat in a.categories { t.add(countCells(cat.category.name, cat.counts)) }
        c["categoryTable"] = t.render(indent: "  ")
        c["incidents"] = a.incidents.map(incident)
        c["hasIncidents"] = !a.incidents.isEmpty
        c["incidentCount"] = a.incidents.count
        return c
    }

    private func incident(_ i: DigestIncident) -> [String: Any] {
        let time = labels.time(i)
        let categories = i.categories.map(\.name).joined(separator: ", ")
        var head = "\(i.reference)  \(labels.shortDate(i.date))"
        if !time.isEmpty { head += " \(time)" }
        let text = [
            "  " + head,
            TextWrap.wrap(i.place + " · " + categories, width: Self.textWidth, indent: "    "),
            TextWrap.wrap(i.description, width: Self.textWidth, indent: "    "),
        ].filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.joined(separator: "\n")
        return [
            "reference": i.reference, "date": i.date.iso, "shortDate": labels.shortDate(i.date), "time": time,
            "hasTime": !time.isEmpty, "place": i.place, "categories": categories, "description": i.description,
            "organisation": i.organisation, "text": text,
        ]
    }

    // MARK: Places

    private func hotspot(_ h: Hotspot) -> [String: Any] {
        [
            "area": h.area.name, "place": h.place, "count": h.count, "first": labels.shortDate(h.firstDate),
            "last": labels.shortDate(h.lastDate), "categories": h.categories.map(\.name).joined(separator: ", "),
        ]
    }

    private var hotspotTable: String {
        var t = TextTable([.left, .left, .right, .left])
        t.maxWidth = 30
        t.add([labels.areaHeader, labels.placeHeader, labels.countHeader, labels.latestHeader])
        for h in digest.hotspots { t.add([h.area.name, h.place, "\(h.count)", labels.shortDate(h.lastDate)]) }
        return t.render(indent: "  ")
    }

    // MARK: Timing

    private var timing: [String: Any] {
        let tm = digest.timing
        let l = labels
        let longLabel = l.longHeader(tm.longWeeks.count)
        var days = TextTable([.left] + Array(repeating: .right, count: 7))
        days.add([""] + l.weekdays)
        days.add([l.weekShort(digest.week)] + tm.weekdaysThisWeek.map(String.init))
        days.add([longLabel] + tm.weekdaysLong.map(String.init))
        var parts = TextTable([.left, .left, .right, .right])
        parts.add([l.partHeader, "", l.weekShort(digest.week), longLabel])
        for (i, bucket) in TimeBucket.allCases.enumerated() {
            // `dag` (06–18) is only shown when reports used it.
            if bucket == .dag, tm.partsLong[i] == 0 { continue }
            parts.add([l.bucket(bucket), l.hours(bucket), "\(tm.partsThisWeek[i])", "\(tm.partsLong[i])"])
        }
        let maxDay = max(1, tm.weekdaysLong.max() ?? 0)
        let maxPart = max(1, tm.partsLong.max() ?? 0)
        return [
            "timingRange": l.weekRange(tm.longWeeks), "timingWeekCount": tm.longWeeks.count, "longLabel": longLabel,
            "weekdayTable": days.render(indent: "  "), "partTable": parts.render(indent: "  "),
            "weekdays": (0..<7).map { i -> [String: Any] in
                [
                    "name": l.weekdays[i], "thisWeek": tm.weekdaysThisWeek[i], "long": tm.weekdaysLong[i],
                    "width": barWidth(tm.weekdaysLong[i], of: maxDay),
                ]
            },
            "parts": TimeBucket.allCases.enumerated().compactMap { i, bucket -> [String: Any]? in
                if bucket == .dag, tm.partsLong[i] == 0 { return nil }
                return [
                    "name": l.bucket(bucket), "hours": l.hours(bucket), "thisWeek": tm.partsThisWeek[i],
                    "long": tm.partsLong[i], "width": barWidth(tm.partsLong[i], of: maxPart),
                ]
            },
        ]
    }

    private func barWidth(_ value: Int, of top: Int) -> Int { value == 0 ? 1 : max(2, value * 120 / top) }

    // MARK: Reporting

    private var reporting: [String: Any] {
        let l = labels
        var t = TextTable([.left, .left])
        t.maxWidth = 30
        var rows: [[String: Any]] = []
        for r in digest.reporting {
            var status = l.status(r)
            let rejected = l.rejected(r.rejected)
            if !rejected.isEmpty { status += " (\(rejected))" }
            t.add([r.organisation.name, status])
            rows.append([
                "name": r.organisation.name, "status": status, "reported": r.status == .reported,
                "zeroReport": r.status == .zeroReport, "missing": r.status == .missing,
                "color": r.status == .reported ? "#1e7a3c" : r.status == .zeroReport ? "#3b73b9" : "#b3261e",
                "mark": r.status == .reported ? "✔" : r.status == .zeroReport ? "0" : "✘",
                "weeksMissing": r.weeksMissing ?? 0, "lastReported": r.lastReported.map(l.weekShort) ?? "",
            ])
        }
        let count = { (s: OrganisationReporting.Status) in digest.reporting.filter { $0.status == s }.count }
        return [
            "reporting": rows, "hasReporting": !rows.isEmpty, "reportingTable": t.render(indent: "  "),
            "reportedCount": count(.reported), "zeroCount": count(.zeroReport), "missingCount": count(.missing),
        ]
    }

    // MARK: Spikes

    private var spikes: [String: Any] {
        let l = labels
        let rows = digest.spikes.map { s -> [String: Any] in
            let series = s.area.name + (s.category.map { " – " + $0.name } ?? (l.sv ? " – totalt" : " – total"))
            let line =
                l.sv
                ? "\(s.flag.observed) \(l.incidents(s.flag.observed)), väntat \(l.number(s.flag.expected)), tröskel \(l.number(s.flag.threshold)); \(l.method(s.flag.method))"
                : "\(s.flag.observed) \(l.incidents(s.flag.observed)), expected \(l.number(s.flag.expected)), threshold \(l.number(s.flag.threshold)); \(l.method(s.flag.method))"
            return [
                "series": series, "area": s.area.name, "category": s.category?.name ?? "", "isTotal": s.category == nil,
                "observed": s.flag.observed, "observedNoun": l.incidents(s.flag.observed), "expected": l.number(s.flag.expected),
                "threshold": l.number(s.flag.threshold),
                "statistic": l.number(s.flag.statistic), "method": l.method(s.flag.method), "partial": s.flag.partialWeek,
                "text": "  " + series + "\n" + TextWrap.wrap(line, width: Self.textWidth, indent: "    "),
            ]
        }
        return ["spikes": rows, "hasSpikes": !rows.isEmpty]
    }

    // MARK: Operations

    private var operations: [String: Any] {
        let o = digest.operations
        return [
            "failingRecipients": o.failingRecipients.map { f -> [String: Any] in
                let diagnostic = TextShortening.shorten(f.diagnostic ?? "", to: 140)
                return [
                    "address": f.address, "status": f.status, "diagnostic": diagnostic,
                    "diagnosticText": TextWrap.wrap(diagnostic, width: Self.textWidth, indent: "    "),
                    "hasDiagnostic": !diagnostic.isEmpty, "since": localDate(f.since),
                ]
            },
            "hasFailingRecipients": !o.failingRecipients.isEmpty, "failingCount": o.failingRecipients.count,
            "heldReplies": o.heldReplies.map {
                [
                    "reason": labels.reason($0.reason), "code": $0.reason, "count": $0.count,
                    "recipients": $0.recipients.joined(separator: ", "),
                ]
            },
            "hasHeldReplies": !o.heldReplies.isEmpty, "heldCount": o.heldReplyCount,
            "quarantined": o.quarantined, "hasQuarantined": o.quarantined > 0,
            "quarantineReasons": o.quarantineReasons.map { ["reason": labels.reason($0.reason), "code": $0.reason, "count": $0.count] },
            "hasRetention": o.retention != nil, "retention": o.retention.map(retention) ?? [:],
        ]
    }

    /// Counts with the words that agree with them; the sentence is the template's.
    private func retention(_ r: RetentionCounts) -> [String: Any] {
        let l = labels
        return [
            "messages": r.rawMessages,
            "messagesNoun": l.plural(r.rawMessages, sv: ("mottaget meddelande", "mottagna meddelanden"), en: ("message", "messages")),
            "sentMail": r.sentMail, "sentMailNoun": l.plural(r.sentMail, sv: ("skickat", "skickade"), en: ("sent", "sent")),
            "freeText": r.freeTextIncidents,
            "freeTextNoun": l.plural(r.freeTextIncidents, sv: ("händelses", "händelsers"), en: ("incident", "incidents")),
            "addresses": r.addresses,
            "addressesNoun": l.plural(
                r.addresses, sv: ("adress pseudonymiserad", "adresser pseudonymiserade"), en: ("address", "addresses")),
        ]
    }
}

extension Digest {
    /// A small digest with every section filled, for the templates' trial run.
    static var sample: Digest {
        let week = ISOWeek(year: 2018, week: 36)
        let area = Area(id: "raby", name: "Råby")
        let category = Category(code: "KLOT", name: "Klotter")
        let counts = Counts(thisWeek: 5, lastWeek: 2, baselineMean: 1.5, trend: [1, 2, 0, 1, 3, 2, 1, 2, 1, 2, 2, 5])
        let weeks = ISOWeek.range(week.adding(weeks: -11), through: week)
        let organisation = Organisation(id: "mimer", name: "Bostads AB Mimer")
        var digest = Digest(
            week: week, generatedAt: week.sunday.adding(days: 1).start(in: TimeZone(identifier: "UTC")!),
            timeZone: TimeZone(identifier: "UTC")!, partialWeek: false, trendWeeks: weeks,
            baselineWeeks: Array(weeks.suffix(9).prefix(8)), total: counts,
            areas: [
                AreaDigest(
                    area: area, counts: counts, categories: [CategoryCounts(category: category, counts: counts)],
                    incidents: [
                        DigestIncident(
                            reference: "EST-2018-000001", date: week.monday, timeFrom: "21:30",
                            timeTo: nil, partOfDay: nil, place: "Råbyvägen 12",
                            categories: [category], description: "Klotter i trapphuset.",
                            organisation: organisation.name)
                    ])
            ],
            hotspots: [
                Hotspot(
                    area: area, place: "Råbyvägen 12", key: "rabyvagen 12", count: 3, firstDate: week.monday,
                    lastDate: week.sunday, categories: [category])
            ],
            hotspotWeeks: Array(weeks.suffix(4)), hotspotMinimum: 3,
            timing: Timing(
                longWeeks: Array(weeks.suffix(8)), weekdaysThisWeek: [1, 0, 0, 0, 0, 0, 0],
                weekdaysLong: [3, 1, 0, 2, 0, 1, 0], partsThisWeek: [0, 0, 0, 0, 1, 0, 0],
                partsLong: [1, 0, 0, 2, 3, 0, 1]),
            reporting: [
                OrganisationReporting(
                    organisation: organisation, status: .reported, incidents: 1, rejected: 0,
                    weeksMissing: 0, lastReported: week)
            ],
            spikes: [],
            operations: Operations(
                failingRecipients: [], heldReplies: [], quarantined: 0, quarantineReasons: [],
                retention: RetentionCounts(rawMessages: 12, sentMail: 20, freeTextIncidents: 30, addresses: 40)))
        digest.safety = [
            AreaSafety(
                area: area, answers: [0, 2, 1, 0, 2, 2, 1, 0, 2, 1, 2, 3],
                means: [nil, 3, 4, nil, 2.5, 3, 3, nil, 3.5, 4, 3, 3.7])
        ]
        return digest
    }
}
