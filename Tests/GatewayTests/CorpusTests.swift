import Foundation
import Intake
import Testing

/// Every fixture in Tests/Corpus read with the example configuration must give the result its
/// expected JSON (written from the spec, independently of the parser) describes.
@Suite struct CorpusTests {
    static let messages = TestSupport.corpus.appendingPathComponent("messages")
    static let expected = TestSupport.corpus.appendingPathComponent("expected")

    static var fixtureNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: messages.path)) ?? []
        return names.filter { $0.hasSuffix(".eml") }.sorted()
    }

    @Test func corpusIsLargeEnough() {
        #expect(Self.fixtureNames.count >= 40, "the corpus must hold at least 40 messages")
    }

    @Test(arguments: fixtureNames)
    func fixtureGivesExpectedResult(_ name: String) async throws {
        let expectedURL = Self.expected.appendingPathComponent(name.replacingOccurrences(of: ".eml", with: ".json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as? [String: Any])
        var environment: [String: String] = [:]
        if let overrides = expected["config"] as? [String: Any], let authserv = overrides["authserv_id"] as? String {
            environment["AUTHENTICATION_AUTHSERV_ID"] = authserv
        }
        let pipeline = TestSupport.pipeline(try await TestSupport.settings(environment))
        let raw = try [UInt8](Data(contentsOf: Self.messages.appendingPathComponent(name)))
        // Fixtures carry Date headers; receipt time only matters for those that do not.
        let receivedAt = ISO8601DateFormatter().date(from: "2018-09-05T12:00:00Z")!
        let result = pipeline.evaluate(raw, receivedAt: receivedAt).result
        let actualData = try JSONEncoder().encode(result)
        let actual = try #require(try JSONSerialization.jsonObject(with: actualData) as? [String: Any])

        for key in ["status", "reason", "message_id", "sender", "organisation", "zero_report", "week"] where expected.keys.contains(key) {
            #expect(
                Self.same(actual[key], expected[key]),
                "\(name): \(key) is \(String(describing: actual[key])), expected \(String(describing: expected[key]))")
        }
        let actualIncidents = actual["incidents"] as? [[String: Any]] ?? []
        let expectedIncidents = expected["incidents"] as? [[String: Any]] ?? []
        #expect(
            actualIncidents.count == expectedIncidents.count,
            "\(name): \(actualIncidents.count) incidents, expected \(expectedIncidents.count); errors: \(result.errors.map(\.message))")
        for (index, (a, e)) in zip(actualIncidents, expectedIncidents).enumerated() {
            for (key, value) in e {
                #expect(
                    Self.same(a[key], value), "\(name): incident \(index + 1) \(key) is \(String(describing: a[key])), expected \(value)")
            }
        }
        for list in ["errors", "warnings"] where expected.keys.contains(list) {
            let want = (expected[list] as? [[String: Any]] ?? []).map(Self.locator).sorted()
            let got = (actual[list] as? [[String: Any]] ?? [])
            // Compare on what the expectation names: incident and field always, line where given.
            let gotLocators = got.map { g -> String in
                Self.locator(g)
            }.sorted()
            let wantHasLines = (expected[list] as? [[String: Any]] ?? []).allSatisfy { $0["line"] != nil }
            let gotComparable =
                wantHasLines
                ? gotLocators
                : got.map {
                    var g = $0; g["line"] = nil; return Self.locator(g)
                }.sorted()
            let wantComparable =
                wantHasLines
                ? want
                : (expected[list] as? [[String: Any]] ?? []).map {
                    var e = $0; e["line"] = nil; return Self.locator(e)
                }.sorted()
            #expect(
                gotComparable == wantComparable,
                "\(name): \(list) \(got.map { "\($0["incident"] ?? "-")/\($0["field"] ?? "-")/\($0["line"] ?? "-"): \($0["message"] ?? "")" })"
            )
        }
        if let want = expected["defects"] as? [[String: Any]] {
            // A multiset of part and code; the description text is not fixed.
            let key = { (d: [String: Any]) in "\(d["part"] as? String ?? "?")|\(d["code"] as? String ?? "?")" }
            let got = actual["defects"] as? [[String: Any]] ?? []
            #expect(
                got.map(key).sorted() == want.map(key).sorted(), "\(name): defects \(got.map { "\(key($0)): \($0["description"] ?? "")" })")
        }
    }

    static func locator(_ d: [String: Any]) -> String {
        func text(_ v: Any?) -> String {
            switch v {
            case nil, is NSNull: return "-"
            case let n as NSNumber: return n.stringValue
            case let s as String: return s.precomposedStringWithCanonicalMapping
            default: return "\(v!)"
            }
        }
        return "\(text(d["incident"]))|\(text(d["field"]))|\(text(d["line"]))"
    }

    /// JSON equality that treats null and a missing key alike and numbers by value.
    static func same(_ a: Any?, _ b: Any?) -> Bool {
        switch (a, b) {
        case (nil, nil), (nil, is NSNull), (is NSNull, nil), (is NSNull, is NSNull): return true
        case (let x as String, let y as String): return x.precomposedStringWithCanonicalMapping == y.precomposedStringWithCanonicalMapping
        case (let x as NSNumber, let y as NSNumber): return x.doubleValue == y.doubleValue
        case (let x as [Any], let y as [Any]): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (let x as [String: Any], let y as [String: Any]):
            return Set(x.keys).union(y.keys).allSatisfy { same(x[$0], y[$0]) }
        default: return false
        }
    }
}
