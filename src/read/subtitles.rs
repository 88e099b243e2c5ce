//! Subtitles and transcripts: SubRip (`.srt`), WebVTT (`.vtt`, its `<v Name>` voices) and
//! the JSON of speech-to-text tools (Whisper and WhisperX `segments`, AssemblyAI and Deepgram
//! `utterances`, Rev.ai `monologues`).
//!
//! Cues are joined into paragraphs: a new one where the voice changes, where a cue opens with
//! a label (`JOHN:`, `>> JOHN:`) or a dialogue dash, and after a pause of
//! [`PAUSE_MS`] at a sentence's end. Each paragraph keeps the start of its first cue as its
//! time. Speakers the format names are declared to the structure recovery; everything else
//! (which labels are speakers) is the recovery's, as for any text.
//!
//! The time-code lines are parsed here, not by a crate: the ones there are (subtp 0.2,
//! srtparse 0.3) refuse a whole file at its first slip, a byte-order mark or
//! `00:00:03.000` in an SRT (both common, tried), and this reader must go on past a bad cue
//! and name its line.

use serde_json::Value;

use super::front_matter::FrontMatter;
use super::{Format, Hint, Para, Stream};
use crate::error::Warning;

/// A silence this long between one cue's end and the next one's start, after a sentence's
/// end, starts a new paragraph.
pub const PAUSE_MS: u64 = 2_500;

/// One cue: where it starts in the file, when, who (if the format says), what.
#[derive(Debug, Clone, PartialEq)]
struct Cue {
    line: usize,
    start_ms: u64,
    /// Its end, where the format gives one (else its start).
    end_ms: u64,
    voice: Option<String>,
    text: String,
}

pub fn read(text: &str, format: Format) -> Stream {
    let mut warnings = Vec::new();
    let cues = match format {
        Format::Vtt => cues_of_timed_text(text, true, &mut warnings),
        Format::TranscriptJson => json_cues(text, &mut warnings),
        _ => cues_of_timed_text(text, false, &mut warnings),
    };
    if cues.is_empty() {
        warnings.push(Warning::general(format!(
            "no cues found in this {} file",
            format.name()
        )));
    }
    let mut speakers: Vec<String> = Vec::new();
    for voice in cues.iter().filter_map(|c| c.voice.as_ref()) {
        if !speakers.contains(voice) {
            speakers.push(voice.clone());
        }
    }
    let paras = paragraphs(&cues);
    Stream {
        format,
        paras,
        warnings,
        front_matter: (!speakers.is_empty()).then(|| FrontMatter {
            speakers,
            ..FrontMatter::default()
        }),
        embedded: Vec::new(),
    }
}

/// Whether a text opens as SubRip does: a cue number, then a time-code line.
pub fn looks_like_srt(head: &str) -> bool {
    let mut lines = head.lines().map(str::trim).filter(|l| !l.is_empty());
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
        return false;
    };
    first.chars().all(|c| c.is_ascii_digit()) && timing(second).is_some()
}

/// Whether a JSON text is a transcript of one of the shapes this reader knows.
pub fn is_transcript_json(text: &str) -> bool {
    serde_json::from_str::<Value>(text).is_ok_and(|v| transcript_items(&v).is_some())
}

/// Whether a text to be read as a transcript is one: valid JSON (else the line of its first
/// error) of a shape this reader knows.
pub fn check_json(text: &str) -> Result<(), (usize, String)> {
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{FEFF}'))
        .map_err(|e| (e.line(), format!("not valid JSON: {e}")))?;
    if transcript_items(&value).is_none() {
        return Err((
            1,
            "JSON, but not a transcript of a kind fangtan reads (Whisper or WhisperX segments, AssemblyAI or Deepgram utterances, Rev.ai monologues)".into(),
        ));
    }
    Ok(())
}

/// `00:01:02,500 --> 00:01:04,000 align:start` → the start in milliseconds.
fn timing(line: &str) -> Option<u64> {
    span(line).map(|(start, _)| start)
}

/// A time-code line's start and end in milliseconds.
fn span(line: &str) -> Option<(u64, u64)> {
    let (start, rest) = line.split_once("-->")?;
    let end = timestamp(rest.split_whitespace().next()?)?;
    let start = timestamp(start.trim())?;
    Some((start, end.max(start)))
}

