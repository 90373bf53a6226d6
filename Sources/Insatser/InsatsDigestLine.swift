import Domain

/// One insats in the weekly digest's Insatser section (working-group.md §4): whether it started, ran, ended or
/// reached its follow-up date in the digest's week, with the target's counts so far against the before-rate, and
/// the change figures on the follow-up.
public struct InsatsDigestLine: Sendable, Hashable {
    /// In the order a line tells them.
    public enum Event: String, Sendable, Hashable, Codable, CaseIterable {
        case starts, running, ends
        case followUp = "follow_up"
    }

    /// Measured with the digest's week as the last closed week, so that "so far" includes it.
    public let effect: InsatsEffect
    /// Never empty.
    public let events: [Event]
    /// Days from Start through the week's Sunday or Slut, whichever comes first; nil when it did not run in the week.
    public let daysRunning: Int?

    public var reference: String { effect.reference }
    /// The target's incidents in the after window; nil before the window has a day.
    public var countSoFar: Int? { effect.windows.after.map { _ in effect.target.after } }
    public var weeksSoFar: Double { effect.windows.afterWeeks }
    public var beforeRate: Double { effect.target.beforeRate }

    /// The lines of one week, in the order of the effects given; insatser with nothing to tell are left out.
    /// An effect carries its insats, so the effects alone are the input: an insats cannot meet another's figures.
    /// A cancelled (`avbruten`) insats neither starts nor runs, but its end and its follow-up are still told.
    public static func lines(week: ISOWeek, effects: [InsatsEffect]) -> [InsatsDigestLine] {
        let days = DateRange(first: week.monday, last: week.sunday)!
        return effects.compactMap { effect in
            let insats = effect.insats
            let active = insats.status != .avbruten
            let lastDay = min(insats.end ?? week.sunday, week.sunday)
            let running = active && insats.start <= week.sunday && lastDay >= week.monday
            var events: [Event] = []
            if active, days.contains(insats.start) { events.append(.starts) }
            if running, !days.contains(insats.start) { events.append(.running) }
            if let end = insats.end, days.contains(end) { events.append(.ends) }
            if days.contains(insats.followUp) { events.append(.followUp) }
            guard !events.isEmpty else { return nil }
            return InsatsDigestLine(effect: effect, events: events, daysRunning: running ? lastDay.days(since: insats.start) + 1 : nil)
        }
    }

    /// "INS-2018-0007 Kvällsvandringar (Råby): pågår sedan 2018-09-05, dag 26; hittills 6 händelser på 3,6 veckor
    /// (1,7 per vecka; takten före 5,0 per vecka)." On the follow-up, the plain sentence follows.
    public func text(language: Language) -> String {
        let l = InsatsLabels(language: language), insats = effect.insats
        var parts: [String] = []
        for event in events {
            switch event {
            case .starts:
                let day = daysRunning.map { ", \(l.sv ? "dag" : "day") \($0)" } ?? ""
                parts.append("\(l.sv ? "startade" : "started") \(insats.start.iso)\(day)")
            case .running:
                parts.append("\(l.sv ? "pågår sedan" : "running since") \(insats.start.iso), \(l.sv ? "dag" : "day") \(daysRunning ?? 0)")
            case .ends: parts.append("\(l.sv ? "slutade" : "ended") \(insats.end?.iso ?? "")")
            case .followUp: parts.append("\(l.sv ? "uppföljning" : "follow-up") \(insats.followUp.iso)")
            }
        }
        if let count = countSoFar, let rate = effect.target.afterRate {
            parts.append(
                "\(l.sv ? "hittills" : "so far") \(l.incidents(count)) \(l.sv ? "på" : "in") \(l.weeks(weeksSoFar)) "
                    + "(\(l.rate(rate)); \(l.sv ? "takten före" : "before") \(l.rate(beforeRate)))")
        }
        var line = "\(reference) \(insats.title) (\(effect.areaPhrase(language))): " + parts.joined(separator: "; ") + "."
        if events.contains(.followUp) { line += " " + (effect.sentence(language: language) ?? effect.notMeasured(language: language)) }
        return line
    }
}
