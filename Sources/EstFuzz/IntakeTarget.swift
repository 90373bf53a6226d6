import Foundation
import Intake

enum IntakeTarget {
    static func run(_ bytes: [UInt8]) -> String {
        // Without an authserv-id the Authentication-Results check is off, with one every mail lacking
        // our header is quarantined: a mail that names the header is read with it, as in the corpus.
        let pipeline = mentionsAuthentication(bytes) ? FuzzContext.authenticatingPipeline : FuzzContext.pipeline
        let outcome = pipeline.evaluate(bytes, receivedAt: FuzzContext.receivedAt)
        let result = outcome.result
        // The JSON is what `parse` prints and what storage keeps: a result that cannot be encoded is a bug.
        let json: Data
        do { json = try JSONEncoder().encode(result) } catch { preconditionFailure("result cannot be encoded: \(error)") }
        switch result.status {
        case .accepted:
            precondition(result.errors.isEmpty, "accepted with errors")
            precondition(result.zeroReport || !result.incidents.isEmpty, "accepted without incidents or a zero report")
        case .rejected, .ignored, .quarantined:
            precondition(result.incidents.isEmpty, "\(result.status) with incidents")
        }
        return "\(result.status.rawValue) reason=\(result.reason ?? "-") incidents=\(result.incidents.count) "
            + "errors=\(result.errors.count) warnings=\(result.warnings.count) json=\(json.count)B"
    }

    static let marker = Array("Authentication-Results".utf8)

    static func mentionsAuthentication(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= marker.count else { return false }
        return (0...(bytes.count - marker.count)).contains { start in
            bytes[start] == marker[0] && bytes[start..<(start + marker.count)].elementsEqual(marker)
        }
    }
}
