import Assembly
import Daemon
import Foundation
import Intake
import Logging
import MIME
import MailConnections
import MailServerHarness
import MailTransport
import OutgoingMail
import Settings
import Storage

/// A gateway installation of its own for one test: its mailbox user, reporters, configuration file
/// and database, against the shared real servers.
final class GatewayWorld: @unchecked Sendable {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let servers: MailServers
    let gateway: (address: String, password: String)
    /// Organisation id → the reporter's mail user.
    let reporters: [String: (address: String, password: String)]
    let directory: URL
    var configPath: String { directory.appendingPathComponent("est.yaml").path }
    var databasePath: String { directory.appendingPathComponent("est.sqlite").path }
    var environment: [String: String] {
        ["EST_IMAP_PASSWORD": gateway.password].merging(extraEnvironment) { $1 }.merging(overrides) { $1 }
    }
    /// More secrets for the configuration's `password_env` names (SMTP AUTH tests).
    var extraEnvironment: [String: String] = [:]
    /// Configuration keys as environment variables (`RETENTION_RAW_DAYS`), on top of the file.
    var overrides: [String: String] = [:]
    /// The configuration's login lines (see GatewayConfigurationFile.imapLogin / smtpLogin).
    var imapLogin = ["password_env: EST_IMAP_PASSWORD"]
    var smtpLogin: [String] = []

    private static let counter = Counter()
    private var organisationSpec: [(String, [String])] = []
    private var caps: (perRecipient: Int, perHour: Int) = (10, 200)
    private var batchSize = 50
    private(set) var imapURL = ""
    private(set) var smtpURL = ""
    private(set) var caFile: String?
    var digestRecipients: [String] = []
    var areaContacts: [String]?
    var maxMessageBytes = 10_000_000
    var processedFolder = "EST/Behandlade"
    /// Reminders and alerts (the periodic tests turn them on).
    var periodicMail = false
    /// Working-group members (addresses), who may register insatser by mail.
    var members: [String] = []
    /// Organisations that have mail users but are left out of the configuration (until a reload adds them).
    var unconfigured: Set<String> = []
    /// Further top-level YAML sections.
    var extraYAML = ""

