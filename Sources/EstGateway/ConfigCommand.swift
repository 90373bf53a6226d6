import ArgumentParser
import Foundation
import Settings

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Inspect the configuration.",
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the configuration and report every problem with its key.",
            discussion: "Exit status 0 when the configuration is usable, 2 when it has problems."
        )

        @OptionGroup var options: ConfigOption

        func run() async throws {
            do {
                let settings = try await SettingsLoader.load(path: options.config)
                print(
                    "\(options.config): OK — \(settings.areas.count) areas, \(settings.organisations.count) organisations, \(settings.categories.count) categories; database \(settings.databasePath)"
                )
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(2)
            }
        }
    }
}

struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration file (YAML). Environment variables override its keys.", valueName: "file"))
    var config: String = ProcessInfo.processInfo.environment["EST_GATEWAY_CONFIG"] ?? "config/est-gateway.example.yaml"
}
