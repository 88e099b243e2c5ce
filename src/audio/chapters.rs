//! Chapters of an episode as podcast apps read them: ID3v2.4 `CHAP` frames under one ordered
//! top-level `CTOC` (the ID3v2 Chapter Frame Addendum) for MP3, Vorbis-comment `CHAPTERnnn`
//! entries for Ogg Opus, and Podcasting 2.0 JSON chapters for a feed.

use serde::Serialize;

/// A chapter: a title over a stretch of the episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    pub title: String,
    pub start_ms: u64,
    pub end_ms: u64,
}

/// What the episode's tag says besides its chapters.
#[derive(Debug, Clone, Default)]
pub struct Tags {
    pub title: String,
    pub artist: String,
    pub album: String,
    pub year: Option<i32>,
    pub language: String,
    pub comment: String,
}

/// An ID3v2.4 tag with `tags` and `chapters`, to put before the MP3 frames.
pub fn id3_tag(tags: &Tags, chapters: &[Chapter]) -> Result<Vec<u8>, String> {
    use id3::frame::{Chapter as Chap, Comment, TableOfContents};
    use id3::{Frame, Tag, TagLike, Version};
    let mut tag = Tag::new();
    tag.set_title(&tags.title);
    if !tags.artist.is_empty() {
        tag.set_artist(&tags.artist);
    }
    if !tags.album.is_empty() {
        tag.set_album(&tags.album);
    }
    if let Some(year) = tags.year {
        tag.set_year(year);
    }
    tag.set_genre("Podcast");
    if !tags.language.is_empty() {
        tag.add_frame(Frame::text("TLAN", iso_639_2(&tags.language)));
    }
    if !tags.comment.is_empty() {
        tag.add_frame(Comment {
            lang: iso_639_2(&tags.language).to_string(),
            description: String::new(),
            text: tags.comment.clone(),
        });
    }
    let ids: Vec<String> = (1..=chapters.len()).map(|n| format!("ch{n:03}")).collect();
    tag.add_frame(TableOfContents {
        element_id: "toc".into(),
        top_level: true,
        ordered: true,
        elements: ids.clone(),
        frames: Vec::new(),
    });
    for (chapter, id) in chapters.iter().zip(ids) {
        tag.add_frame(Chap {
            element_id: id,
            start_time: clamp_u32(chapter.start_ms),
            end_time: clamp_u32(chapter.end_ms),
            // No byte offsets: players seek by time.
            start_offset: u32::MAX,
            end_offset: u32::MAX,
            frames: vec![Frame::text("TIT2", chapter.title.clone())],
        });
    }
    let mut out = Vec::new();
    tag.write_to(&mut out, Version::Id3v24)
        .map_err(|e| format!("cannot write the ID3 tag: {e}"))?;
    Ok(out)
}

fn clamp_u32(ms: u64) -> u32 {
    u32::try_from(ms).unwrap_or(u32::MAX - 1)
}

/// ISO 639-2 for the languages fangtan writes (ID3's `TLAN` and comment language).
fn iso_639_2(language: &str) -> &'static str {
    match language.split(['-', '_']).next().unwrap_or("") {
        "zh" | "cmn" => "chi",
        "en" => "eng",
        "fr" => "fre",
        "de" => "ger",
        "ja" => "jpn",
        _ => "und",
    }
}

/// Vorbis comments for Ogg Opus chapters (`CHAPTER001=00:00:00.000`, `CHAPTER001NAME=…`), as
/// players that read Vorbis chapters take them, and the title.
pub fn opus_comments(tags: &Tags, chapters: &[Chapter]) -> Vec<String> {
    let mut out = vec![format!("TITLE={}", tags.title)];
    if !tags.artist.is_empty() {
        out.push(format!("ARTIST={}", tags.artist));
    }
    if !tags.language.is_empty() {
        out.push(format!("LANGUAGE={}", tags.language));
    }
    for (n, chapter) in chapters.iter().enumerate() {
        out.push(format!(
            "CHAPTER{:03}={}",
            n + 1,
            timestamp(chapter.start_ms, '.')
        ));
        out.push(format!("CHAPTER{:03}NAME={}", n + 1, chapter.title));
    }
    out
}

/// `hh:mm:ss.mmm` (WebVTT and Vorbis chapters; `sep` is `.`).
pub fn timestamp(ms: u64, sep: char) -> String {
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PodcastChapters<'a> {
    version: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    author: &'a str,
    file_name: &'a str,
    chapters: Vec<PodcastChapter<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PodcastChapter<'a> {
    start_time: f64,
    end_time: f64,
    title: &'a str,
}

/// Podcasting 2.0 JSON chapters (`application/json+chapters`, version 1.2.0), times in
/// seconds.
pub fn podcast_json(tags: &Tags, file_name: &str, chapters: &[Chapter]) -> Vec<u8> {
    let doc = PodcastChapters {
        version: "1.2.0",
        title: &tags.title,
        author: &tags.artist,
        file_name,
        chapters: chapters
            .iter()
            .map(|c| PodcastChapter {
                start_time: c.start_ms as f64 / 1000.0,
                end_time: c.end_ms as f64 / 1000.0,
                title: &c.title,
            })
            .collect(),
    };
    let mut out = serde_json::to_vec_pretty(&doc).expect("chapters serialise");
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapters() -> Vec<Chapter> {
        vec![
            Chapter {
                title: "导语".into(),
                start_ms: 0,
                end_ms: 61_500,
            },
            Chapter {
                title: "01 前言".into(),
                start_ms: 61_500,
                end_ms: 200_000,
            },
        ]
    }

    #[test]
    fn the_id3_tag_reads_back_with_its_chapters_in_a_table_of_contents() {
        let tags = Tags {
            title: "访谈".into(),
            artist: "A · B".into(),
            language: "zh-CN".into(),
            ..Tags::default()
        };
        let bytes = id3_tag(&tags, &chapters()).unwrap();
        let tag = id3::Tag::read_from2(std::io::Cursor::new(&bytes)).unwrap();
        use id3::TagLike;
        assert_eq!(tag.title(), Some("访谈"));
        let toc: Vec<_> = tag.tables_of_contents().collect();
        assert_eq!(toc.len(), 1);
        assert!(toc[0].top_level && toc[0].ordered);
        assert_eq!(toc[0].elements, ["ch001", "ch002"]);
        let chaps: Vec<_> = tag.chapters().collect();
        assert_eq!(chaps[1].start_time, 61_500);
        assert_eq!(chaps[1].frames[0].content().text(), Some("01 前言"));
    }

    #[test]
    fn json_and_vorbis_chapters_give_the_same_times() {
        let tags = Tags {
            title: "t".into(),
            ..Tags::default()
        };
        let json: serde_json::Value =
            serde_json::from_slice(&podcast_json(&tags, "t.mp3", &chapters())).unwrap();
        assert_eq!(json["version"], "1.2.0");
        assert_eq!(json["chapters"][1]["startTime"], 61.5);
        let comments = opus_comments(&tags, &chapters());
        assert!(comments.contains(&"CHAPTER002=00:01:01.500".to_string()));
        assert!(comments.contains(&"CHAPTER002NAME=01 前言".to_string()));
    }
}
