//! Loudness to EBU R128: the integrated loudness of a whole episode, and the gain that brings
//! it to a target (−16 LUFS, what podcast platforms ask for), with the peaks kept under a
//! ceiling by a look-ahead limiter so the gain never clips.

use super::Pcm;

/// What normalising found and did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Loudness {
    /// Integrated loudness before and after, LUFS.
    pub before_lufs: f64,
    pub after_lufs: f64,
    /// True peak after, dBTP.
    pub peak_dbtp: f64,
    pub gain_db: f64,
}

/// Integrated loudness (LUFS) and true peak (dBTP) of `pcm`.
pub fn measure(pcm: &Pcm) -> Result<(f64, f64), String> {
    use ebur128::{EbuR128, Mode};
    let mut meter = EbuR128::new(1, pcm.rate, Mode::I | Mode::TRUE_PEAK)
        .map_err(|e| format!("cannot measure loudness: {e}"))?;
    meter
        .add_frames_f32(&pcm.samples)
        .map_err(|e| format!("cannot measure loudness: {e}"))?;
    let lufs = meter
        .loudness_global()
        .map_err(|e| format!("cannot measure loudness: {e}"))?;
    let peak = meter
        .true_peak(0)
        .map_err(|e| format!("cannot measure loudness: {e}"))?;
    Ok((lufs, 20.0 * peak.max(1e-10).log10()))
}

/// Brings `pcm` to `target_lufs`, its peaks limited to `ceiling_db` below full scale (sample
/// peaks, with a margin for the true peak between samples). Silence is left alone.
pub fn normalise(pcm: &mut Pcm, target_lufs: f64, ceiling_db: f64) -> Result<Loudness, String> {
    let (before, peak_before) = measure(pcm)?;
    if !before.is_finite() {
        return Ok(Loudness {
            before_lufs: before,
            after_lufs: before,
            peak_dbtp: f64::NEG_INFINITY,
            gain_db: 0.0,
        });
    }
    // The true peak of speech runs up to about 1 dB over its sample peak: limit with that
    // margin. Limiting takes some loudness away, so gain, limit and measure again, up to
    // three times, until the target holds.
    let ceiling = 10f64.powf((ceiling_db - 1.0) / 20.0) as f32;
    let mut gain_db = 0.0;
    let mut now = before;
    let mut peak = peak_before;
    for _ in 0..3 {
        let step = target_lufs - now;
        if step.abs() < 0.1 {
            break;
        }
        gain_db += step;
        let gain = 10f64.powf(step / 20.0) as f32;
        for s in &mut pcm.samples {
            *s *= gain;
        }
        limit(pcm, ceiling);
        (now, peak) = measure(pcm)?;
    }
    Ok(Loudness {
        before_lufs: before,
        after_lufs: now,
        peak_dbtp: peak,
        gain_db,
    })
}

/// A look-ahead peak limiter: the gain falls ahead of a peak over `ceiling` (5 ms, so the
/// peak is met already turned down) and recovers over 80 ms; below the ceiling it does
/// nothing.
fn limit(pcm: &mut Pcm, ceiling: f32) {
    let rate = pcm.rate as usize;
    let ahead = (rate * 5 / 1000).max(1);
    let release = 1.0 / (rate as f32 * 0.080);
    let samples = &mut pcm.samples;
    // The gain a sample needs by itself (read before it is turned down: the window looks
    // only ahead of the samples already done).
    let needed = |s: f32| {
        let a = s.abs();
        if a > ceiling { ceiling / a } else { 1.0 }
    };
    if samples.iter().all(|&s| needed(s) >= 1.0) {
        return;
    }
    // The lowest need over samples i ..= i + ahead, by a monotonic queue of (index, need):
    // memory for the window only, not a copy of the episode.
    let mut window: std::collections::VecDeque<(usize, f32)> = std::collections::VecDeque::new();
    let mut gain = 1.0f32;
    let n = samples.len();
    for (j, &s) in samples.iter().enumerate().take(ahead + 1) {
        push(&mut window, j, needed(s));
    }
    for i in 0..n {
        while window.front().is_some_and(|&(j, _)| j < i) {
            window.pop_front();
        }
        let want = window.front().map_or(1.0, |&(_, g)| g);
        // Down at once to what the window needs (it was seen `ahead` samples early), back
        // up slowly.
        gain = if want < gain {
            want
        } else {
            (gain + release).min(want)
        };
        samples[i] *= gain;
        let next = i + ahead + 1;
        if next < n {
            push(&mut window, next, needed(samples[next]));
        }
    }
}

fn push(window: &mut std::collections::VecDeque<(usize, f32)>, index: usize, need: f32) {
    while window.back().is_some_and(|&(_, g)| g >= need) {
        window.pop_back();
    }
    window.push_back((index, need));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speechlike(rate: u32, seconds: u32) -> Pcm {
        // Bursts of a 200 Hz tone with loud clicks, a crest factor speech has.
        let n = (rate * seconds) as usize;
        let samples = (0..n)
            .map(|i| {
                let t = i as f32 / rate as f32;
                let burst = if (t * 2.0).fract() < 0.6 { 1.0 } else { 0.0 };
                let click = if i % (rate as usize / 3) == 0 {
                    0.9
                } else {
                    0.0
                };
                burst * 0.05 * (t * 200.0 * std::f32::consts::TAU).sin() + click
            })
            .collect();
        Pcm { rate, samples }
    }

    #[test]
    fn an_episode_comes_out_at_the_target_with_its_peaks_under_the_ceiling() {
        let mut pcm = speechlike(22_050, 20);
        let result = normalise(&mut pcm, -16.0, -1.0).unwrap();
        assert!(result.gain_db > 3.0, "{result:?}");
        assert!((result.after_lufs + 16.0).abs() < 0.5, "{result:?}");
        assert!(result.peak_dbtp <= -1.0 + 0.3, "{result:?}");
    }

    #[test]
    fn silence_is_left_alone() {
        let mut pcm = Pcm::silence(22_050, 1_000);
        let result = normalise(&mut pcm, -16.0, -1.0).unwrap();
        assert_eq!(result.gain_db, 0.0);
        assert!(pcm.samples.iter().all(|&s| s == 0.0));
    }
}
