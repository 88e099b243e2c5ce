//! The language of a Latin run in a Chinese text: English unless it is plainly another.
//! Names and short terms (Meta, LeCun, FAIR) give a detector too little to go on, so only
//! the languages a Chinese interview quotes besides English are candidates, and one of them
//! is taken only when whatlang is sure of it (`Légion d'honneur`, `raison d'être`).

use whatlang::{Detector, Lang};

/// How sure whatlang must be of a language other than English: above every English name of
/// the corpus and below the French and German phrases (measured with the allowlist below).
const CONFIDENT: f64 = 0.5;

/// The BCP 47 tag of `run`: `fr-FR`, `de-DE`, `es-ES`, `it-IT`, `pt-PT`, else `en-US`.
pub fn latin_language(run: &str) -> &'static str {
    let detector = Detector::with_allowlist(vec![
        Lang::Eng,
        Lang::Fra,
        Lang::Deu,
        Lang::Spa,
        Lang::Ita,
        Lang::Por,
    ]);
    match detector.detect(run) {
        Some(info) if info.confidence() >= CONFIDENT => match info.lang() {
            Lang::Fra => "fr-FR",
            Lang::Deu => "de-DE",
            Lang::Spa => "es-ES",
            Lang::Ita => "it-IT",
            Lang::Por => "pt-PT",
            _ => "en-US",
        },
        _ => "en-US",
    }
}

#[cfg(test)]
mod tests {
    use super::latin_language;

    #[test]
    fn phrases_in_other_languages_are_found_and_names_stay_english() {
        for (run, want) in [
            ("Légion d'honneur", "fr-FR"),
            ("raison d'être", "fr-FR"),
            ("Université de Montréal", "fr-FR"),
            ("Weltanschauung", "de-DE"),
            ("Gesellschaft für Informatik", "de-DE"),
            ("el niño", "es-ES"),
            ("Meta", "en-US"),
            ("Yann LeCun", "en-US"),
            ("Facebook AI Research", "en-US"),
            ("Courant Institute", "en-US"),
            ("Chamath Palihapitiya", "en-US"),
            ("ChatGPT", "en-US"),
            ("New York University", "en-US"),
            ("FAIR", "en-US"),
            ("Llama 2", "en-US"),
        ] {
            assert_eq!(latin_language(run), want, "{run}");
        }
    }
}
