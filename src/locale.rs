//! Every word fangtan itself adds to a book (navigation, page titles, roles, the punctuation
//! around labels, dates), in one table per language: `templates/strings/{zh-Hans,zh-Hant,en}.toml`.
//! The document's language picks the table; a `--templates` folder's `strings/<table>.toml`
//! and then the sidecar's `[strings]` override single entries.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::{CreditRole, Role};

/// The built-in tables: (name, text).
const TABLES: &[(&str, &str)] = &[
    ("zh-Hans", include_str!("../templates/strings/zh-Hans.toml")),
    ("zh-Hant", include_str!("../templates/strings/zh-Hant.toml")),
    ("en", include_str!("../templates/strings/en.toml")),
];

/// The strings of one language. Every field is in every table (a test checks it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strings {
    pub contents: String,
    /// The navigation's list of landmarks (cover, title page, text), for screen readers.
    pub landmarks: String,
    pub cover: String,
    pub cover_alt: String,
    pub title_page: String,
    pub colophon: String,
    pub lead: String,
    pub body: String,
    pub references: String,
    /// The label before a caption whose picture is not in the book; empty for none.
    pub caption: String,
    pub source: String,
    pub date: String,
    pub generated_by: String,
    pub embedded_fonts: String,
    pub accessibility_summary: String,
    pub self_assessed: String,
    pub label_colon: String,
    pub field: String,
    pub list_separator: String,
    pub list_last_separator: String,
    pub aside: String,
    pub credit_note: String,
    pub continued: String,
    pub person: String,
    pub interviewer: String,
    pub interviewee: String,
    pub conversation: String,
    pub author: String,
    pub translator: String,
    pub editor: String,
    pub annotator: String,
    pub publication: String,
    pub publisher: String,
    pub published_in: String,
    pub translated_by: String,
    pub full_date: String,
    pub month_date: String,
    pub month_names: Vec<String>,
    pub script: String,
    pub opening: String,
    pub narration: String,
    pub narration_note: String,
    pub narration_quote: String,
    pub voice: String,
    pub script_summary: String,
    pub script_pdf_summary: String,
    pub script_voice_line: String,
    pub script_voices_heading: String,
    pub script_voice_columns: String,
    pub script_not_read: String,
    pub script_nothing: String,
    pub script_pronunciation: String,
    pub script_term_columns: String,
    pub script_read_as: String,
    pub script_say: String,
    pub script_reading_separator: String,
    pub script_narration_mark: String,
    pub script_role_interviewer: String,
    pub script_role_interviewee: String,
    pub script_role_other: String,
    pub script_omitted_quotes: String,
    pub script_omitted_captions: String,
    pub script_omitted_figures: String,
    pub script_omitted_references: String,
    pub script_omitted_notes: String,
    pub script_omitted_narration: String,
    pub script_omitted_marks: String,
    pub script_spell_out: String,
    pub script_to_fill: String,
}

/// Which table a BCP 47 tag takes: Traditional Chinese by script or region, other Chinese
/// Simplified, every other language English.
pub fn table_for(language: &str) -> &'static str {
    let tag = language.to_ascii_lowercase();
    let mut parts = tag.split(['-', '_']);
    if !matches!(parts.next(), Some("zh" | "cmn" | "yue")) {
        return "en";
    }
    let hant = parts.any(|p| matches!(p, "hant" | "tw" | "hk" | "mo"));
    if hant { "zh-Hant" } else { "zh-Hans" }
}

