import Domain
import Foundation
import MIME
import MailServerHarness
import Storage
import Testing

/// Corrections and withdrawals against real Dovecot and Postfix: reporters answer their
/// acknowledgments from their own mailboxes; what the digest, export and trend then show.
@Suite(.serialized) struct CorrectionEndToEndTests {
    func servers() async throws -> MailServers { try await SharedMailServers.instance.get() }

    static let twoIncidents = """
        Hej!

        Område: Råby
        Plats: Råbyvägen 12, trapphus B
        Datum: igår
        Kategori: Klotter
        Beskrivning: Nytt klotter i trapphuset.

        Händelse 2
        Område: Råby
        Plats: Råby centrum
        Datum: igår
        Kategori: Skadegörelse
        Beskrivning: Krossad ruta vid entrén.

        Mvh
        Anna
        """

    /// A reply to `ack` as Outlook writes one: the command on top, the acknowledgment below an
    /// Outlook header block, unquoted.
    static func outlookReply(
        _ world: GatewayWorld, from organisation: String = "mimer", id: String, to ack: MailMessage, body: String
    )
        -> [UInt8]
    {
        let from = world.reporters[organisation]!.address
        let parent = ack.messageID ?? ""
        let headers = [
            "From: Anna Reporter <\(from)>", "To: <\(world.gateway.address)>", "Subject: SV: \(ack.subject ?? "")",
            "Date: \(GatewayWorld.rfc5322(Date()))", "Message-ID: <\(id)@\(world.servers.domain)>", "In-Reply-To: \(parent)",
            "References: \(ack.references.joined(separator: " ")) \(parent)", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
        ]
        let quoted = """
            \(body)

            Skickat från Outlook för iOS
            ________________________________
            Från: EST-rapportering <\(world.gateway.address)>
            Skickat: den 1 december 2026 10:02
            Till: Anna Reporter <\(from)>
            Ämne: \(ack.subject ?? "")

            \(ack.readableBody().text)
            """
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + quoted.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n").utf8)
    }

