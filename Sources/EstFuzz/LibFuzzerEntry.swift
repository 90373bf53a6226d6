#if FUZZING
import Foundation

/// One binary serves every target (one sanitizer link instead of four); EST_FUZZ_TARGET picks it.
private let selected: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["EST_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("est-fuzz: set EST_FUZZ_TARGET to one of \(names)\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutableRawPointer) -> CInt {
    // Choose and load before the first input, so neither counts as that input's time.
    _ = selected
    _ = FuzzContext.pipeline
    _ = FuzzContext.authenticatingPipeline
    _ = FuzzContext.index
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = selected.run(bytes)
    return 0
}
#endif
