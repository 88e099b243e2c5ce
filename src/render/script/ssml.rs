//! The SSML for speech engines: W3C SSML 1.1, and a profile per engine that keeps to what
//! that engine documents (which elements, where, how long a request may be). Every profile
//! writes each cue's pause as the `<break>` the timing model counts, and a mark at its start.

use super::cast::Voice;
use super::cues::{Cue, Script};
use super::engine::Engine;
use super::language::latin_language;
use crate::error::Error;
use crate::sidecar::{LexiconIndex, ScriptConfig};
use crate::zh::latin_runs;

/// What one request to an engine may hold, from its documentation.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// `<voice>` elements per document (Azure: 50).
    pub voices: usize,
    /// Bytes of SSML per request (Google: 5,000).
    pub bytes: usize,
    /// Audio per request (Azure's real-time API: 10 minutes; kept a minute short, as the
    /// timing is an estimate).
    pub audio_ms: u64,
    /// One `<break>` at most (Azure: 5 s; Polly: 10 s); longer pauses are several.
    pub break_ms: u64,
}

impl Engine {
    pub fn limits(self) -> Limits {
        let none = Limits {
            voices: usize::MAX,
            bytes: usize::MAX,
            audio_ms: u64::MAX,
            break_ms: u64::MAX,
        };
        match self {
            Engine::Generic | Engine::Espeak => none,
            Engine::Azure => Limits {
                voices: 50,
                audio_ms: 9 * 60_000,
                break_ms: 5_000,
                ..none
            },
            Engine::Google => Limits {
                bytes: 5_000,
                ..none
            },
            // Polly bills 3,000 characters and takes 6,000 in all per request.
            Engine::Polly => Limits {
                bytes: 6_000,
                break_ms: 10_000,
                ..none
            },
        }
    }

    /// The mark at a cue's start: SSML's `<mark>`, Azure's `<bookmark>`.
    fn mark(self, name: &str) -> String {
        match self {
            Engine::Azure => format!("<bookmark mark=\"{name}\"/>"),
            _ => format!("<mark name=\"{name}\"/>"),
        }
    }

    /// Whether `<voice>` changes the speaker inside one document (Polly has no `<voice>`:
    /// one request per voice).
    fn has_voice_element(self) -> bool {
        self != Engine::Polly
    }
}

/// What every SSML file starts with; counted in a request's bytes.
const PROLOG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// A stretch of a sentence as it is said.
#[derive(Debug, Clone, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    /// A run in another language than the document's.
    Lang(&'a str, &'static str),
    /// A lexicon term said as its alias.
    Sub(&'a str, &'a str),
}

/// What the cues' text is read with.
pub struct Context<'a> {
    aliases: LexiconIndex<'a>,
    /// The document's speech language (`zh-CN`, `en-US`).
    language: &'static str,
}

impl<'a> Context<'a> {
    pub fn new(config: &'a ScriptConfig, language: &'static str) -> Self {
        Context {
            aliases: super::lexicon::index(config, language.starts_with("zh"), |e| {
                e.alias.is_some()
            }),
            language,
        }
    }

    /// A sentence cut into pieces: Latin runs in a Chinese text are another language;
    /// lexicon terms with an alias are said as the alias.
    fn pieces<'s>(&self, sentence: &'s str) -> Vec<Piece<'s>>
    where
        'a: 's,
    {
        let chinese = self.language.starts_with("zh");
        let mut pieces = Vec::new();
        let mut at = 0;
        let known = |t: &str| self.aliases.contains_key(t);
        for (a, b) in latin_runs(sentence) {
            // The run cut at the names the lexicon knows, as the guide cuts it: "CEO Mark
            // Zuckerberg" says the alias of Mark Zuckerberg as a cue with him alone does.
            let terms = super::terms::names_run_together(&sentence[a..b])
                .into_iter()
                .flat_map(|run| super::lexicon::split_terms(run, &known, false));
            for term in terms {
                let start = term.as_ptr() as usize - sentence.as_ptr() as usize;
                if start > at {
                    pieces.push(Piece::Text(&sentence[at..start]));
                }
                match self.aliases.get(term).and_then(|e| e.alias.as_deref()) {
                    Some(alias) => pieces.push(Piece::Sub(term, alias)),
                    None if chinese => pieces.push(Piece::Lang(term, latin_language(term))),
                    None => pieces.push(Piece::Text(term)),
                }
                at = start + term.len();
            }
        }
        if at < sentence.len() {
            pieces.push(Piece::Text(&sentence[at..]));
        }
        pieces
    }
}