/// `01:02:03,456`, `02:03.456`, `1:02:03.4` → milliseconds.
fn timestamp(stamp: &str) -> Option<u64> {
    let (clock, fraction) = match stamp.rsplit_once([',', '.']) {
        Some((c, f)) => (c, f),
        None => (stamp, "0"),
    };
    if fraction.is_empty() || fraction.len() > 3 || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let millis: u64 = format!("{fraction:0<3}").parse().ok()?;
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 3 || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let mut seconds = 0u64;
    for part in &parts {
        seconds = seconds * 60 + part.parse::<u64>().ok()?;
    }
    Some(seconds * 1000 + millis)
}

/// SRT and WebVTT: blocks between blank lines, each a time-code line and its text (an SRT
/// number or a VTT identifier may stand above the time codes).
fn cues_of_timed_text(text: &str, vtt: bool, warnings: &mut Vec<Warning>) -> Vec<Cue> {
    let lines: Vec<&str> = text
        .trim_start_matches('\u{FEFF}')
        .lines()
        .map(|l| l.trim_end())
        .collect();
    let mut cues = Vec::new();
    let mut i = 0;
    let mut voice: Option<String> = None;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let block_start = i;
        let mut end = i;
        while end < lines.len() && !lines[end].trim().is_empty() {
            end += 1;
        }
        let block = &lines[block_start..end];
        i = end;
        let first = block[0].trim();
        if vtt && (first.starts_with("WEBVTT") || is_vtt_header_block(first)) {
            continue;
        }
        let Some(at) = block.iter().position(|l| timing(l).is_some()) else {
            // No good time code: the words are kept, at the time of the cue before.
            let words: Vec<&str> = block
                .iter()
                .enumerate()
                .filter(|&(k, l)| !(k == 0 && l.trim().chars().all(|c| c.is_ascii_digit())))
                .filter(|(_, l)| !l.contains("-->"))
                .map(|(_, l)| l.trim())
                .collect();
            if words.is_empty() {
                continue;
            }
            warnings.push(Warning::at(
                block_start + 1,
                format!(
                    "no valid time code in this cue ({}); its words kept with the time of the cue before",
                    short(first)
                ),
            ));
            let (start_ms, end_ms) = cues.last().map_or((0, 0), |c: &Cue| (c.start_ms, c.end_ms));
            for raw in words {
                let (_, clean) = clean_cue_line(raw, vtt);
                if !clean.is_empty() {
                    cues.push(Cue {
                        line: block_start + 1,
                        start_ms,
                        end_ms,
                        voice: if vtt { voice.clone() } else { None },
                        text: clean,
                    });
                }
            }
            continue;
        };
        if at > 1 {
            warnings.push(Warning::at(
                block_start + 1,
                "lines before a time code that are no cue number; left out",
            ));
        }
        let (start_ms, end_ms) = span(block[at]).unwrap_or((0, 0));
        let mut body = String::new();
        let mut cue_voice = None;
        for raw in &block[at + 1..] {
            let (line_voice, clean) = clean_cue_line(raw, vtt);
            if line_voice.is_some() {
                cue_voice = line_voice;
            }
            if clean.is_empty() {
                continue;
            }
            if !body.is_empty() {
                // A dialogue dash opens another speaker's line inside one cue.
                body.push(if clean.starts_with(['-', '–']) {
                    '\n'
                } else {
                    ' '
                });
            }
            body.push_str(&clean);
        }
        if vtt && cue_voice.is_some() {
            voice.clone_from(&cue_voice);
        }
        if body.is_empty() {
            continue;
        }
        // Each line of a cue after a dialogue dash is a cue of its own.
        let line = block_start + at + 2;
        for part in body.split('\n') {
            cues.push(Cue {
                line,
                start_ms,
                end_ms,
                voice: if vtt { voice.clone() } else { None },
                text: part.trim().to_string(),
            });
        }
    }
    cues
}

/// A WebVTT block that is no cue: `NOTE`, `STYLE`, `REGION`.
fn is_vtt_header_block(first: &str) -> bool {
    ["NOTE", "STYLE", "REGION"]
        .iter()
        .any(|w| first == *w || first.starts_with(&format!("{w} ")))
}

