import Foundation
import Testing

/// A small hostile mail must not make a large reply (issue 8: a 45 kB mail queued a 9 MB rejection).
@Suite struct AmplificationTests {
    /// Blocks that each miss Område, Datum and Kategori: three errors per two short lines.
    static func manyErrors(_ blocks: Int) -> String {
        (1...blocks).map { "Händelse \($0)\nPlats: Torget \($0)\nBeskrivning: x\n" }.joined(separator: "\n")
    }

    @Test func rejectionListsTwentyErrorsAndCountsTheRest() async throws {
        let gateway = try await Gateway()
        let raw = Support.mail(body: Self.manyErrors(40))
        #expect(raw.count < 3_000)
        let (_, outcome) = try gateway.ingest(raw)
        #expect(outcome.result.status == .rejected)
        let errors = try #require(outcome.report).errors.count
        #expect(errors > 40)
        let reply = try #require(try gateway.outbox().first)
        // The errors' lines (the guide appended to a first reply has numbered steps of its own).
        let numbered = reply.text.split(separator: "\n").filter { $0.wholeMatch(of: /\d+\. Händelse \d+, .*/) != nil }
        #expect(numbered.count == 20, "\(numbered.count) listed")
        #expect(reply.text.contains("De \(errors) felen:"))
        #expect(reply.text.contains("… och \(errors - 20) fel till, som inte visas här."))
        #expect(reply.html?.contains("… och \(errors - 20) fel till") == true)
        #expect(reply.item.raw.count < 40_000, "\(reply.item.raw.count) bytes")
    }

    @Test func aLongHostileMailStillGetsASmallReply() async throws {
        let gateway = try await Gateway()
        // 10,000 blocks: the parser stops collecting diagnostics at its cap, the reply lists 20.
        let raw = Support.mail(body: Self.manyErrors(10_000))
        #expect(raw.count > 400_000)
        let (_, outcome) = try gateway.ingest(raw)
        #expect(outcome.result.status == .rejected)
        #expect(try #require(outcome.report).errors.count <= 201)
        let reply = try #require(try gateway.outbox().first)
        #expect(reply.item.raw.count < 40_000, "\(reply.item.raw.count) bytes for a \(raw.count)-byte mail")
    }
}
