import Classification
import Dispatch
import Domain
import Foundation
import Intake
import MIME
import Reports
import Settings

/// The installation the targets read for: the example configuration, loaded once per process.
enum FuzzContext {
    /// The fixtures' receipt time (as in CorpusTests), so an input reads the same on every run.
    static let receivedAt = Date(timeIntervalSince1970: 1_536_148_800)  // 2018-09-05T12:00:00Z
    static let today = LocalDate(receivedAt, in: settings.timeZone)

    static let settings = loadSettings([:])
    /// With an authserv-id, so Authentication-Results headers decide (as corpus fixtures 67-71 are read).
    static let authenticatingSettings = loadSettings(["AUTHENTICATION_AUTHSERV_ID": "mx.vasteras.example"])

    static let pipeline = pipeline(settings)
    static let authenticatingPipeline = pipeline(authenticatingSettings)

    static let index = CatalogIndex(settings.catalog)

    static let configPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config/est-gateway.example.yaml").path

    /// The daemon's pipeline, from the settings' own policy (GatewayAssembly.pipeline does the same;
    /// Assembly is not linked, so the sanitizer build stays small: no GRDB, no reply templates).
    static func pipeline(_ settings: GatewaySettings) -> IntakePipeline {
        IntakePipeline(policy: settings.intakePolicy)
    }

    /// libFuzzer calls the target synchronously, so the async loader is waited for here, once.
    private static func loadSettings(_ environment: [String: String]) -> GatewaySettings {
        final class Outcome: @unchecked Sendable {
            var value: Result<GatewaySettings, SettingsError>?
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let path = configPath
        Task.detached {
            do throws(SettingsError) {
                outcome.value = .success(try await SettingsLoader.load(path: path, environment: environment))
            } catch {
                outcome.value = .failure(error)
            }
            done.signal()
        }
        done.wait()
        switch outcome.value! {
        case .success(let settings):
            return settings
        case .failure(let error):
            // Not a finding: the fuzzer cannot start. Exit rather than trap, so no artifact is written.
            FileHandle.standardError.write(Data("est-fuzz: cannot load \(path): \(error)\n".utf8))
            exit(2)
        }
    }
}