    @Test func reportersCorrectAndWithdrawByReplyAndOthersCannot() async throws {
        let world = try GatewayWorld(servers: try await servers(), organisations: ["mimer", "rabyskolan"])
        let reporter = world.reporters["mimer"]!.address
        try world.servers.sendSMTP(from: reporter, to: [world.gateway.address], message: world.report(id: "fix-1", body: Self.twoIncidents))
        _ = try await world.servers.waitForMessages(world.gateway.address)
        let daemon = try await world.daemon()
        _ = await daemon.cycle()
        let ack = try MailMessage.parse(try #require(try await world.servers.waitForMessages(reporter).first).bytes)
        let refs = try world.store().incidents(IncidentQuery()).map(\.ref)
        #expect(refs.count == 2)
        #expect(ack.readableBody().text.contains("Rätta \(refs[0])"), "the acknowledgment says how")

        // The area of the first by a reply to the acknowledgment; the second withdrawn by reference.
        try world.servers.sendSMTP(
            from: reporter, to: [world.gateway.address],
            message: Self.outlookReply(world, id: "fix-2", to: ack, body: "Rätta \(refs[0])\nOmråde: Hammarby"))
        try world.servers.sendSMTP(
            from: reporter, to: [world.gateway.address], message: world.report(id: "fix-3", body: "Återkalla \(refs[1])\n\nMvh Anna"))
        // Another organisation's attempt on the first.
        try world.servers.sendSMTP(
            from: world.reporters["rabyskolan"]!.address, to: [world.gateway.address],
            message: world.report(from: "rabyskolan", id: "fix-4", body: "Återkalla \(refs[0])"))
        _ = try await world.servers.waitForMessages(world.gateway.address, count: 3)
        let result = await daemon.cycle()
        #expect(result.errors.isEmpty, "\(result.errors)")

        let store = try world.store()
        let current = try store.incidents(IncidentQuery())
        #expect(current.map(\.ref) == [refs[0]] && current.map(\.incident.area) == ["hammarby"])
        #expect(try store.history(of: refs[0]).map(\.incident.area) == ["raby", "hammarby"])
        #expect(try store.incidents(IncidentQuery(includeWithdrawn: true)).map(\.state) == [.corrected, .withdrawn])

        let answers = try await world.servers.waitForMessages(reporter, count: 3).compactMap { try? MailMessage.parse($0.bytes) }
        let confirmations = answers.filter { $0.subject?.contains("Ändring registrerad") == true }
        #expect(confirmations.count == 2, "\(answers.map { $0.subject ?? "" })")
        let corrected = try #require(confirmations.first { $0.headers.first("In-Reply-To") == "<fix-2@\(world.servers.domain)>" })
        #expect(corrected.readableBody().text.contains("\(refs[0]) – rättad (Område)"))
        #expect(corrected.readableBody().text.contains("Hammarby"))
        let refusal = try #require(try await world.servers.waitForMessages(world.reporters["rabyskolan"]!.address).first)
        let refusalText = try MailMessage.parse(refusal.bytes).readableBody().text
        #expect(refusalText.contains("Det finns ingen händelse \(refs[0]) som er organisation har rapporterat"), "\(refusalText)")
        #expect(world.gatewayMessages("EST/Avvisade").count == 1)

        // What the working group reads: the export, the trend and the digest count the current state.
        let week = LocalDate(Date().addingTimeInterval(-86_400), in: TimeZone(identifier: "Europe/Stockholm")!).isoWeek
        let csv = try world.runGateway(["export", "--format", "csv"])
        #expect(csv.status == 0 && csv.output.contains(",hammarby,") && !csv.output.contains(refs[1]), "\(csv.output)")
        let withdrawn = try world.runGateway(["export", "--format", "csv", "--include-withdrawn"])
        #expect(withdrawn.output.contains(",withdrawn,2"), "\(withdrawn.output)")
        let trend = try world.runGateway(["trend", "--area", "raby", "--weeks", "1", "--until", week.description])
        #expect(trend.status == 0, "\(trend.output)")
        let hammarby = try world.runGateway(["trend", "--area", "hammarby", "--weeks", "1", "--until", week.description])
        #expect(trend.output != hammarby.output, "the incident moved to Hammarby: \(trend.output) / \(hammarby.output)")
        #expect(try store.weeklyCounts(area: "raby", category: nil, from: week, to: week) == [0])
        #expect(try store.weeklyCounts(area: "hammarby", category: nil, from: week, to: week) == [1])
        let digest = try world.runGateway(["digest", "--week", week.description])
        #expect(digest.status == 0 && digest.output.contains(refs[0]) && !digest.output.contains(refs[1]), "\(digest.output)")
    }

    @Test func aCorrectionAfterTheConfiguredDaysIsRefused() async throws {
        let world = try GatewayWorld(servers: try await servers())
        let reporter = world.reporters["mimer"]!.address
        try world.servers.deliver(world.report(id: "late-1"), to: world.gateway.address)
        _ = await (try await world.daemon()).cycle()
        let ref = try #require(try world.store().incidents(IncidentQuery()).first?.ref)
        try world.servers.deliver(world.report(id: "late-2", body: "Rätta \(ref)\nBedömning: 3"), to: world.gateway.address)
        let later = try await world.daemon(clock: { Date().addingTimeInterval(31 * 86_400) })
        _ = await later.cycle()
        #expect(try world.store().history(of: ref).count == 1)
        let answers = try await world.servers.waitForMessages(reporter, count: 2).compactMap { try? MailMessage.parse($0.bytes) }
        #expect(answers.contains { $0.readableBody().text.contains("för mer än 30 dagar sedan") }, "\(answers.map { $0.subject ?? "" })")
    }

    /// Killed at a step of storing a correction and restarted: the change is made once, answered once.
    @Test(arguments: ["after-fetch", "after-store", "after-commit", "after-send"])
    func crashInTheMiddleOfACorrectionLosesAndDoublesNothing(_ point: String) async throws {
        let world = try GatewayWorld(servers: try await servers())
        try world.servers.deliver(world.report(id: "crash-fix-1-\(point)"), to: world.gateway.address)
        #expect(try world.runGateway(["run", "--once"]).status == 0)
        let ref = try #require(try world.store().incidents(IncidentQuery()).first?.ref)
        try world.servers.deliver(
            world.report(id: "crash-fix-2-\(point)", body: "Rätta \(ref)\nOmråde: Hammarby"), to: world.gateway.address)
        let crashed = try world.runGateway(["run", "--once"], crashAt: point)
        #expect(crashed.signaled && crashed.status == 9, "\(point): \(crashed.output)")
        for _ in 0..<2 { #expect(try world.runGateway(["run", "--once"]).status == 0) }

        let store = try world.store()
        #expect(try store.history(of: ref).map(\.version) == [1, 2], "\(point): changed once")
        #expect(try store.incidents(IncidentQuery()).map(\.incident.area) == ["hammarby"])
        let rows = try store.outboxRows()
        #expect(rows.compactMap(\.kind).map(\.rawValue).sorted() == ["ack", "confirmation"], "\(point): \(rows.map(\.kind))")
        #expect(rows.allSatisfy { $0.status == .sent }, "\(point)")
        #expect(world.gatewayMessages("EST/Behandlade").count == 2 && world.gatewayMessages().isEmpty, "\(point)")
    }
}
