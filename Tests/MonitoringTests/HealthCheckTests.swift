import Foundation
import Monitoring
import Testing

/// `status --check`'s judgement: each fact on its own, then the line a pager shows.
@Suite struct HealthCheckTests {
    let now = Date(timeIntervalSince1970: 1_538_000_000)

    func healthy() -> HealthFacts {
        var facts = HealthFacts(now: now)
        facts.lastSuccessfulPoll = now.addingTimeInterval(-42)
        facts.lastPoll = facts.lastSuccessfulPoll
        facts.outboxSent = 12
        return facts
    }

    @Test func aFreshPollAndNothingFailingIsOK() {
        let check = HealthCheck(facts: healthy(), thresholds: .defaults)
        #expect(check.level == .ok)
        #expect(check.findings.isEmpty)
        #expect(check.line.hasPrefix("EST-GATEWAY OK - last poll 42 s ago, 0 pending, 0 failed, 0 quarantined in 24 h | "))
        #expect(
            check.line.hasSuffix(
                "poll_age=42s;900;3600 failed_outbox=0;1;20 quarantined_24h=0;1 imap_failures=0;3;10 smtp_failures=0;3;10 pending_moves=0"))
    }

    @Test func pollAgeWarnsThenPages() {
        var facts = healthy()
        facts.lastSuccessfulPoll = now.addingTimeInterval(-16 * 60)
        #expect(HealthCheck(facts: facts, thresholds: .defaults).level == .warning)
        facts.lastSuccessfulPoll = now.addingTimeInterval(-61 * 60)
        facts.lastPollError = "imap: could not connect"
        let check = HealthCheck(facts: facts, thresholds: .defaults)
        #expect(check.level == .critical)
        #expect(check.line.contains("last successful poll 61 min ago (last error: imap: could not connect)"), "\(check.line)")
        var tighter = HealthThresholds.defaults
        tighter.pollAgeWarningMinutes = 70
        tighter.pollAgeCriticalMinutes = 120
        #expect(HealthCheck(facts: facts, thresholds: tighter).level == .ok)
    }

    @Test func neverPolledIsCritical() {
        let check = HealthCheck(facts: HealthFacts(now: now), thresholds: .defaults)
        #expect(check.level == .critical)
        #expect(check.line.contains("no successful poll yet"))
        #expect(check.line.contains("poll_age=U;"))
    }

    @Test func failedOutboxRowsAndQuarantineWarn() {
        var facts = healthy()
        facts.outboxFailed = 2
        facts.quarantinedLastDay = 1
        let check = HealthCheck(facts: facts, thresholds: .defaults)
        #expect(check.level == .warning)
        #expect(check.findings.count == 2)
        #expect(check.line.contains("2 outbox row(s) failed"))
        #expect(check.line.contains("1 message(s) quarantined in the last 24 h"))
        facts.outboxFailed = 20
        #expect(HealthCheck(facts: facts, thresholds: .defaults).level == .critical)
    }

    @Test func failuresInARowCountPerConnection() {
        var facts = healthy()
        facts.smtp = ConnectionFacts(failuresInRow: 3, lastError: "smtp: connection refused")
        var check = HealthCheck(facts: facts, thresholds: .defaults)
        #expect(check.level == .warning)
        #expect(check.line.contains("3 SMTP failures in a row (smtp: connection refused)"))
        facts.imap = ConnectionFacts(failuresInRow: 10)
        check = HealthCheck(facts: facts, thresholds: .defaults)
        #expect(check.level == .critical)
        // The worst first, the warning after it.
        let text = check.line.split(separator: "|")[0]
        #expect(text.contains("10 IMAP failures in a row; 3 SMTP failures"), "\(text)")
    }

    @Test func aLeaseLeftByADeadProcessOrExpiredWarns() {
        var facts = healthy()
        facts.lease = LeaseFacts(holder: "gw:123", expiresAt: now.addingTimeInterval(60), state: .running)
        #expect(HealthCheck(facts: facts, thresholds: .defaults).level == .ok)
        facts.lease?.state = .gone
        let gone = HealthCheck(facts: facts, thresholds: .defaults)
        #expect(gone.level == .warning)
        #expect(gone.line.contains("held by gw:123, a process that is gone"))
        facts.lease = LeaseFacts(holder: "other:9", expiresAt: now.addingTimeInterval(-1), state: .running)
        #expect(HealthCheck(facts: facts, thresholds: .defaults).line.contains("expired"))
    }

    @Test func levelsAreNagiosExitStatuses() {
        #expect(HealthLevel.allCases.map(\.rawValue) == [0, 1, 2, 3])
        #expect(HealthLevel.allCases.map(\.name) == ["OK", "WARNING", "CRITICAL", "UNKNOWN"])
    }
}
