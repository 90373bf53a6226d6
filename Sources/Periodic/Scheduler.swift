import Domain
import Foundation
import Settings

/// What periodic work is due at an instant (mail-rules §5, working-group.md §5). Pure: the outbox keys make each job
/// happen once, so the scheduler may say "due" again and again without anything going out twice.
public enum PeriodicJob: Sendable, Hashable {
    /// The digest of a closed week.
    case digest(ISOWeek)
    /// Reminders for the running week.
    case reminders(ISOWeek)
    /// Spike evaluation of a week; `partial` while it is still running.
    case alerts(ISOWeek, partial: Bool)
    /// Follow-ups of insatser whose follow-up date is this day (or was, lately).
    case insatsFollowUps(LocalDate)
    /// The period report of a tertial or of the pilot, to the working group's members.
    case report(ReportPeriod)
    /// The day's retention pass (retention.*), until one has gone through everything that was due.
    case retention(LocalDate)
}

public enum Scheduler {
    /// - The digest of the week just closed, from its configured time in the new week on: a digest
    ///   missed on Monday goes out when the daemon is back, once; older weeks are not caught up.
    /// - Reminders for the running week from their time until the week ends.
    /// - Alerts for the running week (on the counts so far) and for the week just closed.
    /// - The period reports of `reports.after_tertial` / `reports.after_pilot` (see `reportsDue`).
    /// - Retention, once a day from the day's first moment, last: it mails nothing and waits for nobody.
    public static func due(
        now: Date, timeZone: TimeZone, periodic: PeriodicSettings, workingGroup: WorkingGroupSettings = .defaults,
        retention: RetentionSettings = .off
    ) -> [PeriodicJob] {
        let today = LocalDate(now, in: timeZone)
        let week = today.isoWeek
        var jobs: [PeriodicJob] = []
        if !periodic.digestRecipients.isEmpty, now >= instant(periodic.digestTime, in: week, timeZone: timeZone) {
            jobs.append(.digest(week.adding(weeks: -1)))
        }
        if periodic.remindersEnabled, now >= instant(periodic.reminderTime, in: week, timeZone: timeZone) {
            jobs.append(.reminders(week))
        }
        if periodic.alertsEnabled {
            jobs.append(.alerts(week.adding(weeks: -1), partial: false))
            jobs.append(.alerts(week, partial: true))
        }
        if !workingGroup.members.isEmpty { jobs.append(.insatsFollowUps(today)) }
        jobs += reportsDue(now: now, timeZone: timeZone, periodic: periodic, workingGroup: workingGroup)
        if retention.isEnabled { jobs.append(.retention(today)) }
        return jobs
    }

    /// How long after its first moment a period report is still sent: a daemon down over that moment sends it when
    /// back, but a gateway first started months later does not send reports of periods before it.
    public static let reportCatchUp: TimeInterval = 28 * 86_400

    /// The report of the tertial just ended and the pilot's report, each from the first digest time (Monday 07:00)
    /// after the period's last day: the late reports of its last days are in, and it comes with that week's digest.
    /// Due again and again until the catch-up time is over; the outbox keys make each go out once per member.
    public static func reportsDue(
        now: Date, timeZone: TimeZone, periodic: PeriodicSettings, workingGroup: WorkingGroupSettings
    ) -> [PeriodicJob] {
        guard !workingGroup.members.isEmpty else { return [] }
        let today = LocalDate(now, in: timeZone)
        var periods: [ReportPeriod] = []
        if workingGroup.reportAfterTertial, let previous = ReportPeriod.tertial(containing: today).previousTertial {
            periods.append(previous)
        }
        if workingGroup.reportAfterPilot, let pilot = workingGroup.pilot, pilot.last < today { periods.append(.pilot(pilot)) }
        return periods.filter { period in
            let from = reportTime(after: period.range.last, timeZone: timeZone, periodic: periodic)
            return now >= from && now < from.addingTimeInterval(reportCatchUp)
        }.map(PeriodicJob.report)
    }

    /// The first digest time strictly after the day `last` is over.
    public static func reportTime(after last: LocalDate, timeZone: TimeZone, periodic: PeriodicSettings) -> Date {
        let next = last.adding(days: 1)
        let slot = instant(periodic.digestTime, in: next.isoWeek, timeZone: timeZone)
        return slot >= next.start(in: timeZone) ? slot : instant(periodic.digestTime, in: next.isoWeek.adding(weeks: 1), timeZone: timeZone)
    }

    /// The instant a weekly time falls on in a given week, in the zone's local time. Calendar does
    /// the daylight-saving arithmetic: 07:00 is 07:00 local on both sides of a change.
    public static func instant(_ time: WeeklyTime, in week: ISOWeek, timeZone: TimeZone) -> Date {
        let day = week.monday.adding(days: time.weekday - 1)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute)
        return calendar.date(from: components) ?? day.start(in: timeZone)
    }
}
