import Classification
import Domain
import Foundation
import OutgoingMail
import Replies
import Reports
import Statistics

/// The periodic mail to people (mail-rules §5): the weekly reminder to an organisation that has not
/// reported, and the spike alert to an area's contacts. Automatic and bulk, never a reply.
public struct PeriodicComposer: Sendable {
    public let planner: ReplyPlanner

    public init(planner: ReplyPlanner) { self.planner = planner }

    var settings: ReplySettings { planner.settings }

    public func reminder(organisation: Organisation, to recipient: String, week: ISOWeek, now: Date) -> OutgoingMessage {
        let language = organisation.language
        var context = weekContext(week)
        context["organisation"] = organisation.name
        context["address"] = settings.identity.address
        context["example"] = ReportGuide.example(planner.catalog, language: language)
        let subject =
            language == .swedish
            ? "Påminnelse: EST-rapport för vecka \(week.week)" : "Reminder: EST report for week \(week.week)"
        return message(
            .reminder, context: context, language: language, to: recipient, subject: subject,
            id: "reminder.\(organisation.id).\(week)", now: now)
    }

    /// One incident behind an alert, as shown in it.
    public struct AlertIncident: Sendable {
        public var reference: String
        public var incident: Incident
        public init(reference: String, incident: Incident) {
            self.reference = reference
            self.incident = incident
        }
    }

    public func alert(
        area: Area, category: Category?, week: ISOWeek, flags: [SpikeFlag], incidents: [AlertIncident],
        language: Language, to recipient: String, now: Date
    ) -> OutgoingMessage {
        var context = weekContext(week)
        let seriesName = category?.name ?? (language == .swedish ? "alla kategorier" : "all categories")
        let observed = flags.map(\.observed).max() ?? 0
        context["area"] = area.name
        context["series"] = seriesName
        context["observed"] = observed
        context["partial"] = flags.contains(where: \.partialWeek)
        context["address"] = settings.identity.address
        context["flags"] = flags.map { flag -> [String: Any] in
            [
                "method": methodName(flag.method, language),
                "expected": Self.number(flag.expected, language),
                "threshold": Self.number(flag.threshold, language),
                "statistic": Self.number(flag.statistic, language),
            ]
        }
        context["incidents"] = incidents.map { item -> [String: Any] in
            [
                "reference": item.reference, "date": item.incident.date.iso, "place": item.incident.place,
                "categories": item.incident.categories.map { code in planner.catalog.category(code: code)?.name ?? code }.joined(
                    separator: ", "),
                "description": Self.shorten(item.incident.description, 160),
            ]
        }
        let subject =
            language == .swedish
            ? "EST-larm: \(area.name), \(seriesName) – \(observed) händelser vecka \(week.week)"
            : "EST alert: \(area.name), \(seriesName) – \(observed) incidents in week \(week.week)"
        return message(
            .alert, context: context, language: language, to: recipient, subject: subject,
            id: "alert.\(area.id).\(category?.code ?? "ALL").\(week)", now: now)
    }

    func weekContext(_ week: ISOWeek) -> [String: Any] {
        [
            "week": week.description, "weekNumber": week.week, "year": week.year,
            "monday": week.monday.iso, "sunday": week.sunday.iso,
        ]
    }

    func message(
        _ name: ReplyTemplateName, context: [String: Any], language: Language, to recipient: String,
        subject: String, id: String, now: Date
    ) -> OutgoingMessage {
        bulk(
            to: recipient, subject: subject, id: id, language: language, now: now,
            text: planner.render(name, html: false, language: language, context),
            html: planner.render(name, html: true, language: language, context))
    }

    /// Automatic, bulk mail of ours around rendered parts: never answered by a vacation responder.
    func bulk(
        to recipient: String, subject: String, id: String, language: Language, now: Date, text: String, html: String
    ) -> OutgoingMessage {
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        return OutgoingMessage(
            from: Mailbox(
                name: settings.fromName ?? (language == .swedish ? "EST-rapportering" : "EST reporting"),
                address: settings.identity.address),
            to: [Mailbox(address: recipient)], subject: subject,
            messageID: "<\(id).\(token)@\(settings.identity.messageIDDomain)>", date: now,
            headers: [
                HeaderLine("Auto-Submitted", "auto-generated"),
                HeaderLine("Precedence", "bulk"),
                HeaderLine("X-Auto-Response-Suppress", "All"),
                HeaderLine(GatewayIdentity.loopHeader, settings.identity.instanceName),
            ],
            text: text, html: html)
    }

    func methodName(_ method: SpikeMethod, _ language: Language) -> String {
        switch (method, language) {
        case (.bayes, .swedish): return "tröskel (negativ binomial, jämfört med veckorna före)"
        case (.bayes, .english): return "threshold (negative binomial, against the weeks before)"
        case (.cusum, .swedish): return "ihållande ökning (Poisson-CUSUM)"
        case (.cusum, .english): return "sustained rise (Poisson CUSUM)"
        }
    }

    static func number(_ value: Double, _ language: Language) -> String {
        let text = value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
        return language == .swedish ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    static func shorten(_ text: String, _ limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }
}
