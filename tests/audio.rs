//! The table-read episode: synthesised with espeak-ng for the bundled article and a
//! three-speaker English hearing, and assembled from a folder of recordings; its chapters,
//! transcript, loudness and timeline.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use fangtan::Input;
use fangtan::audio::Pcm;
use fangtan::audio::speech::SpeechEngine;
use fangtan::render::audio::AudioOptions;
use fangtan::render::script::cues::{self, Script};
use fangtan::render::{Format, RenderOptions};

const ENGLISH: &str = "tests/corpus/en-pd-congress-north-hearing-excerpt.txt";

struct Case {
    name: String,
    files: BTreeMap<String, Vec<u8>>,
    /// The script as estimated (before the audio measured it).
    script: Script,
    cast: Vec<String>,
    narration: String,
}

fn have_tools() -> bool {
    common::have_tool("espeak-ng") && common::have_tool("lame")
}

fn english_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(ENGLISH)
}

fn build(input: &Input) -> Case {
    let doc = fangtan::prepare(input, None).unwrap().document;
    let options = RenderOptions {
        script: input.sidecar.script.clone(),
        audio: AudioOptions {
            config: input.sidecar.audio.clone(),
            engine: Some(SpeechEngine::Espeak),
            recordings: None,
        },
        ..RenderOptions::default()
    };
    let strings = options.strings(&doc).unwrap();
    let script = cues::build(&doc, &options.script, &strings);
    let rendered = Format::Audio
        .backend()
        .unwrap()
        .render(&doc, &options)
        .unwrap();
    Case {
        name: input.source.name.clone(),
        files: rendered
            .artifacts
            .into_iter()
            .map(|a| (a.file_name, a.bytes))
            .collect(),
        script,
        cast: doc.cast.iter().map(|s| s.name.clone()).collect(),
        narration: strings.narration.clone(),
    }
}

fn cases() -> &'static Vec<Case> {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        vec![
            build(&Input::bundled()),
            build(&Input::from_file(&english_path(), None, None, None).unwrap()),
        ]
    })
}

fn file<'c>(case: &'c Case, suffix: &str) -> &'c [u8] {
    case.files
        .iter()
        .find(|(name, _)| name.ends_with(suffix))
        .unwrap_or_else(|| panic!("{}: no {suffix} in {:?}", case.name, case.files.keys()))
        .1
}

/// A WebVTT cue: its id, start and end (ms), voice and text.
#[derive(Debug)]
struct VttCue {
    id: String,
    start: u64,
    end: u64,
    voice: String,
    text: String,
}

fn ms(stamp: &str) -> u64 {
    let parts: Vec<&str> = stamp.split([':', '.']).collect();
    let n: Vec<u64> = parts.iter().map(|p| p.parse().unwrap()).collect();
    ((n[0] * 60 + n[1]) * 60 + n[2]) * 1000 + n[3]
}

fn parse_vtt(text: &str) -> Vec<VttCue> {
    let mut blocks = text.split("\n\n");
    assert!(blocks.next().unwrap().starts_with("WEBVTT"));
    blocks
        .filter(|b| !b.trim().is_empty())
        .map(|block| {
            let mut lines = block.lines();
            let id = lines.next().unwrap().to_string();
            let (start, end) = lines.next().unwrap().split_once(" --> ").unwrap();
            let body: Vec<&str> = lines.collect();
            let first = body[0].strip_prefix("<v ").expect("a voice span");
            let (voice, rest) = first.split_once('>').unwrap();
            let mut text = rest.to_string();
            for line in &body[1..] {
                text.push('\n');
                text.push_str(line);
            }
            VttCue {
                id,
                start: ms(start),
                end: ms(end),
                voice: voice.to_string(),
                text: text
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            }
        })
        .collect()
}

/// The MP3 decoded by LAME, as the listener's player would.
fn decode_mp3(bytes: &[u8]) -> Pcm {
    let dir = tempfile::tempdir().unwrap();
    let mp3 = dir.path().join("e.mp3");
    let wav = dir.path().join("e.wav");
    std::fs::write(&mp3, bytes).unwrap();
    let status = Command::new("lame")
        .args(["--quiet", "--decode"])
        .arg(&mp3)
        .arg(&wav)
        .status()
        .unwrap();
    assert!(status.success());
    Pcm::from_wav(&std::fs::read(&wav).unwrap()).unwrap()
}

