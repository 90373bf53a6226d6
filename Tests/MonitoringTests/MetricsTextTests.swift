import Foundation
import MailServerHarness
import Monitoring
import Testing

/// The metrics text as Prometheus reads it: checked by the Python prometheus_client parser (Debian's
/// python3-prometheus-client, installed by scripts/setup), not by comparing strings of our own.
@Suite struct MetricsTextTests {
    func facts() -> HealthFacts {
        var facts = HealthFacts(now: Date(timeIntervalSince1970: 1_538_000_000))
        facts.lastSuccessfulPoll = Date(timeIntervalSince1970: 1_537_999_958)
        facts.messagesByOutcome = ["accepted": 7, "rejected": 2, "duplicate": 1, "odd \"one\"\n": 1]
        facts.outboxPending = 1
        facts.outboxSent = 9
        facts.outboxFailed = 3
        facts.pendingMoves = 4
        facts.quarantinedLastDay = 2
        facts.failingRecipients = 1
        facts.imap = ConnectionFacts(failuresInRow: 0)
        facts.smtp = ConnectionFacts(failuresInRow: 5)
        return facts
    }

    /// Each sample as `name{labels} value` after a real parser, sorted.
    func parsed(_ text: String) throws -> [String] {
        let script = """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    labels = ",".join(f"{k}={v!r}" for k, v in sorted(s.labels.items()))
                    out.append(f"{family.type} {s.name}{{{labels}}} {s.value!r}")
            print("\\n".join(sorted(out)))
            """
        let run = try Subprocess.run("/usr/bin/python3", ["-c", script], stdin: Array(text.utf8))
        #expect(run.status == 0, "prometheus_client refused the text (apt python3-prometheus-client): \(run.stderr)")
        return run.stdout.split(separator: "\n").map(String.init)
    }

    @Test func aRealParserReadsEverySample() throws {
        let text = MetricsText(facts: facts(), level: .warning, pollSeconds: 0.25, sendSeconds: 1.5).render()
        let samples = try parsed(text)
        for expected in [
            "counter est_gateway_messages_total{outcome='accepted'} 7.0",
            "counter est_gateway_messages_total{outcome='quarantined'} 0.0",
            "counter est_gateway_messages_total{outcome='odd \"one\"\\n'} 1.0",
            "gauge est_gateway_outbox_rows{state='failed'} 3.0",
            "gauge est_gateway_outbox_rows{state='pending'} 1.0",
            "gauge est_gateway_pending_moves{} 4.0",
            "gauge est_gateway_quarantined_last_day{} 2.0",
            "gauge est_gateway_connection_failures_in_row{connection='smtp'} 5.0",
            "gauge est_gateway_last_success_timestamp_seconds{} 1537999958.0",
            "gauge est_gateway_poll_duration_seconds{} 0.25",
            "gauge est_gateway_send_duration_seconds{} 1.5",
            "gauge est_gateway_health{} 1.0",
        ] {
            #expect(samples.contains(expected), "missing \(expected) in \(samples)")
        }
        // Every outcome appears even at zero, so rates never start from a missing series.
        #expect(samples.filter { $0.contains("messages_total") }.count == 6)
    }

    @Test func withoutAPollOrACycleTheirSeriesAreLeftOut() throws {
        let text = MetricsText(facts: HealthFacts(now: Date()), level: .critical).render()
        let samples = try parsed(text)
        #expect(!samples.contains { $0.contains("last_success_timestamp") })
        #expect(!samples.contains { $0.contains("poll_duration") })
        #expect(samples.contains("gauge est_gateway_health{} 2.0"))
    }
}
