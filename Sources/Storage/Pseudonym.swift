import Foundation

/// The secret behind reporter pseudonyms (`retention.pseudonym_key_file`). The same key gives the same
/// pseudonym for the same address, so counts per reporter still add up after pseudonymisation; without
/// the key nobody can tell which address a pseudonym stands for, short of guessing addresses one by one.
public struct PseudonymKey: Sendable {
    let bytes: [UInt8]

    /// Fewer bytes than this make guessing the key easier than guessing addresses.
    public static let minimumBytes = 16

    public init(bytes: [UInt8]) throws(PseudonymKeyError) {
        guard bytes.count >= Self.minimumBytes else { throw .tooShort(path: nil, bytes: bytes.count) }
        self.bytes = bytes
    }

    /// Reads the key file: its bytes as they are, without a trailing line break (an editor's addition).
    public static func read(path: String) throws(PseudonymKeyError) -> PseudonymKey {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 0x0a || last == 0x0d { bytes.removeLast() }
        guard bytes.count >= minimumBytes else { throw .tooShort(path: path, bytes: bytes.count) }
        return try PseudonymKey(bytes: bytes)
    }

    /// The domain every pseudonym is in: `.invalid` (RFC 2606) can never be delivered to, so no mail
    /// ever goes to a pseudonym, and a pseudonym is never pseudonymised again.
    public static let domain = "pseudonym.invalid"

    /// `p-<32 hex digits>@pseudonym.invalid`: the first 128 bits of HMAC-SHA256 of the lowercased address.
    public func pseudonym(for address: String) -> String {
        if Self.isPseudonym(address) { return address }
        let mac = HMACSHA256.mac(key: bytes, message: Array(address.lowercased().utf8))
        return "p-\(SHA256.hexString(Array(mac.prefix(16))))@\(Self.domain)"
    }

    public static func isPseudonym(_ address: String) -> Bool { address.hasSuffix("@" + domain) }
}

public enum PseudonymKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String)
    case tooShort(path: String?, bytes: Int)

    public var description: String {
        switch self {
        case .unreadable(let path):
            "cannot read the pseudonym key file \(path); create it once with `head -c 32 /dev/urandom > \(path)`, readable only by the gateway's user, and keep it: a new key gives every reporter a new pseudonym"
        case .tooShort(let path, let bytes):
            "the pseudonym key\(path.map { " in \($0)" } ?? "") has \(bytes) bytes; it needs at least \(PseudonymKey.minimumBytes) (`head -c 32 /dev/urandom > FILE` makes one)"
        }
    }
}
