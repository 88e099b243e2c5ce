//! Longer inputs made from a real article, for benchmarks and scale tests: the article, then
//! its body (from the first heading on) again and again, each copy's headings marked with
//! the copy's number so that the outline stays distinct.

use crate::error::Error;
use crate::sidecar::Typography;
use crate::{Input, model::Block, prepare};

/// The article's text with its body repeated until there are `copies` bodies in all.
pub fn repeated(input: &Input, copies: usize) -> Result<String, Error> {
    let document = prepare(input, Some(Typography::Keep))?.document;
    let headings: Vec<usize> = document
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { line, .. } => Some(*line),
            _ => None,
        })
        .collect();
    // The reader's own lines (LF, CRLF or CR), numbered from 1 as the model's are.
    let lines = crate::read::text::raw_lines(&input.source.text);
    let body_start = headings.first().map_or(0, |&line| line - 1);
    let mut text = input.source.text.clone();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    for copy in 2..=copies {
        text.reserve(input.source.text.len());
        for &(no, line) in lines.iter().skip(body_start) {
            text.push_str(crate::zh::trim_edges(line));
            if headings.contains(&no) {
                text.push_str(&format!("（{copy}）"));
            }
            text.push('\n');
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;

    #[test]
    fn copies_keep_their_turns_and_get_distinct_headings() {
        let input = Input::bundled();
        let once = prepare(&input, None).unwrap().document.stats();
        let text = repeated(&input, 3).unwrap();
        let thrice = Input {
            source: Source::from_text("x3.txt", text),
            ..Input::bundled()
        };
        let document = prepare(&thrice, None).unwrap().document;
        let stats = document.stats();
        let turns = |s: &crate::model::Stats| s.turns.iter().map(|(_, n)| n).sum::<usize>();
        assert_eq!(turns(&stats), 3 * turns(&once));
        assert_eq!(stats.headings, 3 * once.headings);
        let titles: std::collections::BTreeSet<String> = document
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(titles.len(), stats.headings, "headings repeat: {titles:?}");
    }
}
