import Foundation
import Intake
import Testing

/// The `Trygghet` ratings reach the parse JSON as `safety`, beside `incidents`, for accepted reports only.
@Suite struct SafetyResultTests {
    static let received = Date(timeIntervalSince1970: 1_536_307_200)  // 2018-09-07

    func json(_ body: String, _ id: String) async throws -> (IntakeResult, [String: Any]) {
        let pipeline = TestSupport.pipeline(try await TestSupport.settings())
        let result = pipeline.evaluate(TestSupport.mail(TestSupport.mimerHeaders(messageID: id), body: body), receivedAt: Self.received)
            .result
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any])
        return (result, json)
    }

    @Test func ratingsAreInTheParseJSON() async throws {
        let (result, json) = try await json(TestSupport.reportBody + "\nTrygghet: 2\nTrygghet Hammarby: 4", "safety@mimer.example")
        #expect(result.status == .accepted, "\(result.errors.map(\.message))")
        let safety = try #require(json["safety"] as? [[String: Any]])
        #expect(safety.map { Set($0.keys) } == [["area", "score"], ["area", "score"]])
        #expect(safety.map { $0["area"] as? String } == ["raby", "hammarby"])
        #expect(safety.map { $0["score"] as? Int } == [2, 4])
    }

    @Test func zeroReportCarriesItsRating() async throws {
        let (result, json) = try await json("Inga händelser\nTrygghet Råby: 5\n", "safety-zero@mimer.example")
        #expect(result.status == .accepted && result.zeroReport)
        #expect((json["safety"] as? [[String: Any]])?.first?["score"] as? Int == 5)
    }

    @Test func theKeyIsAlwaysPresent() async throws {
        let (plain, plainJSON) = try await json(TestSupport.reportBody, "safety-none@mimer.example")
        #expect(plain.status == .accepted)
        #expect((plainJSON["safety"] as? [Any])?.isEmpty == true, "an empty list when there is no Trygghet line")
        // A rejected report stores nothing, its ratings neither.
        let (rejected, rejectedJSON) = try await json(
            TestSupport.reportBody + "\nTrygghet: 2\nKategori: klottring", "safety-bad@mimer.example")
        #expect(rejected.status == .rejected)
        #expect((rejectedJSON["safety"] as? [Any])?.isEmpty == true)
    }
}