    /// - Parameter unregisteredExtras: addresses registered in the configuration that have no mailbox
    ///   (for bounces); keyed by organisation id.
    init(
        servers: MailServers, organisations: [String] = ["mimer"], extraAddresses: [String: [String]] = [:],
        caps: (perRecipient: Int, perHour: Int) = (10, 200), imapURL: String? = nil, smtpURL: String? = nil,
        caFile: String?? = .none, batchSize: Int = 50
    ) throws {
        self.servers = servers
        let n = Self.counter.next()
        let tag = "\(n)-\(UUID().uuidString.prefix(4).lowercased())"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("est-daemon-\(tag)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        gateway = ("est\(tag)@\(servers.domain)", "gw-\(UUID().uuidString.prefix(8))")
        try servers.addUser(gateway.address, password: gateway.password)
        var reporters: [String: (String, String)] = [:]
        for organisation in organisations {
            let user = ("\(organisation)\(tag)@\(servers.domain)", "pw-\(UUID().uuidString.prefix(8))")
            try servers.addUser(user.0, password: user.1)
            reporters[organisation] = user
        }
        self.reporters = reporters.mapValues { (address: $0.0, password: $0.1) }
        self.caFile = caFile ?? servers.caCertificatePath
        self.imapURL = imapURL ?? servers.imapsURL
        self.smtpURL = smtpURL ?? servers.smtpURL
        self.caps = caps
        self.batchSize = batchSize
        self.organisationSpec = organisations.map { ($0, [self.reporters[$0]!.address] + (extraAddresses[$0] ?? [])) }
        try writeConfiguration()
    }

    func writeConfiguration() throws {
        var file = GatewayConfigurationFile(
            repoRoot: Self.repoRoot, gateway: gateway.address, database: databasePath, imapURL: imapURL, smtpURL: smtpURL,
            caFile: caFile,
            organisations: organisationSpec.filter { !unconfigured.contains($0.0) }.map {
                GatewayConfigurationFile.Organisation(id: $0.0, addresses: $0.1, contact: $0.1.first)
            })
        file.digestRecipients = digestRecipients
        file.areaContacts = areaContacts
        file.maxMessageBytes = maxMessageBytes
        file.processedFolder = processedFolder
        file.remindersEnabled = periodicMail
        file.alertsEnabled = periodicMail
        file.members = members
        file.extraYAML = extraYAML
        file.capPerRecipientPerHour = caps.perRecipient
        file.capPerHour = caps.perHour
        file.batchSize = batchSize
        file.imapLogin = imapLogin
        file.smtpLogin = smtpLogin
        try file.write(to: configPath)
    }

    func settings() async throws -> GatewaySettings {
        try await SettingsLoader.load(path: configPath, environment: environment)
    }

    func store() throws -> GatewayStore { try GatewayStore(path: databasePath) }

    /// An in-process daemon on this world's configuration; `retryFirst` shortens the outbox backoff,
    /// `clock` is the time periodic mail is scheduled by.
    func daemon(retryFirst: TimeInterval = 0.2, clock: (@Sendable () -> Date)? = nil) async throws -> GatewayDaemon {
        let settings = try await settings()
        var configuration = try DaemonConfiguration(settings: settings)
        configuration.retry.first = retryFirst
        configuration.retry.ceiling = retryFirst
        if let clock { configuration.clock = clock }
        var logger = Logger(label: "daemon-tests")
        logger.logLevel = ProcessInfo.processInfo.environment["EST_TEST_LOG"] != nil ? .debug : .critical
        let connections = try MailConnections(settings: settings, environment: environment, logger: logger)
        return try GatewayAssembly.daemon(
            settings, configuration: configuration,
            store: GatewayStore(path: databasePath, clock: configuration.clock),
            imap: connections.imap, smtp: connections.smtp, logger: logger)
    }

    /// A report mail from an organisation's reporter, as a mail client would write it.
    func report(
        from organisation: String = "mimer", id: String = UUID().uuidString, subject: String = "EST rapport",
        body: String? = nil, extraHeaders: [String] = []
    ) -> [UInt8] {
        let from = reporters[organisation]!.address
        let text =
            body ?? """
                Hej!

                Område: Råby
                Plats: Råbyvägen 12, trapphus B
                Datum: igår
                Kategori: Klotter
                Beskrivning: Nytt klotter i trapphuset.

                Mvh
                Anna
                """
        let headers =
            [
                "From: Anna Reporter <\(from)>", "To: <\(gateway.address)>", "Subject: \(subject)",
                "Date: \(Self.rfc5322(Date()))", "Message-ID: <\(id)@\(servers.domain)>", "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
            ] + extraHeaders
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n").utf8)
    }

    static func rfc5322(_ date: Date) -> String {
        MessageWriter.rfc5322Date(date, timeZone: TimeZone(identifier: "Europe/Stockholm")!)
    }

    static var binary: String { BuiltProduct.path("est-gateway", repoRoot: repoRoot) }

    /// Runs `est-gateway` against this world; `crashAt` arms the test-only SIGKILL switch.
    func runGateway(_ arguments: [String], crashAt: String? = nil) throws -> (status: Int32, signaled: Bool, output: String) {
        var env = Subprocess.inheritedEnvironment(adding: environment)
        env["EST_GATEWAY_CRASH_AT"] = crashAt
        let run = try Subprocess.run(Self.binary, arguments + ["--config", configPath], environment: env, stderrToStdout: true)
        // A death by signal reports the signal's number as the status (SIGKILL: 9), as the callers expect.
        return (run.signal ?? run.status, run.signal != nil, run.output)
    }

    /// Messages in one of the gateway's folders, read from the server's Maildir.
    func gatewayMessages(_ folder: String = "INBOX") -> [MailServers.StoredMessage] {
        servers.messages(gateway.address, mailbox: folder)
    }

    func inbox(_ organisation: String = "mimer") -> [MailMessage] {
        servers.messages(reporters[organisation]!.address).compactMap { try? MailMessage.parse($0.bytes) }
    }
}

extension GatewayWorld {
    /// The same installation (mailbox, database, reporters) with other connection settings, as an
    /// operator would edit the configuration between runs.
    static func reconfigured(
        _ world: GatewayWorld, imapURL: String? = nil, smtpURL: String? = nil, caFile: String? = nil
    ) throws -> GatewayWorld {
        if let imapURL { world.imapURL = imapURL }
        if let smtpURL { world.smtpURL = smtpURL }
        if let caFile { world.caFile = caFile }
        try world.writeConfiguration()
        return world
    }

    /// Puts `count` distinct reports straight into the gateway's Maildir.
    func fillInbox(count: Int) throws {
        try servers.fillMaildir(gateway.address, messages: (0..<count).map { report(id: "bulk-\($0)", subject: "EST rapport \($0)") })
    }
}
