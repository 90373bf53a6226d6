import ArgumentParser
import Domain
import Foundation
import Intake
import Reports
import Settings
import Storage

/// `est-gateway insats …`: the operator's side of the working group's insatser.
struct InsatsCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insats",
        abstract: "Register, change and follow the working group's insatser (interventions).",
        discussion: """
            Members register insatser by mail ("Insats: …" with Område and Start); these commands do the same for the operator, \
            with the same fields and checks. Every change is kept as a version.
            """,
        subcommands: [InsatsAdd.self, InsatsChange.self, InsatsList.self, InsatsShow.self, InsatsEffectCommand.self]
    )
}

/// The fields of an insats as flags, or an insats mail body in a file; read by the mail's own parser.
struct InsatsFieldOptions: ParsableArguments {
    @Option(help: "Short title.") var title: String?
    @Option(help: ArgumentHelp("Area name or id; repeat for several.", valueName: "area")) var area: [String] = []
    @Option(help: "Place, when the insats is at one (its incidents are also measured).") var place: String?
    @Option(help: ArgumentHelp("Category name or code it targets; repeat; none means all.", valueName: "category"))
    var category: [String] = []
    @Option(help: ArgumentHelp("First day (YYYY-MM-DD, 1/10, idag …).", valueName: "date")) var start: String?
    @Option(help: ArgumentHelp("Last day; none means ongoing.", valueName: "date")) var end: String?
    @Option(help: ArgumentHelp("Follow-up date; default start + 8 weeks.", valueName: "date")) var followUp: String?
    @Option(help: "Who is responsible (an organisation or a role).") var responsible: String?
    @Option(help: "planerad, pågår, genomförd or avbruten.") var status: String?
    @Option(help: "Description.") var description: String?
    @Option(help: ArgumentHelp("Read the fields from this file, written as in an insats mail.", valueName: "file")) var file: String?

    /// The body an insats mail with these fields would have.
    func body(reference: String?) throws -> String {
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw ValidationError("cannot read \(file)") }
            return reference.map { "Insats: \($0)\n" + text } ?? text
        }
        var lines: [String] = []
        if let reference { lines.append("Insats: \(reference)") } else if let title { lines.append("Insats: \(title)") }
        if reference != nil, let title { lines.append("Insats: \(title)") }
        if !area.isEmpty { lines.append("Område: " + area.joined(separator: ", ")) }
        if let place { lines.append("Plats: \(place)") }
        if !category.isEmpty { lines.append("Kategori: " + category.joined(separator: ", ")) }
        for (name, value) in [
            ("Start", start), ("Slut", end), ("Uppföljning", followUp), ("Ansvarig", responsible), ("Status", status),
            ("Beskrivning", description),
        ] {
            if let value { lines.append("\(name): \(value.replacingOccurrences(of: "\n", with: " "))") }
        }
        return lines.joined(separator: "\n")
    }
}

enum InsatsCLISupport {
    static func decide(
        _ body: String, reference: String?, store: GatewayStore, settings: GatewaySettings
    ) throws -> (InsatsDecision, StoredInsats?) {
        let today = LocalDate(Date(), in: settings.timeZone)
        let mail = InsatsParser.parse(body, reference: today, catalog: settings.catalog)
        let current = try reference.flatMap { try store.insats($0) }
        switch InsatsResolution.decide(mail, answered: nil, current: current, today: today) {
        case .success(let decision): return (decision, current)
        case .failure(let problems):
            for p in problems.list {
                printError(
                    "est-gateway insats: \(p.field.map { "\($0): " } ?? "")\(p.message(.english))\(p.expected(.english).map { " (expected \($0))" } ?? "")"
                )
            }
            throw ExitCode(1)
        }
    }

    static func open(_ options: ConfigOption, database: String?) async throws -> (GatewaySettings, GatewayStore) {
        let settings = try await GatewayContext.settings(options)
        return (settings, try GatewayStore(path: database ?? settings.databasePath))
    }

    static func describe(_ s: StoredInsats, settings: GatewaySettings) -> [String] {
        let i = s.insats
        let areas = i.areas.map { settings.catalog.area(id: $0)?.name ?? $0 }.joined(separator: ", ")
        let categories = i.categories.isEmpty ? "all" : i.categories.joined(separator: ", ")
        return [
            "\(s.reference)  \(i.title)", "  status:      \(i.status.rawValue) (\(i.status.english))", "  areas:       \(areas)",
            "  place:       \(i.place ?? "–")", "  categories:  \(categories)",
            "  period:      \(i.start.iso) – \(i.end?.iso ?? "ongoing")", "  follow-up:   \(i.followUp.iso)",
            "  responsible: \(i.responsible ?? "–")", "  registered:  by \(s.registeredBy), version \(s.version)",
        ] + (i.description.map { ["  description: \($0)"] } ?? [])
    }
}

