import Foundation

/// The gateway's figures in the Prometheus text exposition format (version 0.0.4), for
/// node_exporter's textfile collector: totals from the database (so counters survive restarts) and
/// the last cycle's durations.
public struct MetricsText: Sendable {
    public var facts: HealthFacts
    public var level: HealthLevel
    /// The last poll's and outbox pass's wall time, when this process ran one.
    public var pollSeconds: Double?
    public var sendSeconds: Double?

    public init(facts: HealthFacts, level: HealthLevel, pollSeconds: Double? = nil, sendSeconds: Double? = nil) {
        self.facts = facts
        self.level = level
        self.pollSeconds = pollSeconds
        self.sendSeconds = sendSeconds
    }

    /// The outcomes every scrape shows, zero or not, so a rate never starts from a missing series.
    public static let outcomes = ["accepted", "rejected", "ignored", "quarantined", "duplicate"]

    public func render() -> String {
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: Double)]) {
            out += "# HELP est_gateway_\(name) \(help)\n# TYPE est_gateway_\(name) \(type)\n"
            for sample in samples {
                out += "est_gateway_\(name)\(sample.labels.isEmpty ? "" : "{\(sample.labels)}") \(Self.number(sample.value))\n"
            }
        }
        let outcomes = Self.outcomes + facts.messagesByOutcome.keys.filter { !Self.outcomes.contains($0) }.sorted()
        metric(
            "messages_total", "counter", "Messages stored, by outcome.",
            outcomes.map { ("outcome=\"\(Self.escape($0))\"", Double(facts.messagesByOutcome[$0, default: 0])) })
        metric(
            "outbox_rows", "gauge", "Outbox rows by state.",
            [
                ("state=\"pending\"", Double(facts.outboxPending)), ("state=\"sent\"", Double(facts.outboxSent)),
                ("state=\"failed\"", Double(facts.outboxFailed)),
            ])
        metric("pending_moves", "gauge", "Stored messages waiting to be moved out of the inbox.", [("", Double(facts.pendingMoves))])
        metric(
            "quarantined_last_day", "gauge", "Messages quarantined in the last 24 hours.", [("", Double(facts.quarantinedLastDay))])
        metric("failing_recipients", "gauge", "Addresses that bounced hard and get no more mail.", [("", Double(facts.failingRecipients))])
        metric(
            "connection_failures_in_row", "gauge", "Polls (imap) or outbox passes (smtp) failed in a row.",
            [("connection=\"imap\"", Double(facts.imap.failuresInRow)), ("connection=\"smtp\"", Double(facts.smtp.failuresInRow))])
        if let poll = facts.lastSuccessfulPoll {
            metric(
                "last_success_timestamp_seconds", "gauge", "Unix time of the last successful poll.",
                [("", poll.timeIntervalSince1970.rounded())])
        }
        if let pollSeconds { metric("poll_duration_seconds", "gauge", "Wall time of the last poll.", [("", pollSeconds)]) }
        if let sendSeconds { metric("send_duration_seconds", "gauge", "Wall time of the last outbox pass.", [("", sendSeconds)]) }
        metric(
            "health", "gauge", "What status --check says: 0 ok, 1 warning, 2 critical.", [("", Double(level.rawValue))])
        return out
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.6f", value)
    }

    /// Label values escape backslash, quote and newline (the exposition format's only escapes).
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
