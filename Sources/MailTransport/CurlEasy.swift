import CCurl
import Foundation
import Synchronization

/// Time limits for one transfer. libcurl enforces them; a breach ends as `TransportError.timeout`.
public struct TransportTimeouts: Sendable, Equatable {
    /// TCP connect plus TLS handshake.
    public var connect: Duration
    /// How long to wait for each server response (IMAP/SMTP are request/response protocols).
    public var serverResponse: Duration
    /// Abort when fewer than `lowSpeedLimit` bytes per second arrive for `lowSpeedTime`.
    public var lowSpeedTime: Duration
    public var lowSpeedLimit: Int
    /// Upper bound for a whole transfer (a batched FETCH of large messages included); nil: none.
    public var total: Duration?

    public init(
        connect: Duration = .seconds(15), serverResponse: Duration = .seconds(60),
        lowSpeedTime: Duration = .seconds(60), lowSpeedLimit: Int = 1,
        total: Duration? = .seconds(600)
    ) {
        self.connect = connect
        self.serverResponse = serverResponse
        self.lowSpeedTime = lowSpeedTime
        self.lowSpeedLimit = lowSpeedLimit
        self.total = total
    }
}

/// Whether TLS is required on a URL whose scheme does not imply it (imap://, smtp://).
public enum STARTTLSPolicy: Sendable, Equatable {
    /// Plaintext (allowed only with `allowInsecureTransport`).
    case none
    /// STARTTLS or fail (`CURLUSESSL_ALL`).
    case required
}

/// One libcurl transfer, described as values. Secrets are only held here for the duration of the call.
public struct CurlRequest: Sendable {
    public var url: String
    /// Comma-separated protocol names libcurl may use for this URL (e.g. "imap,imaps").
    public var protocols: String
    public var customRequest: String?
    public var username: String?
    public var password: String?
    public var bearerToken: String?
    public var loginOptions: String?
    public var caFile: String?
    public var startTLS: STARTTLSPolicy
    /// Bytes to upload (SMTP DATA); nil for no upload.
    public var upload: [UInt8]?
    /// Called once, on the transfer's thread, when libcurl has taken the last byte of `upload`: the
    /// whole message went out, and only the server's answer is still to come.
    public var uploadFinished: (@Sendable () -> Void)?
    public var mailFrom: String?
    public var mailRecipients: [String]
    public var timeouts: TransportTimeouts
    /// Do not reuse a cached connection (used after an error, so no stale state survives it).
    public var freshConnection: Bool
    public var verbose: Bool

    public init(
        url: String, protocols: String, customRequest: String? = nil,
        username: String? = nil, password: String? = nil, bearerToken: String? = nil,
        loginOptions: String? = nil, caFile: String? = nil, startTLS: STARTTLSPolicy = .required,
        upload: [UInt8]? = nil, uploadFinished: (@Sendable () -> Void)? = nil, mailFrom: String? = nil,
        mailRecipients: [String] = [],
        timeouts: TransportTimeouts = TransportTimeouts(), freshConnection: Bool = false,
        verbose: Bool = false
    ) {
        self.url = url
        self.protocols = protocols
        self.customRequest = customRequest
        self.username = username
        self.password = password
        self.bearerToken = bearerToken
        self.loginOptions = loginOptions
        self.caFile = caFile
        self.startTLS = startTLS
        self.upload = upload
        self.uploadFinished = uploadFinished
        self.mailFrom = mailFrom
        self.mailRecipients = mailRecipients
        self.timeouts = timeouts
        self.freshConnection = freshConnection
        self.verbose = verbose
    }
}

/// What a transfer produced: the libcurl result code, the body (write callback), every server
/// response line (header callback: for IMAP and SMTP libcurl passes all response lines there,
/// including the literal bytes of custom FETCH responses), the last response code and the error text.
public struct CurlResult: Sendable {
    public var code: Int
    public var body: [UInt8]
    public var header: [UInt8]
    public var responseCode: Int
    public var errorMessage: String
    public var duration: Duration

    public var succeeded: Bool { code == Int(CURLE_OK.rawValue) }
}

/// Owns one libcurl easy handle (so connections are reused between calls) and runs its blocking
/// calls on a dedicated thread of its own, never on Swift's cooperative pool.
public final class CurlEasy: @unchecked Sendable {
    private let worker: CurlWorker
    private let handle: CurlHandle

    public init(label: String) throws(TransportError) {
        CurlGlobal.initialize()
        guard let raw = curl_easy_init() else {
            throw .other(curlCode: -1, detail: "curl_easy_init failed")
        }
        handle = CurlHandle(raw)
        worker = CurlWorker(name: label)
    }

    deinit {
        let handle = self.handle
        worker.finish { handle.cleanup() }
    }