/// The text of a cue line without its markup (`<i>`, `{\an8}`, VTT's `<c.x>` and inline
/// times), entities decoded; and the voice a VTT `<v Name>` names.
fn clean_cue_line(raw: &str, vtt: bool) -> (Option<String>, String) {
    let mut out = String::new();
    let mut voice = None;
    let mut rest = raw.trim();
    while let Some(open) = rest.find(['<', '{']) {
        out.push_str(&rest[..open]);
        let closer = if rest[open..].starts_with('<') {
            '>'
        } else {
            '}'
        };
        let Some(close) = rest[open..].find(closer) else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        if vtt && (tag.starts_with("v ") || tag.starts_with("v.")) {
            let name = tag.split_once(' ').map_or("", |(_, n)| n).trim();
            if !name.is_empty() {
                voice = Some(name.to_string());
            }
        }
        // `{` that opens no style override is text (`{laughs}` is rare; `{\an8}` is not).
        if closer == '}' && !tag.starts_with('\\') {
            out.push_str(&rest[open..open + close + 1]);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let out = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{A0}")
        .replace("&lrm;", "")
        .replace("&rlm;", "");
    // `>> JOHN: …` (broadcast captions mark a new speaker so).
    let out = out.trim().trim_start_matches(">>").trim().to_string();
    (voice, out)
}

fn short(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// The list of timed items a transcript JSON holds, if it is one this reader knows.
fn transcript_items(value: &Value) -> Option<&Vec<Value>> {
    fn list<'v>(v: &'v Value, key: &str) -> Option<&'v Vec<Value>> {
        v.get(key).and_then(Value::as_array)
    }
    list(value, "segments")
        .or_else(|| list(value, "utterances"))
        .or_else(|| value.get("results").and_then(|r| list(r, "utterances")))
        .or_else(|| list(value, "monologues"))
        .filter(|items| {
            items.iter().all(Value::is_object)
                && items
                    .iter()
                    .any(|i| item_text(i).is_some_and(|t| !t.is_empty()))
        })
}

/// An item's words: `text` (Whisper, AssemblyAI), `transcript` (Deepgram), or Rev.ai's
/// `elements`.
fn item_text(item: &Value) -> Option<String> {
    if let Some(text) = item
        .get("text")
        .or_else(|| item.get("transcript"))
        .and_then(Value::as_str)
    {
        return Some(text.trim().to_string());
    }
    let elements = item.get("elements")?.as_array()?;
    Some(
        elements
            .iter()
            .filter_map(|e| e.get("value").and_then(Value::as_str))
            .collect::<String>()
            .trim()
            .to_string(),
    )
}

/// When an item starts, in milliseconds: seconds in Whisper, Deepgram and Rev.ai (`ts` of
/// the first element), milliseconds in AssemblyAI (integers in `utterances` at the top).
fn item_start(item: &Value, millis: bool) -> u64 {
    let start = item.get("start").and_then(Value::as_f64).or_else(|| {
        item.get("elements")?
            .as_array()?
            .iter()
            .find_map(|e| e.get("ts").and_then(Value::as_f64))
    });
    let start = start.unwrap_or(0.0).max(0.0);
    if millis {
        start as u64
    } else {
        (start * 1000.0).round() as u64
    }
}

/// When an item ends (as [`item_start`] counts), its start where it gives no end.
fn item_end(item: &Value, millis: bool) -> u64 {
    match item.get("end").and_then(Value::as_f64) {
        Some(end) if millis => end.max(0.0) as u64,
        Some(end) => (end.max(0.0) * 1000.0).round() as u64,
        None => item_start(item, millis),
    }
}

/// An item's speaker as a label: a name where the tool gives one (Rev.ai's `speaker_name`),
/// else `Speaker N` counted from 1 (`SPEAKER_00`, `0`) or `Speaker A` (AssemblyAI).
fn item_speaker(item: &Value) -> Option<String> {
    if let Some(name) = item.get("speaker_name").and_then(Value::as_str) {
        let name = name.trim();
        if !name.is_empty() {
            return Some(name.to_string());
        }
    }
    match item.get("speaker")? {
        Value::Number(n) => n.as_u64().map(|n| format!("Speaker {}", n + 1)),
        Value::String(s) => {
            let s = s.trim();
            let digits = s.trim_start_matches(|c: char| !c.is_ascii_digit());
            if let Some(n) = (!digits.is_empty() && s.to_ascii_lowercase().starts_with("speaker"))
                .then(|| digits.parse::<u64>().ok())
                .flatten()
            {
                Some(format!("Speaker {}", n + 1))
            } else if s.is_empty() {
                None
            } else if s.len() == 1 && s.chars().all(|c| c.is_ascii_uppercase()) {
                // AssemblyAI's `A`, `B`…; a longer code (`CC`, `CDR`) is the producer's label.
                Some(format!("Speaker {s}"))
            } else {
                Some(s.to_string())
            }
        }
        _ => None,
    }
}

fn json_cues(text: &str, warnings: &mut Vec<Warning>) -> Vec<Cue> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            warnings.push(Warning::at(
                e.line(),
                format!("not valid JSON: {e}; nothing read"),
            ));
            return Vec::new();
        }
    };
    let Some(items) = transcript_items(&value) else {
        warnings.push(Warning::general(
            "a JSON file without segments, utterances or monologues (Whisper, AssemblyAI, Deepgram, Rev.ai); nothing read",
        ));
        return Vec::new();
    };
    // AssemblyAI writes milliseconds as integers; the others seconds.
    let millis = value.get("utterances").is_some()
        && items
            .iter()
            .all(|i| i.get("start").is_none_or(|s| s.is_u64()));
    let mut finder = LineFinder::new(text);
    items
        .iter()
        .filter_map(|item| {
            let words = item_text(item)?;
            if words.is_empty() {
                return None;
            }
            let start_ms = item_start(item, millis);
            Some(Cue {
                line: finder.line_of(&words),
                start_ms,
                end_ms: item_end(item, millis).max(start_ms),
                voice: item_speaker(item),
                text: words,
            })
        })
        .collect()
}

