extension MailMessage {
    /// Every defect of the message, attached messages included, each with its part number in
    /// IMAP's BODY section numbering, depth-first in the order the parts occur.
    public var defects: [PartDefect] {
        var result: [PartDefect] = []
        // An explicit stack: attached messages may nest as deep as the limits allow.
        var stack: [(part: MIMEPart, path: String)] = [(root, "")]
        while let (part, path) = stack.popLast() {
            result.append(contentsOf: part.defects.map { PartDefect(part: path, defect: $0) })
            if let embedded = part.embeddedMessage {
                // The attached message is its part's section; its children continue below it.
                stack.append((embedded.root, path))
                continue
            }
            for (index, child) in part.children.enumerated().reversed() {
                stack.append((child, path.isEmpty ? "\(index + 1)" : "\(path).\(index + 1)"))
            }
        }
        return result
    }
}
