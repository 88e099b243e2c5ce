//! The real-world corpus (`tests/corpus/`): interviews written by others, each with a truth
//! file written by reading it. Every case is read and checked: title, language, turns per
//! speaker, headings, captions, who owns each line, nothing lost, and (for English) nothing
//! altered by the typography pass. The test prints the corpus score. Cases that do not hold
//! yet are listed, with the checks they fail, in `tests/corpus/KNOWN_GAPS`: a case failing
//! that is not listed fails the test, and so does a listed case that now holds.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fangtan::Input;
use fangtan::model::{Block, Document};
use fangtan::sidecar::Typography;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Truth {
    title: Option<String>,
    title_in_text: Option<bool>,
    language: String,
    #[serde(default)]
    headings: Vec<String>,
    #[serde(default)]
    captions: Vec<String>,
    owners: String,
    #[serde(default)]
    turns: BTreeMap<String, usize>,
}

/// One row of the truth's owners: lines `from..=to` form one block owned by one of `owners`.
struct Row {
    from: usize,
    to: usize,
    owners: Vec<String>,
}

fn rows(spec: &str) -> Vec<Row> {
    spec.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (range, owner) = l
                .split_once(char::is_whitespace)
                .expect("START[-END] OWNER");
            let (from, to) = range.split_once('-').unwrap_or((range, range));
            Row {
                from: from.parse().expect("line number"),
                to: to.parse().expect("line number"),
                owners: owner.split('|').map(|o| o.trim().to_string()).collect(),
            }
        })
        .collect()
}

/// Who owns each line in the model, and which lines start a turn (`true`: a continued one).
struct Reading {
    owner: BTreeMap<usize, String>,
    turn_starts: BTreeMap<usize, bool>,
}

fn reading(doc: &Document) -> Reading {
    let speaker_key = |id: &str| format!("@{id}");
    let mut owner = BTreeMap::new();
    let mut turn_starts = BTreeMap::new();
    let mut own = |line: usize, who: String| {
        owner.entry(line).or_insert(who);
    };
    for block in &doc.blocks {
        let (who, first_line) = match block {
            Block::Title { line, .. } => ("title".to_string(), Some(*line)),
            Block::Subtitle { line, .. } => ("subtitle".into(), Some(*line)),
            Block::Lead(_) => ("lead".into(), None),
            Block::Heading { line, .. } => ("heading".into(), Some(*line)),
            Block::Paragraph(_) => ("text".into(), None),
            Block::Turn {
                speaker,
                line,
                continued,
                paragraphs,
                ..
            } => {
                let start = if *continued {
                    paragraphs.first().map_or(*line, |p| p.line)
                } else {
                    *line
                };
                turn_starts.insert(start, *continued);
                let who = speaker_key(speaker);
                (who, (!continued).then_some(*line))
            }
            Block::Note {
                line, continued, ..
            } => ("note".into(), (!continued).then_some(*line)),
            Block::PullQuote { line, .. } => ("pull-quote".into(), Some(*line)),
            Block::Caption { line, .. } => ("caption".into(), Some(*line)),
            Block::Figure {
                line, caption_line, ..
            } => {
                if let Some(l) = caption_line {
                    own(*l, "caption".into());
                }
                ("picture".into(), Some(*line))
            }
            Block::Break { line, .. } => ("break".into(), Some(*line)),
            Block::References {
                title_line, items, ..
            } => {
                for item in items {
                    own(item.line, "reference".into());
                }
                ("reference".into(), *title_line)
            }
        };
        if let Some(l) = first_line {
            own(l, who.clone());
        }
        for p in block.paragraphs() {
            own(p.line, who.clone());
        }
    }
    for d in &doc.dropped {
        own(d.line, "dropped".into());
    }
    Reading { owner, turn_starts }
}

/// The truth's owner in the model's terms: `@Label` becomes `@id` of the speaker whose label,
/// spellings or display name it is (compared as label keys).
fn normal_owner(owner: &str, doc: &Document) -> String {
    match owner.strip_prefix("+@").or_else(|| owner.strip_prefix('@')) {
        Some(label) => format!(
            "@{}",
            common::speaker_id(label, doc).unwrap_or("(no such speaker)")
        ),
        None => owner.to_string(),
    }
}

/// The text of every block `pick` takes, in order.
fn block_texts(doc: &Document, pick: impl Fn(&Block) -> Option<&String>) -> Vec<&str> {
    doc.blocks
        .iter()
        .filter_map(pick)
        .map(String::as_str)
        .collect()
}

