import ArgumentParser
import Domain
import Foundation
import Intake
import Storage

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write stored incidents, or Trygghet ratings, as JSON Lines or CSV, one record each.",
        discussion: """
            Incidents (the default, --what incidents): each record has the incident fields of the parse JSON, as the incident reads now (after corrections), plus ref, organisation, week, message_id, received_at, state (active, corrected or withdrawn) and version (1 as reported, one more per change). Withdrawn incidents are left out unless --include-withdrawn is given.

            Perceived safety (--what safety): one record per Trygghet rating of an accepted report (also a zero report): organisation, week (the report's week, which the rating counts for), area, score (1 = mycket otryggt … 5 = mycket tryggt), message_id, received_at. --from and --to select the weeks that contain those dates; --area one area.

            CSV is RFC 4180 (CRLF, quoted where needed), UTF-8, with a header row.
            """
    )

    enum What: String, ExpressibleByArgument, CaseIterable { case incidents, safety }

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

    @Option(help: "What to export: incidents, or safety (the reports' Trygghet ratings).")
    var what: What = .incidents

    @Option(help: "Output format: jsonl or csv.")
    var format: Format = .jsonl

    @Option(help: ArgumentHelp("First incident date to include (YYYY-MM-DD); for safety, its week.", valueName: "date"))
    var from: LocalDate?

    @Option(help: ArgumentHelp("Last incident date to include (YYYY-MM-DD); for safety, its week.", valueName: "date"))
    var to: LocalDate?

    @Option(help: ArgumentHelp("Only this area id (e.g. raby).", valueName: "id"))
    var area: String?

    @Option(help: ArgumentHelp("Only incidents with this category code (e.g. SKAD).", valueName: "code"))
    var category: String?

    @Flag(help: "Also export withdrawn incidents (with state \"withdrawn\").")
    var includeWithdrawn = false

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let settings = try await GatewayContext.settings(options)
        if let area, settings.catalog.area(id: area) == nil {
            throw ValidationError("unknown area \"\(area)\"; configured areas: \(settings.areas.map(\.id).joined(separator: ", "))")
        }
        if let category, settings.catalog.category(code: category) == nil {
            throw ValidationError(
                "unknown category \"\(category)\"; configured codes: \(settings.categories.map(\.code).joined(separator: ", "))")
        }
        // Ratings are per report and area, not per incident: these filters would silently do nothing.
        if what == .safety, category != nil || includeWithdrawn {
            throw ValidationError("--category and --include-withdrawn apply to incidents, not to --what safety")
        }
        let path = database ?? settings.databasePath
        guard FileManager.default.fileExists(atPath: path) else {
            printError("est-gateway export: no database at \(path); run `est-gateway ingest` or the daemon first, or pass --database")
            throw ExitCode(1)
        }
        let store = try GatewayStore(path: path)
        let text: String, count: String
        switch what {
        case .incidents:
            let rows = try store.incidents(
                IncidentQuery(from: from, to: to, area: area, category: category, includeWithdrawn: includeWithdrawn))
            text = format == .csv ? IncidentExport.csv(rows) : try IncidentExport.jsonLines(rows)
            count = "\(rows.count) incidents"
        case .safety:
            let rows = try store.safetyRatings(SafetyQuery(from: from?.isoWeek, to: to?.isoWeek, area: area))
            text = format == .csv ? SafetyExport.csv(rows) : try SafetyExport.jsonLines(rows)
            count = "\(rows.count) safety ratings"
        }
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            printError("wrote \(count) to \(output)")
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
