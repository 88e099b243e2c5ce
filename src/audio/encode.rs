//! Encoding an episode: MP3 through LAME, Ogg Opus through opus-tools (Debian's `lame` and
//! `opus-tools`, 0.4 MB together, where ffmpeg would be 85 MB), or WAV as it is. The encoders
//! run as child processes over pipes, so no temporary file is left behind.

use std::process::{Command, Stdio};

use super::Pcm;

/// The episode's container and codec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Codec {
    /// MP3 (MPEG-1/2 Layer III), with ID3v2.4 chapters: what every podcast app plays.
    #[default]
    Mp3,
    /// Ogg Opus, with chapters as Vorbis comments.
    Opus,
    /// 16-bit PCM WAV, for editing.
    Wav,
}

impl Codec {
    pub fn extension(self) -> &'static str {
        match self {
            Codec::Mp3 => "mp3",
            Codec::Opus => "opus",
            Codec::Wav => "wav",
        }
    }

    /// The media type an EPUB declares (a core media type for MP3 and Opus).
    pub fn media_type(self) -> &'static str {
        match self {
            Codec::Mp3 => "audio/mpeg",
            Codec::Opus => "audio/ogg; codecs=opus",
            Codec::Wav => "audio/wav",
        }
    }

    /// The program that encodes it, with the Debian package that has it.
    pub fn encoder(self) -> Option<(&'static str, &'static str)> {
        match self {
            Codec::Mp3 => Some(("lame", "lame")),
            Codec::Opus => Some(("opusenc", "opus-tools")),
            Codec::Wav => None,
        }
    }
}

/// Encodes `pcm` at `kbps` (mono). Opus takes `comments` (`KEY=value`) into its header.
pub fn encode(pcm: &Pcm, codec: Codec, kbps: u32, comments: &[String]) -> Result<Vec<u8>, String> {
    let wav = pcm.to_wav();
    match codec {
        Codec::Wav => Ok(wav),
        Codec::Mp3 => {
            let kbps = kbps.to_string();
            // Constant bit rate: chapter times and read-along clips land where players seek.
            run(
                codec,
                &[
                    "--quiet",
                    "--noreplaygain",
                    "-m",
                    "m",
                    "--cbr",
                    "-b",
                    &kbps,
                    "-",
                    "-",
                ],
                &wav,
            )
        }
        Codec::Opus => {
            let kbps = kbps.to_string();
            let mut args: Vec<&str> = vec!["--quiet", "--bitrate", &kbps, "--downmix-mono"];
            for comment in comments {
                args.push("--comment");
                args.push(comment);
            }
            args.extend(["-", "-"]);
            run(codec, &args, &wav)
        }
    }
}

/// Whether the encoder of `codec` can be run; else the line that says what to install.
pub fn check(codec: Codec) -> Result<(), String> {
    match codec.encoder() {
        None => Ok(()),
        Some((program, package)) => Command::new(program)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|_| ())
            .map_err(|_| missing(program, package)),
    }
}

fn missing(program: &str, package: &str) -> String {
    format!(
        "{program} is not installed (apt-get install {package}), so the episode cannot be encoded"
    )
}

fn run(codec: Codec, args: &[&str], input: &[u8]) -> Result<Vec<u8>, String> {
    check(codec)?;
    let (program, _) = codec.encoder().expect("an encoder");
    super::pipe::run(Command::new(program).args(args), input, program)
}