/// Finds, going forward through a JSON text, the line each item's words are written on
/// (serde_json keeps no places), so that messages name a line of the file.
struct LineFinder<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl<'a> LineFinder<'a> {
    fn new(text: &'a str) -> Self {
        LineFinder {
            text,
            at: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, words: &str) -> usize {
        let needle: String = words.chars().take(24).collect();
        let written = serde_json::to_string(&needle).unwrap_or_default();
        let written = written.trim_matches('"').trim_end_matches('\\');
        if let Some(found) = self.text[self.at..].find(written) {
            let to = self.at + found;
            self.line += self.text[self.at..to].matches('\n').count();
            self.at = to;
        }
        self.line
    }
}

/// Cues joined into paragraphs, a blank between each two, every paragraph's time its first
/// cue's. A named voice opens its paragraph with its label, so that the recovery reads it as
/// any `Name: text` line.
fn paragraphs(cues: &[Cue]) -> Vec<Para> {
    let mut paras: Vec<Para> = Vec::new();
    let mut last: Option<&Cue> = None;
    for cue in cues {
        let starts_new = match last {
            None => true,
            Some(prev) => {
                cue.voice != prev.voice
                    || cue.text.starts_with(['-', '–'])
                    || crate::parse::find_label(&cue.text).is_some_and(|l| l.label.len() < 40)
                    || (cue.start_ms.saturating_sub(prev.end_ms) >= PAUSE_MS
                        && ends_sentence(&prev.text))
            }
        };
        let same_voice = last.is_some_and(|prev| prev.voice == cue.voice);
        last = Some(cue);
        if !starts_new && let Some(para) = paras.last_mut() {
            super::join_wrapped(&mut para.text, &cue.text);
            continue;
        }
        if !paras.is_empty() {
            paras.push(Para::new(cue.line, "", Hint::None));
        }
        let text = match &cue.voice {
            Some(voice) if !same_voice => format!("{voice}: {}", cue.text),
            _ => cue.text.clone(),
        };
        let mut para = Para::new(cue.line, text, Hint::None);
        para.time = Some(clock(cue.start_ms));
        paras.push(para);
    }
    paras
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '”', '’', '」', ')', '）'])
        .ends_with(['.', '?', '!', '。', '？', '！', '…'])
}

