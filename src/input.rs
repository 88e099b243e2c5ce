//! Reading input text: files or the bundled article, decoded to a `String`.
//!
//! The decoding policy, in order:
//! 1. `--encoding NAME` decodes as that encoding (`utf-8-lossy`: UTF-8, invalid sequences
//!    replaced by U+FFFD, each reported).
//! 2. A byte-order mark decides (UTF-8, UTF-16 LE/BE).
//! 3. Known binary kinds are refused by their first bytes, naming the kind (PDF, images,
//!    archives and office files, executables, audio and video).
//! 4. Valid UTF-8 is UTF-8.
//! 5. *Almost UTF-8* (its multi-byte sequences valid but for at most one in twenty, and at
//!    most a few dozen bad ones) is UTF-8 with bad bytes: an error naming the first one's line
//!    and byte offset.
//! 6. Otherwise the encoding `chardetng` guesses (GB18030, Big5, Shift_JIS, windows-1252…) is
//!    used only when the whole file decodes in it and *fits it well*: no C1 controls, private
//!    use or unassigned characters beyond one in two hundred, and letters making most of what
//!    is not ASCII. The guess is reported.
//!
//! Whatever the encoding, a text in which control characters (but tab, newlines and form
//! feed) pass one in a hundred is not text. A few are removed, each reported by line.

use std::path::Path;

use encoding_rs::{Encoding, UTF_8};

use crate::error::{Error, Warning};
use crate::read::{Format, detect};

/// Decoded input text and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// How diagnostics name the input: the path as given, or `<bundled>/…`.
    pub name: String,
    /// The text its reader reads; for a Word file, its paragraphs one a line (so that line N
    /// is paragraph N in every message and `[[lines]]` entry).
    pub text: String,
    /// Notices about decoding (a guessed encoding, removed control characters).
    pub warnings: Vec<Warning>,
    /// The reader that reads it.
    pub format: Format,
    /// Said when only the content showed the format (dropped when the sidecar chooses one).
    pub format_note: Option<String>,
    /// The file itself, for the formats read from bytes (Word).
    pub bytes: Option<Vec<u8>>,
}

/// A file's bytes, or an error that says why not in a few words.
pub fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(Error::input(name, "is a directory, not a text file"));
    }
    std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        Error::input(&name, format!("cannot read: {why}"))
    })
}

impl Source {
    /// A text in memory; its format from its name and content.
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source::from_text_as(name, text, None)
    }

    /// A text in memory read as `from` (else as its name and content say).
    pub fn from_text_as(
        name: impl Into<String>,
        text: impl Into<String>,
        from: Option<Format>,
    ) -> Self {
        let name = name.into();
        let mut warnings = Vec::new();
        let text = strip_forbidden_controls(&text.into(), &mut warnings);
        let detected = detect::for_text(&name, &text, from.filter(|f| !f.is_binary()));
        Source {
            name,
            text,
            warnings,
            format: detected.format,
            format_note: detected.by_content,
            bytes: None,
        }
    }

    /// Reads and decodes a file. `forced` names an encoding (`gb18030`, `utf-16le`…) to use
    /// instead of detection; `from` the format to read it in.
    pub fn read(path: &Path, forced: Option<&str>, from: Option<Format>) -> Result<Self, Error> {
        Source::decode_as(path.display().to_string(), read_file(path)?, forced, from)
    }

    /// Decodes bytes; their format from the name and content.
    pub fn decode(name: String, bytes: &[u8], forced: Option<&str>) -> Result<Self, Error> {
        Source::decode_as(name, bytes.to_vec(), forced, None)
    }

    /// Decodes bytes to be read as `from` (else as their name and content say).
    pub fn decode_as(
        name: String,
        bytes: Vec<u8>,
        forced: Option<&str>,
        from: Option<Format>,
    ) -> Result<Self, Error> {
        let named_docx = Format::for_name(&name) == Some(Format::Docx);
        if from == Some(Format::Docx) || (from.is_none() && (named_docx || detect::is_docx(&bytes)))
        {
            return Source::docx(name, bytes);
        }
        let mut warnings = Vec::new();
        let text = decode_bytes(&name, &bytes, forced, &mut warnings)?;
        drop(bytes);
        let text = strip_forbidden_controls(&text, &mut warnings);
        let detected = detect::for_text(&name, &text, from);
        if detected.format == Format::TranscriptJson {
            crate::read::subtitles::check_json(&text).map_err(|(line, message)| {
                Error::InputLine {
                    file: name.clone(),
                    line,
                    message,
                }
            })?;
        }
        Ok(Source {
            name,
            text,
            warnings,
            format: detected.format,
            format_note: detected.by_content,
            bytes: None,
        })
    }

    fn docx(name: String, bytes: Vec<u8>) -> Result<Self, Error> {
        let mut warnings = Vec::new();
        let paragraphs = crate::read::docx::paragraph_lines(&bytes).map_err(|why| {
            Error::input(
                &name,
                format!("is not a Word document fangtan can read: {why}"),
            )
        })?;
        let text = strip_forbidden_controls(&paragraphs, &mut warnings);
        Ok(Source {
            name,
            text,
            warnings,
            format: Format::Docx,
            format_note: None,
            bytes: Some(bytes),
        })
    }
}

