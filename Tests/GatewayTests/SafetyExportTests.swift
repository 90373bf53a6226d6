import Domain
import Foundation
import MailServerHarness
import Storage
import Testing

/// `est-gateway export --what safety`: one record per rating, read back by Python's csv module.
@Suite struct SafetyExportTests {
    let binary = TestSupport.gatewayBinary
    let config = TestSupport.exampleConfig

    /// The records of an RFC 4180 text as Python's csv module reads them (strict, CRLF kept as the separator).
    static func pythonCSV(_ text: String) throws -> [[String]] {
        let script = """
            import csv, io, json, sys
            rows = list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline=""), strict=True))
            print(json.dumps(rows))
            """
        let result = try Subprocess.run("/usr/bin/env", ["python3", "-c", script], stdin: Array(text.utf8))
        #expect(result.status == 0, "python3: \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String]])
    }

    @Test func csvQuotesWhatNeedsQuoting() throws {
        let at = Date(timeIntervalSince1970: 1_536_134_400)  // 2018-09-05 08:00 UTC
        let rows = [
            StoredSafetyRating(
                organisation: "mimer", week: ISOWeek(year: 2018, week: 36), rating: SafetyRating(area: "raby", score: 2),
                messageID: "<a,\"b\"@mimer.example>", receivedAt: at),
            StoredSafetyRating(
                organisation: "rabyskolan", week: ISOWeek(year: 2018, week: 37), rating: SafetyRating(area: "raby", score: 5),
                messageID: nil, receivedAt: at),
        ]
        let csv = SafetyExport.csv(rows)
        #expect(csv.hasPrefix("organisation,week,area,score,message_id,received_at\r\n"))
        #expect(
            try Self.pythonCSV(csv) == [
                SafetyExport.columns,
                ["mimer", "2018-W36", "raby", "2", "<a,\"b\"@mimer.example>", "2018-09-05T08:00:00Z"],
                ["rabyskolan", "2018-W37", "raby", "5", "", "2018-09-05T08:00:00Z"],
            ])
        let lines = try SafetyExport.jsonLines(rows).split(separator: "\n")
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(Set(second.keys) == Set(SafetyExport.columns))
        #expect(second["score"] as? Int == 5 && second["message_id"] is NSNull)
    }

    @Test func exportCommandWritesOneRecordPerRating() throws {
        let dir = try TestSupport.temporaryDirectory()
        let mail = dir.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        let reports: [(String, String, String, String)] = [
            ("1.eml", "anna@mimer.example", "Tue, 28 Aug 2018 08:00:00 +0200", "Inga händelser\nTrygghet Råby: 3\n"),
            (
                "2.eml", "anna@mimer.example", "Tue, 04 Sep 2018 08:00:00 +0200",
                TestSupport.reportBody + "\nTrygghet: 2\nTrygghet Hammarby: 4\n"
            ),
            ("3.eml", "rektor@rabyskolan.example", "Wed, 05 Sep 2018 08:00:00 +0200", "Inga händelser\nTrygghet: 5\n"),
            // Rejected (unknown category): its rating is not exported.
            (
                "4.eml", "anna@mimer.example", "Wed, 05 Sep 2018 09:00:00 +0200",
                TestSupport.reportBody + "\nKategori: klottring\nTrygghet: 1\n"
            ),
        ]
        for (name, from, date, body) in reports {
            let raw = TestSupport.mail(["From: \(from)", "Subject: EST", "Date: \(date)", "Message-ID: <\(name)@x.example>"], body: body)
            try Data(raw).write(to: mail.appendingPathComponent(name))
        }
        let database = dir.appendingPathComponent("est.sqlite").path
        let ingest = try Subprocess.run(binary, ["ingest", "--dir", mail.path, "--database", database, "--config", config])
        #expect(ingest.status == 0, "\(ingest.stdout)\(ingest.stderr)")
        #expect(ingest.stdout.contains("3 accepted, 1 rejected"), "\(ingest.stdout)")

        func export(_ arguments: [String]) throws -> Subprocess.Result {
            try Subprocess.run(binary, ["export", "--what", "safety"] + arguments + ["--database", database, "--config", config])
        }
        let csv = try export(["--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = try Self.pythonCSV(csv.stdout)
        #expect(rows.first == SafetyExport.columns)
        // By week, then arrival; received_at is when ingest stored the file, so only its shape is checked.
        #expect(
            rows.dropFirst().map { Array($0.prefix(5)) } == [
                ["mimer", "2018-W35", "raby", "3", "<1.eml@x.example>"],
                ["mimer", "2018-W36", "hammarby", "4", "<2.eml@x.example>"],
                ["mimer", "2018-W36", "raby", "2", "<2.eml@x.example>"],
                ["rabyskolan", "2018-W36", "raby", "5", "<3.eml@x.example>"],
            ])
        #expect(rows.dropFirst().allSatisfy { $0[5].wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil })

        let jsonl = try export(["--area", "raby", "--from", "2018-09-03", "--to", "2018-09-09"])
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        let records = try jsonl.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(records.map { $0["organisation"] as? String } == ["mimer", "rabyskolan"])
        #expect(records.allSatisfy { $0["week"] as? String == "2018-W36" && $0["area"] as? String == "raby" })
        #expect(records.map { $0["score"] as? Int } == [2, 5])

        let file = dir.appendingPathComponent("safety.csv").path
        let written = try export(["--format", "csv", "--output", file])
        #expect(written.stderr.contains("wrote 4 safety ratings"), "\(written.stderr)")

        let category = try export(["--category", "KLOT"])
        #expect(category.status != 0 && category.stderr.contains("--category"), "\(category.stderr)")
        let incidents = try Subprocess.run(binary, ["export", "--format", "csv", "--database", database, "--config", config])
        #expect(incidents.stdout.hasPrefix("ref,organisation,week,"), "incidents stay the default")
        let help = try Subprocess.run(binary, ["export", "--help"])
        #expect(help.stdout.contains("--what") && help.stdout.contains("safety"), "\(help.stdout)")
    }
}
