import Foundation
import Intake
import MIME
import Testing

/// What a sender is told about a MIME limit is Intake's wording (stored as the quarantine
/// detail); MIME's own description of the violation stays neutral.
@Suite struct LimitDetailTests {
    static let received = Date(timeIntervalSince1970: 1_536_307_200)  // 2018-09-07
    static let headers = TestSupport.mimerHeaders(messageID: "limits@mimer.example")

    @Test func limitQuarantineDetailsTellTheSenderWhatToDo() async throws {
        let settings = try await TestSupport.settings(["LIMITS_MAX_MIME_PARTS": "2", "LIMITS_MAX_MESSAGE_BYTES": "20000"])
        let pipeline = TestSupport.pipeline(settings)
        let parts = TestSupport.mail(
            Self.headers + ["Content-Type: multipart/mixed; boundary=b"],
            body: "--b\n\na\n--b\n\nb\n--b--\n")
        let many = pipeline.evaluate(parts, receivedAt: Self.received)
        #expect(many.result.reason == "mime-too-many-parts")
        #expect(many.detail == "The message has more than 2 MIME parts; send the report with fewer attachments.")
        #expect(MIMELimitViolation.tooManyParts(limit: 2).description.contains("send") == false, "MIME's own wording is neutral")

        let big = TestSupport.mail(Self.headers, body: String(repeating: "bilaga ", count: 5_000))
        let oversized = pipeline.evaluate(big, receivedAt: Self.received)
        #expect(
            oversized.detail
                == "The message is \(big.count) bytes, more than the limit of 20000 bytes; send the report as plain text without large attachments."
        )
    }

    @Test func nestingQuarantineDetail() async throws {
        let settings = try await TestSupport.settings(["LIMITS_MAX_MIME_DEPTH": "2"])
        let nested = TestSupport.mail(
            Self.headers + ["Content-Type: message/rfc822"],
            body: "Content-Type: message/rfc822\n\nContent-Type: message/rfc822\n\nSubject: core\n\nhej\n")
        let outcome = TestSupport.pipeline(settings).evaluate(nested, receivedAt: Self.received)
        #expect(outcome.result.reason == "mime-too-deep")
        #expect(
            outcome.detail
                == "The message nests its parts or forwarded messages more than 2 levels deep; send the report directly instead of as a forward of a forward."
        )
    }
}
