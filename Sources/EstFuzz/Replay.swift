#if !FUZZING
import Foundation

/// The ordinary build's entry: runs kept inputs through the same targets libFuzzer drives, one
/// line per input, so a crash or a hang found under the sanitizers is replayed without them.
@main
struct Replay {
    static let usage = """
        usage: est-fuzz TARGET PATH...     run each file (folders: their files) through TARGET
               est-fuzz report-seeds DIR EML...   write each mail's readable body to DIR (the report target's seeds)
        targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))
        """

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let first = arguments.first, arguments.count >= 2 else { fail(usage) }
        if first == "report-seeds" {
            do { try ReportSeeds.write(to: arguments[1], from: Array(arguments.dropFirst(2))) } catch { fail("est-fuzz: \(error)") }
            return
        }
        guard let target = FuzzTarget(rawValue: first) else { fail("est-fuzz: no target \(first)\n\(usage)") }
        for path in arguments.dropFirst() {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else { fail("est-fuzz: cannot read \(file)") }
                print("\(file): \(target.run([UInt8](data)))")
            }
        }
    }

    /// A folder's regular files in name order, without dot files and READMEs.
    static func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { fail("est-fuzz: no such file \(path)") }
        guard isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasPrefix("README") }.sorted().map { "\(path)/\($0)" }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }
}
#endif
