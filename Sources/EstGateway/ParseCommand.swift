import ArgumentParser
import Assembly
import Daemon
import Foundation
import Intake

struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Read one e-mail and print what the gateway makes of it, as JSON. Touches no database.",
        discussion: """
            Prints the machine-readable result of report-format.md: status (accepted, rejected, ignored, quarantined), reason, the incidents as read, and every error and warning.
            Exit status 0 whatever the status; 1 when the file cannot be read; 2 when the configuration is invalid.
            """
    )

    @Argument(help: ArgumentHelp("The message file (.eml, raw RFC 5322 bytes).", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("Time of receipt (ISO 8601) for mail without a valid Date header; default now.", valueName: "time"))
    var receivedAt: String?

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let settings = try await GatewayContext.settings(options)
        let bytes: [UInt8]
        do {
            bytes = try readMessageFile(file)
        } catch {
            printError("est-gateway parse: \(error)")
            throw ExitCode(1)
        }
        var received = Date()
        if let receivedAt {
            guard let parsed = ISO8601DateFormatter().date(from: receivedAt) else {
                throw ValidationError("--received-at \(receivedAt) is not ISO 8601, e.g. 2018-09-03T21:10:00+02:00")
            }
            received = parsed
        }
        let outcome = GatewayAssembly.pipeline(settings).evaluate(bytes, receivedAt: received)
        print(try ResultJSON.encode(outcome.result))
    }
}

enum ResultJSON {
    static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
