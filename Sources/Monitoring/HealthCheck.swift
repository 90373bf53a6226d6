import Foundation

/// The judgement `status --check` prints: the worst level found, what found it, and the figures in
/// Nagios's performance-data form, so one line serves Nagios, Icinga and a person on call alike.
public struct HealthCheck: Sendable, Hashable {
    public struct Finding: Sendable, Hashable {
        public var level: HealthLevel
        /// What is wrong and where to look, for the person paged.
        public var text: String
    }

    public var level: HealthLevel
    public var findings: [Finding]
    /// The OK summary shown when nothing is wrong.
    public var summary: String
    public var performanceData: String

    public init(facts: HealthFacts, thresholds t: HealthThresholds) {
        var findings: [Finding] = []
        func judge(_ value: Int, warning: Int, critical: Int?, _ text: String) {
            if let critical, value >= critical {
                findings.append(Finding(level: .critical, text: text))
            } else if value >= warning {
                findings.append(Finding(level: .warning, text: text))
            }
        }
        let age = facts.lastSuccessfulPoll.map { Int(facts.now.timeIntervalSince($0)) }
        if let age {
            judge(
                age, warning: t.pollAgeWarningMinutes * 60, critical: t.pollAgeCriticalMinutes * 60,
                "last successful poll \(AgeText.format(TimeInterval(age))) ago"
                    + (facts.lastPollError.map { " (last error: \($0))" } ?? ""))
        } else {
            findings.append(
                Finding(
                    level: .critical,
                    text: "no successful poll yet" + (facts.lastPollError.map { " (last error: \($0))" } ?? "")))
        }
        judge(
            facts.outboxFailed, warning: t.failedOutboxWarning, critical: t.failedOutboxCritical,
            "\(facts.outboxFailed) outbox row(s) failed (`est-gateway status` lists them, `outbox retry ID` resends)")
        judge(
            facts.quarantinedLastDay, warning: t.quarantinedWarning, critical: nil,
            "\(facts.quarantinedLastDay) message(s) quarantined in the last 24 h (see the quarantine folder)")
        for (name, connection) in [("IMAP", facts.imap), ("SMTP", facts.smtp)] {
            judge(
                connection.failuresInRow, warning: t.failuresWarning, critical: t.failuresCritical,
                "\(connection.failuresInRow) \(name) failures in a row" + (connection.lastError.map { " (\($0))" } ?? ""))
        }
        if let lease = facts.lease {
            if lease.state == .gone {
                findings.append(
                    Finding(
                        level: .warning,
                        text: "the mailbox lease is held by \(lease.holder), a process that is gone; the next start takes it over"))
            } else if lease.expiresAt < facts.now {
                findings.append(
                    Finding(level: .warning, text: "the mailbox lease of \(lease.holder) expired: the daemon is stuck or stopped"))
            }
        }
        self.findings = findings
        level = findings.map(\.level).max() ?? .ok
        summary =
            "last poll \(age.map { AgeText.format(TimeInterval($0)) + " ago" } ?? "never"), \(facts.outboxPending) pending, "
            + "\(facts.outboxFailed) failed, \(facts.quarantinedLastDay) quarantined in 24 h"
        performanceData = [
            "poll_age=\(age.map { "\($0)s" } ?? "U");\(t.pollAgeWarningMinutes * 60);\(t.pollAgeCriticalMinutes * 60)",
            "failed_outbox=\(facts.outboxFailed);\(t.failedOutboxWarning);\(t.failedOutboxCritical)",
            "quarantined_24h=\(facts.quarantinedLastDay);\(t.quarantinedWarning)",
            "imap_failures=\(facts.imap.failuresInRow);\(t.failuresWarning);\(t.failuresCritical)",
            "smtp_failures=\(facts.smtp.failuresInRow);\(t.failuresWarning);\(t.failuresCritical)",
            "pending_moves=\(facts.pendingMoves)",
        ].joined(separator: " ")
    }

    /// `EST-GATEWAY WARNING - 2 outbox row(s) failed (…) | poll_age=42s;900;3600 …`
    public var line: String {
        // The worst first: a pager shows the start of the line.
        let ordered = HealthLevel.allCases.reversed().flatMap { level in findings.filter { $0.level == level }.map(\.text) }
        let text = level == .ok ? summary : ordered.joined(separator: "; ")
        return "EST-GATEWAY \(level.name) - \(text) | \(performanceData)"
    }
}
