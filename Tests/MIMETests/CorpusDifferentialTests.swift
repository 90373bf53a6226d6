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
        var defects: [String]?
    }

    /// Our defect codes that mean what one of Python's defect classes means; the others (charsets,
    /// 8-bit headers, unknown encodings) Python does not record, or records differently.
    static let pythonDefects: [String: String] = [
        "missing-closing-boundary": "CloseBoundaryNotFoundDefect",
        "boundary-not-found": "StartBoundaryNotFoundDefect",
        "missing-boundary-parameter": "NoBoundaryInMultipartDefect",
        "missing-header-body-separator": "MissingHeaderBodySeparatorDefect",
        "header-continuation-without-field": "FirstHeaderLineIsContinuationDefect",
        "invalid-base64-characters": "InvalidBase64CharactersDefect",
        "invalid-base64-padding": "InvalidBase64PaddingDefect",
    ]

    /// Each mapped kind is present in both readings or in neither.
    static func compareDefects(_ message: MailMessage, _ py: PyDump, _ file: String) {
        let ours = Set(message.defects.map(\.defect.code))
        let theirs = Set(py.defects ?? [])
        for (code, pythonName) in pythonDefects.sorted(by: { $0.key < $1.key }) {
            #expect(ours.contains(code) == theirs.contains(pythonName), "\(file): \(code) ours \(ours.sorted()), Python \(theirs.sorted())")
        }
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
        let messages =
            env["MIME_CORPUS_MESSAGES"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent("Tests/Corpus/messages")
        let script =
            env["MIME_CORPUS_PYDUMP"].map { URL(fileURLWithPath: $0) }
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
            if exempt["defects"] == nil {
                Self.compareDefects(message, py, file)
            }
        }
    }

    /// Broken mail built here, one kind of damage each: the defects Python records must be ours.
    static let brokenMail: [String: String] = [
        "closing.eml": "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nhej\n",
        "start.eml": "Content-Type: multipart/mixed; boundary=b\n\n--c\n\nhej\n",
        "noboundary.eml": "Content-Type: multipart/mixed\n\n--b\n\nhej\n",
        "separator.eml": "Subject: x\nthis is the body\n",
        "continuation.eml": " folded\nSubject: x\n\nhej\n",
        "base64chars.eml": "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nQU*JD\n",
        "base64padding.eml": "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nQUJDRA\n",
        "clean.eml": "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Transfer-Encoding: base64\n\nQUJD\n--b--\n",
    ]

    @Test func brokenMailDefectsAgreeWithPythonEmail() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("defects-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in Self.brokenMail {
            try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: directory.appendingPathComponent(name))
        }
        let script = Self.repositoryRoot.appendingPathComponent("scripts/corpus/pydump.py")
        let dumps = try Self.runPython(script: script, directory: directory)
        #expect(dumps.count == Self.brokenMail.count)
        for py in dumps {
            let text = try #require(Self.brokenMail[py.file])
            let message = try MailMessage.parse(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
            // Every file but the clean one shows its damage, so the comparison cannot pass on empty lists.
            #expect((py.file == "clean.eml") == message.defects.isEmpty, "\(py.file): \(message.defects)")
            Self.compareDefects(message, py, py.file)
        }
    }
}
