//! Checks of a sidecar beyond its types, with the file, line and key of what is wrong:
//! control characters in strings (they would reach the EPUB's XML and the SSML) and numbers
//! outside what makes sense (`chars_per_minute = nan`, a pause of 2⁶⁴ ms).

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::Error;
use crate::input::is_forbidden_control as forbidden;

/// The ranges the sidecar's numbers must stay in, and why.
const RANGES: &[(&str, f64, f64)] = &[
    // A slow reader reads 60 Chinese characters a minute; 1,000 is beyond any speech.
    ("script.chars_per_minute", 60.0, 1000.0),
    ("script.latin_words_per_minute", 30.0, 400.0),
    // Pauses up to a minute; a cue of a second to an hour.
    ("script.pause_comma_ms", 0.0, 60_000.0),
    ("script.pause_sentence_ms", 0.0, 60_000.0),
    ("script.pause_turn_ms", 0.0, 60_000.0),
    ("script.pause_section_ms", 0.0, 60_000.0),
    ("script.max_cue_ms", 1_000.0, 3_600_000.0),
    // What LAME and Opus take for mono speech; loudness from a whisper to a shout.
    ("audio.bitrate_kbps", 8.0, 320.0),
    ("audio.loudness_lufs", -40.0, -5.0),
    ("audio.peak_dbtp", -12.0, 0.0),
    // A heading's level, as HTML has them.
    ("lines.level", 1.0, 6.0),
];

/// Checks the sidecar `text` (already known to parse) named `file`.
pub fn check(file: &str, text: &str) -> Result<(), Error> {
    let Ok(root) = DeTable::parse(text) else {
        return Ok(()); // the typed parse reports syntax errors with their place
    };
    let mut problem = None;
    walk(root.get_ref(), "", &mut |key, value| {
        if problem.is_some() {
            return;
        }
        problem = match value.get_ref() {
            DeValue::String(s) => s.chars().find(|&c| forbidden(c)).map(|c| {
                format!(
                    "`{key}` holds the control character U+{:04X}: remove it",
                    c as u32
                )
            }),
            DeValue::Integer(_) | DeValue::Float(_) => out_of_range(key, value.get_ref()),
            _ => None,
        }
        .map(|message| (value.span().start, message));
    });
    match problem {
        Some((offset, message)) => {
            let before = &text[..offset.min(text.len())];
            Err(Error::Sidecar {
                file: file.to_string(),
                line: before.matches('\n').count() + 1,
                column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                message,
            })
        }
        None => Ok(()),
    }
}

/// The line each entry of the array of tables `key` starts on (`[[lines]]`).
pub fn lines_of(text: &str, key: &str) -> Vec<usize> {
    let Ok(root) = DeTable::parse(text) else {
        return Vec::new();
    };
    let Some(DeValue::Array(items)) = root
        .get_ref()
        .iter()
        .find(|(k, _)| k.get_ref() == key)
        .map(|(_, v)| v.get_ref())
    else {
        return Vec::new();
    };
    items
        .iter()
        .map(|item| {
            text[..item.span().start.min(text.len())]
                .matches('\n')
                .count()
                + 1
        })
        .collect()
}

fn out_of_range(key: &str, value: &DeValue<'_>) -> Option<String> {
    // `lines[3].level` is checked as `lines.level`.
    let general: String = key
        .split('.')
        .map(|part| part.split('[').next().unwrap_or(part))
        .collect::<Vec<_>>()
        .join(".");
    let &(_, low, high) = RANGES.iter().find(|(k, _, _)| *k == general)?;
    let number = match value {
        DeValue::Integer(i) => i.as_str().replace('_', "").parse::<f64>().ok(),
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
        _ => None,
    };
    match number {
        Some(n) if n.is_finite() && (low..=high).contains(&n) => None,
        _ => Some(format!("`{key}` must be a number from {low} to {high}")),
    }
}

/// Every value under `table`, with its dotted key (`cast[1].name`).
fn walk<'i>(table: &DeTable<'i>, prefix: &str, visit: &mut dyn FnMut(&str, &Spanned<DeValue<'i>>)) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        walk_value(value, &path, visit);
    }
}

fn walk_value<'i>(
    value: &Spanned<DeValue<'i>>,
    path: &str,
    visit: &mut dyn FnMut(&str, &Spanned<DeValue<'i>>),
) {
    match value.get_ref() {
        DeValue::Table(t) => walk(t, path, visit),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_value(item, &format!("{path}[{i}]"), visit);
            }
        }
        _ => visit(path, value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_where_they_stand() {
        let text = "title = \"ok\"\n\n[[cast]]\nlabel = \"问\"\nname = \"Bell\\u0007\"\n";
        let err = check("a.toml", text).unwrap_err().to_string();
        assert!(err.starts_with("a.toml:5:"), "{err}");
        assert!(
            err.contains("cast[0].name") && err.contains("U+0007"),
            "{err}"
        );
        assert!(check("a.toml", "description = \"two\\nlines\\tand a tab\"\n").is_ok());
        // C1 controls too (U+009B would start an escape sequence on a terminal).
        let err = check("a.toml", "title = \"C1\\u009bCSI\"\n").unwrap_err();
        assert!(err.to_string().contains("U+009B"), "{err}");
    }

    #[test]
    fn a_heading_level_out_of_range_is_refused_on_its_line() {
        let text = "[[lines]]\nline = 1\nkind = \"heading\"\nlevel = 2\n\n[[lines]]\nline = 3\nkind = \"heading\"\nlevel = 200\n";
        let err = check("a.toml", text).unwrap_err().to_string();
        assert!(err.starts_with("a.toml:9:"), "{err}");
        assert!(
            err.contains("lines[1].level") && err.contains("1 to 6"),
            "{err}"
        );
    }

    #[test]
    fn nonsense_numbers_are_refused() {
        for bad in [
            "chars_per_minute = nan",
            "chars_per_minute = -5.0",
            "chars_per_minute = inf",
            "pause_turn_ms = 18446744073709551615",
            "max_cue_ms = 0",
        ] {
            let text = format!("[script]\n{bad}\n");
            let err = check("a.toml", &text);
            assert!(
                matches!(&err, Err(Error::Sidecar { line: 2, .. })),
                "{bad}: {err:?}"
            );
        }
        assert!(
            check(
                "a.toml",
                "[script]\nchars_per_minute = 240\npause_turn_ms = 600\n"
            )
            .is_ok()
        );
    }
}
