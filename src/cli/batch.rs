//! `fangtan build a.txt b.txt folder/`: many articles, built in parallel across cores. Each
//! article is read, rendered and written on its own, so one failure stops nothing else and
//! memory holds only the articles being built. Progress is a bar when stderr is a terminal
//! and one line per article when it is not; a summary ends the run.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::{BuildArgs, deny_warnings, read, render, write};
use crate::error::Error;

/// The inputs named on the command line: files as given, folders as their `*.txt` files in
/// name order; none means the bundled article.
pub fn inputs(paths: &[PathBuf]) -> Result<Vec<Option<PathBuf>>, Error> {
    if paths.is_empty() {
        return Ok(vec![None]);
    }
    let mut inputs = Vec::new();
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
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "txt"))
            .collect();
        if texts.is_empty() {
            return Err(Error::input(name, "no *.txt files in this folder"));
        }
        texts.sort();
        inputs.extend(texts.into_iter().map(Some));
    }
    Ok(inputs)
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
pub fn build(inputs: &[Option<PathBuf>], args: &BuildArgs) -> Result<(), Error> {
    let reporter = Reporter::new(inputs.len());
    let warnings = AtomicUsize::new(0);
    // Output names taken so far, by slug: two articles must not overwrite each other.
    let slugs: Mutex<HashMap<String, String>> = Mutex::new(HashMap::new());
    let failures: Vec<i32> = inputs
        .par_iter()
        .filter_map(|path| {
            let name = path
                .as_deref()
                .map_or_else(|| "<bundled>".to_string(), |p| p.display().to_string());
            match build_one(path.as_deref(), args, &reporter, &slugs) {
                Ok((files, warned)) => {
                    warnings.fetch_add(warned, Ordering::Relaxed);
                    reporter.done_one(&format!("fangtan: built {name} ({files} files)"));
                    None
                }
                Err(e) => {
                    reporter.line(&format!("fangtan: error: {e}"));
                    reporter.done_one(&format!("fangtan: failed {name}"));
                    Some(e.exit_code())
                }
            }
        })
        .collect();
    let total = inputs.len();
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

/// One article: read, render, claim its output names, write. Returns the number of files
/// written and of warnings.
fn build_one(
    path: Option<&Path>,
    args: &BuildArgs,
    reporter: &Reporter,
    slugs: &Mutex<HashMap<String, String>>,
) -> Result<(usize, usize), Error> {
    let (input, prepared) = read(path, &args.options)?;
    let name = input.source.name.clone();
    for w in &prepared.warnings {
        reporter.line(&w.display_in(&name).to_string());
    }
    deny_warnings(&input, &prepared, &args.options)?;
    let (artifacts, warnings) = render(&input, &prepared, args)?;
    for w in &warnings {
        reporter.line(&w.display_in(&name).to_string());
    }
    let slug = prepared.document.meta.slug.clone();
    {
        let mut taken = slugs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(other) = taken.get(&slug) {
            return Err(Error::input(
                &name,
                format!(
                    "its outputs would overwrite those of {other} (both are named {slug:?}): give one a slug in its sidecar"
                ),
            ));
        }
        taken.insert(slug, name.clone());
    }
    for artifact in &artifacts {
        write::atomic(&args.out, &artifact.file_name, &artifact.bytes)?;
    }
    Ok((artifacts.len(), prepared.warnings.len() + warnings.len()))
}
