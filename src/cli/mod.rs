//! The command line: `fangtan [build|inspect] [INPUT] …`. Only this module touches the file
//! system for output.

mod audio;
mod batch;
mod outline;
mod write;

pub use write::remove_staged_on_abort;

pub use outline::outline as outline_text;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use std::sync::{Mutex, PoisonError};

use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::error::{Error, Warning};
use crate::model::{Document, Stats};
use crate::render::{Artifact, Format, RenderOptions};
use crate::sidecar::Typography;
use crate::typeset::book::Paper;
use crate::zh::normalize::Change;
use crate::{Input, Prepared, prepare};

/// Turns an interview (pasted text, Markdown, a saved web page, a Word file, subtitles or a
/// speech-to-text transcript) into an EPUB, a print PDF, a read-aloud script with a voice per
/// speaker, and a table-read episode.
/// With no arguments, builds the bundled article into out/.
#[derive(Debug, Parser)]
#[command(name = "fangtan", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the outputs (SLUG.epub, SLUG.pdf, script files, SLUG.json) into the output folder.
    Build(BuildArgs),
    /// Show how the input was read: outline, cast, warnings, typography changes.
    Inspect(InspectArgs),
    /// Print a longer input for benchmarks and scale tests: the article, then its body again
    /// until there are COPIES bodies, each copy's headings numbered.
    Repeat(RepeatArgs),
}

#[derive(Debug, Args, Default)]
pub struct RepeatArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// How many bodies in all (1 or more).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub copies: u64,
}

#[derive(Debug, Args, Default)]
pub struct InputArgs {
    /// The interview: text (UTF-8, UTF-16 with BOM, GB18030…), Markdown, a saved web page,
    /// Word (.docx), subtitles (.srt, .vtt) or a speech-to-text JSON. Omitted: the bundled
    /// article.
    pub input: Option<PathBuf>,
    #[command(flatten)]
    pub options: InputOptions,
}

/// How an input is read (shared by every command).
#[derive(Debug, Args, Default, Clone)]
pub struct InputOptions {
    /// Metadata sidecar (TOML). Default: INPUT.toml (or INPUT with .toml extension) if present.
    #[arg(long, value_name = "FILE")]
    pub meta: Option<PathBuf>,
    /// Decode the input with this encoding (e.g. gb18030, utf-16le) instead of detecting it;
    /// utf-8-lossy: UTF-8 with invalid bytes replaced by U+FFFD (each reported).
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Read the input as this format instead of the one its name and content say: text,
    /// wrapped (text broken at a fixed width), markdown, html, docx, srt, vtt,
    /// transcript-json.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<crate::read::Format>,
    /// Give the backends the text as written, or with Chinese punctuation and spacing
    /// normalised (default: the sidecar's choice, else normalize).
    #[arg(long, value_enum)]
    pub typography: Option<Typography>,
    /// Exit with an error if there are warnings.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args, Default)]
pub struct BuildArgs {
    /// Interviews (text, Markdown, saved web pages, Word, subtitles, transcripts), or folders
    /// (every file of those kinds in them, each with its sidecar).
    /// Omitted: the bundled article. Several are built in parallel.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub options: InputOptions,
    /// Output folder (created if missing).
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Only these outputs, comma-separated: epub, pdf, script, json, audio, html (by default
    /// all but html, audio when a speech engine or --recordings is there).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub only: Vec<Format>,
    /// Leave these outputs out, comma-separated (`--skip audio` builds the books and the
    /// script without the episode).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub skip: Vec<Format>,
    /// Paper size of the PDF.
    #[arg(long, value_enum, default_value = "a5")]
    pub paper: Paper,
    /// A folder of fonts to use for characters the bundled fonts lack (searched before the
    /// system's font folders); may be given more than once.
    #[arg(long, value_name = "DIR")]
    pub font_dir: Vec<PathBuf>,
    /// A folder of your own templates (same names as in templates/), replacing the built-in
    /// ones file by file.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Embed the bundled fonts in the EPUB, subset to the characters the book uses.
    #[arg(long)]
    pub embed_fonts: bool,
    /// SSML profiles to write besides the generic one, comma-separated: azure, google,
    /// polly, espeak (replaces the sidecar's `[script] ssml`).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub ssml: Vec<crate::render::script::engine::Engine>,
    /// A folder of the narrators' takes named by cue id (001.wav, 002.flac …): the episode
    /// is assembled from them instead of synthesised (missing takes are synthesised).
    #[arg(long, value_name = "DIR")]
    pub recordings: Option<PathBuf>,
}

#[derive(Debug, Args, Default)]
pub struct InspectArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print the model and stats as JSON instead of an outline.
    #[arg(long, conflicts_with = "html")]
    pub json: bool,
    /// Print the annotated reading as a standalone HTML page instead: every line with what
    /// the reader made of it, its warnings and the sidecar entries that would change it.
    #[arg(long)]
    pub html: bool,
    /// A folder of your own templates (for --html: preview/reading.html.hbs, …).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// Parses the process arguments and runs; returns the exit code (0 ok, 1 input or usage
/// error, 2 output error).
pub fn main() -> i32 {
    write::ignore_file_size_signal();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            return 0;
        }
        Err(e) => {
            eprintln!(
                "fangtan: error: {}",
                usage_error_line(&e.render().to_string())
            );
            return 1;
        }
    };
    // The worker threads are started here, where failing to start them (a tight `ulimit -v`)
    // can be an error of one line; started on first use, they would panic.
    if let Err(e) = rayon::ThreadPoolBuilder::new().build_global() {
        eprintln!("fangtan: error: out of memory: cannot start worker threads ({e})");
        return 3;
    }
    match run(cli) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("fangtan: error: {}", one_line(&e.to_string()));
            e.exit_code()
        }
    }
}