/// The checks one case fails, each with what differed.
fn failures(txt: &Path) -> BTreeMap<&'static str, String> {
    let mut failed = BTreeMap::new();
    let base = txt.with_extension("");
    let truth: Truth = toml::from_str(
        &std::fs::read_to_string(base.with_extension("truth.toml")).expect("truth file"),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", base.display()));
    let input = Input::from_file(txt, None, None, None).expect("reads");
    let kept = fangtan::prepare(&input, Some(Typography::Keep)).expect("parses");
    let doc = &kept.document;

    match (&truth.title, truth.title_in_text) {
        (Some(t), _) if doc.meta.title != *t => {
            failed.insert("title", format!("{:?}, want {t:?}", doc.meta.title));
        }
        (None, Some(false)) => {
            let stem = txt.file_stem().unwrap().to_string_lossy();
            if doc.meta.title.trim().is_empty() || doc.meta.title == stem {
                failed.insert("title", format!("{:?} is no title", doc.meta.title));
            }
        }
        _ => {}
    }
    if doc.meta.language != truth.language {
        failed.insert(
            "language",
            format!("{}, want {}", doc.meta.language, truth.language),
        );
    }

    let mut turns: BTreeMap<String, usize> = BTreeMap::new();
    for block in &doc.blocks {
        if let Block::Turn {
            speaker,
            continued: false,
            ..
        } = block
        {
            *turns.entry(speaker.clone()).or_default() += 1;
        }
    }
    let want_turns: BTreeMap<String, usize> = truth
        .turns
        .iter()
        .map(|(k, v)| {
            (
                common::speaker_id(k, doc)
                    .map_or_else(|| format!("{k} (not a speaker)"), str::to_string),
                *v,
            )
        })
        .collect();
    if turns != want_turns {
        failed.insert("turns", format!("{turns:?}, want {want_turns:?}"));
    }

    let headings = block_texts(doc, |b| match b {
        Block::Heading { text, .. } => Some(text),
        _ => None,
    });
    if headings != truth.headings {
        failed.insert(
            "headings",
            format!("{headings:?}, want {:?}", truth.headings),
        );
    }
    let captions = block_texts(doc, |b| match b {
        Block::Caption { text, .. } => Some(text),
        _ => None,
    });
    if captions != truth.captions {
        failed.insert(
            "captions",
            format!("{captions:?}, want {:?}", truth.captions),
        );
    }

    let read = reading(doc);
    let lines: Vec<&str> = input.source.text.lines().collect();
    // A line the model does not name continues the paragraph above it (a wrapped line the
    // reader joined; a Markdown line of the same paragraph): it has that paragraph's owner.
    let dropped: BTreeSet<usize> = doc.dropped.iter().map(|d| d.line).collect();
    let mut owner_of: BTreeMap<usize, String> = BTreeMap::new();
    let mut above: Option<String> = None;
    for (i, text) in lines.iter().enumerate() {
        let no = i + 1;
        if fangtan::zh::trim_edges(text).is_empty() || dropped.contains(&no) {
            if let Some(owner) = read.owner.get(&no) {
                owner_of.insert(no, owner.clone());
            }
            continue;
        }
        match read.owner.get(&no) {
            Some(owner) => {
                above = Some(owner.clone());
                owner_of.insert(no, owner.clone());
            }
            None => {
                if let Some(owner) = &above {
                    owner_of.insert(no, owner.clone());
                }
            }
        }
    }
    let mut wrong = Vec::new();
    for row in rows(&truth.owners) {
        let allowed: BTreeSet<String> = row.owners.iter().map(|o| normal_owner(o, doc)).collect();
        for no in row.from..=row.to {
            let Some(text) = lines.get(no - 1) else {
                continue;
            };
            if fangtan::zh::trim_edges(text).is_empty() {
                continue;
            }
            let got = owner_of.get(&no).map_or("(nothing)", String::as_str);
            if !allowed.contains(got) {
                wrong.push(format!("line {no}: {got}, want {}", row.owners.join("|")));
            }
        }
        // A turn row must start a new turn at its first line. (A `+@` row goes on with the
        // same speaker's turn after a caption or page furniture: its ownership is checked.)
        if row.owners.len() == 1
            && row.owners[0].starts_with('@')
            && read.turn_starts.get(&row.from) != Some(&false)
        {
            wrong.push(format!("line {}: a turn should start here", row.from));
        }
    }
    if !wrong.is_empty() {
        let n = wrong.len();
        wrong.truncate(8);
        failed.insert("owners", format!("{n} lines: {}", wrong.join("; ")));
    }

    let text = input.source.text.clone();
    let markup = match fangtan::read::read(&input.source, &input.sidecar.reader).format {
        fangtan::read::Format::Markdown => common::MARKDOWN_MARKS,
        _ => &[],
    };
    let lost = std::panic::catch_unwind(|| common::assert_nothing_lost_but(&text, doc, markup));
    if let Err(e) = lost {
        let msg = e
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_else(|| "lost text".into());
        failed.insert("nothing lost", msg.lines().next().unwrap_or("").to_string());
    }

    if truth.language == "en" {
        let normalized = fangtan::prepare(&input, Some(Typography::Normalize)).expect("parses");
        let before = common::model_text_by_line(doc);
        let after = common::model_text_by_line(&normalized.document);
        let curl = |s: &str| s.replace('\'', "’");
        let altered: Vec<String> = before
            .iter()
            .filter(|(line, t)| after.get(line).map(|a| curl(a)) != Some(curl(t)))
            .map(|(line, t)| {
                format!(
                    "line {line}: {t:?} became {:?}",
                    after.get(line).map_or("", String::as_str)
                )
            })
            .take(3)
            .collect();
        if !altered.is_empty() {
            failed.insert("unaltered", altered.join("; "));
        }
    }
    failed
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        // A case is its text (`NAME.txt`, or `NAME.md` as published in Markdown).
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    cases.sort();
    cases
}

