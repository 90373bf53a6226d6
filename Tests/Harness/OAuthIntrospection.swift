import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The OAuth 2 token introspection endpoint (RFC 7662) that the test Dovecot's oauth2 passdb asks
/// whether an XOAUTH2 bearer token is valid: a small Python http.server on 127.0.0.1, started on the
/// first token issued, answering from a token table that the test rewrites (so a test can expire a
/// token while the servers run, as a provider does after an hour).
///
/// Dovecot POSTs `token=…` (`introspection_mode = post`); the answer is `{"active": true,
/// "username": "<address>"}` for an active token, `{"active": false}` otherwise.
public final class OAuthIntrospection: @unchecked Sendable {
    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)/introspect" }
    /// One line per token Dovecot asked about: the token and `active` or `inactive`.
    public var logPath: String { directory.appendingPathComponent("requests.log").path }

    private let directory: URL
    private var tablePath: String { directory.appendingPathComponent("tokens.json").path }
    private let lock = NSLock()
    private var tokens: [String: (user: String, active: Bool)] = [:]
    private var pid: pid_t?
    private var stopped = false

    init(directory: URL, port: Int) throws {
        self.directory = directory
        self.port = port
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { stop() }

    /// A new token for `address`, active until `expire(_:)`.
    public func issue(for address: String) throws -> String {
        let token = "est-test-token-" + UUID().uuidString.lowercased()
        try update { $0[token] = (address, true) }
        return token
    }

    /// The endpoint answers `active: false` for the token from now on.
    public func expire(_ token: String) throws {
        try update { $0[token]?.active = false }
    }

    /// How many logins Dovecot accepted with the token (IMAP and SMTP through Dovecot SASL): it
    /// asks the endpoint on every login and caches nothing.
    public func acceptedLogins(with token: String) -> Int {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0 == token + " active" }.count
    }

    private func update(_ change: (inout [String: (user: String, active: Bool)]) -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { throw HarnessError("the introspection endpoint was stopped") }
        change(&tokens)
        let table = tokens.mapValues { ["user": $0.user, "active": $0.active] as [String: Any] }
        let data = try JSONSerialization.data(withJSONObject: table, options: [.sortedKeys])
        // Written whole and renamed into place: the endpoint never reads half a table.
        try data.write(to: URL(fileURLWithPath: tablePath), options: .atomic)
        if pid == nil { try start() }
    }

    /// Called with the lock held.
    private func start() throws {
        let script = directory.appendingPathComponent("introspect.py").path
        try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
        let started = try Subprocess.spawn(
            "/usr/bin/python3", [script, String(port), tablePath, logPath],
            stdoutPath: directory.appendingPathComponent("stdout.log").path, newGroup: true)
        pid = started
        let deadline = Date().addingTimeInterval(10)
        while true {
            if let ended = Subprocess.poll(started) {
                pid = nil
                let output = (try? String(contentsOfFile: directory.appendingPathComponent("stdout.log").path, encoding: .utf8)) ?? ""
                throw HarnessError("the introspection endpoint exited with status \(ended.status) at start: \(output)")
            }
            if (try? LineConnection(port: port, timeout: 1)) != nil { return }
            if Date() > deadline { throw HarnessError("the introspection endpoint on port \(port) did not listen within 10 s") }
            usleep(20_000)
        }
    }

    /// Stops the endpoint (by PID). Safe to call more than once.
    public func stop() {
        lock.lock()
        stopped = true
        let running = pid
        pid = nil
        lock.unlock()
        guard let running else { return }
        Glibc.kill(running, SIGTERM)
        if !MailServers.waitGone(running, seconds: 3) { Glibc.kill(running, SIGKILL) }
        _ = Subprocess.wait(running)
    }

    /// Exits by itself when the test process that started it is gone (its parent changes).
    static let script = """
        import http.server, json, os, sys, threading, time, urllib.parse

        port, table_path, log_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        parent = os.getppid()

        def watch_parent():
            while os.getppid() == parent:
                time.sleep(1)
            os._exit(0)

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = min(int(self.headers.get('Content-Length') or 0), 65536)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode('utf-8', 'replace'))
                self.answer(form.get('token', [''])[0])

            def do_GET(self):
                auth = self.headers.get('Authorization') or ''
                self.answer(auth[7:] if auth.startswith('Bearer ') else '')

            def answer(self, token):
                try:
                    with open(table_path) as f:
                        table = json.load(f)
                except (OSError, ValueError):
                    table = {}
                entry = table.get(token)
                active = bool(entry and entry.get('active'))
                body = {'active': True, 'username': entry['user'], 'scope': 'imap smtp'} if active else {'active': False}
                with open(log_path, 'a') as f:
                    f.write('%s %s\\n' % (token, 'active' if active else 'inactive'))
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, fmt, *args):
                pass

        threading.Thread(target=watch_parent, daemon=True).start()
        http.server.ThreadingHTTPServer(('127.0.0.1', port), Handler).serve_forever()

        """
}
