//! Sound: mono PCM, read from and written to WAV (and read from FLAC), resampled, measured for
//! loudness, encoded, and the chapters and transcripts that go with an episode. Nothing here
//! knows about interviews; `render::audio` assembles an episode from the script's cues.

pub mod chapters;
pub mod encode;
pub mod loudness;
mod pipe;
pub mod speech;

/// Mono audio as samples in −1.0..=1.0.
#[derive(Debug, Clone, PartialEq)]
pub struct Pcm {
    pub rate: u32,
    pub samples: Vec<f32>,
}

impl Pcm {
    pub fn silence(rate: u32, ms: u64) -> Pcm {
        Pcm {
            rate,
            samples: vec![0.0; samples_in(rate, ms)],
        }
    }

    pub fn duration_ms(&self) -> u64 {
        ms_of(self.rate, self.samples.len())
    }

    /// Reads a WAV file (any channel count, 8–32-bit integer or float): the channels are
    /// mixed down to one.
    pub fn from_wav(bytes: &[u8]) -> Result<Pcm, String> {
        let bytes = &with_true_sizes(bytes);
        let reader = hound::WavReader::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("not a WAV file that can be read: {e}"))?;
        let spec = reader.spec();
        let channels = usize::from(spec.channels.max(1));
        let interleaved: Vec<f32> = match spec.sample_format {
            hound::SampleFormat::Float => reader
                .into_samples::<f32>()
                .collect::<Result<_, _>>()
                .map_err(|e| format!("a WAV sample cannot be read: {e}"))?,
            hound::SampleFormat::Int => {
                let scale = 1.0 / (1u64 << (spec.bits_per_sample.clamp(1, 32) - 1)) as f32;
                reader
                    .into_samples::<i32>()
                    .map(|s| s.map(|s| s as f32 * scale))
                    .collect::<Result<_, _>>()
                    .map_err(|e| format!("a WAV sample cannot be read: {e}"))?
            }
        };
        Ok(Pcm {
            rate: spec.sample_rate,
            samples: mix_down(&interleaved, channels),
        })
    }

    /// Reads a FLAC file, its channels mixed down to one.
    pub fn from_flac(bytes: &[u8]) -> Result<Pcm, String> {
        let mut reader = claxon::FlacReader::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("not a FLAC file that can be read: {e}"))?;
        let info = reader.streaminfo();
        let scale = 1.0 / (1u64 << (info.bits_per_sample.clamp(1, 32) - 1)) as f32;
        let interleaved: Vec<f32> = reader
            .samples()
            .map(|s| s.map(|s| s as f32 * scale))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("a FLAC sample cannot be read: {e}"))?;
        Ok(Pcm {
            rate: info.sample_rate,
            samples: mix_down(&interleaved, info.channels.max(1) as usize),
        })
    }

    /// 16-bit mono WAV, what the encoders take.
    pub fn to_wav(&self) -> Vec<u8> {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: self.rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut out = std::io::Cursor::new(Vec::with_capacity(44 + self.samples.len() * 2));
        {
            let mut writer = hound::WavWriter::new(&mut out, spec).expect("a WAV header in memory");
            for &s in &self.samples {
                let s = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
                writer.write_sample(s).expect("a sample in memory");
            }
            writer.finalize().expect("a WAV in memory");
        }
        out.into_inner()
    }

    /// The same sound at `rate` (band-limited, FFT resampling).
    pub fn resampled(self, rate: u32) -> Result<Pcm, String> {
        use rubato::audioadapter_buffers::direct::SequentialSliceOfVecs;
        use rubato::{Fft, FixedSync, Resampler};
        if self.rate == rate || self.samples.is_empty() {
            return Ok(Pcm { rate, ..self });
        }
        let frames = self.samples.len();
        let mut resampler =
            Fft::<f32>::new(self.rate as usize, rate as usize, 1024, 1, FixedSync::Both)
                .map_err(|e| format!("cannot resample {} Hz to {rate} Hz: {e}", self.rate))?;
        let input = [self.samples];
        let adapter = SequentialSliceOfVecs::new(&input, 1, frames)
            .map_err(|e| format!("cannot resample: {e}"))?;
        let out = resampler
            .process_all(&adapter, frames, None)
            .map_err(|e| format!("cannot resample: {e}"))?;
        Ok(Pcm {
            rate,
            samples: out.take_data(),
        })
    }
}