/// Where speech is: 20 ms frames louder than −45 dBFS.
fn voiced(pcm: &Pcm, from_ms: u64, to_ms: u64) -> Option<(u64, u64)> {
    let frame = pcm.rate as usize / 50;
    let a = fangtan::audio::samples_in(pcm.rate, from_ms);
    let b = fangtan::audio::samples_in(pcm.rate, to_ms).min(pcm.samples.len());
    let loud: Vec<usize> = (a..b)
        .step_by(frame)
        .filter(|&i| fangtan::audio::rms_dbfs(&pcm.samples[i..(i + frame).min(b)]) > -45.0)
        .collect();
    Some((
        fangtan::audio::ms_of(pcm.rate, *loud.first()?),
        fangtan::audio::ms_of(pcm.rate, *loud.last()? + frame),
    ))
}

#[test]
fn the_episode_has_chapters_at_the_sections_in_id3_and_json() {
    if !have_tools() {
        return;
    }
    for case in cases() {
        let mp3 = file(case, ".episode.mp3");
        let tag = id3::Tag::read_from2(std::io::Cursor::new(mp3)).unwrap();
        let toc: Vec<_> = tag.tables_of_contents().collect();
        assert_eq!(toc.len(), 1, "{}", case.name);
        assert!(toc[0].top_level && toc[0].ordered);
        let chapters: Vec<_> = tag.chapters().collect();
        assert_eq!(
            toc[0].elements,
            chapters
                .iter()
                .map(|c| c.element_id.clone())
                .collect::<Vec<_>>()
        );
        let mut sections: Vec<&str> = case
            .script
            .cues
            .iter()
            .map(|c| c.section.as_str())
            .collect();
        sections.dedup();
        assert_eq!(chapters.len(), sections.len(), "{}", case.name);
        let json: serde_json::Value = serde_json::from_slice(file(case, ".chapters.json")).unwrap();
        assert_eq!(json["version"], "1.2.0");
        let listed = json["chapters"].as_array().unwrap();
        assert_eq!(listed.len(), chapters.len());
        for (chapter, entry) in chapters.iter().zip(listed) {
            let start = (entry["startTime"].as_f64().unwrap() * 1000.0).round() as u32;
            assert_eq!(chapter.start_time, start);
            let title = chapter.frames[0].content().text().unwrap();
            assert_eq!(entry["title"], title);
            assert!(!title.is_empty());
        }
        for pair in chapters.windows(2) {
            assert_eq!(pair[0].end_time, pair[1].start_time);
            assert!(pair[0].start_time < pair[1].start_time);
        }
    }
}

#[test]
fn the_transcript_has_every_word_read_in_order_with_its_speaker() {
    if !have_tools() {
        return;
    }
    for case in cases() {
        let vtt = parse_vtt(std::str::from_utf8(file(case, ".episode.vtt")).unwrap());
        // Every paragraph of every cue, in order, by its speaker.
        let want: Vec<(String, String, &str)> = case
            .script
            .cues
            .iter()
            .flat_map(|c| {
                c.paragraphs.iter().enumerate().map(move |(p, text)| {
                    let id = if p == 0 {
                        c.number()
                    } else {
                        format!("{}.{}", c.number(), p + 1)
                    };
                    (id, c.speaker_name.clone(), text.as_str())
                })
            })
            .collect();
        assert_eq!(vtt.len(), want.len(), "{}", case.name);
        for (cue, (id, speaker, text)) in vtt.iter().zip(&want) {
            assert_eq!(&cue.id, id);
            assert_eq!(&cue.voice, speaker);
            assert!(
                case.cast.contains(&cue.voice) || cue.voice.starts_with(&case.narration),
                "{}: {}",
                case.name,
                cue.voice
            );
            assert_eq!(common::squeeze(&cue.text), common::squeeze(text));
        }
        for pair in vtt.windows(2) {
            assert!(pair[0].start < pair[0].end && pair[0].end <= pair[1].start);
        }
    }
}

