//! EPUB 3 Media Overlays for the read-along book: a SMIL document per content document whose
//! paragraphs are read, each `<par>` pointing at a paragraph's id and its clip of the
//! episode (cut by sample counts, so no aligner is needed), and what the package says of
//! them (`media-overlay` on the content documents, `media:duration` per overlay and in all,
//! `media:active-class`).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

/// The episode and, in reading order, each paragraph's clip in it.
#[derive(Debug, Clone)]
pub struct Overlay<'a> {
    pub audio: &'a [u8],
    pub extension: &'static str,
    pub media_type: &'static str,
    /// (paragraph id, begin ms, end ms).
    pub clips: Vec<(String, u64, u64)>,
    pub narrators: Vec<String>,
}

/// The class a reading system sets on the paragraph being read (styled in the CSS).
pub const ACTIVE_CLASS: &str = "read-along-active";

/// What the package document says of the overlays.
#[derive(Debug, Clone, Serialize)]
pub struct MediaView {
    pub total: String,
    pub overlays: Vec<OverlayView>,
    pub active_class: &'static str,
    pub narrators: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverlayView {
    /// The SMIL file and the content document it is the overlay of.
    pub smil: String,
    pub content: String,
    pub duration: String,
}

/// A SMIL clock value, `h:mm:ss.fff` (three decimals: Kobo's Android app fails on more).
pub fn clock(ms: u64) -> String {
    format!(
        "{}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

pub fn audio_file(overlay: &Overlay<'_>) -> String {
    format!("audio/episode.{}", overlay.extension)
}

/// The SMIL documents (file name, bytes) and the package's view of them. Clips of the same
/// paragraph in a row (a long turn read as two cues) are one clip; clips whose paragraph is
/// in no content document are left out.
pub fn smil_documents(
    overlay: &Overlay<'_>,
    files_by_id: &HashMap<String, String>,
) -> (Vec<(String, Vec<u8>)>, MediaView) {
    let mut merged: Vec<(String, u64, u64)> = Vec::new();
    for (id, begin, end) in &overlay.clips {
        match merged.last_mut() {
            Some(last) if &last.0 == id => last.2 = *end,
            _ => merged.push((id.clone(), *begin, *end)),
        }
    }
    // In file order, each file's clips in reading order.
    let mut by_file: BTreeMap<&str, Vec<&(String, u64, u64)>> = BTreeMap::new();
    for clip in &merged {
        if let Some(file) = files_by_id.get(&clip.0) {
            by_file.entry(file.as_str()).or_default().push(clip);
        }
    }
    let audio = audio_file(overlay);
    let mut files = Vec::new();
    let mut overlays = Vec::new();
    let mut total = 0;
    for (content, clips) in by_file {
        let smil = content.replace(".xhtml", ".smil");
        // The section element's id is the file's name (`section-02`).
        let section = content.trim_end_matches(".xhtml");
        let mut body = String::new();
        let mut duration = 0;
        for (n, (id, begin, end)) in clips.iter().enumerate() {
            duration += end - begin;
            body.push_str(&format!(
                "    <par id=\"par-{}\"><text src=\"{content}#{id}\"/><audio src=\"{audio}\" clipBegin=\"{}\" clipEnd=\"{}\"/></par>\n",
                n + 1,
                clock(*begin),
                clock(*end)
            ));
        }
        total += duration;
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<smil xmlns=\"http://www.w3.org/ns/SMIL\" xmlns:epub=\"http://www.idpf.org/2007/ops\" version=\"3.0\">\n  <body>\n  <seq id=\"seq-1\" epub:textref=\"{content}#{section}\">\n{body}  </seq>\n  </body>\n</smil>\n"
        );
        files.push((smil.clone(), xml.into_bytes()));
        overlays.push(OverlayView {
            smil,
            content: content.to_string(),
            duration: clock(duration),
        });
    }
    let view = MediaView {
        total: clock(total),
        overlays,
        active_class: ACTIVE_CLASS,
        narrators: overlay.narrators.clone(),
    };
    (files, view)
}

/// The CSS for the paragraph being read.
pub fn stylesheet() -> String {
    format!(
        "\n/* Read-along: the paragraph being read (media:active-class). */\n.{ACTIVE_CLASS} {{ background-color: #fdf0c4; border-radius: 0.2em; }}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_of_one_paragraph_in_a_row_are_one_and_durations_add_up() {
        let overlay = Overlay {
            audio: &[],
            extension: "mp3",
            media_type: "audio/mpeg",
            clips: vec![
                ("p1-0".into(), 0, 1_500),
                ("p2-0".into(), 2_100, 4_000),
                ("p2-0".into(), 4_600, 6_000),
                ("p9-0".into(), 6_600, 7_000),
            ],
            narrators: Vec::new(),
        };
        let files: HashMap<String, String> = [("p1-0", "a.xhtml"), ("p2-0", "b.xhtml")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let (smil, view) = smil_documents(&overlay, &files);
        assert_eq!(smil.len(), 2);
        let b = String::from_utf8(smil[1].1.clone()).unwrap();
        assert_eq!(b.matches("<par ").count(), 1);
        assert!(b.contains("clipBegin=\"0:00:02.100\" clipEnd=\"0:00:06.000\""));
        assert_eq!(view.overlays[1].duration, "0:00:03.900");
        assert_eq!(view.total, "0:00:05.400");
    }
}
