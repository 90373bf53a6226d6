/// Line breaking for the text/plain part of a mail, where a long sentence would otherwise run past what a plain
/// client shows. The digest keeps an internal copy of its own; this is the shared one for mails built outside it.
public enum TextWrap {
    /// Words to lines of at most `width` characters (a longer word gets a line of its own), each
    /// starting with `indent`.
    public static func wrap(_ text: String, width: Int, indent: String = "") -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = indent + word
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = indent + word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