struct InsatsAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Register an insats (title, area and start are required).")
    @OptionGroup var fields: InsatsFieldOptions
    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?
    @Flag(help: "Check and show the insats; store nothing.") var dryRun = false
    @OptionGroup var options: ConfigOption

    func run() async throws {
        let (settings, store) = try await InsatsCLISupport.open(options, database: database)
        let (decision, _) = try InsatsCLISupport.decide(try fields.body(reference: nil), reference: nil, store: store, settings: settings)
        if dryRun {
            print("would register:")
            for line in InsatsCLISupport.describe(
                StoredInsats(reference: "INS-…", insats: decision.insats, version: 1, registeredBy: "operator", registeredAt: Date()),
                settings: settings)
            { print(line) }
            return
        }
        let reference = try store.registerInsats(decision.insats, by: "operator")
        print("registered \(reference)")
    }
}

struct InsatsChange: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "change", abstract: "Replace fields of an insats (typically --status or --end).")
    @Argument(help: "The insats, e.g. INS-2018-0007.") var reference: String
    @OptionGroup var fields: InsatsFieldOptions
    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?
    @OptionGroup var options: ConfigOption

    func run() async throws {
        guard let ref = InsatsReference.normalise(reference) else {
            throw ValidationError("\"\(reference)\" is not a reference like INS-2018-0007")
        }
        let (settings, store) = try await InsatsCLISupport.open(options, database: database)
        let (decision, current) = try InsatsCLISupport.decide(
            try fields.body(reference: ref), reference: ref, store: store, settings: settings)
        guard let current else { throw ValidationError(InsatsStoreError.unknownReference(ref).description) }
        try store.changeInsats(ref, to: decision.insats, basedOn: current.version, changedFields: decision.changedFields, by: "operator")
        print("changed \(ref) (\(decision.changedFields.joined(separator: ", "))); now version \(current.version + 1)")
    }
}

struct InsatsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every insats, one line each.")
    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?
    @OptionGroup var options: ConfigOption

    func run() async throws {
        let (settings, store) = try await InsatsCLISupport.open(options, database: database)
        let all = try store.insatser()
        if all.isEmpty { print("no insatser yet; members register them by mail, or use `est-gateway insats add`") }
        for s in all {
            let areas = s.insats.areas.map { settings.catalog.area(id: $0)?.name ?? $0 }.joined(separator: ", ")
            print(
                "\(s.reference)  \(s.insats.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0))  "
                    + "\(s.insats.start.iso)–\(s.insats.end?.iso ?? "          ")  \(areas)  \(s.insats.title)")
        }
    }
}

struct InsatsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One insats and every version of it.")
    @Argument(help: "The insats, e.g. INS-2018-0007.") var reference: String
    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?
    @OptionGroup var options: ConfigOption

    func run() async throws {
        guard let ref = InsatsReference.normalise(reference) else {
            throw ValidationError("\"\(reference)\" is not a reference like INS-2018-0007")
        }
        let (settings, store) = try await InsatsCLISupport.open(options, database: database)
        guard let stored = try store.insats(ref) else {
            printError("est-gateway insats show: \(InsatsStoreError.unknownReference(ref))")
            throw ExitCode(1)
        }
        for line in InsatsCLISupport.describe(stored, settings: settings) { print(line) }
        print("\nversions:")
        for v in try store.insatsHistory(ref) {
            let what = v.changedFields.isEmpty ? "registered" : "changed " + v.changedFields.joined(separator: ", ")
            print(
                "  \(v.version)  \(ExportText.timestamp(v.changedAt))  \(what) by \(v.changedBy)\(v.messageID.map { " (\($0))" } ?? "")"
            )
        }
    }
}

struct InsatsEffectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "effect",
        abstract: "How the picture changed where an insats acted: counts and rates before and after, rate ratios, the sentence.",
        discussion: """
            Measured on the stored incidents up to the last closed week (or --until), against the same categories in the other \
            areas (working-group.md §3). Nothing here claims causation.
            """)
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, html, json }
    @Argument(help: "The insats, e.g. INS-2018-0007.") var reference: String
    @Option(help: "text, html or json.") var format: Format = .text
    @Option(help: ArgumentHelp("Measure up to this closed week, e.g. 2018-W45; default: the week just closed.", valueName: "week"))
    var until: ISOWeek?
    @Option(help: ArgumentHelp("Language of the text: sv or en; default: the digest's.", valueName: "language"))
    var language: String?
    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?
    @OptionGroup var options: ConfigOption

    func run() async throws {
        guard let ref = InsatsReference.normalise(reference) else {
            throw ValidationError("\"\(reference)\" is not a reference like INS-2018-0007")
        }
        let context = try await PeriodicContext.open(options, database: database)
        guard let stored = try context.store.insats(ref) else {
            printError("est-gateway insats effect: \(InsatsStoreError.unknownReference(ref))")
            throw ExitCode(1)
        }
        let lang =
            try language.map { value -> Language in
                guard let l = Language(rawValue: value) else { throw ValidationError("--language is sv or en") }
                return l
            } ?? context.settings.periodic.digestLanguage
        guard let renderer = context.runner.insatsRenderer else { throw ExitCode(2) }
        let effect = try context.runner.insatsEffect(stored, lastClosedWeek: until ?? PeriodicContext.lastClosedWeek(context.settings))
        switch format {
        case .text: print(renderer.text(effect, language: lang), terminator: "")
        case .html: print(renderer.html(effect, language: lang))
        case .json: print(renderer.json(effect, language: lang))
        }
    }
}