#[test]
fn the_episode_is_at_minus_16_lufs_with_speech_in_every_clip_and_silence_between() {
    if !have_tools() {
        return;
    }
    for case in cases() {
        let pcm = decode_mp3(file(case, ".episode.mp3"));
        let (lufs, peak) = fangtan::audio::loudness::measure(&pcm).unwrap();
        eprintln!("{}: {lufs:.2} LUFS, true peak {peak:.2} dBTP", case.name);
        // −16 LUFS before encoding; LAME takes about half a unit away.
        assert!((lufs + 16.0).abs() <= 1.0, "{}: {lufs} LUFS", case.name);
        assert!(peak <= -0.5, "{}: {peak} dBTP", case.name);
        let vtt = parse_vtt(std::str::from_utf8(file(case, ".episode.vtt")).unwrap());
        // The decoder's delay shifts the sound by a few tens of milliseconds.
        for cue in &vtt {
            let (first, last) = voiced(&pcm, cue.start, cue.end)
                .unwrap_or_else(|| panic!("{}: cue {} is silent", case.name, cue.id));
            assert!(
                first <= cue.start + 400,
                "{}: {} starts late",
                case.name,
                cue.id
            );
            assert!(
                last + 900 >= cue.end,
                "{}: {} ends early",
                case.name,
                cue.id
            );
        }
        for pair in vtt.windows(2) {
            if pair[1].start - pair[0].end >= 400 {
                let middle = (pair[0].end + pair[1].start) / 2;
                assert!(
                    voiced(&pcm, middle - 100, middle + 100).is_none(),
                    "{}: sound between {} and {}",
                    case.name,
                    pair[0].id,
                    pair[1].id
                );
            }
        }
        // The whole is as long as the transcript says, give or take the codec's padding.
        let end = vtt.last().unwrap().end;
        assert!(
            pcm.duration_ms().abs_diff(end) < 250,
            "{} vs {end}",
            pcm.duration_ms()
        );
    }
}

#[test]
fn the_scripts_estimate_is_within_five_percent_of_the_episode() {
    if !have_tools() {
        return;
    }
    for case in cases() {
        let json: serde_json::Value = serde_json::from_slice(file(case, ".chapters.json")).unwrap();
        let measured = json["chapters"].as_array().unwrap().last().unwrap()["endTime"]
            .as_f64()
            .unwrap();
        let estimated = case.script.total_ms as f64 / 1000.0;
        let ratio = measured / estimated;
        eprintln!(
            "{}: estimated {estimated:.1} s, synthesised {measured:.1} s, ratio {ratio:.3}",
            case.name
        );
        assert!((ratio - 1.0).abs() <= 0.05, "{}: {ratio}", case.name);
    }
}

