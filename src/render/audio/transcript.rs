//! The episode's transcript as WebVTT: a cue per clip (named by the script's cue number,
//! `012.2` for its second paragraph), the speaker as a `<v>` voice span, as
//! podcast apps show transcripts (Apple Podcasts, Podcasting 2.0 `<podcast:transcript>`).

use super::episode::Episode;
use crate::audio::chapters::timestamp;
use crate::render::script::cues::Script;

/// `text` as WebVTT cue text: `&`, `<` and `>` escaped, line breaks kept as line breaks (a
/// blank line would end the cue).
fn cue_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn webvtt(script: &Script, episode: &Episode, title: &str) -> Vec<u8> {
    let mut out = String::from("WEBVTT");
    if !title.is_empty() {
        // The header's text must not hold "-->" or a line break.
        out.push_str(" - ");
        out.push_str(&title.replace("-->", "->").replace(['\n', '\r'], " "));
    }
    out.push_str("\n\n");
    for span in &episode.spans {
        let cue = &script.cues[span.cue];
        // The cue's number as the script has it, and the paragraph after a dot past the first.
        let id = match span.paragraph {
            Some(p) if p > 0 => format!("{}.{}", cue.number(), p + 1),
            _ => cue.number(),
        };
        let text = match span.paragraph {
            Some(p) => cue.paragraphs[p].clone(),
            None => cue.paragraphs.join("\n"),
        };
        let speaker = cue_text(&cue.speaker_name).replace('\n', " ");
        out.push_str(&format!(
            "{id}\n{} --> {}\n<v {speaker}>{}\n\n",
            timestamp(episode.ms(span.start), '.'),
            timestamp(episode.ms(span.end), '.'),
            cue_text(&text)
        ));
    }
    out.into_bytes()
}