/// clap's usage error as one line, as every other error is: its first line, its tip, and
/// where to read more.
fn usage_error_line(rendered: &str) -> String {
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("usage error");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let tip = lines
        .find_map(|l| l.strip_prefix("tip: "))
        .map(|t| format!("; {t}"))
        .unwrap_or_default();
    format!("{first}{tip} (see fangtan --help)")
}

pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        None => build(&BuildArgs {
            out: PathBuf::from("out"),
            ..BuildArgs::default()
        }),
        Some(Command::Build(args)) => build(&args),
        Some(Command::Inspect(args)) => inspect(&args),
        Some(Command::Repeat(args)) => repeat(&args),
    }
}

fn load(args: &InputArgs) -> Result<(Input, Prepared), Error> {
    let (input, prepared) = read(args.input.as_deref(), &args.options)?;
    report_warnings(&input.source.name, &prepared.warnings);
    deny_warnings(&input, &prepared, &args.options)?;
    Ok((input, prepared))
}

/// Reads and prepares one input (`None`: the bundled article); reports nothing.
fn read(path: Option<&Path>, options: &InputOptions) -> Result<(Input, Prepared), Error> {
    let input = match path {
        Some(path) => Input::from_file(
            path,
            options.meta.as_deref(),
            options.encoding.as_deref(),
            options.from,
        )?,
        None => {
            if options.meta.is_some() || options.encoding.is_some() || options.from.is_some() {
                return Err(Error::Usage(
                    "--meta, --encoding and --from need an INPUT file (the bundled article has its own)"
                        .into(),
                ));
            }
            Input::bundled()
        }
    };
    let prepared = prepare(&input, options.typography)?;
    Ok((input, prepared))
}

fn deny_warnings(input: &Input, prepared: &Prepared, options: &InputOptions) -> Result<(), Error> {
    if options.deny_warnings && !prepared.warnings.is_empty() {
        return Err(Error::input(
            &input.source.name,
            format!("{} warning(s) and --deny-warnings", prepared.warnings.len()),
        ));
    }
    Ok(())
}

/// A message as one line, whatever it quotes: a file name with a line break in it is shown
/// with `\n`, so that one error stays one line.
pub(crate) fn one_line(message: &str) -> std::borrow::Cow<'_, str> {
    if message.contains(['\n', '\r']) {
        message.replace('\n', "\\n").replace('\r', "\\r").into()
    } else {
        message.into()
    }
}

fn report_warnings(file: &str, warnings: &[Warning]) {
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "{}", one_line(&w.display_in(file).to_string()));
    }
}

fn build(args: &BuildArgs) -> Result<(), Error> {
    write::watch_signals();
    // First of all, whatever happens next: finish or clear what a stopped build left.
    for note in write::recover(&args.out) {
        eprintln!("fangtan: {}: {note}", args.out.display());
    }
    let found = batch::inputs(&args.inputs)?;
    if found.count() > 1 {
        if args.options.meta.is_some() {
            return Err(Error::Usage(
                "--meta names the sidecar of one input; with several, each uses its own".into(),
            ));
        }
        return batch::build(&found, args);
    }
    if let Some(folder) = found.empty_folders.first() {
        return Err(batch::empty_folder(folder));
    }
    let (mut input, mut prepared) = read(found.texts[0].as_deref(), &args.options)?;
    report_warnings(&input.source.name, &prepared.warnings);
    deny_warnings(&input, &prepared, &args.options)?;
    keep_what_backends_need(&mut input, &mut prepared);
    let mut made = render(&input, &prepared, args)?;
    made.warnings = placed_in_sidecar(&input, std::mem::take(&mut made.warnings));
    report_warnings(&input.source.name, &made.warnings);
    let files = made.commit()?;
    let mut stdout = Stdout::default();
    for (path, size) in &files {
        stdout.line(&format!("wrote {} ({size} bytes)", path.display()))?;
    }
    Ok(())
}

