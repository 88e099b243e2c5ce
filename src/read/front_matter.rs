//! Front matter: the metadata block at the top of a Markdown file (YAML between `---`
//! lines, as Jekyll, Hugo and Hexo write it, or TOML between `+++`). What it says fills what
//! the sidecar leaves unset; the sidecar has the last word.

use crate::error::Warning;
use crate::model::{Credit, CreditRole};
use crate::sidecar::{CastEntry, Sidecar};

/// What a file's own metadata says about the article: a Markdown front matter block, a web
/// page's meta tags, a Word file's properties, the voices a subtitle file names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    /// ISO date (`2024-09-24`), the day of a timestamp.
    pub date: Option<String>,
    pub language: Option<String>,
    pub authors: Vec<String>,
    /// Speakers the format names for sure (WebVTT's `<v Name>`, a transcript's speakers):
    /// declared as the sidecar's `[[cast]]` declares them, unless it already has them.
    pub speakers: Vec<String>,
}

impl FrontMatter {
    /// Reads a YAML or TOML block (without its fences). A block that does not parse, or is
    /// not a table of keys, gives nothing and a warning naming the line it starts on.
    pub fn parse(body: &str, toml: bool, line: usize, warnings: &mut Vec<Warning>) -> Self {
        let fields = if toml {
            toml_fields(body)
        } else {
            yaml_fields(body)
        };
        let Some(fields) = fields else {
            warnings.push(Warning::at(
                line,
                "front matter does not parse; its metadata is not used",
            ));
            return FrontMatter::default();
        };
        let get = |keys: &[&str]| {
            fields
                .iter()
                .find(|(k, _)| keys.contains(&k.to_ascii_lowercase().as_str()))
                .map(|(_, v)| v.clone())
        };
        let first = |keys: &[&str]| {
            get(keys)
                .and_then(|v| v.into_iter().next())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        FrontMatter {
            title: first(&["title"]),
            subtitle: first(&["subtitle"]),
            description: first(&["description", "summary", "excerpt"]),
            date: first(&["date", "published", "pubdate"]).and_then(|d| iso_day(&d)),
            language: first(&["lang", "language"]),
            authors: get(&["author", "authors"])
                .unwrap_or_default()
                .into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            speakers: Vec::new(),
        }
    }

    /// The sidecar with what it leaves unset taken from here.
    pub fn fill(&self, sidecar: &Sidecar) -> Sidecar {
        let mut filled = sidecar.clone();
        let or = |own: &mut Option<String>, here: &Option<String>| {
            if own.is_none() {
                own.clone_from(here);
            }
        };
        or(&mut filled.title, &self.title);
        or(&mut filled.subtitle, &self.subtitle);
        or(&mut filled.description, &self.description);
        or(&mut filled.date, &self.date);
        or(&mut filled.language, &self.language);
        if !filled.credits.iter().any(|c| c.role == CreditRole::Author) {
            filled
                .credits
                .extend(self.authors.iter().map(|name| Credit {
                    name: name.clone(),
                    role: CreditRole::Author,
                    note: None,
                }));
        }
        let declared = |label: &str| {
            let key = crate::parse::label_key(label);
            filled.cast.iter().any(|c| {
                crate::parse::label_key(&c.label) == key
                    || c.aliases.iter().any(|a| crate::parse::label_key(a) == key)
            })
        };
        let new: Vec<CastEntry> = self
            .speakers
            .iter()
            .filter(|s| !declared(s))
            .map(|s| CastEntry {
                label: s.clone(),
                name: None,
                role: None,
                id: None,
                lang: None,
                aliases: Vec::new(),
            })
            .collect();
        filled.cast.extend(new);
        filled
    }
}

/// `2024-09-24`, `2024-09-24T10:00:00+08:00`, `2024-09-24 10:00` → `2024-09-24`.
fn iso_day(value: &str) -> Option<String> {
    let day = value.get(..10)?;
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .map(|_| day.to_string())
}

/// Each top-level key with its value as strings (a list gives several).
type Fields = Vec<(String, Vec<String>)>;

fn yaml_fields(body: &str) -> Option<Fields> {
    use yaml_rust2::{Yaml, YamlLoader};
    let docs = YamlLoader::load_from_str(body).ok()?;
    let Some(doc) = docs.into_iter().next() else {
        return Some(Vec::new());
    };
    let scalar = |y: &Yaml| match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(n) => Some(n.to_string()),
        // `author: {name: …}`, as some themes write it.
        Yaml::Hash(h) => h
            .get(&Yaml::String("name".into()))
            .and_then(|n| n.as_str().map(str::to_string)),
        _ => None,
    };
    let hash = doc.as_hash()?;
    Some(
        hash.iter()
            .filter_map(|(k, v)| {
                let values = match v {
                    Yaml::Array(items) => items.iter().filter_map(scalar).collect(),
                    other => scalar(other).into_iter().collect(),
                };
                Some((k.as_str()?.to_string(), values))
            })
            .collect(),
    )
}

fn toml_fields(body: &str) -> Option<Fields> {
    let table: toml::Table = body.parse().ok()?;
    let scalar = |v: &toml::Value| match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Integer(n) => Some(n.to_string()),
        toml::Value::Table(t) => t.get("name").and_then(|n| n.as_str()).map(str::to_string),
        _ => None,
    };
    Some(
        table
            .iter()
            .map(|(k, v)| {
                let values = match v {
                    toml::Value::Array(items) => items.iter().filter_map(scalar).collect(),
                    other => scalar(other).into_iter().collect(),
                };
                (k.clone(), values)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_say_the_same() {
        let mut warnings = Vec::new();
        let yaml = FrontMatter::parse(
            "title: \"Spotlight\"\ndate: 2024-09-24T10:00:00+08:00\nauthor:\n  - Ann Lee\n  - Bo Chen\nlang: en\n",
            false,
            1,
            &mut warnings,
        );
        let toml = FrontMatter::parse(
            "title = \"Spotlight\"\ndate = 2024-09-24T10:00:00+08:00\nauthors = [\"Ann Lee\", \"Bo Chen\"]\nlang = \"en\"\n",
            true,
            1,
            &mut warnings,
        );
        assert_eq!(yaml, toml);
        assert_eq!(yaml.date.as_deref(), Some("2024-09-24"));
        assert_eq!(yaml.authors, ["Ann Lee", "Bo Chen"]);
        assert!(warnings.is_empty());
        let bad = FrontMatter::parse("title: [unclosed", false, 1, &mut warnings);
        assert_eq!(bad, FrontMatter::default());
        assert_eq!(warnings[0].line, Some(1));
    }

    #[test]
    fn the_sidecar_has_the_last_word() {
        let front = FrontMatter {
            title: Some("From the file".into()),
            date: Some("2024-01-02".into()),
            authors: vec!["Ann Lee".into()],
            ..FrontMatter::default()
        };
        let sidecar = Sidecar {
            title: Some("From the sidecar".into()),
            ..Sidecar::default()
        };
        let filled = front.fill(&sidecar);
        assert_eq!(filled.title.as_deref(), Some("From the sidecar"));
        assert_eq!(filled.date.as_deref(), Some("2024-01-02"));
        assert_eq!(filled.credits[0].name, "Ann Lee");
    }
}