    /// Runs the transfer on the handle's thread. Cancelling the calling task aborts the transfer
    /// (through libcurl's progress callback, within about a second).
    public func perform(_ request: CurlRequest) async -> CurlResult {
        let sink = TransferSink(upload: request.upload ?? [], finished: request.uploadFinished)
        let handle = self.handle
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<CurlResult, Never>) in
                worker.submit {
                    continuation.resume(returning: handle.perform(request, sink: sink))
                }
            }
        } onCancel: {
            sink.cancelled.store(true, ordering: .relaxed)
        }
    }
}

/// curl_global_init, exactly once per process.
enum CurlGlobal {
    private static let once: Void = {
        _ = est_curl_global_init_default()
        // OpenSSL frees its state in an exit handler it registered inside curl_global_init. A handle
        // still closing its TLS connection on its worker thread then (the last client released just
        // before exit) used freed memory and crashed the process at exit, now and then. Handlers run
        // in reverse order of registration, so this one, registered after, runs first and lets the
        // workers finish.
        atexit { CurlWorker.waitForAll(seconds: 5) }
    }()

    static func initialize() { _ = once }
}

/// Callback context: libcurl's C callbacks cannot capture, so they find this object through the
/// WRITEDATA / HEADERDATA / READDATA / XFERINFODATA pointers.
final class TransferSink: @unchecked Sendable {
    var body: [UInt8] = []
    var header: [UInt8] = []
    let upload: [UInt8]
    var uploadOffset = 0
    let uploadFinished: (@Sendable () -> Void)?
    var reportedFinished = false
    let cancelled = Atomic<Bool>(false)

    init(upload: [UInt8], finished: (@Sendable () -> Void)?) {
        self.upload = upload
        self.uploadFinished = finished
    }
}

/// The easy handle itself; touched only on the worker thread.
final class CurlHandle: @unchecked Sendable {
    private var raw: UnsafeMutableRawPointer?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init(_ raw: UnsafeMutableRawPointer) {
        self.raw = raw
        errorBuffer = .allocate(capacity: est_curl_error_size())
        errorBuffer.initialize(repeating: 0, count: est_curl_error_size())
    }

    func cleanup() {
        if let raw { curl_easy_cleanup(raw) }
        raw = nil
        errorBuffer.deallocate()
    }

