/// The differential tests' peer. A missing scipy fails the test that needs it, with the fix in the message:
/// skipping would let the comparison silently stop being made.
enum Scipy {
    static func run(_ script: String, input: String) throws -> String {
        do {
            _ = try Python.run("import scipy", input: "")
        } catch {
            throw Python.Failure(description: "scipy is missing; run scripts/setup (it installs python3-scipy). \(error)")
        }
        return try Python.run(script, input: input)
    }

    /// Whitespace-separated numbers per line, as Python's repr prints floats ("inf" included).
    static func rows(_ output: String) -> [[Double]] {
        output.split(separator: "\n").map { $0.split(separator: " ").map { Double($0) ?? .nan } }
    }
}
