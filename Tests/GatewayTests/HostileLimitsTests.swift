import Assembly
import Domain
import Foundation
import Intake
import Settings
import Storage
import Testing

/// The report-side limits of issue 8 as an operator configures them, and as the pipeline applies them.
@Suite struct HostileLimitsTests {
    @Test func reportLimitsHaveDefaultsAndComeFromTheConfiguration() async throws {
        let defaults = try await TestSupport.settings()
        #expect(defaults.limits.report.maxIncidents == 50)
        #expect(defaults.limits.report.maxPlaceCharacters == 500)
        #expect(defaults.limits.report.maxDescriptionCharacters == 5_000)
        let changed = try await TestSupport.settings([
            "LIMITS_MAX_INCIDENTS_PER_MAIL": "3", "LIMITS_MAX_PLACE_CHARS": "80", "LIMITS_MAX_DESCRIPTION_CHARS": "900",
        ])
        #expect(changed.limits.report.maxIncidents == 3)
        #expect(changed.limits.report.maxPlaceCharacters == 80)
        #expect(changed.limits.report.maxDescriptionCharacters == 900)
    }

    @Test func badReportLimitsAreRejectedByKey() async throws {
        do {
            _ = try await TestSupport.settings([
                "LIMITS_MAX_INCIDENTS_PER_MAIL": "0", "LIMITS_MAX_PLACE_CHARS": "lots", "LIMITS_MAX_DESCRIPTION_CHARS": "5000000",
            ])
            Issue.record("bad report limits were accepted")
        } catch let error as SettingsError {
            #expect(
                Set(error.problems.map(\.key)) == [
                    "limits.max_incidents_per_mail", "limits.max_place_chars", "limits.max_description_chars",
                ], "\(error.problems)")
        }
    }

    static func mail(incidents: Int, place: String = "Råbyvägen 12") -> [UInt8] {
        var s =
            "From: Anna <anna@mimer.example>\nTo: est@vasteras.example\nSubject: EST v.36\n"
            + "Date: Wed, 5 Sep 2018 10:00:00 +0200\nMessage-ID: <hostile-\(incidents)@mimer.example>\n\n"
        for n in 1...incidents {
            s += "Område: Råby\nPlats: \(place)\nDatum: 2018-09-03\nKategori: Klotter\nBeskrivning: Klotter \(n).\n\n"
        }
        return Array(s.utf8)
    }

    /// The daemon's own pipeline, from the composition root.
    static func pipeline(_ s: GatewaySettings) -> IntakePipeline { GatewayAssembly.pipeline(s) }

    @Test func thePipelinePassesTheLimitsToTheReportParser() async throws {
        let settings = try await TestSupport.settings(["LIMITS_MAX_INCIDENTS_PER_MAIL": "3", "LIMITS_MAX_PLACE_CHARS": "20"])
        let pipeline = Self.pipeline(settings)
        let received = Date(timeIntervalSince1970: 1_536_307_200)  // 2018-09-07
        let three = pipeline.evaluate(Self.mail(incidents: 3), receivedAt: received).result
        #expect(three.status == .accepted)
        #expect(three.incidents.count == 3)
        let four = pipeline.evaluate(Self.mail(incidents: 4), receivedAt: received).result
        #expect(four.status == .rejected)
        #expect(four.errors.count == 1)
        #expect(four.errors.first?.message.contains("4 händelser") == true)
        let long = pipeline.evaluate(Self.mail(incidents: 1, place: String(repeating: "Råbyvägen-", count: 10)), receivedAt: received)
            .result
        #expect(long.status == .accepted)
        #expect(long.incidents.first?.place.count == 20)
        #expect(long.warnings.map(\.field) == ["Plats"])
    }
}

/// An oversized mail is quarantined unread; what is stored of it is bounded by the configuration,
/// not by the sender (issue 8: the whole 25 MB body went into the database).
@Suite struct OversizeKeepTests {
    @Test func anOversizedMailIsKeptAsItsHeadersAndAPrefix() async throws {
        let settings = try await TestSupport.settings(["LIMITS_MAX_MESSAGE_BYTES": "20000", "LIMITS_OVERSIZE_KEEP_BYTES": "1000"])
        #expect(settings.limits.oversizeKeepBytes == 1000)
        let big = TestSupport.mail(
            [
                "From: Anna <anna@mimer.example>", "To: est@vasteras.example", "Subject: EST v.36 med bilaga",
                "Date: Wed, 5 Sep 2018 10:00:00 +0200", "Message-ID: <big@mimer.example>",
            ], body: "Område: Råby\n" + String(repeating: "bilaga ", count: 500_000))
        let outcome = GatewayAssembly.pipeline(settings).evaluate(big, receivedAt: Date(timeIntervalSince1970: 1_536_307_200))
        #expect(outcome.result.status == .quarantined && outcome.result.reason == "oversized")
        #expect(outcome.result.organisation == "mimer", "the headers are read: the sender can be told")
        let store = try GatewayStore(path: TestSupport.temporaryDirectory().appendingPathComponent("est.sqlite").path)
        _ = try store.store(raw: big, outcome: outcome, receivedAt: Date())
        let kept = try #require(try store.quarantinedMessages().first)
        #expect(kept.size == big.count)
        #expect(kept.storedBytes == 1000, "\(kept.storedBytes) of \(big.count) bytes stored")
        // The fingerprint is of the whole message: the same mail again is a duplicate.
        #expect(try store.store(raw: big, outcome: outcome, receivedAt: Date()).isDuplicate)
    }
}
