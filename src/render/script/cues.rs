//! From the document to numbered, timed cues: who reads what, in what voice, for how long.

use crate::locale::Strings;
use serde::Serialize;

pub use super::cast::Voice;
use super::cast::cast;
use super::marks::without_marks;
pub use super::terms::Term;
use super::terms::terms;
use super::timing::{estimate, split_sentences};
use crate::model::{Block, Document, Inline, Paragraph, Role};
use crate::sidecar::ScriptConfig;

pub use super::timing::clock;
pub use crate::zh::latin_runs;

/// What a cue is: a speaker's turn (by the speaker's role), narration, or an editor's note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CueRole {
    Interviewer,
    Interviewee,
    Other,
    Narration,
    Note,
}

impl CueRole {
    pub fn name(self) -> &'static str {
        match self {
            CueRole::Interviewer => "interviewer",
            CueRole::Interviewee => "interviewee",
            CueRole::Other => "other",
            CueRole::Narration => "narration",
            CueRole::Note => "note",
        }
    }

    /// Read by the narration voice, not a speaker.
    pub fn is_narration(self) -> bool {
        matches!(self, CueRole::Narration | CueRole::Note)
    }

    fn of_speaker(role: Option<Role>) -> Self {
        match role {
            Some(Role::Interviewer) => CueRole::Interviewer,
            Some(Role::Interviewee) => CueRole::Interviewee,
            _ => CueRole::Other,
        }
    }
}

/// One line of the script: one voice reading one turn (or part of a long one), a stretch of
/// narration, or an editor's note.
#[derive(Debug, Clone, Serialize)]
pub struct Cue {
    pub id: usize,
    pub voice: String,
    /// Speaker id, or `narrator`.
    pub speaker: String,
    /// Display name, or 旁白 for narration.
    pub speaker_name: String,
    pub role: CueRole,
    pub section: String,
    pub paragraphs: Vec<String>,
    /// Where each paragraph comes from: (index of the block in the document, index of the
    /// paragraph in the block), for the read-along book to find its text.
    #[serde(skip)]
    pub sources: Vec<(usize, usize)>,
    /// This continues the cue before it (a long turn split at a sentence end).
    pub continued: bool,
    /// Chinese characters and full-width letters read (Latin words counted apart).
    pub characters: usize,
    pub latin_words: usize,
    /// How long the cue's speech takes (estimated, or measured from audio).
    pub est_ms: u64,
    /// The silence after it: between sections, between voices, or within one voice; the
    /// SSML writes exactly this `<break>`, so `start_ms` is where an engine's audio has the
    /// cue when its speech takes `est_ms`.
    pub pause_ms: u64,
    pub start_ms: u64,
}

impl Cue {
    /// The id as the files write it: `001`.
    pub fn number(&self) -> String {
        format!("{:03}", self.id)
    }
}

/// The whole script before it is written out.
#[derive(Debug, Clone, Serialize)]
pub struct Script {
    pub voices: Vec<Voice>,
    pub cues: Vec<Cue>,
    pub total_ms: u64,
    pub omitted_pull_quotes: usize,
    pub omitted_captions: usize,
    /// Pictures (with their captions, not counted again in `omitted_captions`).
    pub omitted_figures: usize,
    pub omitted_references: usize,
    pub omitted_notes: usize,
    pub omitted_narration: usize,
    /// A transcriber's marks in the turns (`[crosstalk]`, `（笑）`), not read.
    pub omitted_marks: usize,
    pub terms: Vec<Term>,
}

impl Script {
    pub fn voice(&self, id: &str) -> Option<&Voice> {
        self.voices.iter().find(|v| v.id == id)
    }

    /// Sets each cue's pause and start from the durations: the section pause where the next
    /// cue opens another section, the turn pause where the voice changes, the sentence pause
    /// where one voice goes on; nothing after the last.
    pub fn retime(&mut self, config: &ScriptConfig) {
        let mut start = 0;
        for i in 0..self.cues.len() {
            let pause = match self.cues.get(i + 1) {
                None => 0,
                Some(next) if next.section != self.cues[i].section => config.pause_section_ms,
                Some(next) if next.voice != self.cues[i].voice => config.pause_turn_ms,
                Some(_) => config.pause_sentence_ms,
            };
            let cue = &mut self.cues[i];
            cue.pause_ms = pause;
            cue.start_ms = start;
            start += cue.est_ms + pause;
        }
        self.total_ms = start;
    }
}

/// A paragraph as read: asides in brackets, as printed.
fn read_text(p: &Paragraph) -> String {
    p.content
        .iter()
        .map(|i| match i {
            Inline::Text { text } | Inline::Link { text, .. } => text.clone(),
            Inline::Aside { label, text } => format!("（{label}：{text}）"),
        })
        .collect()
}

/// Who reads a cue being made.
struct Reader {
    voice: String,
    speaker: String,
    speaker_name: String,
    role: CueRole,
}

/// The cues as they are made from the blocks, in order.
struct Builder<'a> {
    config: &'a ScriptConfig,
    strings: &'a Strings,
    script: Script,
    /// The narration voice, if the narration is read.
    narrator: Option<String>,
    section: String,
    /// The last turn made a cue (a label alone on its line makes none).
    turn_spoke: bool,
    /// The index of the block being read.
    block: usize,
}