/// `NAME: check, check` lines of the known gaps.
fn known_gaps() -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(corpus_dir().join("KNOWN_GAPS")).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, checks) = l.split_once(':').expect("NAME: checks");
            let checks = checks.split(',').map(|c| c.trim().to_string()).collect();
            (name.trim().to_string(), checks)
        })
        .collect()
}

#[test]
fn corpus_reads_as_a_person_would() {
    let cases = cases();
    let gaps = known_gaps();
    let mut report = String::new();
    let mut surprises = Vec::new();
    let mut holding = 0;
    let mut now_gaps = String::from(
        "# Corpus cases that do not hold yet, and the checks they fail (tests/corpus.rs).\n# Regenerate with UPDATE_CORPUS_GAPS=1 cargo test --test corpus; every line is a debt.\n",
    );
    for txt in &cases {
        let name = txt.file_stem().unwrap().to_string_lossy().into_owned();
        let failed = failures(txt);
        let failed_names: BTreeSet<String> = failed.keys().map(|k| k.to_string()).collect();
        if failed.is_empty() {
            holding += 1;
        } else {
            writeln!(report, "  {name}").unwrap();
            for (check, why) in &failed {
                writeln!(report, "    {check}: {why}").unwrap();
            }
        }
        if !failed.is_empty() {
            let list: Vec<&str> = failed.keys().copied().collect();
            writeln!(now_gaps, "{name}: {}", list.join(", ")).unwrap();
        }
        let expected = gaps.get(&name).cloned().unwrap_or_default();
        if failed_names != expected {
            surprises.push(format!(
                "{name}: fails {failed_names:?}, KNOWN_GAPS says {expected:?}"
            ));
        }
    }
    if std::env::var_os("UPDATE_CORPUS_GAPS").is_some() {
        std::fs::write(corpus_dir().join("KNOWN_GAPS"), &now_gaps).unwrap();
        surprises.clear();
    }
    println!(
        "corpus score: {holding} of {} cases hold every check\n{report}",
        cases.len()
    );
    assert!(
        cases.len() >= 25,
        "the corpus needs 25 cases, has {}",
        cases.len()
    );
    assert!(
        surprises.is_empty(),
        "corpus results differ from tests/corpus/KNOWN_GAPS:\n{}\n\n{report}",
        surprises.join("\n")
    );
}

/// Every case has provenance with a licence we may commit, and the README's table lists it.
#[test]
fn corpus_provenance() {
    let mut table = String::from(
        "| case | language | kind | repository | path | commit | original | licence |\n|---|---|---|---|---|---|---|---|\n",
    );
    let mut sources = BTreeSet::new();
    for txt in cases() {
        let name = txt.file_stem().unwrap().to_string_lossy().into_owned();
        let path = txt.with_extension("source.toml");
        let p = common::Provenance::read(&path, &name);
        assert!(
            p.may_be_committed(),
            "{name}: licence {:?} may not be committed",
            p.licence
        );
        assert_eq!(p.commit.len(), 40, "{name}: commit is not a full hash");
        // A source is the publisher of the original page (one repository may mirror several).
        let host = p.url.split("://").nth(1).and_then(|r| r.split('/').next());
        sources.insert(
            host.unwrap_or(&p.url)
                .trim_start_matches("www.")
                .to_string(),
        );
        writeln!(
            table,
            "| `{name}` | {} | {} | {} | `{}` | `{}` | <{}> | {} |",
            p.language,
            p.kind,
            p.repository,
            p.path,
            &p.commit[..12],
            p.url,
            p.licence
        )
        .unwrap();
    }
    let readme = std::fs::read_to_string(corpus_dir().join("README.md")).unwrap();
    let marker = "<!-- cases -->\n";
    let listed = readme.split_once(marker).map_or("", |(_, t)| t);
    if std::env::var_os("UPDATE_CORPUS_TABLE").is_some() {
        let head = readme
            .split_once(marker)
            .map_or(readme.as_str(), |(h, _)| h);
        std::fs::write(
            corpus_dir().join("README.md"),
            format!("{head}{marker}{table}"),
        )
        .unwrap();
    } else {
        assert_eq!(
            listed, table,
            "tests/corpus/README.md's table is stale: rerun with UPDATE_CORPUS_TABLE=1"
        );
    }
    assert!(
        sources.len() >= 10,
        "{} sources, want 10: {sources:?}",
        sources.len()
    );
}
