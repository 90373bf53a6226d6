import Assembly
import Domain
import Foundation
import Intake
import Settings
import Testing

/// The report-side limits of issue 8 as an operator configures them, and as the pipeline applies them.
@Suite struct HostileLimitsTests {
    @Test func reportLimitsHaveDefaultsAndComeFromTheConfiguration() async throws {
        let defaults = try await TestSupport.settings()
        #expect(defaults.limits.maxIncidentsPerMail == 50)
        #expect(defaults.limits.maxPlaceChars == 500)
        #expect(defaults.limits.maxDescriptionChars == 5_000)
        let changed = try await TestSupport.settings([
            "LIMITS_MAX_INCIDENTS_PER_MAIL": "3", "LIMITS_MAX_PLACE_CHARS": "80", "LIMITS_MAX_DESCRIPTION_CHARS": "900",
        ])
        #expect(changed.limits.maxIncidentsPerMail == 3)
        #expect(changed.limits.maxPlaceChars == 80)
        #expect(changed.limits.maxDescriptionChars == 900)
    }

    @Test func badReportLimitsAreRejectedByKey() async throws {
        do {
            _ = try await TestSupport.settings([
                "LIMITS_MAX_INCIDENTS_PER_MAIL": "0", "LIMITS_MAX_PLACE_CHARS": "lots", "LIMITS_MAX_DESCRIPTION_CHARS": "5000000",
            ])
            Issue.record("bad report limits were accepted")
        } catch let error as SettingsError {
            #expect(Set(error.problems.map(\.key)) == [
                "limits.max_incidents_per_mail", "limits.max_place_chars", "limits.max_description_chars",
            ], "\(error.problems)")
        }
    }

    static func mail(incidents: Int, place: String = "Råbyvägen 12") -> [UInt8] {
        var s = "From: Anna <anna@mimer.example>\nTo: est@vasteras.example\nSubject: EST v.36\n"
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
        let received = Date(timeIntervalSince1970: 1_536_307_200) // 2018-09-07
        let three = pipeline.evaluate(Self.mail(incidents: 3), receivedAt: received).result
        #expect(three.status == .accepted)
        #expect(three.incidents.count == 3)
        let four = pipeline.evaluate(Self.mail(incidents: 4), receivedAt: received).result
        #expect(four.status == .rejected)
        #expect(four.errors.count == 1)
        #expect(four.errors.first?.message.contains("4 händelser") == true)
        let long = pipeline.evaluate(Self.mail(incidents: 1, place: String(repeating: "Råbyvägen-", count: 10)), receivedAt: received).result
        #expect(long.status == .accepted)
        #expect(long.incidents.first?.place.count == 20)
        #expect(long.warnings.map(\.field) == ["Plats"])
    }
}
