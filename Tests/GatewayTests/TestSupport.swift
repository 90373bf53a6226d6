import Assembly
import Classification
import Daemon
import Domain
import Foundation
import Intake
import MIME
import MailServerHarness
import Settings

/// Paths and builders shared by the gateway tests.
enum TestSupport {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let exampleConfig = repoRoot.appendingPathComponent("config/est-gateway.example.yaml").path
    static let corpus = repoRoot.appendingPathComponent("Tests/Corpus")

    static func settings(_ environment: [String: String] = [:]) async throws -> GatewaySettings {
        try await SettingsLoader.load(path: exampleConfig, environment: environment)
    }

    static func pipeline(_ settings: GatewaySettings) -> IntakePipeline {
        GatewayAssembly.pipeline(settings)
    }

    /// A raw message from header lines and a body, CRLF-terminated as on the wire.
    static func mail(_ headers: [String], body: String) -> [UInt8] {
        Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
    }

    /// Header lines of a mail from Mimer's registered address sent Wednesday 5 September 2018.
    static func mimerHeaders(messageID: String) -> [String] {
        [
            "From: Anna <anna@mimer.example>", "To: est@vasteras.example", "Subject: EST v.36",
            "Date: Wed, 5 Sep 2018 10:00:00 +0200", "Message-ID: <\(messageID)>",
        ]
    }

    static func message(_ headers: [String], body: String = "Hej\n") throws -> MailMessage {
        try MailMessage.parse(mail(headers, body: body))
    }

    static let identity = GatewayIdentity(
        instanceName: "est-test", address: "est@vasteras.example", messageIDDomain: "est.vasteras.example")

    /// A valid one-incident report body.
    static let reportBody = """
        Område: Råby
        Plats: Råbyvägen 12, trapphus B
        Datum: 2018-09-03
        Kategori: Klotter
        Beskrivning: Nytt klotter i trapphuset.
        """

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("est-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The built `est-gateway` executable beside the test bundle.
    static var gatewayBinary: String { BuiltProduct.path("est-gateway", repoRoot: repoRoot) }
}
