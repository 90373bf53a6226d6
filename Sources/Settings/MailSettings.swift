import Domain
import Foundation
import MailAccess

/// Where a secret lives: never in the YAML itself.
public enum SecretSource: Sendable, Hashable, CustomStringConvertible {
    case environment(String)
    case file(String)

    /// Reads the secret now (a file is re-read on every call, so a refresher can rewrite it).
    public func read(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SettingsError) -> String {
        switch self {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw SettingsError(
                    path: "(environment)",
                    problems: [SettingsProblem(key: name, message: "is not set; export it with the mail account's password")])
            }
            return value
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path),
                let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty
            else {
                throw SettingsError(
                    path: path, problems: [SettingsProblem(key: "(file)", message: "secret file missing, unreadable or empty")])
            }
            return text
        }
    }

    public var description: String {
        switch self {
        case .environment(let name): return "environment variable \(name)"
        case .file(let path): return "file \(path)"
        }
    }
}

/// How the gateway logs in to a mail server (`auth:` and its secret in the imap and smtp sections).
public enum MailLogin: Sendable, Hashable {
    /// A password; `mechanism` PLAIN or LOGIN when the configuration names one, nil for the best the
    /// server offers.
    case password(SecretSource, mechanism: PasswordMechanism?)
    /// An OAuth 2 access token in a file that an external refresher rewrites (Microsoft 365, Google).
    case xoauth2(tokenFile: String)
}

/// The IMAP mailbox the daemon watches.
public struct IMAPSettings: Sendable, Hashable {
    public var url: String
    public var username: String
    public var credential: MailLogin
    public var caFile: String?
    public var allowInsecureTransport: Bool
    public var mailbox: String
    public var batchSize: Int
    /// On a first run, only mail newer than this many days is processed.
    public var startDaysBack: Int
}

public struct SMTPSettings: Sendable, Hashable {
    public var url: String
    public var username: String?
    /// nil: no SMTP AUTH (a server that accepts the gateway by its address).
    public var credential: MailLogin?
    public var caFile: String?
    public var allowInsecureTransport: Bool
    public var heloName: String?
}

/// Everything the daemon needs beyond reading reports.
public struct MailSettings: Sendable, Hashable {
    public var imap: IMAPSettings
    public var smtp: SMTPSettings
    public var folders: FolderSettings
    public var pollIntervalSeconds: Int
    public var templatesDirectory: String
    public var capPerRecipientPerHour: Int
    public var capPerHour: Int
    /// How long the outbox keeps retrying a temporary SMTP failure.
    public var retryHours: Int
}

public struct FolderSettings: Sendable, Hashable {
    public var processed: String
    public var rejected: String
    public var ignored: String
    public var quarantine: String
}

/// When periodic mail goes out, in the configured time zone.
public struct WeeklyTime: Sendable, Hashable {
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int
    public var hour: Int
    public var minute: Int

    public init(weekday: Int, hour: Int, minute: Int) {
        self.weekday = weekday
        self.hour = hour
        self.minute = minute
    }

    static let weekdays = [
        "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
        "måndag": 1, "tisdag": 2, "onsdag": 3, "torsdag": 4, "fredag": 5, "lördag": 6, "söndag": 7,
    ]
}

/// The weekly digest, reminders and spike alerts (the lägesbild).
public struct PeriodicSettings: Sendable, Hashable {
    /// The working group's address(es); no digest is sent when empty.
    public var digestRecipients: [String]
    public var digestTime: WeeklyTime
    public var digestLanguage: Language
    public var remindersEnabled: Bool
    public var reminderTime: WeeklyTime
    public var alertsEnabled: Bool
    public var alertBaselineWeeks: Int
    public var alertAlpha: Double
    public var alertMinimumCount: Int
    /// Weeks without a repeated alert for the same series unless its count rises further.
    public var alertQuietWeeks: Int
    /// Poisson CUSUM: the floor of the baseline mean λ0, and the in-control run length h is chosen for.
    public var cusumLambdaFloor: Double
    public var cusumTargetRunLength: Double

    public static let defaults = PeriodicSettings(
        digestRecipients: [], digestTime: WeeklyTime(weekday: 1, hour: 7, minute: 0), digestLanguage: .swedish,
        remindersEnabled: true, reminderTime: WeeklyTime(weekday: 5, hour: 10, minute: 0), alertsEnabled: true,
        alertBaselineWeeks: 8, alertAlpha: 0.01, alertMinimumCount: 3, alertQuietWeeks: 3,
        cusumLambdaFloor: 0.25, cusumTargetRunLength: 110)
}