impl Builder<'_> {
    /// Cues for `paragraphs` read by `reader`: one, or several if it is long.
    fn push(&mut self, reader: &Reader, continued: bool, paragraphs: Vec<String>) {
        let (indices, paragraphs): (Vec<usize>, Vec<String>) = paragraphs
            .into_iter()
            .enumerate()
            .map(|(index, p)| {
                let (text, marks) = without_marks(&p);
                self.script.omitted_marks += marks;
                (index, text)
            })
            .filter(|(_, p)| !p.trim().is_empty())
            .unzip();
        for (n, piece) in split_sentences(&paragraphs, self.config)
            .into_iter()
            .enumerate()
        {
            let sources = piece
                .iter()
                .map(|(i, _)| (self.block, indices[*i]))
                .collect();
            let mut piece: Vec<String> = piece.into_iter().map(|(_, p)| p).collect();
            piece.shrink_to_fit();
            let text: String = piece.concat();
            let (ms, characters, latin_words) = estimate(&text, self.config);
            self.script.cues.push(Cue {
                id: self.script.cues.len() + 1,
                voice: reader.voice.clone(),
                speaker: reader.speaker.clone(),
                speaker_name: reader.speaker_name.clone(),
                role: reader.role,
                section: self.section.clone(),
                paragraphs: piece,
                sources,
                continued: continued || n > 0,
                characters,
                latin_words,
                est_ms: ms,
                pause_ms: 0,
                start_ms: 0,
            });
        }
    }

    fn narration(&self, speaker_name: String, role: CueRole) -> Option<Reader> {
        self.narrator.as_ref().map(|voice| Reader {
            voice: voice.clone(),
            speaker: "narrator".into(),
            speaker_name,
            role,
        })
    }

    fn lead(&mut self, p: &Paragraph) {
        let Some(reader) = self.narration(self.strings.narration.clone(), CueRole::Narration)
        else {
            self.script.omitted_narration += 1;
            return;
        };
        // Narration before the first heading and the first turn belongs to the lead; after
        // a turn it is in the section the turns are in.
        let opening =
            self.section.is_empty() && self.script.cues.iter().all(|c| c.role.is_narration());
        if opening {
            self.section = self.strings.lead.clone();
        }
        self.push(&reader, false, vec![read_text(p)]);
        if opening {
            self.section.clear();
        }
    }

    fn turn(&mut self, doc: &Document, speaker: &str, paragraphs: &[Paragraph], continued: bool) {
        let who = doc.speaker(speaker);
        let name = who.map_or_else(|| speaker.to_string(), |s| s.name.clone());
        let voice = self
            .script
            .voices
            .iter()
            .find(|v| v.speakers.contains(&name))
            .unwrap_or(&self.script.voices[0])
            .id
            .clone();
        let reader = Reader {
            voice,
            speaker: speaker.to_string(),
            speaker_name: name,
            role: CueRole::of_speaker(who.map(|s| s.role)),
        };
        let before = self.script.cues.len();
        // A turn that goes on after a note continues a cue only if its start made one.
        let continues = continued && self.turn_spoke;
        self.push(
            &reader,
            continues,
            paragraphs.iter().map(read_text).collect(),
        );
        self.turn_spoke = continues || self.script.cues.len() > before;
    }

    fn note(&mut self, label: &str, paragraphs: &[Paragraph]) {
        let name = Strings::fill(&self.strings.narration_note, &[("label", label)]);
        match self.narration(name, CueRole::Note) {
            Some(reader) if self.config.notes => {
                self.push(&reader, false, paragraphs.iter().map(read_text).collect())
            }
            _ => self.script.omitted_notes += 1,
        }
    }

    fn pull_quote(&mut self, text: &str) {
        let name = self.strings.narration_quote.clone();
        match self.narration(name, CueRole::Narration) {
            Some(reader) if self.config.pull_quotes => {
                self.push(&reader, false, vec![text.to_string()])
            }
            _ => self.script.omitted_pull_quotes += 1,
        }
    }

    fn block(&mut self, doc: &Document, block: &Block) {
        match block {
            Block::Heading { number, text, .. } => {
                self.section = match number {
                    Some(n) => format!("{n} {text}"),
                    None => text.clone(),
                };
            }
            Block::Title { .. } | Block::Subtitle { .. } | Block::Break { .. } => {}
            Block::Lead(p) | Block::Paragraph(p) => self.lead(p),
            Block::Turn {
                speaker,
                paragraphs,
                continued,
                ..
            } => self.turn(doc, speaker, paragraphs, *continued),
            Block::Note {
                label, paragraphs, ..
            } => self.note(label, paragraphs),
            Block::PullQuote { text, .. } => self.pull_quote(text),
            Block::Caption { .. } => self.script.omitted_captions += 1,
            Block::Figure { .. } => self.script.omitted_figures += 1,
            Block::References { items, .. } => self.script.omitted_references += items.len(),
        }
    }
}

/// The script of `doc`: its cast, its cues with their timing, and the pronunciation guide.
pub fn build(doc: &Document, config: &ScriptConfig, strings: &Strings) -> Script {
    let voices = cast(doc, config, strings);
    let mut builder = Builder {
        config,
        strings,
        narrator: voices.iter().find(|v| v.narration).map(|v| v.id.clone()),
        script: Script {
            voices,
            cues: Vec::new(),
            total_ms: 0,
            omitted_pull_quotes: 0,
            omitted_captions: 0,
            omitted_figures: 0,
            omitted_references: 0,
            omitted_notes: 0,
            omitted_narration: 0,
            omitted_marks: 0,
            terms: Vec::new(),
        },
        section: String::new(),
        turn_spoke: false,
        block: 0,
    };
    for (index, block) in doc.blocks.iter().enumerate() {
        builder.block = index;
        builder.block(doc, block);
    }
    let mut script = builder.script;
    script.cues.shrink_to_fit();
    script.retime(config);
    let chinese = crate::zh::normalize::is_chinese_language(&doc.meta.language);
    script.terms = terms(&script.cues, config, chinese);
    script
}