/// Milliseconds as `HH:MM:SS`.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(timestamp("01:02:03,456"), Some(3_723_456));
        assert_eq!(timestamp("02:03.5"), Some(123_500));
        assert_eq!(timestamp("1:02"), Some(62_000));
        assert_eq!(timestamp("aa:02.000"), None);
        assert_eq!(timing("00:00:01,000 --> 00:00:02,000 X1:40"), Some(1000));
        assert_eq!(timing("00:00:01,000 -> 00:00:02,000"), None);
    }

    #[test]
    fn srt_cues_join_into_turns_by_label_and_pause() {
        let srt = "\u{FEFF}1\r\n00:00:01,000 --> 00:00:03,000\r\nJOHN: Thanks for coming\r\n\r\n2\r\n00:00:03.100 --> 00:00:05,000\r\n<i>in today.</i>\r\n\r\n3\r\n00:00:05,200 --> 00:00:07,000\r\nMARY: Glad to be here.\r\n\r\n4\r\n00:00:12,000 --> 00:00:14,000\r\nIt was a long trip.\r\n";
        let stream = read(srt, Format::Srt);
        let texts: Vec<&str> = stream
            .paras
            .iter()
            .map(|p| p.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(
            texts,
            [
                "JOHN: Thanks for coming in today.",
                "MARY: Glad to be here.",
                "It was a long trip."
            ]
        );
        assert_eq!(stream.paras[0].time.as_deref(), Some("00:00:01"));
        assert_eq!(stream.paras[0].line, 3);
        assert!(stream.warnings.is_empty(), "{:?}", stream.warnings);
    }

    #[test]
    fn vtt_voices_are_speakers() {
        let vtt = "WEBVTT\n\nNOTE made by hand\n\n00:01.000 --> 00:04.000\n<v Roger Bingham>We are in New York City\n\n00:04.000 --> 00:06.000\n<v Roger Bingham>and it is late.\n\nid3\n00:06.000 --> 00:08.000 align:start\n<v.loud Neil deGrasse Tyson>Hi</v> &amp; welcome.\n";
        let stream = read(vtt, Format::Vtt);
        let texts: Vec<&str> = stream
            .paras
            .iter()
            .map(|p| p.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(
            texts,
            [
                "Roger Bingham: We are in New York City and it is late.",
                "Neil deGrasse Tyson: Hi & welcome."
            ]
        );
        assert_eq!(
            stream.front_matter.unwrap().speakers,
            ["Roger Bingham", "Neil deGrasse Tyson"]
        );
    }

    #[test]
    fn whisperx_and_assemblyai_json() {
        let whisperx = r#"{"segments": [
  {"start": 0.5, "end": 2.0, "text": " Welcome to the show.", "speaker": "SPEAKER_00"},
  {"start": 2.2, "end": 4.0, "text": " Thank you.", "speaker": "SPEAKER_01"},
  {"start": 4.1, "end": 6.0, "text": " So tell me", "speaker": "SPEAKER_00"}
]}"#;
        assert!(is_transcript_json(whisperx));
        let stream = read(whisperx, Format::TranscriptJson);
        let texts: Vec<(&str, usize)> = stream
            .paras
            .iter()
            .filter(|p| !p.text.is_empty())
            .map(|p| (p.text.as_str(), p.line))
            .collect();
        assert_eq!(
            texts,
            [
                ("Speaker 1: Welcome to the show.", 2),
                ("Speaker 2: Thank you.", 3),
                ("Speaker 1: So tell me", 4)
            ]
        );
        let assembly =
            r#"{"utterances": [{"speaker": "A", "start": 61000, "end": 62000, "text": "Hello."}]}"#;
        let stream = read(assembly, Format::TranscriptJson);
        assert_eq!(stream.paras[0].text, "Speaker A: Hello.");
        assert_eq!(stream.paras[0].time.as_deref(), Some("00:01:01"));
        assert!(!is_transcript_json(r#"{"name": "package"}"#));
    }

    #[test]
    fn a_bad_block_is_named_and_the_rest_read() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n2\n00:00:0x --> 00:00:04,000\nTwo.\n\n3\n00:00:05,000 --> 00:00:06,000\nThree.\n";
        let stream = read(srt, Format::Srt);
        assert_eq!(stream.warnings.len(), 1);
        assert_eq!(stream.warnings[0].line, Some(5));
        let all: Vec<&str> = stream.paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(all.concat(), "One. Two.Three.", "{all:?}");
    }
}
