import ArgumentParser
import Foundation
import Settings
import Storage

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

        /// What the working-group keys mean as configured, one line each.
        static func workingGroup(_ w: WorkingGroupSettings) -> [String] {
            let members =
                w.members.isEmpty
                ? "working_group.members: none — nobody can register insatser by mail, and follow-ups and period reports go to nobody"
                : "working_group.members: \(w.members.count) (\(w.members.joined(separator: ", "))) may register insatser by mail"
            let pilot =
                w.pilot.map { "pilot: \($0.first.iso) to \($0.last.iso), \(String(format: "%.1f", $0.weeks)) weeks (report --pilot)" }
                ?? "pilot: not configured — report --pilot and the pilot report are unavailable"
            let effect =
                "effect: \(w.beforeWeeks) weeks before an insats's start are its before window; under \(w.minimumEvents) incidents in both windows together are too few for a conclusion"
            var schedule: [String] = []
            if w.reportAfterTertial { schedule.append("after each tertial") }
            if w.reportAfterPilot { schedule.append("after the pilot's last day") }
            let reports = "reports: " + (schedule.isEmpty ? "no scheduled period reports" : "sent " + schedule.joined(separator: " and "))
            return [members, pilot, effect, reports]
        }

        /// What `status --check` pages on and where the metrics go, as configured.
        static func monitoring(_ m: MonitoringSettings) -> String {
            let t = m.thresholds
            return
                "monitoring: status --check warns after \(t.pollAgeWarningMinutes) min without a successful poll (critical after \(t.pollAgeCriticalMinutes)), at \(t.failedOutboxWarning) failed outbox row(s) (critical at \(t.failedOutboxCritical)), \(t.quarantinedWarning) quarantined in 24 h, \(t.failuresWarning) IMAP or SMTP failures in a row (critical at \(t.failuresCritical)); "
                + (m.metricsTextfile.map { "metrics written to \($0) after every poll" } ?? "no metrics file (metrics.textfile)")
        }

        /// What the retention keys remove and when, one line each; a pseudonym key that cannot be read is a problem.
        static func retention(_ r: RetentionSettings) -> (lines: [String], problem: SettingsProblem?) {
            guard r.isEnabled else {
                return (["retention: off — nothing is deleted or pseudonymised (set retention.* as the gallringsbeslut says)"], nil)
            }
            var lines: [String] = []
            if let days = r.effectiveRawDays {
                lines.append(
                    "retention: raw message bytes and sent mail deleted \(days) days after receipt\(r.rawDays == days ? "" : " (the shortest retention period)"); hashes, sizes and Message-IDs stay"
                )
            }
            if let days = r.freeTextDays {
                lines.append(
                    "retention: Plats, Beskrivning and Åtgärd cleared \(days) days after receipt; counts, dates, areas and categories stay")
            }
            var problem: SettingsProblem?
            if let days = r.pseudonymiseDays {
                lines.append(
                    "retention: reporter addresses pseudonymised \(days) days after receipt with the key in \(r.pseudonymKeyFile ?? "?")")
                if let path = r.pseudonymKeyFile {
                    do {
                        _ = try PseudonymKey.read(path: path)
                    } catch {
                        problem = SettingsProblem(key: "retention.pseudonym_key_file", message: "\(error)")
                    }
                }
            }
            return (lines, problem)
        }

        func run() async throws {
            let settings: GatewaySettings
            do {
                settings = try await SettingsLoader.load(path: options.config)
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(2)
            }
            let retention = Self.retention(settings.retention)
            if let problem = retention.problem {
                printError("\(SettingsError(path: options.config, problems: [problem]))")
                throw ExitCode(2)
            }
            print(
                "\(options.config): OK — \(settings.areas.count) areas, \(settings.organisations.count) organisations, \(settings.categories.count) categories; database \(settings.databasePath)"
            )
            for line in Self.workingGroup(settings.workingGroup) { print("  " + line) }
            print("  " + Self.monitoring(settings.monitoring))
            for line in retention.lines { print("  " + line) }
        }
    }
}

struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration file (YAML). Environment variables override its keys.", valueName: "file"))
    var config: String = ProcessInfo.processInfo.environment["EST_GATEWAY_CONFIG"] ?? "config/est-gateway.example.yaml"
}