/// The backends work from the model alone: the source text and the list of typography changes
/// (which only `inspect` shows) go before rendering, as a long book's peak is then.
pub(crate) fn keep_what_backends_need(input: &mut Input, prepared: &mut Prepared) {
    input.source.text = String::new();
    prepared.changes = Vec::new();
}

/// One article's outputs, staged beside their targets (see [`write`]) and not yet in place.
pub(crate) struct Made {
    staging: write::Staging,
    /// ((format, file), name, size): the order to report them in, whichever finished first.
    files: Vec<((usize, usize), String, usize)>,
    pub(crate) warnings: Vec<Warning>,
}

impl Made {
    /// Moves the set into place; returns each path written with its size, in format order.
    pub(crate) fn commit(mut self) -> Result<Vec<(PathBuf, usize)>, Error> {
        let dir = self.staging.dir().to_path_buf();
        self.staging.commit()?;
        self.files.sort();
        Ok(self
            .files
            .into_iter()
            .map(|(_, name, size)| (dir.join(name), size))
            .collect())
    }
}

/// Backend warnings about the metadata (a title character no font has) given the sidecar
/// line that wrote it, when the sidecar did.
pub(crate) fn placed_in_sidecar(input: &Input, warnings: Vec<Warning>) -> Vec<Warning> {
    let sidecar = input
        .sidecar_name
        .as_deref()
        .and_then(|name| Some((name, std::fs::read_to_string(name).ok()?)));
    match sidecar {
        Some((name, text)) => warnings
            .into_iter()
            .map(|w| w.placed_in_sidecar(name, &text))
            .collect(),
        None => warnings,
    }
}

