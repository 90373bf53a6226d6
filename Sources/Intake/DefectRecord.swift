import MIME

/// A MIME defect as the parse JSON shows it: the part in IMAP BODY section numbering ("" for
/// the message itself), the stable code, and a short English description for operators.
public struct DefectRecord: Sendable, Hashable, Codable {
    public var part: String
    public var code: String
    public var description: String

    public init(_ located: PartDefect) {
        part = located.part
        code = located.defect.code
        description = located.defect.description
    }
}