fn decode_bytes(
    name: &str,
    bytes: &[u8],
    forced: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> Result<String, Error> {
    let text = decode_policy(name, bytes, forced, warnings)?;
    if let Some(share) = control_share(&text) {
        return Err(Error::input(
            name,
            format!("is not text: {share} of its characters are control characters"),
        ));
    }
    Ok(text)
}

fn decode_policy(
    name: &str,
    bytes: &[u8],
    forced: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> Result<String, Error> {
    if forced.is_some_and(|l| l.trim().eq_ignore_ascii_case("utf-8-lossy")) {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let census = Utf8Census::of(body);
        // Each replacement named where it stands, the first few of them.
        for &offset in &census.invalid_at {
            warnings.push(Warning::at(
                line_of(body, offset),
                format!("invalid UTF-8 at byte offset {offset} replaced by U+FFFD"),
            ));
        }
        if census.invalid > census.invalid_at.len() {
            warnings.push(Warning::general(format!(
                "{} more invalid UTF-8 sequences replaced by U+FFFD",
                census.invalid - census.invalid_at.len()
            )));
        }
        return Ok(String::from_utf8_lossy(body).into_owned());
    }
    if let Some(label) = forced {
        let encoding = Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| Error::Usage(format!("unknown encoding name {label:?}")))?;
        let body = match Encoding::for_bom(bytes) {
            Some((bom_enc, len)) if bom_enc == encoding => &bytes[len..],
            _ => bytes,
        };
        return decode_strict(name, body, encoding);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_strict(name, &bytes[bom_len..], encoding);
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(Error::input(
            name,
            format!("is {kind}, not a text fangtan reads{}", what_to_do(kind)),
        ));
    }
    if looks_binary(bytes) {
        if let Some(encoding) = utf16_without_bom(bytes)
            && let Ok(text) = decode_strict(name, bytes, encoding)
            && !text.contains('\0')
        {
            warnings.push(Warning::general(format!(
                "no byte-order mark; decoded as {} (a guess: use --encoding to choose)",
                encoding.name()
            )));
            return Ok(text);
        }
        return Err(Error::input(
            name,
            "looks like a binary file (NUL bytes), not text (if it is UTF-16, name it with --encoding utf-16le or utf-16be)",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(utf8_error) => {
            let census = Utf8Census::of(bytes);
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
            if census.is_almost_utf8() || guess == UTF_8 {
                let offset = utf8_error.valid_up_to();
                return Err(Error::InputLine {
                    file: name.to_string(),
                    line: line_of(bytes, offset),
                    message: format!(
                        "invalid UTF-8 at byte offset {offset} ({} bad sequence(s) in a UTF-8 text): fix the bytes, or use --encoding utf-8-lossy to replace them with U+FFFD, or --encoding NAME if the file is in another encoding",
                        census.invalid
                    ),
                });
            }
            let text = decode_strict(name, bytes, guess)?;
            if let Err(why) = fits_well(&text, guess) {
                // Refused either way: a text with well-formed UTF-8 in it is most likely
                // UTF-8 with bad bytes (a short one has too few characters to tell), so the
                // error says where the first one is.
                if census.multibyte > 0 {
                    let offset = utf8_error.valid_up_to();
                    return Err(Error::InputLine {
                        file: name.to_string(),
                        line: line_of(bytes, offset),
                        message: format!(
                            "invalid UTF-8 at byte offset {offset} ({} bad sequence(s); read as {} instead it would have {why}): fix the bytes, or use --encoding utf-8-lossy to replace them with U+FFFD, or --encoding NAME if the file is in another encoding",
                            census.invalid,
                            guess.name()
                        ),
                    });
                }
                return Err(Error::input(
                    name,
                    format!(
                        "is neither UTF-8 nor plainly another encoding: read as {} (the best guess) it would have {why}; name its encoding with --encoding if it is text",
                        guess.name()
                    ),
                ));
            }
            warnings.push(Warning::general(format!(
                "not UTF-8; decoded as {} (a guess: use --encoding to choose)",
                guess.name()
            )));
            Ok(text)
        }
    }
}

/// The 1-based line of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// How much of a byte string is UTF-8.
struct Utf8Census {
    /// Well-formed sequences of two bytes or more.
    multibyte: usize,
    /// Maximal ill-formed subsequences (each becomes one U+FFFD).
    invalid: usize,
    /// Where the first ones start (at most [`Utf8Census::NAMED`]).
    invalid_at: Vec<usize>,
}

impl Utf8Census {
    /// How many bad sequences are named one by one.
    const NAMED: usize = 20;

    fn of(bytes: &[u8]) -> Utf8Census {
        let mut census = Utf8Census {
            multibyte: 0,
            invalid: 0,
            invalid_at: Vec::new(),
        };
        let mut at = 0;
        for chunk in bytes.utf8_chunks() {
            census.multibyte += chunk.valid().chars().filter(|c| c.len_utf8() > 1).count();
            at += chunk.valid().len();
            if !chunk.invalid().is_empty() {
                census.invalid += 1;
                if census.invalid_at.len() < Self::NAMED {
                    census.invalid_at.push(at);
                }
                at += chunk.invalid().len();
            }
        }
        census
    }

    /// A UTF-8 text with a few bad bytes (a stray 0xFF, a truncated last character), not a
    /// text in another encoding: its multi-byte sequences are nearly all well formed.
    fn is_almost_utf8(&self) -> bool {
        self.multibyte >= 2 && self.invalid * 20 <= self.multibyte && self.invalid <= 64
    }
}

/// Whether a decoded text reads like text in that encoding: `Err` says why not. Real text
/// has no C1 controls or private-use characters (one in two hundred at most, beyond ASCII);
/// what is not ASCII is mostly letters and punctuation (six in ten); in a single-byte
/// encoding a tenth of it at least is ASCII (spaces, digits, stops), as in every European
/// language; and its Chinese or Japanese characters are mostly the frequent ones (the first
/// level of GB 2312, Big5's frequent block, JIS level 1), where random bytes would pick
/// from the whole table.
fn fits_well(text: &str, encoding: &'static Encoding) -> Result<(), String> {
    let total = text.chars().count();
    let ascii = text.chars().filter(char::is_ascii).count();
    if encoding.is_single_byte() && ascii * 10 < total {
        return Err(format!("only {ascii} ASCII characters among {total}"));
    }
    let han: Vec<char> = text.chars().filter(|&c| crate::zh::is_han(c)).collect();
    if han.len() >= 10 {
        let frequent = han
            .iter()
            .filter(|&&c| in_frequent_level(c, encoding))
            .count();
        if frequent * 10 < han.len() * 6 {
            return Err(format!(
                "only {frequent} of its {} Chinese characters among the frequent ones",
                han.len()
            ));
        }
    }
    let (mut outside, mut odd, mut letters) = (0usize, 0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        outside += 1;
        if matches!(c, '\u{80}'..='\u{9F}' | '\u{E000}'..='\u{F8FF}' | '\u{FFFD}') {
            odd += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        } else if c.is_whitespace() || crate::zh::is_cjk_punct(c) {
            // Spaces and the punctuation of Chinese, Japanese and typeset European text.
            letters += 1;
        }
    }
    if outside == 0 {
        return Ok(());
    }
    if odd * 200 > outside {
        return Err(format!(
            "{odd} control, private-use or replacement characters among {outside} beyond ASCII"
        ));
    }
    if letters * 10 < outside * 6 {
        return Err(format!(
            "only {letters} letters among {outside} characters beyond ASCII"
        ));
    }
    Ok(())
}

/// Whether a Han character is in the frequent level of a CJK encoding (by its lead byte);
/// true for encodings without such levels.
fn in_frequent_level(c: char, encoding: &'static Encoding) -> bool {
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = encoding.encode(c.encode_utf8(&mut buf));
    if unmappable || bytes.len() < 2 {
        return false;
    }
    let lead = bytes[0];
    match encoding.name() {
        "GBK" | "gb18030" => (0xB0..=0xD7).contains(&lead),
        "Big5" => (0xA4..=0xC6).contains(&lead),
        "Shift_JIS" => (0x88..=0x98).contains(&lead),
        "EUC-JP" => (0xB0..=0xCF).contains(&lead),
        _ => true,
    }
}

/// Control characters (but tab, newlines and form feed) as a share of the text, when they
/// pass one in a hundred (two at least): the mark of a binary file.
fn control_share(text: &str) -> Option<String> {
    let sample: Vec<char> = text.chars().take(65_536).collect();
    let controls = sample
        .iter()
        .filter(|&&c| c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\x0C'))
        .count();
    (controls >= 2 && controls * 100 > sample.len())
        .then(|| format!("{controls} of {}", sample.len()))
}

/// What to do instead with a kind of file fangtan does not read.
fn what_to_do(kind: &str) -> &'static str {
    if kind.contains("PDF") {
        "; extract its text first (pdftotext -layout FILE.pdf FILE.txt) and give that file: the wrapped-text reader joins its lines and drops its page furniture"
    } else if kind.contains("old Office") || kind.contains("RTF") {
        "; save it as a Word document (.docx) or as plain text, and give that file"
    } else if kind.contains("EPUB") {
        "; fangtan makes EPUBs: give it the interview's text, Markdown, web page or Word file"
    } else if kind.contains("image") {
        "; a picture goes in the book from the text that shows it (Markdown ![caption](file), a web page's <img>, a Word file)"
    } else if kind.contains("audio") || kind.contains("video") || kind.contains("MP4") {
        "; transcribe it first (e.g. whisper, which writes .srt, .vtt or .json) and give that file"
    } else {
        ""
    }
}

/// What a file is, by its first bytes, when it is a kind fangtan does not read.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const KINDS: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"II*\0", "a TIFF image"),
        (b"MM\0*", "a TIFF image"),
        (
            b"PK\x03\x04",
            "a ZIP archive (an office file other than Word .docx, an EPUB or a .zip)",
        ),
        (b"PK\x05\x06", "an empty ZIP archive"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an old Office document (.doc, .xls, .ppt)",
        ),
        (b"\x1F\x8B", "a gzip archive"),
        (b"BZh", "a bzip2 archive"),
        (b"\xFD7zXZ\0", "an xz archive"),
        (b"\x28\xB5\x2F\xFD", "a zstd archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"Rar!\x1A\x07", "a RAR archive"),
        (b"\x7FELF", "an executable (ELF)"),
        (b"\xCF\xFA\xED\xFE", "an executable (Mach-O)"),
        (b"\xFE\xED\xFA\xCF", "an executable (Mach-O)"),
        (b"\xCA\xFE\xBA\xBE", "an executable or Java class"),
        (b"SQLite format 3\0", "an SQLite database"),
        (b"ID3", "an MP3 audio file"),
        (b"OggS", "an Ogg audio or video file"),
        (b"fLaC", "a FLAC audio file"),
        (b"\x1A\x45\xDF\xA3", "a Matroska or WebM video"),
        (b"wOFF", "a web font"),
        (b"wOF2", "a web font"),
        (b"OTTO", "an OpenType font"),
        (b"\0\x01\0\0", "a TrueType font"),
        (b"{\\rtf", "an RTF document (save it as plain text)"),
    ];
    // An EPUB's first entry is its uncompressed `mimetype`.
    if bytes.starts_with(b"PK\x03\x04")
        && bytes.get(30..58) == Some(b"mimetypeapplication/epub+zip".as_slice())
    {
        return Some("an EPUB book");
    }
    if let Some((_, kind)) = KINDS.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(kind);
    }
    // A PDF may have bytes before its header (readers look through the first 1,024); with
    // `%%EOF` in its last kilobyte it is one, not a text that mentions the header.
    let head = &bytes[..bytes.len().min(1024)];
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if head.windows(5).any(|w| w == b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF") {
        return Some("a PDF document");
    }
    // Containers named at byte 4 or 8: MP4/MOV/HEIC (`ftyp`), RIFF's WAVE, AVI, WebP.
    let at = |offset: usize, magic: &[u8]| bytes.get(offset..offset + magic.len()) == Some(magic);
    if at(4, b"ftyp") {
        return Some("an MP4, MOV or HEIC file");
    }
    if at(0, b"RIFF") {
        return Some(if at(8, b"WEBP") {
            "a WebP image"
        } else if at(8, b"WAVE") {
            "a WAV audio file"
        } else {
            "a RIFF media file"
        });
    }
    // A Windows executable: `MZ`, and the PE header it points to.
    if bytes.starts_with(b"MZ") && bytes.len() >= 64 {
        let pe = u32::from_le_bytes([bytes[60], bytes[61], bytes[62], bytes[63]]) as usize;
        if at(pe, b"PE\0\0") {
            return Some("an executable (Windows)");
        }
    }
    None
}

/// Many NUL bytes means binary; UTF-16 without a BOM is also caught here, and said so.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    nuls > 0 && nuls * 100 >= sample.len()
}

