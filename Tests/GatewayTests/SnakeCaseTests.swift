import Testing

@testable import Storage

/// The records' column names, converted once each instead of by GRDB on every row written.
@Suite struct SnakeCaseTests {
    @Test(arguments: [
        ("placeType", "place_type"), ("nextAttemptAt", "next_attempt_at"), ("messageId", "message_id"),
        ("messageID", "message_id"), ("URLString", "url_string"), ("ref", "ref"), ("timeOfDay", "time_of_day"),
        ("a2B", "a2_b"),
    ])
    func propertiesBecomeTheSchemasColumns(_ property: String, _ column: String) {
        #expect(SnakeCase.convert(property) == column)
        #expect(SnakeCase.column(property) == column)
    }
}
