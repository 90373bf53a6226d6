import ArgumentParser

@main
struct EstGatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "est-gateway",
        abstract: "Turns EST incident-report e-mails into a shared weekly safety picture.",
        subcommands: [
            RunCommand.self, StatusCommand.self, OutboxCommand.self, DigestCommand.self, ReportCommand.self, AlertsCommand.self,
            TrendCommand.self, InsatsCLI.self, ParseCommand.self, IngestCommand.self, ExportCommand.self, ConfigCommand.self,
            PurgeCommand.self, BackupCommand.self,
        ]
    )
}
