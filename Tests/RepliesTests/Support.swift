import Assembly
import Classification
import Daemon
import Domain
import Foundation
import Intake
import MIME
import MailServerHarness
import Replies
import Settings
import Storage

/// Paths and builders shared by the reply tests.
enum Support {
    /// The repository root, also when the tests are built through a package that links this folder.
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let exampleConfig = repoRoot.appendingPathComponent("config/est-gateway.example.yaml").path
    static let templates = repoRoot.appendingPathComponent("templates").path
    static let corpus = repoRoot.appendingPathComponent("Tests/Corpus/messages")

    /// The time the tests run "at": the week of the corpus mails (2018-W36).
    static let now = Date(timeIntervalSince1970: 1_536_307_200)  // 2018-09-07 08:00 UTC

    static func settings(_ environment: [String: String] = [:]) async throws -> GatewaySettings {
        try await SettingsLoader.load(path: exampleConfig, environment: environment)
    }

    static func corpusMessage(_ prefix: String) throws -> [UInt8] {
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path)
        guard let name = names.first(where: { $0.hasPrefix(prefix + "-") }) else {
            throw SupportError("no corpus message \(prefix)")
        }
        return Array(try Data(contentsOf: corpus.appendingPathComponent(name)))
    }

    /// A raw message, CRLF-terminated as on the wire, UTF-8 body sent as 8bit.
    static func mail(
        from: String = "Anna Lind <anna.lind@mimer.example>",
        subject: String? = "EST v.36 Råby",
        messageID: String? = "<\(UUID().uuidString)@mimer.example>",
        date: String = "Thu, 6 Sep 2018 08:45:00 +0200",
        extra: [String] = [],
        body: String
    ) -> [UInt8] {
        var headers = ["From: \(from)", "To: est@vasteras.example", "Date: \(date)"]
        if let subject { headers.append("Subject: \(subject)") }
        if let messageID { headers.append("Message-ID: \(messageID)") }
        headers += extra
        headers += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
    }

    static let reportBody = """
        Hej!

        Område: Raby
        Plats: Råbyvägen 12, trapphus B
        Datum: 3/9
        Tid: kväll
        Kategori: graffiti, krossad ruta
        Beskrivning: Nytt klotter i trapphuset och en krossad ruta.
        Antal personer: ca 5
        Bedömning: 2
        Polisanmält: nej

        Mvh Anna
        """

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("est-replies-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func copyTemplates() throws -> URL {
        let dir = try temporaryDirectory().appendingPathComponent("templates")
        try FileManager.default.copyItem(atPath: templates, toPath: dir.path)
        return dir
    }
}

struct SupportError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Decisions seen by the plan closure, for assertions about held replies.
final class DecisionLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [ReplyDecision] = []
    func append(_ d: ReplyDecision) { lock.withLock { items.append(d) } }
    var all: [ReplyDecision] { lock.withLock { items } }
    var last: ReplyDecision? { all.last }
}

/// One gateway: the real configuration, pipeline and a store on a temporary SQLite file.
struct Gateway {
    let settings: GatewaySettings
    let processor: MessageProcessor
    let store: GatewayStore
    let planner: ReplyPlanner
    let databasePath: String
    let log = DecisionLog()

    init(
        capPerRecipient: Int = 10, capPerHour: Int = 200, templates: String? = nil,
        environment: [String: String] = [:], organisations: (([Organisation]) -> [Organisation])? = nil
    ) async throws {
        var s = try await Support.settings(environment)
        s.organisations = organisations?(s.organisations) ?? s.organisations
        settings = s
        databasePath = try Support.temporaryDirectory().appendingPathComponent("est.sqlite").path
        let clock = TestClock(Support.now)
        store = try GatewayStore(path: databasePath, clock: clock.read)
        planner = try ReplyPlanner(
            settings: ReplySettings(
                identity: s.instance, timeZone: s.timeZone,
                templatesDirectory: templates ?? Support.templates,
                capPerRecipientPerHour: capPerRecipient, capPerHour: capPerHour),
            catalog: s.catalog, organisations: s.organisations)
        let planner = self.planner, log = self.log
        processor = MessageProcessor(
            pipeline: GatewayAssembly.pipeline(s), store: store, folders: OutcomeFolders(),
            plan: { outcome, stored, ledger, now in
                log.append(try planner.decide(outcome, stored: stored, ledger: ledger, now: now))
                return try planner.plan(outcome, stored: stored, ledger: ledger, now: now)
            })
        self.clock = clock
    }

    let clock: TestClock

    /// Evaluates, plans and stores the message as the daemon does, at `now`.
    @discardableResult
    func ingest(_ raw: [UInt8], now: Date = Support.now) throws -> (stored: StoreOutcome, outcome: IntakeOutcome) {
        clock.set(now)
        let processed = try processor.process(raw, source: nil)
        return (processed.stored, processed.outcome)
    }

    var pipeline: IntakePipeline { processor.pipeline }

    /// Every queued mail, parsed back with the project's MIME reader.
    func outbox() throws -> [Sent] {
        try store.dueOutbox(limit: 1000).map { try Sent(item: $0) }
    }

    /// Held replies as "recipient|kind|reason", oldest first.
    func heldReplies() throws -> [String]? {
        try store.heldReplies().map { "\($0.reply.recipient)|\($0.reply.kind.rawValue)|\($0.reply.reason.rawValue)" }
    }
}

/// A queued reply read back from its bytes.
struct Sent {
    let item: OutboxItem
    let message: MailMessage
    let text: String
    let html: String?

    init(item: OutboxItem) throws {
        self.item = item
        message = try MailMessage.parse(item.raw)
        let parts = message.allParts()
        text = parts.first { $0.contentType.mimeType == "text/plain" }?.decodedText() ?? ""
        html = parts.first { $0.contentType.mimeType == "text/html" }?.decodedText()
    }

    var subject: String { message.subject ?? "" }
    func header(_ name: String) -> String? { message.headers.first(name) }
    var rawText: String { String(decoding: item.raw, as: UTF8.self) }

    /// Lines of the raw message (without CRLF).
    var rawLines: [Substring] { rawText.split(separator: "\r\n", omittingEmptySubsequences: false) }

    /// The lines of the header block.
    var headerLines: [Substring] { Array(rawLines.prefix { !$0.isEmpty }) }
}
