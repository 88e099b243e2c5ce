//! Which reader reads an input: `--from` (or the sidecar's `reader.format`), else the file's
//! extension, else its content. A format found by content alone is said so, with the way to
//! choose another.

use super::{Format, markdown, subtitles};

/// A format settled for an input, and the notice to give when only the content said it.
#[derive(Debug, Clone, PartialEq)]
pub struct Detected {
    pub format: Format,
    pub by_content: Option<String>,
}

/// The format of a decoded text called `name`, unless `forced`.
pub fn for_text(name: &str, text: &str, forced: Option<Format>) -> Detected {
    if let Some(format) = forced {
        return Detected {
            format,
            by_content: None,
        };
    }
    // A `.txt` that is really a page or subtitles is still read by what it is: the
    // extension of a file saved from a browser or a tool is often wrong, its content rarely.
    let by_name = super::Format::for_name(name).or_else(|| {
        let json = std::path::Path::new(name)
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("json"));
        json.then_some(Format::TranscriptJson)
    });
    if let Some(format) = by_name.filter(|&f| f != Format::Text) {
        return Detected {
            format,
            by_content: None,
        };
    }
    let (format, why) = match by_content(text) {
        Some(found) => found,
        None => {
            return Detected {
                format: Format::Text,
                by_content: None,
            };
        }
    };
    Detected {
        format,
        by_content: Some(format!(
            "the text is {why}; reading it so (--from text, or reader.format = \"text\" in the sidecar, reads it line by line)"
        )),
    }
}

/// What the content alone shows the text to be, with the words to say it.
fn by_content(text: &str) -> Option<(Format, &'static str)> {
    let head: String = text
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .chars()
        .take(2048)
        .collect();
    let lower = head.to_ascii_lowercase();
    if lower.starts_with("webvtt") {
        return Some((Format::Vtt, "WebVTT subtitles"));
    }
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with('<') && (lower.contains("<body") || lower.contains("<head")))
    {
        return Some((Format::Html, "a web page (HTML)"));
    }
    if subtitles::looks_like_srt(&head) {
        return Some((Format::Srt, "SubRip subtitles"));
    }
    if (lower.starts_with('{') || lower.starts_with('[')) && subtitles::is_transcript_json(text) {
        return Some((Format::TranscriptJson, "a speech-to-text transcript (JSON)"));
    }
    if markdown::looks_like_markdown(text) {
        return Some((Format::Markdown, "written in Markdown"));
    }
    None
}

/// Whether `bytes` are a Word document: a ZIP archive holding `word/document.xml`.
pub fn is_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .is_ok_and(|zip| zip.index_for_name("word/document.xml").is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_then_content() {
        assert_eq!(for_text("a.md", "plain", None).format, Format::Markdown);
        assert_eq!(for_text("a.srt", "", None).format, Format::Srt);
        let page = for_text("a.txt", "<!DOCTYPE html><html><body>x</body></html>", None);
        assert_eq!(page.format, Format::Html);
        assert!(page.by_content.unwrap().contains("--from text"));
        let srt =
            "1\n00:00:01,000 --> 00:00:02,500\nHello.\n\n2\n00:00:03,000 --> 00:00:04,000\nHi.\n";
        assert_eq!(for_text("talk", srt, None).format, Format::Srt);
        assert_eq!(for_text("talk", "WEBVTT\n\n", None).format, Format::Vtt);
        assert_eq!(
            for_text("talk.txt", "问：你好\n答：好\n", None).format,
            Format::Text
        );
        assert_eq!(
            for_text("a.html", "x", Some(Format::Text)),
            Detected {
                format: Format::Text,
                by_content: None
            }
        );
    }
}