/// A WAV written to a pipe (espeak-ng's `--stdout`) gives its RIFF and data sizes as
/// 0x7FFFFFFF, not knowing them; set them to what the bytes hold. A WAV whose sizes are
/// right is unchanged.
fn with_true_sizes(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let size_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return bytes.into();
    }
    // Walk the chunks to `data`.
    let mut at = 12;
    while let Some(size) = size_at(at + 4) {
        if &bytes[at..at + 4] == b"data" {
            let available = bytes.len() - (at + 8);
            if size <= available {
                return bytes.into();
            }
            let mut fixed = bytes.to_vec();
            let data = (available as u32).to_le_bytes();
            fixed[at + 4..at + 8].copy_from_slice(&data);
            let riff = ((bytes.len() - 8) as u32).to_le_bytes();
            fixed[4..8].copy_from_slice(&riff);
            return fixed.into();
        }
        at += 8 + size + size % 2;
    }
    bytes.into()
}

/// Samples in `ms` milliseconds at `rate`, rounded to the nearest.
pub fn samples_in(rate: u32, ms: u64) -> usize {
    ((ms * u64::from(rate) + 500) / 1000) as usize
}

/// Milliseconds of `samples` at `rate`, rounded to the nearest.
pub fn ms_of(rate: u32, samples: usize) -> u64 {
    if rate == 0 {
        return 0;
    }
    (samples as u64 * 1000 + u64::from(rate) / 2) / u64::from(rate)
}

fn mix_down(interleaved: &[f32], channels: usize) -> Vec<f32> {
    if channels == 1 {
        return interleaved.to_vec();
    }
    interleaved
        .chunks(channels)
        .map(|frame| frame.iter().sum::<f32>() / channels as f32)
        .collect()
}

/// The level of a stretch of sound in dBFS (RMS), or −∞ for digital silence.
pub fn rms_dbfs(samples: &[f32]) -> f64 {
    if samples.is_empty() {
        return f64::NEG_INFINITY;
    }
    let power = samples
        .iter()
        .map(|&s| f64::from(s) * f64::from(s))
        .sum::<f64>()
        / samples.len() as f64;
    10.0 * power.log10()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(rate: u32, ms: u64) -> Pcm {
        let n = samples_in(rate, ms);
        Pcm {
            rate,
            samples: (0..n)
                .map(|i| 0.5 * (i as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin())
                .collect(),
        }
    }

    #[test]
    fn wav_round_trip_keeps_length_and_level() {
        let pcm = tone(22_050, 1_000);
        let back = Pcm::from_wav(&pcm.to_wav()).unwrap();
        assert_eq!(back.samples.len(), pcm.samples.len());
        assert!((rms_dbfs(&back.samples) - rms_dbfs(&pcm.samples)).abs() < 0.01);
        assert_eq!(back.duration_ms(), 1_000);
    }

    #[test]
    fn resampling_keeps_duration_and_level() {
        let pcm = tone(44_100, 2_000);
        let level = rms_dbfs(&pcm.samples);
        let out = pcm.resampled(22_050).unwrap();
        assert_eq!(out.rate, 22_050);
        assert!(
            out.duration_ms().abs_diff(2_000) <= 2,
            "{}",
            out.duration_ms()
        );
        let middle = &out.samples[2_000..out.samples.len() - 2_000];
        assert!((rms_dbfs(middle) - level).abs() < 0.2);
    }

    #[test]
    fn a_wav_streamed_with_unknown_sizes_reads_whole() {
        let mut wav = tone(8_000, 100).to_wav();
        wav[4..8].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
        wav[40..44].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
        assert_eq!(Pcm::from_wav(&wav).unwrap().samples.len(), 800);
    }

    #[test]
    fn sample_arithmetic_rounds_to_the_nearest() {
        assert_eq!(samples_in(22_050, 600), 13_230);
        assert_eq!(ms_of(22_050, 13_230), 600);
        assert_eq!(ms_of(0, 5), 0);
        assert_eq!(rms_dbfs(&[0.0; 4]), f64::NEG_INFINITY);
    }
}
