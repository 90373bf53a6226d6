import Foundation
import MailServerHarness
import Testing

/// Runs the real `est-gateway` executable the way an operator would.
@Suite struct CommandLineTests {
    let binary = TestSupport.gatewayBinary
    let config = TestSupport.exampleConfig

    func write(_ bytes: [UInt8], _ name: String, in dir: URL) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func parsePrintsTheResultJSON() throws {
        let dir = try TestSupport.temporaryDirectory()
        let file = try write(
            TestSupport.mail(
                [
                    "From: Anna <anna@mimer.example>", "Subject: EST v.36", "Date: Tue, 04 Sep 2018 08:00:00 +0200",
                    "Message-ID: <p@mimer.example>",
                ], body: TestSupport.reportBody), "report.eml", in: dir)
        let result = try Subprocess.run(binary, ["parse", file, "--config", config])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(json["status"] as? String == "accepted")
        #expect(json["organisation"] as? String == "mimer")
        #expect(json["week"] as? String == "2018-W36")
        #expect(json["reason"] is NSNull)
        let incidents = json["incidents"] as! [[String: Any]]
        #expect(incidents.first?["categories"] as? [String] == ["KLOT"])
        #expect((json["safety"] as? [Any])?.isEmpty == true, "safety is always there, beside incidents")
    }

    @Test func parseExitCodesMeanSomething() throws {
        let missing = try Subprocess.run(binary, ["parse", "/nonexistent.eml", "--config", config])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("does not exist"))
        let dir = try TestSupport.temporaryDirectory()
        let file = try write(Array("x".utf8), "x.eml", in: dir)
        let badConfig = try Subprocess.run(binary, ["parse", file, "--config", "/nonexistent.yaml"])
        #expect(badConfig.status == 2)
        let garbage = try Subprocess.run(binary, ["parse", file, "--config", config])
        #expect(garbage.status == 0, "any readable file gives a result")
        #expect(garbage.stdout.contains("\"status\""))
    }

    /// Bad input of every kind is stored with a clear status, and ingest goes on with the next file.
    @Test func ingestSurvivesBadInputAndIsIdempotent() throws {
        let dir = try TestSupport.temporaryDirectory()
        let mail = dir.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        let good = TestSupport.mail(
            [
                "From: anna@mimer.example", "Subject: EST", "Date: Tue, 04 Sep 2018 08:00:00 +0200", "Message-ID: <g@mimer.example>",
            ], body: TestSupport.reportBody)
        let other = TestSupport.mail(
            [
                "From: anna@mimer.example", "Subject: EST", "Date: Tue, 04 Sep 2018 08:00:00 +0200", "Message-ID: <t@mimer.example>",
            ], body: TestSupport.reportBody)
        _ = try write(Array(other.prefix(other.count / 2)), "1-truncated.eml", in: mail)
        var random = SystemRandomNumberGenerator()
        _ = try write((0..<20_000).map { _ in UInt8.random(in: 0...255, using: &random) }, "2-garbage.eml", in: mail)
        var huge = TestSupport.mail(["From: anna@mimer.example", "Subject: stor bilaga"], body: "")
        huge += [UInt8](repeating: UInt8(ascii: "A"), count: 50_000_000)
        _ = try write(huge, "3-50MB.eml", in: mail)
        var deep = "From: anna@mimer.example\r\nSubject: djup\r\nMIME-Version: 1.0\r\n"
        for level in 0..<1000 { deep += "Content-Type: multipart/mixed; boundary=\"b\(level)\"\r\n\r\n--b\(level)\r\n" }
        deep += "Content-Type: text/plain\r\n\r\nhej\r\n"
        _ = try write(Array(deep.utf8), "4-deep.eml", in: mail)
        _ = try write(good, "5-good.eml", in: mail)

        let database = dir.appendingPathComponent("est.sqlite").path
        let first = try Subprocess.run(binary, ["ingest", "--dir", mail.path, "--database", database, "--config", config])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("3-50MB.eml: quarantined (oversized)"), "\(first.stdout)")
        #expect(first.stdout.contains("4-deep.eml: quarantined (mime-too-deep)"), "\(first.stdout)")
        #expect(first.stdout.contains("5-good.eml: accepted EST-2018-000001"), "\(first.stdout)")
        #expect(first.stdout.contains("0 duplicate, 0 failed, 1 incidents stored"), "\(first.stdout)")

        let again = try Subprocess.run(binary, ["ingest", "--dir", mail.path, "--database", database, "--config", config])
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 accepted, 0 rejected, 0 ignored, 0 quarantined, 5 duplicate"), "\(again.stdout)")

        let unreadable = try Subprocess.run(
            binary,
            [
                "ingest", "/nonexistent.eml", mail.appendingPathComponent("5-good.eml").path,
                "--database", database, "--config", config,
            ])
        #expect(unreadable.status == 1, "a file that cannot be read makes the run fail, after the others")
        #expect(unreadable.stdout.contains("5-good.eml: duplicate"))

        let csv = try Subprocess.run(binary, ["export", "--format", "csv", "--database", database, "--config", config])
        #expect(csv.status == 0)
        #expect(csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 2)
        let badArea = try Subprocess.run(binary, ["export", "--area", "mars", "--database", database, "--config", config])
        #expect(badArea.status != 0)
        #expect(badArea.stderr.contains("raby"))
    }
}