/// The article's own text and sidecar, which no output may overwrite (`talk.json` read from
/// inside `--out`).
fn own_files(input: &Input) -> Vec<PathBuf> {
    [
        Some(input.source.name.as_str()),
        input.sidecar_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter_map(|name| std::fs::canonicalize(name).ok())
    .collect()
}

/// The newest modification time of the input file and its sidecar, in seconds since 1970
/// (none for the bundled article or standard input).
fn last_modified(input: &Input) -> Option<i64> {
    [
        Some(input.source.name.as_str()),
        input.sidecar_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter_map(|name| std::fs::metadata(name).and_then(|m| m.modified()).ok())
    .filter_map(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
    .map(|d| d.as_secs() as i64)
    .max()
}

/// Standard output: a reader that stops reading (`| head`) ends the output quietly, as
/// other Unix tools do; any other failure (a full disk) is an error.
#[derive(Default)]
pub(crate) struct Stdout {
    closed: bool,
}

impl Stdout {
    pub(crate) fn write(&mut self, text: &str) -> Result<(), Error> {
        if self.closed {
            return Ok(());
        }
        let mut out = std::io::stdout().lock();
        match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(Error::Output {
                path: PathBuf::from("<stdout>"),
                message: format!("cannot write: {e}"),
            }),
        }
    }

    pub(crate) fn line(&mut self, text: &str) -> Result<(), Error> {
        self.write(&format!("{text}\n"))
    }
}

/// Every requested output of one article, rendered in parallel; each file is staged as
/// soon as its backend has made it, so a long book's outputs are never all in memory. Nothing
/// is in place until [`Made::commit`]; on an error the staged files are removed.
fn render(input: &Input, prepared: &Prepared, args: &BuildArgs) -> Result<Made, Error> {
    let explicit = !args.only.is_empty();
    let recordings = args
        .recordings
        .as_deref()
        .map(audio::read_recordings)
        .transpose()?;
    let (audio, no_engine) = audio::options(input, recordings.as_ref());
    let can_make_audio = audio.engine.is_some() || recordings.is_some();
    let mut formats: Vec<Format> = if explicit {
        args.only.clone()
    } else {
        let mut formats = Format::TEXT.to_vec();
        match &no_engine {
            _ if args.skip.contains(&Format::Audio) => {}
            _ if can_make_audio => formats.push(Format::Audio),
            Some(why) => eprintln!("fangtan: audio: skipped: {why}"),
            None => {}
        }
        formats
    };
    formats.retain(|f| !args.skip.contains(f));
    if formats.contains(&Format::Audio) && !can_make_audio {
        return Err(Error::render("audio", no_engine.unwrap_or_default()));
    }
    // `--only epub,epub` asks for one EPUB.
    let mut seen = std::collections::HashSet::new();
    formats.retain(|f| seen.insert(*f));
    let options = RenderOptions {
        modified: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .or_else(|| last_modified(input)),
        paper: args.paper,
        font_dirs: args
            .font_dir
            .iter()
            .chain(&input.sidecar.font_dirs)
            .cloned()
            .collect(),
        templates: args.templates.clone(),
        embed_fonts: args.embed_fonts,
        script: {
            let mut script = input.sidecar.script.clone();
            if !args.ssml.is_empty() {
                script.ssml = args.ssml.clone();
            }
            script
        },
        strings: input.sidecar.strings.clone(),
        audio,
    };
    let mut backends = Vec::new();
    for format in formats {
        match format.backend() {
            Ok(backend) => backends.push(backend),
            Err(why) if explicit => return Err(Error::Usage(format!("{format}: {why}"))),
            Err(why) => eprintln!("fangtan: {format}: skipped: {why}"),
        }
    }
    // The slowest first, so that on two cores the PDF runs beside all the others.
    let mut order: Vec<usize> = (0..backends.len()).collect();
    order.sort_by_key(|&i| match backends[i].format() {
        Format::Audio => 0,
        Format::Pdf => 1,
        Format::Script => 2,
        Format::Epub => 3,
        Format::Html => 4,
        Format::Json => 5,
    });
    let staging = Mutex::new(write::Staging::begin(&args.out)?);
    let files = Mutex::new(Vec::new());
    let own = own_files(input);
    let stage = |rank: (usize, usize), artifact: Artifact| -> Result<(), Error> {
        let target = args.out.join(&artifact.file_name);
        if std::fs::canonicalize(&target).is_ok_and(|t| own.contains(&t)) {
            return Err(Error::input(
                &input.source.name,
                format!(
                    "not built: its output {} would overwrite the file it is read from; choose another --out",
                    target.display()
                ),
            ));
        }
        lock(&staging).stage(&artifact.file_name, &artifact.bytes)?;
        lock(&files).push((rank, artifact.file_name, artifact.bytes.len()));
        Ok(())
    };
    let mut rendered: Vec<(usize, Result<Vec<Warning>, Error>)> = order
        .into_par_iter()
        .map(|i| {
            let mut count = 0;
            let mut out = |artifact: Artifact| {
                count += 1;
                stage((i, count), artifact)
            };
            (
                i,
                backends[i].render_into(&prepared.document, &options, &mut out),
            )
        })
        .collect();
    rendered.sort_by_key(|(i, _)| *i);
    let mut warnings = Vec::new();
    for (_, result) in rendered {
        warnings.extend(result?);
    }
    Ok(Made {
        staging: staging.into_inner().unwrap_or_else(PoisonError::into_inner),
        files: files.into_inner().unwrap_or_else(PoisonError::into_inner),
        warnings,
    })
}

/// A lock whose holder panicked is still usable here: a panic ends the build anyway.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn repeat(args: &RepeatArgs) -> Result<(), Error> {
    let (input, _) = load(&args.input)?;
    let text = crate::sample::repeated(&input, usize::try_from(args.copies).unwrap_or(usize::MAX))?;
    Stdout::default().write(&text)
}

/// `inspect --json`: the model, its stats, warnings and typography changes.
#[derive(Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    document: &'a Document,
    stats: Stats,
    warnings: &'a [Warning],
    typography: TypographyReport<'a>,
}

#[derive(Serialize)]
struct TypographyReport<'a> {
    mode: Typography,
    changes: &'a [Change],
}

fn inspect(args: &InspectArgs) -> Result<(), Error> {
    let (input, prepared) = load(&args.input)?;
    let text = if args.json {
        let report = Report {
            document: &prepared.document,
            stats: prepared.document.stats(),
            warnings: &prepared.warnings,
            typography: TypographyReport {
                mode: prepared.typography,
                changes: &prepared.changes,
            },
        };
        serde_json::to_string_pretty(&report).expect("the model serialises") + "\n"
    } else if args.html {
        let reading = crate::preview::reading::reading(&input, &prepared);
        crate::preview::reading::page(&reading, args.templates.as_deref(), None)?
    } else {
        outline::outline(&input.source.name, &prepared)
    };
    Stdout::default().write(&text)
}
