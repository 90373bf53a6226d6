/// HMAC-SHA256 (RFC 2104) on the hand-written SHA-256: the keyed hash behind reporter pseudonyms.
/// Checked against the RFC 4231 test vectors.
public enum HMACSHA256 {
    static let blockSize = 64

    public static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        // A key longer than a block is hashed first; a shorter one is padded with zeros.
        var block = key.count > blockSize ? SHA256.digest(key) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        let inner = SHA256.digest(block.map { $0 ^ 0x36 } + message)
        return SHA256.digest(block.map { $0 ^ 0x5c } + inner)
    }

    public static func hex(key: [UInt8], message: [UInt8]) -> String { SHA256.hexString(mac(key: key, message: message)) }
}
