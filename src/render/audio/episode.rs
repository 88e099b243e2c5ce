//! A table-read episode assembled from the cues' clips: each cue's speech, then its pause
//! as silence, so the timeline is the script's with measured durations in place of the
//! estimates. Spans say where each clip sits, in samples, for the transcript and the
//! read-along book.

use crate::audio::chapters::Chapter;
use crate::audio::{Pcm, ms_of, samples_in};
use crate::render::script::cues::Script;
use crate::sidecar::ScriptConfig;

/// One stretch of speech: a cue's paragraph (synthesis) or a whole cue (a recording).
#[derive(Debug, Clone)]
pub struct Clip {
    /// Index of the cue in the script.
    pub cue: usize,
    /// The paragraph of the cue, or `None` for the whole cue.
    pub paragraph: Option<usize>,
    pub pcm: Pcm,
}

/// Where a clip is in the episode, in samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub cue: usize,
    pub paragraph: Option<usize>,
    pub start: usize,
    pub end: usize,
}

pub struct Episode {
    pub pcm: Pcm,
    pub spans: Vec<Span>,
    pub chapters: Vec<Chapter>,
}

impl Episode {
    pub fn ms(&self, sample: usize) -> u64 {
        ms_of(self.pcm.rate, sample)
    }
}

/// The rate most clips have (the others are resampled to it).
fn common_rate(clips: &[Clip]) -> u32 {
    let mut counts = std::collections::BTreeMap::new();
    for clip in clips {
        *counts.entry(clip.pcm.rate).or_insert(0usize) += clip.pcm.samples.len();
    }
    counts
        .into_iter()
        .max_by_key(|&(rate, n)| (n, rate))
        .map_or(22_050, |(rate, _)| rate)
}

/// Lays the clips (in cue order) end to end with each cue's pause after it, and retimes
/// `script` to what was measured: each cue's `est_ms` becomes its speech's length and its
/// `start_ms` where it begins in the episode.
pub fn assemble(
    script: &mut Script,
    config: &ScriptConfig,
    clips: Vec<Clip>,
) -> Result<Episode, String> {
    let rate = common_rate(&clips);
    let mut clips: Vec<Clip> = clips
        .into_iter()
        .map(|clip| {
            Ok(Clip {
                pcm: clip.pcm.resampled(rate)?,
                ..clip
            })
        })
        .collect::<Result<_, String>>()?;
    clips.sort_by_key(|c| (c.cue, c.paragraph));
    let mut speech = vec![0usize; script.cues.len()];
    for clip in &clips {
        speech[clip.cue] += clip.pcm.samples.len();
    }
    for (cue, samples) in script.cues.iter_mut().zip(&speech) {
        cue.est_ms = ms_of(rate, *samples);
    }
    script.retime(config);
    let total: usize = speech.iter().sum::<usize>()
        + script
            .cues
            .iter()
            .map(|c| samples_in(rate, c.pause_ms))
            .sum::<usize>();
    let mut samples = Vec::with_capacity(total);
    let mut spans = Vec::with_capacity(clips.len());
    let mut clips = clips.into_iter().peekable();
    for (index, cue) in script.cues.iter_mut().enumerate() {
        cue.start_ms = ms_of(rate, samples.len());
        while let Some(clip) = clips.next_if(|c| c.cue == index) {
            let start = samples.len();
            samples.extend_from_slice(&clip.pcm.samples);
            spans.push(Span {
                cue: index,
                paragraph: clip.paragraph,
                start,
                end: samples.len(),
            });
        }
        samples.resize(samples.len() + samples_in(rate, cue.pause_ms), 0.0);
    }
    script.total_ms = ms_of(rate, samples.len());
    let chapters = chapters(script);
    Ok(Episode {
        pcm: Pcm { rate, samples },
        spans,
        chapters,
    })
}

/// A chapter for each run of cues in one section, from its first cue's start to the next
/// chapter's.
fn chapters(script: &Script) -> Vec<Chapter> {
    let mut chapters: Vec<Chapter> = Vec::new();
    for cue in &script.cues {
        if chapters.last().is_none_or(|c| c.title != cue.section) {
            if let Some(last) = chapters.last_mut() {
                last.end_ms = cue.start_ms;
            }
            chapters.push(Chapter {
                title: cue.section.clone(),
                start_ms: cue.start_ms,
                end_ms: script.total_ms,
            });
        }
    }
    if let Some(last) = chapters.last_mut() {
        last.end_ms = script.total_ms;
    }
    chapters
}
