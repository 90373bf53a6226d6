import ArgumentParser
import Classification
import Daemon
import Domain
import Foundation
import Intake
import MIME
import Settings

/// Loads the configuration the way every command does, turning problems into exit status 2.
enum GatewayContext {
    static func settings(_ options: ConfigOption) async throws -> GatewaySettings {
        do {
            return try await SettingsLoader.load(path: options.config)
        } catch {
            printError("\(error)\nRun `est-gateway config check --config \(options.config)` after fixing it.")
            throw ExitCode(2)
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Reads a whole file as bytes, with an error that names the file and the cause.
func readMessageFile(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        throw ValidationError(
            exists
                ? (isDirectory.boolValue
                    ? "\(path) is a directory; use --dir for a folder of messages" : "\(path) cannot be read (permissions?)")
                : "\(path) does not exist")
    }
    return [UInt8](data)
}

extension LocalDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
}

extension ISOWeek: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