/// Takes cut from the synthesised English episode (one as 44.1 kHz stereo, one as FLAC when
/// sox is there), one left out and two files that are no cue's: the episode from them has
/// every take where the script puts it, the missing one as silence, and says what was
/// missing and left over.
#[test]
fn an_episode_is_assembled_from_recordings() {
    if !have_tools() {
        return;
    }
    let english = &cases()[1];
    let pcm = decode_mp3(file(english, ".episode.mp3"));
    let vtt = parse_vtt(std::str::from_utf8(file(english, ".episode.vtt")).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let takes = dir.path().join("takes");
    std::fs::create_dir(&takes).unwrap();
    // A cue's take runs from its first paragraph's start to its last's end.
    let mut spans: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for cue in &vtt {
        let number = cue.id.split('.').next().unwrap().to_string();
        let span = spans.entry(number).or_insert((cue.start, cue.end));
        span.1 = cue.end;
    }
    let cut = |(a, b): (u64, u64)| Pcm {
        rate: pcm.rate,
        samples: pcm.samples[fangtan::audio::samples_in(pcm.rate, a)
            ..fangtan::audio::samples_in(pcm.rate, b).min(pcm.samples.len())]
            .to_vec(),
    };
    let mut lengths = BTreeMap::new();
    for (number, span) in &spans {
        if number == "003" {
            continue; // missing
        }
        let take = cut(*span);
        lengths.insert(number.clone(), take.duration_ms());
        let path = takes.join(format!("{number}.wav"));
        if number == "002" {
            // 44.1 kHz stereo, as a recorder makes it.
            let wide = take.clone().resampled(44_100).unwrap();
            let spec = hound::WavSpec {
                channels: 2,
                sample_rate: 44_100,
                bits_per_sample: 24,
                sample_format: hound::SampleFormat::Int,
            };
            let mut w = hound::WavWriter::create(&path, spec).unwrap();
            for s in wide.samples {
                let v = (s * 8_388_607.0) as i32;
                w.write_sample(v).unwrap();
                w.write_sample(v).unwrap();
            }
            w.finalize().unwrap();
        } else {
            std::fs::write(&path, take.to_wav()).unwrap();
        }
    }
    if Command::new("sox").arg("--version").output().is_ok() {
        let wav = takes.join("004.wav");
        let status = Command::new("sox")
            .arg(&wav)
            .arg(takes.join("004.flac"))
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::remove_file(wav).unwrap();
    }
    std::fs::write(takes.join("intro.wav"), cut((0, 500)).to_wav()).unwrap();
    std::fs::write(takes.join("999.wav"), cut((0, 500)).to_wav()).unwrap();
    // No speech engine on the PATH: only LAME.
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let lame = String::from_utf8(
        Command::new("sh")
            .args(["-c", "command -v lame"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    std::os::unix::fs::symlink(lame.trim(), bin.join("lame")).unwrap();
    let out = dir.path().join("out");
    let built = Command::new(env!("CARGO_BIN_EXE_fangtan"))
        .arg("build")
        .arg(english_path())
        .args(["--only", "audio", "--recordings"])
        .arg(&takes)
        .arg("--out")
        .arg(&out)
        .env("PATH", &bin)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{stderr}");
    assert!(stderr.contains("takes missing (003)"), "{stderr}");
    assert!(
        stderr.contains("intro.wav") && stderr.contains("999.wav"),
        "{stderr}"
    );
    let slug = "en-pd-congress-north-hearing-excerpt";
    let again =
        parse_vtt(&std::fs::read_to_string(out.join(format!("{slug}.episode.vtt"))).unwrap());
    // One transcript cue per take, each as long as its take.
    assert_eq!(again.len(), spans.len());
    for cue in &again {
        let length = cue.end - cue.start;
        match lengths.get(&cue.id) {
            Some(&want) => assert!(length.abs_diff(want) <= 2, "{}: {length} vs {want}", cue.id),
            None => {
                assert_eq!(cue.id, "003");
                let estimate = english.script.cues[2].est_ms;
                assert!(length.abs_diff(estimate) <= 1, "{length} vs {estimate}");
            }
        }
    }
    let episode = decode_mp3(&std::fs::read(out.join(format!("{slug}.episode.mp3"))).unwrap());
    let missing = again.iter().find(|c| c.id == "003").unwrap();
    assert!(voiced(&episode, missing.start + 50, missing.end - 50).is_none());
    let take = again.iter().find(|c| c.id == "002").unwrap();
    assert!(voiced(&episode, take.start, take.end).is_some());
    // The read-along book from the takes: a clip per take (takes of one paragraph cut in
    // two cues are one clip).
    let book = std::fs::read(out.join(format!("{slug}.read-along.epub"))).unwrap();
    common::epubcheck(&book, "takes.epub");
    let pars: usize = unzip(&book)
        .iter()
        .filter(|(name, _)| name.ends_with(".smil"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).matches("<par ").count())
        .sum();
    assert!(
        pars * 10 > spans.len() * 9 && pars <= spans.len(),
        "{pars} of {}",
        spans.len()
    );
}

/// Every entry of a zip by name, as bytes.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut out = Vec::new();
            f.read_to_end(&mut out).unwrap();
            (f.name().to_string(), out)
        })
        .collect()
}

fn clock_ms(value: &str) -> u64 {
    let parts: Vec<&str> = value.split(':').collect();
    let (h, m, s): (u64, u64, f64) = (
        parts[0].parse().unwrap(),
        parts[1].parse().unwrap(),
        parts[2].parse().unwrap(),
    );
    (h * 3600 + m * 60) * 1000 + (s * 1000.0).round() as u64
}

/// The read-along book: epubcheck-clean, a Media Overlay for every content document with
/// read text, every turn with a clip, clips in reading order and holding speech at their
/// edges, the durations adding up, the active class styled.
#[test]
fn the_read_along_book_has_a_clip_for_every_turn_in_reading_order() {
    if !have_tools() {
        return;
    }
    for case in cases() {
        let epub = file(case, ".read-along.epub");
        common::epubcheck(epub, "read-along.epub");
        let entries = unzip(epub);
        let text = |name: &str| String::from_utf8(entries[name].clone()).unwrap();
        let opf = text("OEBPS/content.opf");
        let package = roxmltree::Document::parse(&opf).unwrap();
        let metas: Vec<(Option<&str>, &str, &str)> = package
            .descendants()
            .filter(|n| n.has_tag_name("meta") && n.attribute("property").is_some())
            .map(|n| {
                (
                    n.attribute("refines"),
                    n.attribute("property").unwrap(),
                    n.text().unwrap_or_default(),
                )
            })
            .collect();
        let total = metas
            .iter()
            .find(|m| m.0.is_none() && m.1 == "media:duration")
            .map(|m| clock_ms(m.2))
            .expect("a total media:duration");
        let active = metas
            .iter()
            .find(|m| m.1 == "media:active-class")
            .unwrap()
            .2;
        assert!(text("OEBPS/stylesheet.css").contains(&format!(".{active} ")));
        let items: Vec<_> = package
            .descendants()
            .filter(|n| n.has_tag_name("item"))
            .collect();
        let href_of = |id: &str| {
            items
                .iter()
                .find(|i| i.attribute("id") == Some(id))
                .unwrap()
                .attribute("href")
                .unwrap()
        };
        let spine: Vec<&str> = package
            .descendants()
            .filter(|n| n.has_tag_name("itemref"))
            .map(|n| href_of(n.attribute("idref").unwrap()))
            .collect();
        let audio = items
            .iter()
            .find(|i| i.attribute("media-type") == Some("audio/mpeg"))
            .unwrap()
            .attribute("href")
            .unwrap();
        let pcm = decode_mp3(&entries[&format!("OEBPS/{audio}")]);
        let mut sum = 0;
        let mut last_end = 0;
        let mut clipped: std::collections::BTreeSet<(String, String)> = Default::default();
        for content in &spine {
            let Some(item) = items.iter().find(|i| i.attribute("href") == Some(content)) else {
                continue;
            };
            let Some(smil_id) = item.attribute("media-overlay") else {
                continue;
            };
            let own = metas
                .iter()
                .find(|m| m.0 == Some(&format!("#{smil_id}")) && m.1 == "media:duration")
                .map(|m| clock_ms(m.2))
                .unwrap();
            let smil = text(&format!("OEBPS/{}", href_of(smil_id)));
            let smil = roxmltree::Document::parse(&smil).unwrap();
            let mut own_sum = 0;
            for par in smil.descendants().filter(|n| n.has_tag_name("par")) {
                let src = par
                    .children()
                    .find(|n| n.has_tag_name("text"))
                    .unwrap()
                    .attribute("src")
                    .unwrap();
                let (file, id) = src.split_once('#').unwrap();
                assert_eq!(&file, content);
                clipped.insert((file.to_string(), id.to_string()));
                let clip = par.children().find(|n| n.has_tag_name("audio")).unwrap();
                let begin = clock_ms(clip.attribute("clipBegin").unwrap());
                let end = clock_ms(clip.attribute("clipEnd").unwrap());
                assert!(
                    begin < end && begin >= last_end,
                    "{}: {src} out of order",
                    case.name
                );
                last_end = end;
                own_sum += end - begin;
                let (first, last) = voiced(&pcm, begin, end)
                    .unwrap_or_else(|| panic!("{}: {src} is silent", case.name));
                assert!(
                    first <= begin + 400 && last + 900 >= end,
                    "{}: {src}",
                    case.name
                );
            }
            assert!(own.abs_diff(own_sum) <= 1, "{}: {content}", case.name);
            sum += own;
        }
        assert!(
            sum.abs_diff(total) <= 1000,
            "{}: {sum} vs {total}",
            case.name
        );
        // Every turn's paragraphs have their clip.
        let mut turns = 0;
        for content in &spine {
            let xhtml = text(&format!("OEBPS/{content}"));
            let page = common::parse_xml(&xhtml).unwrap();
            for turn in page
                .descendants()
                .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("turn ")))
            {
                turns += 1;
                for p in turn.children().filter(|n| n.has_tag_name("p")) {
                    let id = p.attribute("id").expect("a paragraph id");
                    assert!(
                        clipped.contains(&(content.to_string(), id.to_string())),
                        "{}: {content}#{id} has no clip",
                        case.name
                    );
                }
            }
        }
        assert!(turns >= 20, "{}: {turns} turns", case.name);
    }
}
