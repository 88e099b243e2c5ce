//! Reading input text: files or the bundled article, decoded to a `String`.
//!
//! A BOM decides the encoding (UTF-8, UTF-16 LE/BE); otherwise strict UTF-8 is tried, then the
//! encoding `chardetng` guesses (in practice GB18030/GBK for Chinese files), which is reported.
//! Nothing is ever decoded with replacement characters: a byte sequence that does not decode is
//! an error naming the byte offset.

use std::path::Path;

use encoding_rs::{Encoding, UTF_8};

use crate::error::{Error, Warning};

/// Decoded input text and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// How diagnostics name the input: the path as given, or `<bundled>/…`.
    pub name: String,
    pub text: String,
    /// Notices about decoding (a guessed encoding, removed control characters).
    pub warnings: Vec<Warning>,
}

impl Source {
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        let name = name.into();
        let mut warnings = Vec::new();
        let text = strip_forbidden_controls(&text.into(), &mut warnings);
        Source {
            name,
            text,
            warnings,
        }
    }

    /// Reads and decodes a file. `forced` names an encoding (`gb18030`, `utf-16le`…) to use
    /// instead of detection.
    pub fn read(path: &Path, forced: Option<&str>) -> Result<Self, Error> {
        let name = path.display().to_string();
        if path.is_dir() {
            return Err(Error::input(name, "is a directory, not a text file"));
        }
        let bytes = std::fs::read(path).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => e.to_string(),
            };
            Error::input(&name, format!("cannot read: {why}"))
        })?;
        Source::decode(name, &bytes, forced)
    }

    pub fn decode(name: String, bytes: &[u8], forced: Option<&str>) -> Result<Self, Error> {
        let mut warnings = Vec::new();
        let text = decode_bytes(&name, bytes, forced, &mut warnings)?;
        let text = strip_forbidden_controls(&text, &mut warnings);
        Ok(Source {
            name,
            text,
            warnings,
        })
    }
}

fn decode_bytes(
    name: &str,
    bytes: &[u8],
    forced: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> Result<String, Error> {
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
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
            if guess == UTF_8 {
                return Err(Error::input(
                    name,
                    format!(
                        "invalid UTF-8 at byte offset {} (use --encoding to name the file's encoding)",
                        utf8_error.valid_up_to()
                    ),
                ));
            }
            let text = decode_strict(name, bytes, guess)?;
            warnings.push(Warning::general(format!(
                "not UTF-8; decoded as {} (a guess: use --encoding to choose)",
                guess.name()
            )));
            Ok(text)
        }
    }
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
fn strip_forbidden_controls(text: &str, warnings: &mut Vec<Warning>) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c, '\u{FFFE}' | '\u{FFFF}' | '\u{7F}')
    };
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
    fn undecodable_names_offset() {
        let err = Source::decode("x.txt".into(), b"abc\xff\xfe\xfd", Some("utf-8")).unwrap_err();
        assert!(err.to_string().contains("byte offset 3"), "{err}");
    }
}
