#if !FUZZING
import Foundation
import Intake
import MIME

/// The report target's seeds are the corpus mails' bodies as the pipeline hands them to the
/// parser (decoded, HTML as text, a forwarded message's own body), not their raw bytes.
enum ReportSeeds {
    static func write(to folder: String, from mails: [String]) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for path in mails {
            guard let data = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
            let message = try MailMessage.parse([UInt8](data))
            let text = ReportSource(message).text
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + ".txt"
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
    }
}
#endif
