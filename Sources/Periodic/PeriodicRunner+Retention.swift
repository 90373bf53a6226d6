import Domain
import Foundation
import Logging
import ReadModels
import Settings
import Storage

extension PeriodicRunner {
    /// Everything received before `now` minus each period. Pure: the same settings and instant give the
    /// same cutoffs, so a test (or `purge --dry-run`) sees exactly what a pass would take.
    public static func cutoffs(_ retention: RetentionSettings, now: Date) -> RetentionCutoffs {
        func before(_ days: Int?) -> Date? { days.map { now.addingTimeInterval(-Double($0) * 86_400) } }
        return RetentionCutoffs(
            raw: before(retention.effectiveRawDays), pseudonymise: before(retention.pseudonymiseDays),
            freeText: before(retention.freeTextDays))
    }

    /// Reads the pseudonym key when pseudonymisation is configured; nil when it is not.
    public static func pseudonymiser(_ retention: RetentionSettings) throws -> (@Sendable (String) -> String)? {
        guard retention.pseudonymiseDays != nil else { return nil }
        guard let path = retention.pseudonymKeyFile else { throw RetentionError.noPseudonymKey }
        let key = try PseudonymKey.read(path: path)
        return { key.pseudonym(for: $0) }
    }

    /// Batches a daemon tick does per step at most: a large backlog (retention switched on for a
    /// database of years) is worked off over several ticks, never in one long stall of the intake.
    public static let retentionBatchesPerTick = 20

    /// The daily retention pass; a day whose pass went through everything is not passed again, whatever
    /// restarts. Failures are logged and the pass is tried again next tick; they never stop the other jobs.
    func retention(_ today: LocalDate, now: Date, dryRun: Bool, _ summary: inout Summary) {
        let retention = settings.retention
        do {
            if try dryRun || store.retentionPassCompleted(day: today) { return }
            let pass = try store.purge(
                Self.cutoffs(retention, now: now), pseudonym: try Self.pseudonymiser(retention), day: today,
                maxBatches: Self.retentionBatchesPerTick)
            summary.queued.append("retention:\(today.iso)\(pass.complete ? "" : " (more to do next tick)")")
            logger.notice("retention pass", metadata: Self.metadata(pass.counts, complete: pass.complete))
        } catch {
            summary.skipped.append("retention:\(today.iso) (\(error))")
            logger.error("retention pass failed; will retry", metadata: ["error": .string("\(error)")])
        }
    }

    /// Counts only: a log line about gallring names no address and quotes no report.
    public static func metadata(_ counts: RetentionCounts, complete: Bool) -> Logger.Metadata {
        [
            "raw_messages": .stringConvertible(counts.rawMessages), "sent_mail": .stringConvertible(counts.sentMail),
            "free_text_incidents": .stringConvertible(counts.freeTextIncidents),
            "addresses_pseudonymised": .stringConvertible(counts.addresses), "complete": .stringConvertible(complete),
        ]
    }
}
