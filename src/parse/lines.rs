//! Splitting text into numbered, trimmed lines (LF, CRLF and lone CR all end a line).

/// One physical line of the input.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based line number in the input.
    pub no: usize,
    /// The line without surrounding whitespace (incl. ideographic and zero-width spaces).
    pub text: &'a str,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

pub fn split_lines(text: &str) -> Vec<Line<'_>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                lines.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| Line {
            no: i + 1,
            text: crate::zh::trim_edges(l),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_line_endings() {
        let lines = split_lines("\u{FEFF}a\r\nb\rc\n\n d \u{3000}");
        let texts: Vec<_> = lines.iter().map(|l| (l.no, l.text)).collect();
        assert_eq!(texts, [(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
    }
}
