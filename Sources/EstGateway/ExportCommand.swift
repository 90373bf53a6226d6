import ArgumentParser
import Domain
import Foundation
import Intake
import Storage

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write stored incidents as JSON Lines or CSV, one record per incident.",
        discussion: """
            Each record has the incident fields of the parse JSON, as the incident reads now (after corrections), plus ref, organisation, week, message_id, received_at, state (active, corrected or withdrawn) and version (1 as reported, one more per change). Withdrawn incidents are left out unless --include-withdrawn is given. CSV is RFC 4180 (CRLF, quoted where needed), UTF-8, with a header row.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

    @Option(help: "Output format: jsonl or csv.")
    var format: Format = .jsonl

    @Option(help: ArgumentHelp("First incident date to include (YYYY-MM-DD).", valueName: "date"))
    var from: LocalDate?

    @Option(help: ArgumentHelp("Last incident date to include (YYYY-MM-DD).", valueName: "date"))
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
        let path = database ?? settings.databasePath
        guard FileManager.default.fileExists(atPath: path) else {
            printError("est-gateway export: no database at \(path); run `est-gateway ingest` or the daemon first, or pass --database")
            throw ExitCode(1)
        }
        let rows = try GatewayStore(path: path).incidents(
            IncidentQuery(from: from, to: to, area: area, category: category, includeWithdrawn: includeWithdrawn))
        let text = format == .csv ? IncidentExport.csv(rows) : try IncidentExport.jsonLines(rows)
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            printError("wrote \(rows.count) incidents to \(output)")
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