/// UTF-16 text without a BOM: its ASCII characters (newlines, digits, Latin) put their NUL
/// byte always on the same side of each pair.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192) & !1];
    let (even, odd) = sample.chunks(2).fold((0, 0), |(e, o), pair| {
        (e + (pair[0] == 0) as usize, o + (pair[1] == 0) as usize)
    });
    if odd > 0 && even * 20 <= odd {
        Some(encoding_rs::UTF_16LE)
    } else if even > 0 && odd * 20 <= even {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

fn decode_strict(name: &str, bytes: &[u8], encoding: &'static Encoding) -> Result<String, Error> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3);
    let mut out = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        encoding_rs::DecoderResult::Malformed(bad, _) => Err(Error::input(
            name,
            format!(
                "not valid {} at byte offset {}",
                encoding.name(),
                read.saturating_sub(bad as usize)
            ),
        )),
        encoding_rs::DecoderResult::OutputFull => Err(Error::input(
            name,
            format!("could not decode as {}", encoding.name()),
        )),
    }
}

/// Removes characters XML forbids (C0 controls but tab and newlines, U+FFFE/U+FFFF) and any
/// BOM, with one warning per line that had them.
/// Control characters no output may carry: those XML 1.0 forbids, DEL, the C1 controls
/// (U+0080–U+009F: XML 1.1 forbids them unescaped, and in a text they are always a decoding
/// accident) and the non-characters U+FFFE, U+FFFF. A text's are removed; a sidecar's are
/// refused.
pub fn is_forbidden_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        || ('\u{7F}'..='\u{9F}').contains(&c)
        || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

