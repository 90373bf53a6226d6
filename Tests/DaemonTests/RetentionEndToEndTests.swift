import Domain
import Foundation
import MIME
import MailServerHarness
import Storage
import Testing

/// The daily gallring pass against real Dovecot and Postfix: a reporter corrects a report by replying
/// to its acknowledgment after the report's raw bytes and the acknowledgment's mail were deleted.
@Suite(.serialized) struct RetentionEndToEndTests {
    @Test func aCorrectionByReplyWorksAfterTheRawBytesAreGone() async throws {
        let world = try GatewayWorld(servers: try await SharedMailServers.instance.get())
        world.overrides = ["RETENTION_RAW_DAYS": "1"]
        let reporter = world.reporters["mimer"]!.address
        try world.servers.sendSMTP(
            from: reporter, to: [world.gateway.address], message: world.report(id: "gallring-1", body: CorrectionEndToEndTests.twoIncidents)
        )
        _ = try await world.servers.waitForMessages(world.gateway.address)
        let clock = TestClock(Date())
        let daemon = try await world.daemon(clock: { clock.now })
        _ = await daemon.cycle()
        let ack = try MailMessage.parse(try #require(try await world.servers.waitForMessages(reporter).first).bytes)

        clock.set(Date().addingTimeInterval(2 * 86_400))
        let purged = await daemon.cycle()
        #expect(purged.errors.isEmpty, "\(purged.errors)")
        let settings = try await world.settings()
        let passes = try world.store().retentionPasses(on: LocalDate(clock.now, in: settings.timeZone))
        #expect(passes.count == 1 && passes[0].counts.rawMessages == 1 && passes[0].counts.sentMail == 1, "\(passes)")
        #expect(try world.store().outboxRows().allSatisfy { $0.raw.isEmpty })

        let reference = try #require(try world.store().incidents(IncidentQuery()).map(\.ref).min())
        try world.servers.sendSMTP(
            from: reporter, to: [world.gateway.address],
            message: CorrectionEndToEndTests.outlookReply(
                world, id: "gallring-fix", to: ack, body: "Rätta \(reference)\nKategori: Skadegörelse"))
        _ = try await world.servers.waitForMessages(world.gateway.address, count: 1)
        let corrected = await daemon.cycle()
        #expect(corrected.errors.isEmpty, "\(corrected.errors)")
        let confirmation = try MailMessage.parse(try #require(try await world.servers.waitForMessages(reporter, count: 2).last).bytes)
        #expect(confirmation.subject?.contains("Ändring registrerad") == true, "\(confirmation.subject ?? "")")
        #expect(try world.store().incidents(IncidentQuery()).first { $0.ref == reference }?.incident.categories == ["SKAD"])
    }
}
