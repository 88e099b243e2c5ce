//! `fangtan build a.txt b.txt folder/`: many articles, built in parallel across cores. Each
//! article is read, rendered and written on its own, so one failure stops nothing else and
//! memory holds only the articles being built. Progress is a bar when stderr is a terminal
//! and one line per article when it is not; a summary ends the run.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::{BuildArgs, deny_warnings, read, render};
use crate::error::Error;

/// The inputs named on the command line: files as given, folders as their interview files in
/// name order; none means the bundled article.
pub fn inputs(paths: &[PathBuf]) -> Result<Inputs, Error> {
    if paths.is_empty() {
        return Ok(Inputs {
            texts: vec![None],
            empty_folders: Vec::new(),
        });
    }
    let mut inputs = Vec::new();
    let mut empty_folders = Vec::new();
    for path in paths {
        if !path.is_dir() {
            inputs.push(Some(path.clone()));
            continue;
        }
        let name = path.display().to_string();
        let entries = std::fs::read_dir(path)
            .map_err(|e| Error::input(&name, format!("cannot read folder: {e}")))?;
        let mut texts: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && is_interview_file(p))
            .collect();
        if texts.is_empty() {
            empty_folders.push(name);
            continue;
        }
        texts.sort();
        inputs.extend(texts.into_iter().map(Some));
    }
    Ok(Inputs {
        texts: inputs,
        empty_folders,
    })
}

/// What the command line names: the texts to build (`None`: the bundled article), and the
/// folders that hold none (each a failure of its own in a batch).
pub struct Inputs {
    pub texts: Vec<Option<PathBuf>>,
    pub empty_folders: Vec<String>,
}

impl Inputs {
    pub fn count(&self) -> usize {
        self.texts.len() + self.empty_folders.len()
    }
}

/// The error of a folder with nothing to build.
pub fn empty_folder(name: &str) -> Error {
    Error::input(
        name,
        "no interview files in this folder (.txt, .md, .html, .docx, .srt, .vtt, or a transcript .json)",
    )
}

/// Whether a file in a folder is one to build: a format fangtan reads by its extension, or a
/// `.json` that is a speech-to-text transcript (a folder's other JSON, fangtan's own output
/// among it, is not). Sidecars (`.toml`) and a saved page's pictures are not.
fn is_interview_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') {
        return false;
    }
    if crate::read::Format::for_name(name).is_some() {
        return true;
    }
    let json = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"));
    json && std::fs::read_to_string(path)
        .is_ok_and(|text| crate::read::subtitles::is_transcript_json(&text))
}

/// Where progress and messages go: above a bar on a terminal, else plain lines.
struct Reporter {
    bar: Option<ProgressBar>,
}

impl Reporter {
    fn new(total: usize) -> Reporter {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total as u64);
            if let Ok(style) =
                ProgressStyle::with_template("{bar:40} {pos}/{len} articles, {elapsed} {msg}")
            {
                bar.set_style(style);
            }
            bar
        });
        Reporter { bar }
    }

    fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }

    fn done_one(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.inc(1),
            None => eprintln!("{text}"),
        }
    }

    fn finish(&self, summary: &str) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        eprintln!("{summary}");
    }
}

/// Builds every input; returns an error (after building all the others) if any failed.
pub fn build(found: &Inputs, args: &BuildArgs) -> Result<(), Error> {
    let inputs = &found.texts[..];
    let reporter = Reporter::new(found.count());
    let warnings = AtomicUsize::new(0);
    let owners = output_owners(inputs, args);
    let failures: Vec<i32> = inputs
        .par_iter()
        .enumerate()
        .filter_map(|(index, path)| {
            let name = display_name(path.as_deref());
            let claim = Claim {
                index,
                owners: &owners,
                inputs,
            };
            match build_one(path.as_deref(), args, &reporter, claim) {
                Ok((files, warned)) => {
                    warnings.fetch_add(warned, Ordering::Relaxed);
                    reporter.done_one(&format!("fangtan: built {name} ({files} files)"));
                    None
                }
                Err(e) => {
                    reporter.line(&format!(
                        "fangtan: error: {}",
                        super::one_line(&e.to_string())
                    ));
                    reporter.done_one(&format!("fangtan: failed {name}"));
                    Some(e.exit_code())
                }
            }
        })
        .collect();
    let mut failures = failures;
    for folder in &found.empty_folders {
        reporter.line(&format!(
            "fangtan: error: {}",
            super::one_line(&empty_folder(folder).to_string())
        ));
        failures.push(1);
    }
    let total = found.count();
    reporter.finish(&format!(
        "fangtan: built {} of {total} articles into {}, {} warnings, {} failed",
        total - failures.len(),
        args.out.display(),
        warnings.load(Ordering::Relaxed),
        failures.len()
    ));
    match failures.iter().max() {
        None => Ok(()),
        Some(&code) => Err(Error::Batch {
            failed: failures.len(),
            total,
            code,
        }),
    }
}

fn display_name(path: Option<&Path>) -> String {
    path.map_or_else(|| "<bundled>".to_string(), |p| p.display().to_string())
}

/// For each slug (the stem of an article's output names), the first input in command-line
/// order that has it. Two articles must not overwrite each other, and which one is built
/// must not depend on which thread finishes first. Reading is cheap next to rendering, so
/// every input is read once here and again when built (holding 1,000 models would not be).
fn output_owners(inputs: &[Option<PathBuf>], args: &BuildArgs) -> HashMap<String, usize> {
    let slugs: Vec<Option<String>> = inputs
        .par_iter()
        .map(|path| {
            read(path.as_deref(), &args.options)
                .ok()
                .map(|(_, prepared)| prepared.document.meta.slug)
        })
        .collect();
    let mut owners = HashMap::new();
    for (index, slug) in slugs.into_iter().enumerate() {
        if let Some(slug) = slug {
            owners.entry(slug).or_insert(index);
        }
    }
    owners
}

/// Which input this is, and who owns which output names.
struct Claim<'a> {
    index: usize,
    owners: &'a HashMap<String, usize>,
    inputs: &'a [Option<PathBuf>],
}

/// One article: read, render, check that its output names are its own, write. Returns the
/// number of files written and of warnings.
fn build_one(
    path: Option<&Path>,
    args: &BuildArgs,
    reporter: &Reporter,
    claim: Claim<'_>,
) -> Result<(usize, usize), Error> {
    let (mut input, mut prepared) = read(path, &args.options)?;
    let name = input.source.name.clone();
    for w in &prepared.warnings {
        reporter.line(&super::one_line(&w.display_in(&name).to_string()));
    }
    deny_warnings(&input, &prepared, &args.options)?;
    super::keep_what_backends_need(&mut input, &mut prepared);
    let slug = &prepared.document.meta.slug;
    if let Some(&owner) = claim.owners.get(slug)
        && owner != claim.index
    {
        let other = display_name(claim.inputs[owner].as_deref());
        return Err(Error::input(
            &name,
            format!(
                "not built: its outputs would have the same names as those of {other}, named before it (both {slug:?}): give one a slug in its sidecar"
            ),
        ));
    }
    let mut made = render(&input, &prepared, args)?;
    made.warnings = super::placed_in_sidecar(&input, std::mem::take(&mut made.warnings));
    for w in &made.warnings {
        reporter.line(&super::one_line(&w.display_in(&name).to_string()));
    }
    let warnings = prepared.warnings.len() + made.warnings.len();
    let files = made.commit()?;
    Ok((files.len(), warnings))
}
