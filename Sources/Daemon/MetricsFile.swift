import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes the metrics where node_exporter's textfile collector reads them. The collector may read at
/// any moment, so the text goes to a temporary name in the same folder and is renamed over the old
/// file: a scrape sees the previous figures or the new ones, never half of either.
public struct MetricsFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public func write(_ text: String) throws(MetricsFileError) {
        // Not ending in .prom, so that the collector skips it even if we die before the rename.
        let temporary = "\(path).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw MetricsFileError(path: path, errno: errno) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let code = errno
                close(descriptor)
                unlink(temporary)
                throw MetricsFileError(path: path, errno: code)
            }
            written += n
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw MetricsFileError(path: path, errno: code)
        }
    }
}

public struct MetricsFileError: Error, CustomStringConvertible {
    public var path: String
    public var errno: Int32

    public var description: String {
        "cannot write the metrics file \(path): \(String(cString: strerror(errno))); check that the folder exists and the gateway's user may write to it (metrics.textfile)"
    }
}
