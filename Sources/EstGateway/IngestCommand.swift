import ArgumentParser
import Assembly
import Daemon
import Foundation
import Intake
import Storage

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Store message files in the database, as if they had arrived by mail.",
        discussion: """
            Idempotent: a file already stored (same bytes), or another copy of a report already stored (same Message-ID from the same organisation), adds nothing. Sends no mail. Prints one line per message and a summary. Exit status 0 when every file was stored or was a duplicate, 1 when a file could not be read or stored (the others are still stored), 2 when the configuration is invalid.
            """
    )

    @Argument(help: ArgumentHelp("Message files (.eml).", valueName: "file"))
    var files: [String] = []

    @Option(help: ArgumentHelp("A folder: every regular file in it (sorted by name) is ingested.", valueName: "dir"))
    var dir: String?

    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?

    @OptionGroup var options: ConfigOption

    func validate() throws {
        if files.isEmpty && dir == nil { throw ValidationError("name message files or --dir DIR") }
    }

    func run() async throws {
        let settings = try await GatewayContext.settings(options)
        let pipeline = GatewayAssembly.pipeline(settings)
        let store: GatewayStore
        do {
            store = try GatewayStore(path: database ?? settings.databasePath)
        } catch {
            printError("est-gateway ingest: cannot open the database \(database ?? settings.databasePath): \(error)")
            throw ExitCode(1)
        }
        var paths = files
        if let dir {
            do {
                paths += try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
                    .map { dir + "/" + $0 }
                    .filter {
                        var d: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue
                    }
            } catch {
                printError("est-gateway ingest: cannot list \(dir): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }

        // The daemon's own path, without replies: corrections and withdrawals in files apply too.
        let processor = MessageProcessor(pipeline: pipeline, store: store, folders: OutcomeFolders(), plan: nil)
        var tally = IngestTally()
        let progress = ProgressLine(total: paths.count)
        for path in paths {
            let line: String
            do {
                let bytes = try readMessageFile(path)
                let processed = try processor.process(bytes, source: nil)
                line = tally.count(processed.outcome, processed.stored)
            } catch {
                tally.failed += 1
                line = "failed: \(error)"
            }
            if paths.count <= ProgressLine.quietAbove { print("\((path as NSString).lastPathComponent): \(line)") }
            progress.advance()
        }
        progress.finish()
        print(tally.summary)
        if tally.failed > 0 { throw ExitCode(1) }
    }
}

/// Counts what an ingest run did, and words each message's line.
struct IngestTally {
    var byStatus: [String: Int] = [:]
    var duplicates = 0
    var incidents = 0
    var failed = 0

    mutating func count(_ outcome: IntakeOutcome, _ stored: StoreOutcome) -> String {
        let result = outcome.result
        switch stored {
        case .duplicateBytes:
            duplicates += 1
            return "duplicate (these bytes are already stored)"
        case .duplicateReport:
            duplicates += 1
            return "duplicate (report \(result.messageID ?? "") from \(result.organisation ?? "") already stored; copy kept, not counted)"
        case .stored(_, let references):
            byStatus[result.status.rawValue, default: 0] += 1
            incidents += references.count
            switch result.status {
            case .accepted where outcome.isCommandMail:
                let changes = outcome.changes.map { "\($0.reference) \($0.kind == .withdraw ? "withdrawn" : "corrected")" }
                return "accepted (\(changes.joined(separator: ", ")))"
            case .accepted:
                return result.zeroReport
                    ? "accepted (zero report for \(result.week?.description ?? ""))" : "accepted \(references.joined(separator: ", "))"
            case .rejected:
                return
                    "rejected (\(result.errors.count) error\(result.errors.count == 1 ? "" : "s"): \(result.errors.first?.message ?? ""))"
            case .ignored, .quarantined:
                return "\(result.status.rawValue) (\(result.reason ?? ""))"
            }
        }
    }

    var summary: String {
        let statuses = ["accepted", "rejected", "ignored", "quarantined"].map { "\(byStatus[$0, default: 0]) \($0)" }
        return "ingest: "
            + (statuses + ["\(duplicates) duplicate", "\(failed) failed", "\(incidents) incidents stored"]).joined(separator: ", ")
    }
}

/// A progress line on standard error for long runs, rewritten in place at most a few times a second.
final class ProgressLine {
    static let quietAbove = 200
    let total: Int
    var done = 0
    let start = Date()
    var lastPrint = Date.distantPast

    init(total: Int) { self.total = total }

    func advance() {
        done += 1
        guard total > Self.quietAbove, Date().timeIntervalSince(lastPrint) > 0.25 || done == total else { return }
        lastPrint = Date()
        let rate = Double(done) / max(Date().timeIntervalSince(start), 0.001)
        printErrorInline(String(format: "\r%d/%d messages (%.0f/s)", done, total, rate))
    }

    func finish() {
        if total > Self.quietAbove { printErrorInline("\n") }
    }

    private func printErrorInline(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
