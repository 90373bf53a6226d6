import Foundation
import MailServerHarness
import Testing
@testable import MIME

/// Our reader against Python's `email` package (policy=default) on the shared fixture corpus:
/// subject, From and the body Python's get_body(('plain', 'html')) picks must agree.
@Suite struct CorpusDifferentialTests {
    struct PyAddress: Decodable { var name: String; var address: String }
    struct PyDump: Decodable {
        var file: String
        var subject: String?
        var from: [PyAddress]?
        var body: String?
    }

    /// Where we deliberately read differently from Python, per file and field, with the reason.
    static let exemptions: [String: [String: String]] = [:]

    static var repositoryRoot: URL {
        // The dev package reaches this file through a symlink; the corpus lives in the real tree.
        var path = #filePath
        if let resolved = realpath(path, nil) {
            path = String(cString: resolved)
            free(resolved)
        }
        return URL(fileURLWithPath: path)
            .deletingLastPathComponent()  // MIMETests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository
    }

    static func normaliseBody(_ s: String) -> String {
        let lf = s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = lf.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            var l = line
            while let last = l.last, last == " " || last == "\t" { l = l.dropLast() }
            return l
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    static func runPython(script: URL, directory: URL) throws -> [PyDump] {
        let python = try Subprocess.run("/usr/bin/env", ["python3", script.path, directory.path])
        #expect(python.status == 0, "pydump.py exited with \(python.status): \(python.stderr)")
        let decoder = JSONDecoder()
        return try Data(python.stdout.utf8).split(separator: UInt8(ascii: "\n")).filter { !$0.isEmpty }.map {
            try decoder.decode(PyDump.self, from: Data($0))
        }
    }

    @Test func corpusAgreesWithPythonEmail() throws {
        let root = Self.repositoryRoot
        // Overrides let a developer point the test at a freshly generated corpus.
        let env = ProcessInfo.processInfo.environment
        let messages = env["MIME_CORPUS_MESSAGES"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent("Tests/Corpus/messages")
        let script = env["MIME_CORPUS_PYDUMP"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent("scripts/corpus/pydump.py")
        let fm = FileManager.default
        // Missing corpus is a failure, not a skip: this test is the reader's contract with Python.
        try #require(fm.fileExists(atPath: messages.path), "corpus missing at \(messages.path)")
        try #require(fm.fileExists(atPath: script.path), "pydump.py missing at \(script.path)")
        let files = try fm.contentsOfDirectory(atPath: messages.path).filter { $0.hasSuffix(".eml") }.sorted()
        try #require(!files.isEmpty, "no .eml files in \(messages.path)")

        let dumps = try Self.runPython(script: script, directory: messages)
        #expect(dumps.count == files.count, "pydump.py printed \(dumps.count) records for \(files.count) files")
        let byFile = Dictionary(dumps.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        for file in files {
            let exempt = Self.exemptions[file] ?? [:]
            guard let py = byFile[file] else {
                Issue.record("pydump.py printed nothing for \(file)")
                continue
            }
            let data = try Data(contentsOf: messages.appendingPathComponent(file))
            let message = try MailMessage.parse([UInt8](data))

            if exempt["subject"] == nil {
                #expect(message.subject == py.subject, "subject of \(file)")
            }
            if exempt["from"] == nil {
                let ours = message.from?.map { [$0.displayName ?? "", $0.address] }
                let theirs = py.from.flatMap { $0.isEmpty ? nil : $0.map { [$0.name, $0.address] } }
                #expect(ours == theirs, "from of \(file)")
            }
            if exempt["body"] == nil {
                let ours = message.preferredTextPart()?.decodedText(unwrapFlowed: false).map(Self.normaliseBody)
                let theirs = py.body.map(Self.normaliseBody)
                #expect(ours == theirs, "body of \(file)")
            }
        }
    }
}