/// The line of a strings table's `text` that holds the entry an error `message` names in
/// backticks (`unknown field \`contentz\``), written `contentz = …` or `strings.contentz = …`.
pub fn line_of_entry(text: &str, message: &str) -> Option<usize> {
    let key = message.split('`').nth(1)?;
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            let line = line.strip_prefix("strings.").unwrap_or(line);
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

impl Strings {
    /// The built-in table for `language`.
    pub fn built_in(language: &str) -> Strings {
        Strings::load(language, None, &toml::Table::new()).expect("built-in tables parse")
    }

    /// The table for `language`, with a template folder's and then the sidecar's entries over it.
    pub fn load(
        language: &str,
        templates: Option<&Path>,
        overrides: &toml::Table,
    ) -> Result<Strings, Error> {
        let name = table_for(language);
        let text = TABLES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .expect("a table for every name table_for gives");
        let mut table: toml::Table = text.parse().expect("built-in tables parse");
        if let Some(dir) = templates {
            let path = dir.join("strings").join(format!("{name}.toml"));
            if path.is_file() {
                let shown = path.display().to_string();
                let own = std::fs::read_to_string(&path)
                    .map_err(|e| Error::input(&shown, format!("cannot read strings: {e}")))?;
                let parsed: toml::Table = own
                    .parse()
                    .map_err(|e: toml::de::Error| Error::input(&shown, e.to_string()))?;
                // Checked here, so that a misspelt entry names this file and its line.
                if let Err(message) = Strings::check(&parsed) {
                    return Err(match line_of_entry(&own, &message) {
                        Some(line) => Error::InputLine {
                            file: shown,
                            line,
                            message,
                        },
                        None => Error::input(&shown, message),
                    });
                }
                table.extend(parsed);
            }
        }
        table.extend(overrides.clone());
        Strings::from_table(table).map_err(|e| Error::input("[strings]", e))
    }

    /// Whether `overrides` name only entries that exist, with text values (the sidecar's check).
    pub fn check(overrides: &toml::Table) -> Result<(), String> {
        let mut table: toml::Table = TABLES[0].1.parse().expect("built-in tables parse");
        table.extend(overrides.clone());
        Strings::from_table(table).map(|_| ())
    }

    fn from_table(table: toml::Table) -> Result<Strings, String> {
        Strings::deserialize(toml::Value::Table(table)).map_err(|e| {
            // serde lists every name it expected: seventy of them; the tables list them too.
            let message = e.message().trim();
            match message.split_once(", expected one of") {
                Some((unknown, _)) => format!(
                    "interface strings: {unknown} (the entries are those of templates/strings/en.toml)"
                ),
                None => format!("interface strings: {message}"),
            }
        })
    }

    /// `pattern` with each `{key}` replaced by its value.
    pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
        let mut out = pattern.to_string();
        for (key, value) in values {
            out = out.replace(&format!("{{{key}}}"), value);
        }
        out
    }

    /// `Name：` or `Name: `: a speaker's label as set before a turn.
    pub fn label(&self, name: &str) -> String {
        format!("{name}{}", self.label_colon)
    }

    /// `图注：` before a caption whose picture is not in the book, unless its own words say
    /// what it is (`图片来源：…`) or the table's `caption` is empty.
    pub fn caption_label(&self, text: &str) -> Option<String> {
        (!self.caption.is_empty() && !crate::model::caption_names_itself(text))
            .then(|| self.label(&self.caption))
    }

    /// An inline note, brackets and all.
    pub fn aside(&self, label: &str, text: &str) -> String {
        Strings::fill(&self.aside, &[("label", label), ("text", text)])
    }

    /// Names joined as the language joins a list (`甲、乙、丙`, `A, B and C`).
    pub fn list(&self, items: &[impl AsRef<str>]) -> String {
        let mut out = String::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(if i + 1 == items.len() {
                    &self.list_last_separator
                } else {
                    &self.list_separator
                });
            }
            out.push_str(item.as_ref());
        }
        out
    }

    /// `{role}　{name}` for a person on the title page, the cover and the colophon.
    pub fn person(&self, role: &str, name: &str) -> String {
        Strings::fill(&self.person, &[("role", role), ("name", name)])
    }

    /// A credit's note as set after its name (`（节选）`, ` (excerpt)`), or nothing.
    pub fn credit_note(&self, note: Option<&str>) -> String {
        note.map(|n| Strings::fill(&self.credit_note, &[("note", n)]))
            .unwrap_or_default()
    }

    pub fn credit_role(&self, role: CreditRole) -> &str {
        match role {
            CreditRole::Author => &self.author,
            CreditRole::Interviewer => &self.interviewer,
            CreditRole::Interviewee => &self.interviewee,
            CreditRole::Translator => &self.translator,
            CreditRole::Editor => &self.editor,
            CreditRole::Annotator => &self.annotator,
            CreditRole::Publication => &self.publication,
            CreditRole::Publisher => &self.publisher,
        }
    }

    pub fn speaker_role(&self, role: Role) -> &str {
        match role {
            Role::Interviewer => &self.interviewer,
            Role::Interviewee => &self.interviewee,
            Role::Other => &self.conversation,
        }
    }

    /// An ISO date (`2023-12-22`, `2023-12`) as the language writes it; anything else as given.
    pub fn date_text(&self, iso: &str) -> String {
        let parts: Vec<&str> = iso.trim().split('-').collect();
        let number = |s: &str| s.parse::<u32>().ok();
        let month_name = |m: u32| {
            self.month_names
                .get(m as usize - 1)
                .cloned()
                .unwrap_or_else(|| m.to_string())
        };
        match parts.as_slice() {
            [y, m, d] if y.len() == 4 => match (number(y), number(m), number(d)) {
                (Some(_), Some(m @ 1..=12), Some(d @ 1..=31)) => Strings::fill(
                    &self.full_date,
                    &[
                        ("year", y),
                        ("month", &m.to_string()),
                        ("day", &d.to_string()),
                        ("month_name", &month_name(m)),
                    ],
                ),
                _ => iso.to_string(),
            },
            [y, m] if y.len() == 4 => match (number(y), number(m)) {
                (Some(_), Some(m @ 1..=12)) => Strings::fill(
                    &self.month_date,
                    &[
                        ("year", y),
                        ("month", &m.to_string()),
                        ("month_name", &month_name(m)),
                    ],
                ),
                _ => iso.to_string(),
            },
            _ => iso.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_every_entry() {
        for (name, text) in TABLES {
            let table: toml::Table = text.parse().unwrap();
            Strings::deserialize(toml::Value::Table(table))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn language_picks_the_table() {
        for (tag, table) in [
            ("zh-CN", "zh-Hans"),
            ("zh", "zh-Hans"),
            ("zh-Hans-SG", "zh-Hans"),
            ("zh-TW", "zh-Hant"),
            ("zh-Hant", "zh-Hant"),
            ("zh_HK", "zh-Hant"),
            ("en-US", "en"),
            ("en", "en"),
            ("fr", "en"),
        ] {
            assert_eq!(table_for(tag), table, "{tag}");
        }
    }

    #[test]
    fn lists_dates_and_overrides() {
        let en = Strings::built_in("en");
        assert_eq!(en.list(&["A", "B", "C"]), "A, B and C");
        assert_eq!(en.list(&["A"]), "A");
        assert_eq!(en.date_text("2023-12-02"), "December 2, 2023");
        assert_eq!(en.date_text("2023-12"), "December 2023");
        assert_eq!(en.date_text("winter"), "winter");
        assert_eq!(en.label("MS. PSAKI"), "MS. PSAKI: ");
        let zh = Strings::built_in("zh-CN");
        assert_eq!(zh.list(&["甲", "乙", "丙"]), "甲、乙、丙");
        assert_eq!(zh.date_text("2023-12-02"), "2023 年 12 月 2 日");
        assert_eq!(zh.aside("注", "文字"), "（注：文字）");
        let mut own = toml::Table::new();
        own.insert("contents".into(), "Inhalt".into());
        assert_eq!(Strings::load("en", None, &own).unwrap().contents, "Inhalt");
        own.insert("contnets".into(), "typo".into());
        let e = Strings::load("en", None, &own).unwrap_err().to_string();
        assert!(e.contains("contnets"), "{e}");
    }
}
