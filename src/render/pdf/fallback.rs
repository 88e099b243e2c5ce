//! Fallback fonts for characters the bundled fonts lack (beyond GB 2312 and the 通用规范汉字表:
//! traditional forms, rarer name characters, emoji): fonts in `--font-dir` folders first, then
//! the usual system font folders.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::render::fonts::Font;

/// Common places fonts are installed.
const SYSTEM_DIRS: &[&str] = &[
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/System/Library/Fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    "C:\\Windows\\Fonts",
];

fn font_files(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() && depth < 4 {
            font_files(&path, out, depth + 1);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc"))
        {
            out.push(path);
        }
    }
}

/// Fallback fonts read so far, by path: each is read once and kept for the rest of the
/// process, like the bundled fonts, so the documents of a batch share them.
static KEPT: Mutex<BTreeMap<PathBuf, &'static [u8]>> = Mutex::new(BTreeMap::new());

fn kept(path: &Path) -> Option<&'static [u8]> {
    KEPT.lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(path)
        .copied()
}

fn keep(path: &Path, bytes: Vec<u8>) -> &'static [u8] {
    let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
    kept.entry(path.to_path_buf())
        .or_insert_with(|| Box::leak(bytes.into_boxed_slice()))
}

/// Fonts that together cover as many of `wanted` as they can, chosen greedily in search
/// order: each chosen font covers at least one character the ones before it did not.
pub fn fonts_for(wanted: &BTreeSet<char>, font_dirs: &[PathBuf]) -> Vec<Font> {
    let home = std::env::var("HOME").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = font_dirs.to_vec();
    dirs.extend(
        SYSTEM_DIRS
            .iter()
            .map(|d| PathBuf::from(d.replacen('~', &home, 1))),
    );
    let mut files: Vec<(usize, PathBuf)> = Vec::new();
    for (n, dir) in dirs.iter().enumerate() {
        let mut found = Vec::new();
        font_files(dir, &mut found, 0);
        // Within a folder, plain faces before bold, italic, light or special ones.
        found.sort_by_key(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            [
                "bold", "italic", "oblique", "light", "thin", "black", "math", "mono",
            ]
            .iter()
            .filter(|w| name.contains(*w))
            .count()
        });
        files.extend(found.into_iter().map(|p| (n, p)));
    }
    // Regular fonts for the text, then bold ones for the labels and headings, each set
    // covering what it can: a bold label's rare character is then bold too.
    let mut chosen = pick(&files, wanted, false);
    chosen.extend(pick(&files, wanted, true));
    chosen
}

/// Fonts of one weight (bold: 600 and over) that together cover what they can of `wanted`,
/// chosen greedily in search order.
fn pick(files: &[(usize, PathBuf)], wanted: &BTreeSet<char>, bold: bool) -> Vec<Font> {
    // Within each folder, in the style the weight is for: serif (Song, Ming) for the text,
    // sans (Hei, Gothic) for bold labels and headings. Folders keep their order.
    let styled = |p: &PathBuf| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let words: &[&str] = if bold {
            &["sans", "hei", "gothic"]
        } else {
            &["serif", "song", "ming"]
        };
        let sans_named = name.contains("sans");
        let matches = words.iter().any(|w| name.contains(w)) && (bold || !sans_named);
        !matches
    };
    let mut order: Vec<&(usize, PathBuf)> = files.iter().collect();
    order.sort_by_key(|(dir, p)| (*dir, styled(p)));
    let mut left = wanted.clone();
    let mut chosen = Vec::new();
    for (_, path) in order {
        if left.is_empty() {
            break;
        }
        let cached = kept(path);
        let read;
        let bytes: &[u8] = match cached {
            Some(bytes) => bytes,
            None => match std::fs::read(path) {
                Ok(b) => {
                    read = b;
                    &read
                }
                Err(_) => continue,
            },
        };
        let covered: Vec<char> = match ttf_parser::Face::parse(bytes, 0) {
            Ok(face) if (face.weight().to_number() >= 600) == bold => left
                .iter()
                .copied()
                .filter(|c| face.glyph_index(*c).is_some())
                .collect(),
            _ => continue,
        };
        if covered.is_empty() {
            continue;
        }
        let bytes = match cached {
            Some(bytes) => bytes,
            None => keep(path, bytes.to_vec()),
        };
        if let Some(font) = Font::from_static(&path.display().to_string(), bytes, 0) {
            for c in covered {
                left.remove(&c);
            }
            chosen.push(font);
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_dirs_come_first_and_only_useful_fonts_are_taken() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.ttf"), crate::render::fonts::KAI).unwrap();
        std::fs::write(dir.path().join("b.ttf"), crate::render::fonts::SERIF).unwrap();
        std::fs::write(dir.path().join("broken.ttf"), b"not a font").unwrap();
        let wanted: BTreeSet<char> = ['中', '文'].into();
        let fonts = fonts_for(&wanted, &[dir.path().to_path_buf()]);
        // The first font has both: the second is not needed (bold fonts from the system may
        // follow, for bold text).
        assert_eq!(fonts.iter().filter(|f| f.weight() < 600).count(), 1);
        assert!(fonts[0].name.ends_with("a.ttf"), "{}", fonts[0].name);
        // A second document gets the same bytes, not another copy (cargo fuzz found a
        // batch leaking one copy of the font per document).
        let again = fonts_for(&wanted, &[dir.path().to_path_buf()]);
        assert!(std::ptr::eq(again[0].bytes, fonts[0].bytes));
    }
}