/// `<break>`s making `ms` of silence, none longer than the engine takes.
fn breaks(ms: u64, engine: Engine) -> String {
    let mut out = String::new();
    let mut left = ms;
    while left > 0 {
        let one = left.min(engine.limits().break_ms);
        out.push_str(&format!("<break time=\"{one}ms\"/>"));
        left -= one;
    }
    out
}

const ESPEAK_CLAUSE_END: &str = "<break time=\"0ms\"/>";

/// The sentence in SSML for `engine`. espeak-ng reads a `<voice>` nested in another with the
/// wrong voice after it, so there a run in another language closes the cue's voice and opens
/// its own beside it (`espeak_voice` is the cue's).
fn sentence_xml(pieces: &[Piece<'_>], engine: Engine, voice: &Voice) -> String {
    let mut out = String::new();
    for piece in pieces {
        match *piece {
            Piece::Text(text) => out.push_str(&escape(text)),
            Piece::Sub(text, alias) => out.push_str(&format!(
                "<sub alias=\"{}\">{}</sub>",
                escape(alias),
                escape(text)
            )),
            Piece::Lang(text, lang) => match engine {
                Engine::Espeak => {
                    let own = voice.name_for(Engine::Espeak);
                    // The zero break ends the clause: without it espeak-ng 1.51 prints
                    // "No envelope" for a clause that meets `</voice>` without punctuation.
                    out.push_str(&format!(
                        "{ESPEAK_CLAUSE_END}</voice><voice name=\"{}\">{}{ESPEAK_CLAUSE_END}</voice><voice name=\"{}\">",
                        escape(&espeak_voice_for(own, lang)),
                        escape(text),
                        escape(own)
                    ));
                }
                // Azure reads `<lang>` only with its multilingual voices; the others read
                // a Latin name in their own way, which is what a listener expects.
                Engine::Azure if !voice.name_for(Engine::Azure).contains("Multilingual") => {
                    out.push_str(&escape(text))
                }
                _ => out.push_str(&format!(
                    "<lang xml:lang=\"{lang}\">{}</lang>",
                    escape(text)
                )),
            },
        }
    }
    out
}

/// The espeak-ng voice for a run in `lang` read by the cue's voice `own`, keeping its variant
/// (`cmn-latn-pinyin+m3` reads English as `en-us+m3`).
pub fn espeak_voice_for(own: &str, lang: &str) -> String {
    let variant = own.split_once('+').map(|(_, v)| v);
    let base = espeak_language(lang);
    match variant {
        Some(v) => format!("{base}+{v}"),
        None => base.to_string(),
    }
}

/// espeak-ng's voice for a language tag: `cmn-latn-pinyin` for Mandarin (its `cmn` reads
/// pinyin tone digits as numbers in Debian's 1.51, espeak-ng#1028), else the tag in lower case.
pub fn espeak_language(lang: &str) -> String {
    match lang {
        l if l.starts_with("zh") || l.starts_with("cmn") => "cmn-latn-pinyin".into(),
        // espeak-ng's own names: `en-us` and `fr-fr` by region, the others by language.
        l if l.starts_with("en") || l.starts_with("fr") => l.to_lowercase(),
        l => l.split('-').next().unwrap_or(l).to_lowercase(),
    }
}

/// One cue's speech for `engine`: its mark, its paragraphs and sentences, then its pause, as
/// pieces no longer than the request's byte limit allows (a cue is cut between sentences).
/// Each string is the content of one `<voice>` (or of one Polly request).
fn cue_bodies(cue: &Cue, voice: &Voice, engine: Engine, context: &Context<'_>) -> Vec<String> {
    // What the document around a body takes: `<speak …>`, `<voice name="…">` and their ends.
    const FRAME: usize = 400;
    let budget = engine.limits().bytes.saturating_sub(FRAME);
    let plain = engine == Engine::Espeak;
    let mut bodies = vec![engine.mark(&format!("cue-{}", cue.number()))];
    for paragraph in &cue.paragraphs {
        let mut open = false;
        for sentence in crate::zh::sentences(paragraph) {
            let s = sentence_xml(&context.pieces(&sentence), engine, voice);
            let s = if plain { s } else { format!("<s>{s}</s>") };
            let body = bodies.last_mut().expect("one body");
            if body.len() + s.len() + 8 > budget && !body.is_empty() {
                if open && !plain {
                    body.push_str("</p>");
                }
                bodies.push(String::new());
                open = false;
            }
            let body = bodies.last_mut().expect("one body");
            if !open && !plain {
                body.push_str("<p>");
                open = true;
            }
            body.push_str(&s);
        }
        if open && !plain {
            bodies.last_mut().expect("one body").push_str("</p>");
        }
    }
    bodies
        .last_mut()
        .expect("one body")
        .push_str(&breaks(cue.pause_ms, engine));
    bodies
}

fn speak_open(engine: Engine, language: &str) -> String {
    match engine {
        Engine::Generic => format!(
            "<speak version=\"1.1\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"{language}\">"
        ),
        Engine::Azure => format!(
            "<speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xmlns:mstts=\"https://www.w3.org/2001/mstts\" xml:lang=\"{language}\">"
        ),
        Engine::Espeak => format!("<speak version=\"1.1\" xml:lang=\"{language}\">"),
        // Google and Polly take a bare `<speak>`; the language goes with the request.
        Engine::Google | Engine::Polly => "<speak>".into(),
    }
}

fn voice_element(engine: Engine, voice: &Voice, body: &str) -> String {
    if !engine.has_voice_element() {
        return body.to_string();
    }
    let element = format!(
        "<voice name=\"{}\">{body}</voice>",
        escape(voice.name_for(engine))
    );
    if engine == Engine::Espeak {
        without_empty_voices(&element)
    } else {
        element
    }
}

/// espeak-ng's flat `<voice>` elements less those a run at a sentence's edge left empty.
fn without_empty_voices(elements: &str) -> String {
    elements
        .split_inclusive("</voice>")
        .filter(|element| {
            let content = element
                .split_once('>')
                .map_or("", |(_, rest)| rest.trim_end_matches("</voice>"));
            !content.is_empty() && content != ESPEAK_CLAUSE_END
        })
        .collect()
}

/// A request: one SSML document, with what the engine needs besides it.
#[derive(Debug, Clone)]
pub struct Request {
    pub ssml: String,
    /// The voice of a Polly request (Polly takes one voice per request).
    pub voice: Option<String>,
    /// The cues it holds, by id.
    pub cues: Vec<usize>,
    pub audio_ms: u64,
}

/// The script as requests `engine` accepts: one document for an engine without limits,
/// else as few as its limits allow, each ending on a whole cue or, for a cue longer than a
/// request, between sentences.
pub fn requests(script: &Script, engine: Engine, context: &Context<'_>) -> Vec<Request> {
    let limits = engine.limits();
    let open = speak_open(engine, context.language);
    let mut requests: Vec<Request> = Vec::new();
    let mut current: Option<(Request, usize)> = None; // with its voice count
    for cue in &script.cues {
        let Some(voice) = script.voice(&cue.voice) else {
            continue;
        };
        for body in cue_bodies(cue, voice, engine, context) {
            let element = voice_element(engine, voice, &body);
            let fits = |r: &Request, voices: usize| {
                engine.has_voice_element()
                    && PROLOG.len() + r.ssml.len() + element.len() + "</speak>\n".len()
                        <= limits.bytes
                    && voices < limits.voices
                    && r.audio_ms + cue.est_ms + cue.pause_ms <= limits.audio_ms
            };
            match &mut current {
                Some((r, voices)) if fits(r, *voices) => {
                    r.ssml.push_str(&element);
                    *voices += 1;
                    if r.cues.last() != Some(&cue.id) {
                        r.cues.push(cue.id);
                        r.audio_ms += cue.est_ms + cue.pause_ms;
                    }
                }
                _ => {
                    if let Some((mut r, _)) = current.take() {
                        r.ssml.push_str("</speak>");
                        requests.push(r);
                    }
                    current = Some((
                        Request {
                            ssml: format!("{open}{element}"),
                            voice: (!engine.has_voice_element())
                                .then(|| voice.name_for(engine).to_string()),
                            cues: vec![cue.id],
                            audio_ms: cue.est_ms + cue.pause_ms,
                        },
                        1,
                    ));
                }
            }
        }
    }
    if let Some((mut r, _)) = current.take() {
        r.ssml.push_str("</speak>");
        requests.push(r);
    }
    if requests.is_empty() {
        requests.push(Request {
            ssml: format!("{open}</speak>"),
            voice: None,
            cues: Vec::new(),
            audio_ms: 0,
        });
    }
    requests
}

/// One cue as a whole SSML document for `engine`, to drive an engine cue by cue. A cue
/// longer than one request is given whole: the per-cue files are for engines with no limit
/// or for people.
pub fn cue_document(cue: &Cue, voice: &Voice, engine: Engine, context: &Context<'_>) -> String {
    let bodies = cue_bodies(cue, voice, engine, context).concat();
    format!(
        "{}{}</speak>",
        speak_open(engine, context.language),
        voice_element(engine, voice, &bodies)
    )
}

/// One paragraph of a cue as a whole SSML document, for an engine driven paragraph by
/// paragraph (the read-along EPUB's finest clip); the cue's mark opens its first paragraph,
/// and no pause follows (the episode adds the cue's pause as silence).
pub fn paragraph_document(
    cue: &Cue,
    paragraph: usize,
    voice: &Voice,
    engine: Engine,
    context: &Context<'_>,
) -> String {
    let mut one = cue.clone();
    one.paragraphs = vec![cue.paragraphs[paragraph].clone()];
    one.pause_ms = 0;
    let mut doc = cue_document(&one, voice, engine, context);
    if paragraph > 0 {
        let mark = engine.mark(&format!("cue-{}", cue.number()));
        doc = doc.replacen(&mark, "", 1);
    }
    doc
}

/// A paragraph as an engine without SSML should say it: names as the lexicon's aliases.
pub fn spoken_text(paragraph: &str, context: &Context<'_>) -> String {
    context
        .pieces(paragraph)
        .iter()
        .map(|piece| match *piece {
            Piece::Text(text) | Piece::Lang(text, _) => text,
            Piece::Sub(_, alias) => alias,
        })
        .collect()
}

/// Polly's language code for a speech language (`cmn-CN` for Mandarin).
pub fn polly_language(language: &str) -> &'static str {
    if language.starts_with("zh") {
        "cmn-CN"
    } else {
        "en-US"
    }
}

