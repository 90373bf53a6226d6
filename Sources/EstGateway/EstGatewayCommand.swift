import ArgumentParser

@main
struct EstGatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "est-gateway",
        abstract: "Turns EST incident-report e-mails into a shared weekly safety picture.",
        subcommands: [ParseCommand.self, IngestCommand.self, ExportCommand.self, ConfigCommand.self]
    )
}