fn strip_forbidden_controls(text: &str, warnings: &mut Vec<Warning>) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let forbidden = is_forbidden_control;
    if !text.contains(forbidden) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let removed: Vec<String> = line
            .chars()
            .filter(|&c| forbidden(c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        if !removed.is_empty() {
            warnings.push(Warning::at(
                index + 1,
                format!("removed control characters: {}", removed.join(" ")),
            ));
        }
        out.extend(line.chars().filter(|&c| !forbidden(c)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb18030_is_detected_and_reported() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("史蒂文：你好，这是一次访谈。\n");
        let src = Source::decode("x.txt".into(), &bytes, None).unwrap();
        assert_eq!(src.text, "史蒂文：你好，这是一次访谈。\n");
        assert!(src.warnings[0].message.contains("GB"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "问：好\r\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let src = Source::decode("x.txt".into(), &bytes, None).unwrap();
        assert_eq!(src.text, "问：好\r\n");
    }

    #[test]
    fn utf16_without_bom_is_guessed_and_said() {
        let text = "记者：Why?\r\n答：因为 AI。\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [le, be] {
            let src = Source::decode("x.txt".into(), &bytes, None).unwrap();
            assert_eq!(src.text, text);
            assert!(src.warnings[0].message.contains("UTF-16"));
        }
    }

    #[test]
    fn bom_never_reaches_text_and_controls_are_reported() {
        let src = Source::decode("x.txt".into(), "\u{FEFF}a\u{0}b\nc".as_bytes(), None).unwrap();
        assert_eq!(src.text, "ab\nc");
        assert_eq!(src.warnings[0].line, Some(1));
    }

    #[test]
    fn one_bad_byte_in_a_utf8_text_is_named_not_guessed_away() {
        let article = "问：你好吗？\n答：很好，谢谢。我们开始吧。\n".repeat(20);
        for (bad, what) in [
            (vec![0xFF], "a stray 0xFF"),
            (vec![0xE4, 0xBD], "a truncated character"),
            (vec![0xED, 0xA0, 0x80], "a surrogate"),
            (vec![0xC0, 0xAF], "an overlong form"),
        ] {
            let mut bytes = article.as_bytes().to_vec();
            // At the start of line 11.
            let at = article.match_indices('\n').nth(9).unwrap().0 + 1;
            bytes.splice(at..at, bad.iter().copied());
            let err = Source::decode("x.txt".into(), &bytes, None).unwrap_err();
            let line = article[..at].matches('\n').count() + 1;
            assert!(
                err.to_string()
                    .starts_with(&format!("x.txt:{line}: invalid UTF-8 at byte offset {at}")),
                "{what}: {err}"
            );
            let lossy = Source::decode("x.txt".into(), &bytes, Some("utf-8-lossy")).unwrap();
            assert!(lossy.text.contains('\u{FFFD}'), "{what}");
            assert_eq!(lossy.warnings[0].line, Some(line), "{what}");
        }
        // At the very end too (a file cut short).
        let mut cut = article.as_bytes().to_vec();
        cut.extend([0xE4, 0xBD]);
        assert!(Source::decode("x.txt".into(), &cut, None).is_err());
    }

    #[test]
    fn known_binary_kinds_are_named() {
        for (bytes, kind) in [
            (&b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"[..], "PDF"),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG"),
            (b"\x1F\x8B\x08\0\0\0\0\0", "gzip"),
            (b"PK\x03\x04\x14\0\x06\0", "ZIP"),
            (b"\x7FELF\x02\x01\x01", "ELF"),
            // Bytes before the header, as some writers leave them.
            (
                b" \n%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
                "PDF",
            ),
        ] {
            let err = Source::decode("x.txt".into(), bytes, None).unwrap_err();
            assert!(err.to_string().contains(kind), "{err}");
        }
    }

    #[test]
    fn a_short_text_with_a_bad_byte_is_named_by_line_and_offset() {
        // Too short for the share of good sequences to tell: still UTF-8 with one bad byte.
        let bytes = "记者：你好吗？\n张三：我\u{0}很好。\n".replace('\u{0}', "\u{1}");
        let mut bytes = bytes.into_bytes();
        let at = bytes.iter().position(|&b| b == 1).unwrap();
        bytes[at] = 0xFF;
        let err = Source::decode("x.txt".into(), &bytes, None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("x.txt:2: invalid UTF-8 at byte offset {at}")),
            "{err}"
        );
    }

    #[test]
    fn lossy_decoding_names_each_replacement() {
        let mut text = String::new();
        for n in 1..=30 {
            text.push_str(&format!("第{n}行\u{1}好。\n"));
        }
        let bytes: Vec<u8> = text
            .bytes()
            .map(|b| if b == 1 { 0xFF } else { b })
            .collect();
        let source = Source::decode("x.txt".into(), &bytes, Some("utf-8-lossy")).unwrap();
        let lines: Vec<Option<usize>> = source.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines.len(), 21, "twenty named, then a count");
        assert_eq!(lines[..3], [Some(1), Some(2), Some(3)]);
        assert!(
            source.warnings[20].message.contains("10 more"),
            "{:?}",
            source.warnings[20]
        );
    }

    #[test]
    fn random_bytes_never_read_as_text() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        // Files of 64 bytes or more: a dozen random bytes may be anything.
        for seed in 0..300 {
            let len = 64 + (next() % 20_000) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            // Random bytes without control characters too: only the upper half.
            let high: Vec<u8> = bytes.iter().map(|b| b | 0x80).collect();
            for sample in [&bytes, &high] {
                assert!(
                    Source::decode("x.bin".into(), sample, None).is_err(),
                    "seed {seed}, {} bytes, read as text",
                    sample.len()
                );
            }
        }
    }

    #[test]
    fn a_latin1_text_is_read_as_windows_1252() {
        let text = "Il était une fois, à Paris, un garçon qui rêvait d’être marin. « Où vas-tu ? » lui demanda sa sœur.\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let src = Source::decode("x.txt".into(), &bytes, None).unwrap();
        assert_eq!(src.text, text);
        assert!(src.warnings[0].message.contains("windows-1252"));
    }

    #[test]
    fn undecodable_names_offset() {
        let err = Source::decode("x.txt".into(), b"abc\xff\xfe\xfd", Some("utf-8")).unwrap_err();
        assert!(err.to_string().contains("byte offset 3"), "{err}");
    }
}
