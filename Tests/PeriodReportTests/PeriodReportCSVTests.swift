import Domain
import Foundation
import MIME
import MailServerHarness
import OutgoingMail
import PeriodReport
import Testing

/// The pilot report as mailed: its CSV attachments read back by Python's csv module (byte-order mark, header, one row
/// per incident and per week and area), and their numbers against the report's.
@Suite struct PeriodReportCSVTests {
    func mail() async throws -> (PeriodReport, OutgoingMessage, [UInt8]) {
        let world = try await PilotWorld.shared()
        let report = try world.report()
        let message = PeriodReportMail.message(
            report, renderer: try world.renderer(), language: .swedish,
            from: Mailbox(name: "EST Västerås", address: "est@vasteras.example"), to: [Mailbox(address: "anna.berg@vasteras.example")],
            messageIDDomain: "est.vasteras.example", loopHeader: (name: "X-EST-Gateway-Loop", value: "est-vasteras"),
            date: PilotWorld.reportTime)
        let raw = MessageWriter.bytes(message, timeZone: PilotWorld.timeZone)
        try FileManager.default.createDirectory(at: PilotWorld.artifacts, withIntermediateDirectories: true)
        try Data(raw).write(to: PilotWorld.artifacts.appendingPathComponent("pilot-report.eml"))
        return (report, message, raw)
    }

    @Test func theMailCarriesTwoCSVFilesAndThePeriodicHeaders() async throws {
        let (report, message, raw) = try await mail()
        #expect(message.attachments.map(\.filename) == ["est-händelser-pilot.csv", "est-veckor-pilot.csv"])
        let parsed = try MailMessage.parse(raw)
        #expect(parsed.subject == "EST periodrapport pilotperioden")
        #expect(parsed.headers.first("Auto-Submitted") == "auto-generated" && parsed.headers.first("Precedence") == "bulk")
        #expect(parsed.messageID?.hasPrefix("<report.pilot.") == true)
        let files = parsed.allParts().filter(\.isAttachment)
        #expect(files.map(\.filename) == message.attachments.map(\.filename))
        #expect(files.allSatisfy { $0.contentType.mimeType == "text/csv" && $0.contentType.charset == "utf-8" })
        #expect(files.allSatisfy { $0.body.starts(with: [0xEF, 0xBB, 0xBF]) }, "UTF-8 with BOM, for Excel")
        let text = parsed.readableBody().text
        #expect(text.contains("Bifogat (CSV för Excel):\n  est-händelser-pilot.csv"), "the text names the files")
        #expect(text.contains("\(report.total.total) händelser under"))
    }

    @Test func pythonsCSVModuleReadsTheIncidents() async throws {
        let (report, _, raw) = try await mail()
        let rows = try Self.python(raw, file: 0)
        #expect(rows.bom)
        #expect(
            rows.header == [
                "Referens", "Datum", "Vecka", "Veckodag", "Tid från", "Tid till", "Tid på dygnet", "Område", "Område-id", "Plats",
                "Platstyp", "Kategorier", "Kategorikoder", "Organisation", "Bedömning", "Polisanmält", "Status", "Rapporterad",
                "Beskrivning",
            ])
        #expect(rows.rows.count == report.incidents.count && rows.rows.count == report.total.total)
        #expect(rows.rows.allSatisfy { $0.count == rows.header.count }, "every row as wide as the header")
        #expect(rows.rows.map { $0[0] } == report.incidents.map(\.row.reference))
        let quoted = try #require(rows.rows.first { $0[18].hasPrefix("Boende säger") })
        #expect(quoted[18] == "Boende säger: \"det är stökigt, varje kväll\".", "commas and quotes survive RFC 4180 quoting")
        let formula = try #require(rows.rows.first { $0[18].contains("SUMMA") })
        #expect(formula[18] == "'=SUMMA(A1) stod sprayat på dörren.", "no formula injection in Excel")
        let world = try await PilotWorld.shared()
        let corrected = try #require(rows.rows.first { $0[0] == world.seed.correctedReference })
        #expect(corrected[8] == "hammarby" && corrected[12] == "SKRP" && corrected[16] == "rättad")
        #expect(!rows.rows.contains { $0[0] == world.seed.withdrawnReference })
    }

    @Test func pythonsCSVModuleReadsTheWeeks() async throws {
        let (report, _, raw) = try await mail()
        let rows = try Self.python(raw, file: 1)
        #expect(rows.bom)
        #expect(Array(rows.header.prefix(6)) == ["Vecka", "Måndag", "Dagar i perioden", "Område", "Område-id", "Händelser"])
        let categories = rows.header.dropFirst(6)
        #expect(
            categories.contains("Klotter (KLOT)") && !categories.contains { $0.hasPrefix("Trygghet") }, "no safety columns without answers")
        #expect(rows.rows.count == report.weeks.count * report.areas.count)
        #expect(rows.rows.allSatisfy { $0.count == rows.header.count })
        #expect(
            rows.rows.first?[0] == "2018-W35" && rows.rows.first?[2] == "2" && rows.rows.last?[0] == "2019-W09" && rows.rows.last?[2] == "4"
        )
        for area in report.areas {
            let own = rows.rows.filter { $0[4] == area.area.id }
            #expect(own.map { Int($0[5])! } == area.summary.weekly, "\(area.area.id)")
            for category in area.categories {
                let column = try #require(rows.header.firstIndex(of: "\(category.category.name) (\(category.category.code))"))
                #expect(own.map { Int($0[column])! } == category.summary.weekly)
            }
        }
    }

    struct Read { var bom: Bool; var header: [String]; var rows: [[String]] }

    /// The `file`-th attachment of the mail as Python's email package decodes it and its csv module reads it.
    static func python(_ raw: [UInt8], file: Int) throws -> Read {
        let script = """
            import csv, email, email.policy, io, json, sys
            msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
            data = list(msg.iter_attachments())[\(file)].get_payload(decode=True)
            rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), strict=True))
            print(json.dumps({"bom": data.startswith(b"\\xef\\xbb\\xbf"), "header": rows[0], "rows": rows[1:],
                              "crlf": data.count(b"\\r\\n") >= len(rows)}))
            """
        let result = try Subprocess.run("/usr/bin/python3", ["-c", script], stdin: raw)
        guard result.status == 0, let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw HarnessError("python3 could not read attachment \(file): \(result.stderr)")
        }
        #expect(json["crlf"] as? Bool == true, "RFC 4180 line ends")
        return Read(bom: json["bom"] as? Bool ?? false, header: json["header"] as? [String] ?? [], rows: json["rows"] as? [[String]] ?? [])
    }
}
