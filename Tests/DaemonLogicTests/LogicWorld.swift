import Assembly
import Daemon
import Foundation
import Logging
import MailAccess
import MailServerHarness
import Settings
import Storage

/// One gateway on in-memory mail: the real configuration, pipeline, reply rules and SQLite store,
/// a mailbox and an SMTP server that are actors in this process, and a clock the test moves.
struct LogicWorld {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// Thursday of 2018-W36, 08:00 UTC: the week the sample reports are about.
    static let start = Date(timeIntervalSince1970: 1_536_307_200)

    let mailbox = MemoryMailbox()
    let smtp = MemorySubmitter()
    let clock = TestClock(LogicWorld.start)
    let store: GatewayStore
    let settings: GatewaySettings
    var configuration: DaemonConfiguration

    /// - Parameter overrides: configuration keys as environment variables (`RETENTION_RAW_DAYS`).
    init(
        batchSize: Int = 50, capPerRecipient: Int? = nil, statementLog: StatementLog? = nil, overrides: [String: String] = [:]
    ) async throws {
        var environment = ["EST_IMAP_PASSWORD": "unused", "EST_SMTP_PASSWORD": "unused"].merging(overrides) { $1 }
        if let capPerRecipient { environment["REPLIES_CAP_PER_RECIPIENT_PER_HOUR"] = "\(capPerRecipient)" }
        settings = try await SettingsLoader.load(
            path: Self.repoRoot.appendingPathComponent("config/est-gateway.example.yaml").path,
            environment: environment)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("est-logic-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try GatewayStore(
            path: directory.appendingPathComponent("est.sqlite").path, clock: clock.read, statementLog: statementLog)
        configuration = try DaemonConfiguration(settings: settings)
        configuration.batchSize = batchSize
        configuration.retry.first = 60
        configuration.retry.ceiling = 3600
        configuration.clock = clock.read
    }

    /// - Parameter periodic: with the digest, reminders and the daily retention pass on the test's clock.
    func daemon(periodic: Bool = false) throws -> GatewayDaemon {
        var logger = Logger(label: "logic-tests")
        logger.logLevel = .critical
        return try GatewayAssembly.daemon(
            settings, configuration: configuration, store: store, imap: mailbox, smtp: smtp,
            logger: logger, periodic: periodic)
    }

    /// A report from Mimer, as Outlook would send it.
    static func report(id: String, from: String = "anna.lind@mimer.example", place: String = "Råbyvägen 12, trapphus B") -> [UInt8] {
        let headers = [
            "From: Anna Lind <\(from)>", "To: <est@vasteras.example>", "Subject: EST v.36 Råby",
            "Date: Thu, 6 Sep 2018 08:45:00 +0200", "Message-ID: <\(id)@mimer.example>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
        ]
        let body =
            "Hej!\r\n\r\nOmråde: Råby\r\nPlats: \(place)\r\nDatum: 2018-09-05\r\nKategori: Klotter\r\n"
            + "Beskrivning: Nytt klotter i trapphuset.\r\n\r\nMvh\r\nAnna\r\n"
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }
}
