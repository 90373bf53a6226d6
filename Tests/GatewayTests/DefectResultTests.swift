import Assembly
import Foundation
import Intake
import MIME
import Testing

/// What the MIME reader repaired reaches the parse JSON.
@Suite struct DefectResultTests {
    static let received = Date(timeIntervalSince1970: 1_536_307_200)  // 2018-09-07
    static let headers = TestSupport.mimerHeaders(messageID: "defects@mimer.example")

    @Test func defectsAreInTheParseJSON() async throws {
        let pipeline = TestSupport.pipeline(try await TestSupport.settings())
        let raw = TestSupport.mail(
            Self.headers + ["Content-Type: multipart/mixed; boundary=b"],
            body: "--b\nContent-Type: text/plain; charset=utf-8\n\n" + TestSupport.reportBody)
        let result = pipeline.evaluate(raw, receivedAt: Self.received).result
        #expect(result.status == .accepted, "the report is still read: \(result.errors.map(\.message))")
        #expect(result.defects.map(\.part) == [""])
        #expect(result.defects.map(\.code) == ["missing-closing-boundary"])
        #expect(result.defects.map(\.description) == [Defect.missingClosingBoundary.description])
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any])
        let defects = try #require(json["defects"] as? [[String: Any]])
        #expect(defects.map { Set($0.keys) } == [["part", "code", "description"]])
        #expect(defects.first?["code"] as? String == "missing-closing-boundary")
    }

    @Test func wellFormedMailHasAnEmptyList() async throws {
        let pipeline = TestSupport.pipeline(try await TestSupport.settings())
        let result = pipeline.evaluate(TestSupport.mail(Self.headers, body: TestSupport.reportBody), receivedAt: Self.received).result
        #expect(result.status == .accepted)
        #expect(result.defects.isEmpty)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any])
        #expect((json["defects"] as? [Any])?.isEmpty == true, "the key is always present")
    }

    @Test func anOversizedMailShowsTheDefectsOfItsHeaderBlock() async throws {
        let pipeline = TestSupport.pipeline(try await TestSupport.settings(["LIMITS_MAX_MESSAGE_BYTES": "20000"]))
        let big = TestSupport.mail(Self.headers + ["X-Note: B\u{E4}ckby"], body: String(repeating: "bilaga ", count: 5_000))
        let result = pipeline.evaluate(big, receivedAt: Self.received).result
        #expect(result.reason == "oversized")
        #expect(result.defects.map(\.code) == ["non-ascii-header"], "only the header block is read")
    }
}
