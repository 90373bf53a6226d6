import Domain
import Foundation
import Settings

/// What periodic work is due at an instant (mail-rules §5). Pure: the outbox keys make each job
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
}

public enum Scheduler {
    /// - The digest of the week just closed, from its configured time in the new week on: a digest
    ///   missed on Monday goes out when the daemon is back, once; older weeks are not caught up.
    /// - Reminders for the running week from their time until the week ends.
    /// - Alerts for the running week (on the counts so far) and for the week just closed.
    public static func due(
        now: Date, timeZone: TimeZone, periodic: PeriodicSettings, workingGroup: WorkingGroupSettings = .defaults
    )
        -> [PeriodicJob]
    {
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
        return jobs
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