/// The files of one profile: the generic SSML as `<slug>.ssml`, espeak-ng's as
/// `<slug>.espeak.ssml`, Azure's and Google's requests as `<slug>.azure.001.ssml` …, Polly's
/// as `<slug>.polly.jsonl`, one SynthesizeSpeech request a line.
pub fn files(
    script: &Script,
    engine: Engine,
    context: &Context<'_>,
    slug: &str,
) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let requests = requests(script, engine, context);
    let xml = |r: &Request| format!("{PROLOG}{}\n", r.ssml);
    Ok(match engine {
        Engine::Generic => vec![(format!("{slug}.ssml"), xml(&requests[0]).into_bytes())],
        Engine::Espeak => vec![(
            format!("{slug}.espeak.ssml"),
            xml(&requests[0]).into_bytes(),
        )],
        Engine::Azure | Engine::Google => requests
            .iter()
            .enumerate()
            .map(|(n, r)| {
                (
                    format!("{slug}.{engine}.{:03}.ssml", n + 1),
                    xml(r).into_bytes(),
                )
            })
            .collect(),
        Engine::Polly => {
            let mut out = Vec::new();
            for r in &requests {
                let line = serde_json::json!({
                    "Engine": "neural",
                    "LanguageCode": polly_language(context.language),
                    "OutputFormat": "mp3",
                    "TextType": "ssml",
                    "VoiceId": r.voice,
                    "Text": r.ssml,
                });
                serde_json::to_writer(&mut out, &line).map_err(|e| Error::render("script", e))?;
                out.push(b'\n');
            }
            vec![(format!("{slug}.polly.jsonl"), out)]
        }
    })
}
