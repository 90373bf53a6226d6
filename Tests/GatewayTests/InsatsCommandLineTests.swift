import Foundation
import MailServerHarness
import Testing

/// `est-gateway insats add|change|list|show` through the real binary.
@Suite struct InsatsCommandLineTests {
    let binary = TestSupport.gatewayBinary

    func run(_ arguments: [String], database: String) throws -> Subprocess.Result {
        try Subprocess.run(binary, ["insats"] + arguments + ["--config", TestSupport.exampleConfig, "--database", database])
    }

    @Test func theOperatorRegistersChangesAndReadsInsatser() throws {
        let database = try TestSupport.temporaryDirectory().appendingPathComponent("est.sqlite").path
        let added = try run(
            [
                "add", "--title", "Belysning i gångtunneln", "--area", "Hammarby", "--category", "PLTS", "--category", "otrygg plats",
                "--start", "2018-10-01", "--place", "Gångtunneln vid Hammarby centrum",
            ], database: database)
        #expect(added.status == 0, "\(added.stderr)")
        let reference = try #require(
            added.stdout.split(separator: " ").last.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(reference.hasPrefix("INS-") && reference.count == 13, "\(added.stdout)")

        let bad = try run(["add", "--title", "x", "--area", "Hammarbi", "--start", "sen"], database: database)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("unknown area \"Hammarbi\"") && bad.stderr.contains("could not read the date \"sen\""), "\(bad.stderr)")

        let file = try TestSupport.temporaryDirectory().appendingPathComponent("change.txt")
        try "Status: avbruten\nSlut: 2018-10-20\n".write(to: file, atomically: true, encoding: .utf8)
        let changed = try run(["change", reference.lowercased(), "--file", file.path], database: database)
        #expect(changed.status == 0 && changed.stdout.contains("version 2"), "\(changed.stdout) \(changed.stderr)")
        let earlyEnd = try run(["change", reference, "--end", "2018-09-01"], database: database)
        #expect(earlyEnd.status == 1 && earlyEnd.stderr.contains("before the start"), "\(earlyEnd.stderr)")

        let list = try run(["list"], database: database)
        #expect(list.stdout.contains("\(reference)  avbruten") && list.stdout.contains("2018-10-01–2018-10-20"), "\(list.stdout)")
        let show = try run(["show", reference], database: database)
        #expect(show.stdout.contains("categories:  PLTS") && show.stdout.contains("changed Slut, Status by operator"), "\(show.stdout)")
        let unknown = try run(["show", "INS-2018-0999"], database: database)
        #expect(unknown.status == 1 && unknown.stderr.contains("no insats INS-2018-0999"))
        #expect(try run(["show", "nonsense"], database: database).status == 64)

        let json = try run(["effect", reference, "--format", "json", "--until", "2018-W44"], database: database)
        #expect(json.status == 0, "\(json.stderr)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(figures["reference"] as? String == reference, "\(figures.keys.sorted())")
        let text = try run(["effect", reference, "--until", "2018-W44", "--language", "en"], database: database)
        #expect(text.status == 0 && text.stdout.contains(reference) && !text.stdout.contains("effect of"), "\(text.stdout)")
        let html = try run(["effect", reference, "--format", "html"], database: database)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"), "\(html.stdout.prefix(80))")
    }
}
