import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct HarnessError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Free TCP ports on 127.0.0.1, found by binding port 0. All sockets are held until every port is
/// known, so the ports are distinct; a small race with other processes remains (start retries).
public func freeLoopbackPorts(_ count: Int) throws -> [Int] {
    var fds: [Int32] = []
    defer { fds.forEach { close($0) } }
    var ports: [Int] = []
    for _ in 0..<count {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed") }
        fds.append(fd)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw HarnessError("bind() failed") }
        var out = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &out) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        ports.append(Int(UInt16(bigEndian: out.sin_port)))
    }
    return ports
}

/// A blocking line-oriented TCP client with timeouts (for readiness probes, SMTP and LMTP).
public final class LineConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []

    public init(host: String = "127.0.0.1", port: Int, timeout: TimeInterval = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed") }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: __suseconds_t((timeout - floor(timeout)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr(host)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 {
            let err = errno
            // No close here: a class whose stored properties are all set runs its deinit when its
            // initialiser throws, and a second close could hit a descriptor another thread has just
            // opened (seen as EBADF writing a Maildir file while a readiness probe failed).
            throw HarnessError("connect to \(host):\(port) failed: \(String(cString: strerror(err)))")
        }
    }

    deinit { close(fd) }

    /// One line without its CRLF.
    public func readLine() throws -> String {
        while true {
            if let lf = buffer.firstIndex(of: 10) {
                var line = Array(buffer[..<lf])
                buffer.removeSubrange(...lf)
                if line.last == 13 { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { throw HarnessError("connection closed or timed out while reading") }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    /// A complete SMTP/LMTP reply (continuation lines "250-" joined), returning the code and text.
    public func readReply() throws -> (code: Int, text: String) {
        var lines: [String] = []
        while true {
            let line = try readLine()
            lines.append(line)
            if line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] != "-" {
                return (Int(line.prefix(3)) ?? 0, lines.joined(separator: "\n"))
            }
        }
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { throw HarnessError("send failed") }
            offset += n
        }
    }
}

/// Sends one message over SMTP or LMTP (dot-stuffed, CRLF line ends) and returns the final reply per
/// recipient for LMTP, or the single final reply for SMTP.
enum SimpleSMTP {
    static func send(
        port: Int, lmtp: Bool, from: String, to recipients: [String], message: [UInt8],
        helo: String = "harness.test.local"
    ) throws -> [(code: Int, text: String)] {
        let c = try LineConnection(port: port, timeout: 10)
        let greeting = try c.readReply()
        guard greeting.code == 220 else { throw HarnessError("greeting: \(greeting.text)") }
        try c.send("\(lmtp ? "LHLO" : "EHLO") \(helo)\r\n")
        _ = try c.readReply()
        try c.send("MAIL FROM:<\(from)>\r\n")
        let mail = try c.readReply()
        guard mail.code == 250 else { throw HarnessError("MAIL FROM: \(mail.text)") }
        var accepted = 0
        var replies: [(Int, String)] = []
        for r in recipients {
            try c.send("RCPT TO:<\(r)>\r\n")
            let reply = try c.readReply()
            if reply.code == 250 { accepted += 1 } else { replies.append(reply) }
        }
        guard accepted > 0 else { try? c.send("QUIT\r\n"); return replies }
        try c.send("DATA\r\n")
        let data = try c.readReply()
        guard data.code == 354 else { throw HarnessError("DATA: \(data.text)") }
        try c.send(dotStuffed(message))
        for _ in 0..<(lmtp ? accepted : 1) { replies.append(try c.readReply()) }
        try? c.send("QUIT\r\n")
        return replies
    }

    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + 64)
        var atLineStart = true
        var i = 0
        while i < message.count {
            let b = message[i]
            if atLineStart && b == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            if b == 10 && (i == 0 || message[i - 1] != 13) { out.append(13) }
            out.append(b)
            atLineStart = b == 10
            i += 1
        }
        if !(out.count >= 2 && out[out.count - 2] == 13 && out[out.count - 1] == 10) { out += [13, 10] }
        out += Array(".\r\n".utf8)
        return out
    }
}

/// A TCP server on 127.0.0.1 that answers each received line through a closure, for failure-mode
/// tests (a server that never answers; an IMAP server without STARTTLS). Runs on its own thread.
public final class ScriptedLineServer: @unchecked Sendable {
    public let port: Int
    private let listenFD: Int32
    private let lock = NSLock()
    private var stopped = false
    private var clients: [Int32] = []

    /// - greeting: sent on connect (nil: send nothing).
    /// - respond: the reply to a line (without CRLF), nil to stay silent; return "" to close.
    public init(greeting: String?, respond: @escaping @Sendable (String) -> String?) throws {
        let listenFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listenFD >= 0 else { throw HarnessError("socket() failed") }
        var one: Int32 = 1
        setsockopt(listenFD, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listenFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listenFD, 16) == 0 else { close(listenFD); throw HarnessError("bind/listen failed") }
        var out = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &out) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listenFD, $0, &len) }
        }
        self.listenFD = listenFD
        port = Int(UInt16(bigEndian: out.sin_port))
        let fd = listenFD
        let thread = Thread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                lock.lock()
                if stopped { lock.unlock(); close(client); return }
                clients.append(client)
                lock.unlock()
                Thread.detachNewThread { Self.serve(client, greeting: greeting, respond: respond) }
            }
        }
        thread.start()
    }

    private static func serve(_ fd: Int32, greeting: String?, respond: @Sendable (String) -> String?) {
        func write(_ s: String) {
            let bytes = Array(s.utf8); _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        if let greeting { write(greeting) }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return }
            buffer.append(contentsOf: chunk[..<n])
            while let lf = buffer.firstIndex(of: 10) {
                var line = Array(buffer[..<lf])
                buffer.removeSubrange(...lf)
                if line.last == 13 { line.removeLast() }
                guard let reply = respond(String(decoding: line, as: UTF8.self)) else { continue }
                if reply.isEmpty { shutdown(fd, Int32(SHUT_RDWR)); return }
                write(reply)
            }
        }
    }

    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        let open = clients
        clients = []
        lock.unlock()
        guard !wasStopped else { return }
        shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
        for c in open { shutdown(c, Int32(SHUT_RDWR)); close(c) }
    }

    deinit { stop() }
}
