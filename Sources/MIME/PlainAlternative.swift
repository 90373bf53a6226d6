/// Whether a multipart/alternative's plain part was written badly next to a good HTML part: some
/// clients and web forms run every line into one, put only "see the HTML version" ("Detta
/// meddelande är i HTML-format") in it, or flatten a table into rows of cells, so that the labels
/// (`Område: Råby`) a reader looks for are no longer one a line.
///
/// The decision, pure and linear in both texts: count the lines that start with a label (up to 30
/// letters, spaces or `*`, then `:`). A plain part with three or more such lines is kept as it is,
/// without rendering the HTML at all (every well-written report). Otherwise the HTML is rendered
/// and preferred when it has at least three label lines and more than twice as many as the plain
/// part, or when the plain part has at most two lines while the HTML has at least four times as
/// many (the line structure was lost).
enum PlainAlternative {
    static func lostStructure(plain: String, html: () -> String) -> Bool {
        let p = shape(plain)
        if p.labels >= 3 { return false }
        let h = shape(html())
        if h.labels >= 3 && h.labels > 2 * p.labels { return true }
        return p.lines <= 2 && h.lines >= 4 * max(p.lines, 1)
    }

    /// Non-empty lines, and lines that start with a label.
    static func shape(_ text: String) -> (lines: Int, labels: Int) {
        var lines = 0, labels = 0
        var labelLength = 0
        var inLabel = false
        var leading = true
        for b in text.utf8 {
            if b == 0x0A {
                leading = true
                inLabel = false
                continue
            }
            if leading && (b == 0x20 || b == 0x09 || b == 0x0D) { continue }
            if leading {
                leading = false
                lines += 1
                inLabel = true
                labelLength = 0
            }
            guard inLabel else { continue }
            if b == 0x3A {
                if labelLength >= 2 { labels += 1 }
                inLabel = false
            } else if b >= 0x80 || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x20 || b == 0x2A {
                labelLength += 1
                if labelLength > 30 { inLabel = false }
            } else {
                inLabel = false
            }
        }
        return (lines, labels)
    }
}
