import Domain
import Foundation
import Settings
import Testing

@Suite struct SettingsTests {
    @Test func exampleConfigurationDescribesThePilot() async throws {
        let settings = try await TestSupport.settings()
        #expect(settings.areas.map(\.id) == ["raby", "hammarby", "backby-skalby"])
        #expect(settings.areas[2].name == "Bäckby/Skälby")
        #expect(settings.categories.count == 16)
        #expect(settings.categories.first?.code == "SKAD")
        #expect(settings.timeZone.identifier == "Europe/Stockholm")
        #expect(settings.authservID == nil)
        let mimer = try #require(settings.organisations.first { $0.id == "mimer" })
        #expect(mimer.domains == ["mimer.example"])
        #expect(settings.organisations.first { $0.id == "polisen" }?.mayReportForOthers == true)
        #expect(settings.organisations.first { $0.id == "nordic-guard" }?.language == .english)
        #expect(settings.limits.mime.maxBytes == 10_000_000)
    }

    @Test func periodicMailSettings() async throws {
        let settings = try await TestSupport.settings()
        let p = settings.periodic
        #expect(p.digestRecipients == ["est-arbetsgrupp@vasteras.example"])
        #expect(p.digestTime == WeeklyTime(weekday: 1, hour: 7, minute: 0))
        #expect(p.reminderTime == WeeklyTime(weekday: 5, hour: 10, minute: 0))
        #expect(p.alertBaselineWeeks == 8 && p.alertAlpha == 0.01 && p.alertMinimumCount == 3 && p.alertQuietWeeks == 3)
        #expect(p.cusumLambdaFloor == 0.25 && p.cusumTargetRunLength == 110)
        let changed = try await TestSupport.settings(["DIGEST_WEEKDAY": "tisdag", "DIGEST_TIME": "08:30", "ALERTS_ALPHA": "0.05"])
        #expect(changed.periodic.digestTime == WeeklyTime(weekday: 2, hour: 8, minute: 30))
        #expect(changed.periodic.alertAlpha == 0.05)
        do {
            _ = try await TestSupport.settings([
                "DIGEST_TIME": "25:00", "ALERTS_CUSUM_TARGET_RUN_LENGTH": "50", "REMINDERS_WEEKDAY": "someday",
            ])
            Issue.record("bad periodic settings were accepted")
        } catch let error as SettingsError {
            #expect(
                Set(error.problems.map(\.key)) == ["digest.time", "alerts.cusum_target_run_length", "reminders.weekday"],
                "\(error.problems)")
        }
    }

    @Test func environmentOverridesTheFile() async throws {
        let settings = try await TestSupport.settings([
            "AUTHENTICATION_AUTHSERV_ID": "mx.vasteras.example",
            "LIMITS_MAX_MESSAGE_BYTES": "20000",
        ])
        #expect(settings.authservID == "mx.vasteras.example")
        #expect(settings.limits.mime.maxBytes == 20000)
    }

    @Test func everyProblemIsReportedWithItsKey() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir.appendingPathComponent("bad.yaml").path
        try """
        time_zone: Mars/Olympus
        language: fi
        instance:
          name: x
          address: not-an-address
        limits:
          max_mime_depth: many
        areas:
          raby:
            name: Råby
          other:
            name: Raby
        organisations:
          school:
            name: School
            areas: [nowhere]
            contact: nobody
        categories:
          SKAD:
            name: Skadegörelse
        """.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try await SettingsLoader.load(path: path, environment: [:])
            Issue.record("a broken configuration was accepted")
        } catch {
            let keys = Set(error.problems.map(\.key))
            #expect(
                keys.isSuperset(of: [
                    "time_zone", "language", "instance.address", "instance.message_id_domain", "limits.max_mime_depth",
                    "areas.other", "organisations.school", "organisations.school.areas", "organisations.school.contact",
                ]), "\(error.problems)")
        }
    }

    @Test func missingFileSaysWhatToDo() async throws {
        do {
            _ = try await SettingsLoader.load(path: "/nonexistent/est.yaml", environment: [:])
            Issue.record("a missing file was accepted")
        } catch {
            #expect(error.description.contains("--config"))
        }
    }
}