    func perform(_ request: CurlRequest, sink: TransferSink) -> CurlResult {
        let start = ContinuousClock.now
        guard let h = raw else {
            return CurlResult(
                code: Int(CURLE_FAILED_INIT.rawValue), body: [], header: [], responseCode: 0,
                errorMessage: "handle already cleaned up", duration: .zero)
        }
        // Reset clears every option but keeps the connection cache, so a reused connection stays logged in.
        curl_easy_reset(h)
        errorBuffer.update(repeating: 0, count: est_curl_error_size())
        var recipients: UnsafeMutablePointer<curl_slist>?
        defer { if let recipients { curl_slist_free_all(recipients) } }

        func milliseconds(_ d: Duration) -> Int {
            let (seconds, attoseconds) = d.components
            return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        }
        let t = request.timeouts
        _ = est_curl_setopt_string(h, CURLOPT_URL, request.url)
        _ = est_curl_setopt_string(h, CURLOPT_PROTOCOLS_STR, request.protocols)
        _ = est_curl_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        _ = est_curl_setopt_long(h, CURLOPT_TCP_KEEPALIVE, 1)
        // Response lines longer than half the buffer are cut by libcurl: 1 MB leaves room for the
        // 200 kB pieces IMAPClient fetches large messages in.
        _ = est_curl_setopt_long(h, CURLOPT_BUFFERSIZE, min(1 << 20, est_curl_max_read_size()))
        _ = est_curl_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(t.connect))
        _ = est_curl_setopt_long(h, CURLOPT_SERVER_RESPONSE_TIMEOUT, max(1, milliseconds(t.serverResponse) / 1000))
        _ = est_curl_setopt_long(h, CURLOPT_LOW_SPEED_LIMIT, t.lowSpeedLimit)
        _ = est_curl_setopt_long(h, CURLOPT_LOW_SPEED_TIME, max(1, milliseconds(t.lowSpeedTime) / 1000))
        if let total = t.total { _ = est_curl_setopt_long(h, CURLOPT_TIMEOUT_MS, milliseconds(total)) }
        _ = est_curl_setopt_long(h, CURLOPT_SSL_VERIFYPEER, 1)
        _ = est_curl_setopt_long(h, CURLOPT_SSL_VERIFYHOST, 2)
        _ = est_curl_setopt_long(
            h, CURLOPT_USE_SSL,
            Int(request.startTLS == .required ? CURLUSESSL_ALL.rawValue : CURLUSESSL_NONE.rawValue))
        if let ca = request.caFile { _ = est_curl_setopt_string(h, CURLOPT_CAINFO, ca) }
        if let user = request.username { _ = est_curl_setopt_string(h, CURLOPT_USERNAME, user) }
        if let password = request.password { _ = est_curl_setopt_string(h, CURLOPT_PASSWORD, password) }
        if let token = request.bearerToken { _ = est_curl_setopt_string(h, CURLOPT_XOAUTH2_BEARER, token) }
        if let options = request.loginOptions { _ = est_curl_setopt_string(h, CURLOPT_LOGIN_OPTIONS, options) }
        if let custom = request.customRequest { _ = est_curl_setopt_string(h, CURLOPT_CUSTOMREQUEST, custom) }
        if let from = request.mailFrom { _ = est_curl_setopt_string(h, CURLOPT_MAIL_FROM, from) }
        if !request.mailRecipients.isEmpty {
            for recipient in request.mailRecipients { recipients = curl_slist_append(recipients, recipient) }
            _ = est_curl_setopt_slist(h, CURLOPT_MAIL_RCPT, recipients)
        }
        if request.freshConnection { _ = est_curl_setopt_long(h, CURLOPT_FRESH_CONNECT, 1) }
        if request.verbose { _ = est_curl_setopt_long(h, CURLOPT_VERBOSE, 1) }
        _ = est_curl_setopt_pointer(h, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))

        let context = Unmanaged.passUnretained(sink).toOpaque()
        _ = est_curl_setopt_data_callback(h, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let sink = Unmanaged<TransferSink>.fromOpaque(context!).takeUnretainedValue()
            let n = size * count
            if let data, n > 0 {
                data.withMemoryRebound(to: UInt8.self, capacity: n) {
                    sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: n))
                }
            }
            return n
        }
        _ = est_curl_setopt_pointer(h, CURLOPT_WRITEDATA, context)
        _ = est_curl_setopt_data_callback(h, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let sink = Unmanaged<TransferSink>.fromOpaque(context!).takeUnretainedValue()
            let n = size * count
            if let data, n > 0 {
                data.withMemoryRebound(to: UInt8.self, capacity: n) {
                    sink.header.append(contentsOf: UnsafeBufferPointer(start: $0, count: n))
                }
            }
            return n
        }
        _ = est_curl_setopt_pointer(h, CURLOPT_HEADERDATA, context)
        if request.upload != nil {
            _ = est_curl_setopt_long(h, CURLOPT_UPLOAD, 1)
            _ = est_curl_setopt_off(h, CURLOPT_INFILESIZE_LARGE, curl_off_t(sink.upload.count))
            _ = est_curl_setopt_data_callback(h, CURLOPT_READFUNCTION) { buffer, size, count, context in
                let sink = Unmanaged<TransferSink>.fromOpaque(context!).takeUnretainedValue()
                let room = size * count
                let remaining = sink.upload.count - sink.uploadOffset
                let n = min(room, remaining)
                if n > 0, let buffer {
                    sink.upload.withUnsafeBytes { bytes in
                        UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + sink.uploadOffset, byteCount: n)
                    }
                    sink.uploadOffset += n
                }
                // libcurl knows the size (INFILESIZE) and may never ask past the last byte.
                if sink.uploadOffset == sink.upload.count && !sink.reportedFinished {
                    sink.reportedFinished = true
                    sink.uploadFinished?()
                }
                return n
            }
            _ = est_curl_setopt_pointer(h, CURLOPT_READDATA, context)
        }
        _ = est_curl_setopt_long(h, CURLOPT_NOPROGRESS, 0)
        _ = est_curl_setopt_xferinfo_callback(h) { context, _, _, _, _ in
            let sink = Unmanaged<TransferSink>.fromOpaque(context!).takeUnretainedValue()
            return sink.cancelled.load(ordering: .relaxed) ? 1 : 0
        }
        _ = est_curl_setopt_pointer(h, CURLOPT_XFERINFODATA, context)

        let code = sink.cancelled.load(ordering: .relaxed) ? CURLE_ABORTED_BY_CALLBACK : curl_easy_perform(h)
        var responseCode = 0
        _ = est_curl_getinfo_long(h, CURLINFO_RESPONSE_CODE, &responseCode)
        var message = String(cString: errorBuffer)
        if message.isEmpty, let text = curl_easy_strerror(code) { message = String(cString: text) }
        return CurlResult(
            code: Int(code.rawValue), body: sink.body, header: sink.header,
            responseCode: responseCode, errorMessage: message,
            duration: ContinuousClock.now - start)
    }
}

/// A thread that runs submitted jobs one after another until finished.
final class CurlWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var finishing = false

    /// Workers whose thread has not ended yet, for the exit handler.
    private static let live = NSCondition()
    nonisolated(unsafe) private static var running = 0

    /// Waits, at most `seconds`, until every worker's thread has run its last job and ended.
    static func waitForAll(seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        live.lock()
        while running > 0 && live.wait(until: deadline) {}
        live.unlock()
    }

    init(name: String) {
        Self.live.lock()
        Self.running += 1
        Self.live.unlock()
        let thread = Thread { [self] in
            run()
            Self.live.lock()
            Self.running -= 1
            Self.live.broadcast()
            Self.live.unlock()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    func submit(_ job: @escaping () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs `last` after every queued job, then lets the thread end.
    func finish(_ last: @escaping () -> Void) {
        condition.lock()
        jobs.append(last)
        finishing = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty && !finishing { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
