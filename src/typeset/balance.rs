//! Breaking a short display text (a cover's title and subtitle) into lines of even length,
//! set ragged rather than justified: of all the ways to break it that fit, the one whose lines
//! are most alike and whose breaks fall where a reader pauses (a colon, a clause end, beside
//! Chinese rather than inside a name). Where a line may break at all is the caller's: it cuts
//! the text into pieces by [`crate::zh::kinsoku`].

use std::ops::Range;

/// An unbreakable piece of the text: a Han character, a Latin word, with the marks that may
/// not be parted from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Its width.
    pub width: f32,
    /// The width of the space before it, dropped when a line starts with it.
    pub space: f32,
    /// Added to a layout's cost when a line starts with it (negative: a good place).
    pub cost: f32,
    /// A line must start with it when [`Rules::forced`] is set.
    pub forced: bool,
}

/// How a text may be broken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    pub max_lines: Option<usize>,
    /// Honour the pieces' forced breaks.
    pub forced: bool,
    /// The cost of each line: how much better the breaks must be to pay for one more line.
    pub line_cost: f32,
}

/// The lines (ranges of `pieces`) of the layout of least cost within `width`: each line costs
/// `rules.line_cost` plus the square of how full it is, each break its piece's `cost`. The
/// squares are least when the lines are of equal length, which gives a title its balanced
/// shape. `None` when no layout fits (a piece wider than `width`, too few lines allowed).
pub fn balance(pieces: &[Piece], width: f32, rules: Rules) -> Option<Vec<Range<usize>>> {
    let n = pieces.len();
    if n == 0 {
        return Some(Vec::new());
    }
    if pieces.iter().any(|p| p.width > width) {
        return None;
    }
    let limit = rules.max_lines.unwrap_or(n).min(n);

    // rows[k][j] = (cost, start of the last line) of the best layout of pieces[..j] in k + 1
    // lines.
    let mut rows: Vec<Vec<Option<(f32, usize)>>> = Vec::new();
    let mut best: Option<(f32, usize)> = None; // (cost, lines)
    for k in 0..limit {
        let mut row: Vec<Option<(f32, usize)>> = vec![None; n + 1];
        for i in 0..n {
            let base = match (k, rows.last()) {
                (0, _) if i == 0 => 0.0,
                (0, _) => continue,
                (_, Some(prev)) => match prev[i] {
                    Some((c, _)) => c + pieces[i].cost,
                    None => continue,
                },
                (_, None) => continue,
            };
            let mut used = 0.0;
            for j in i + 1..=n {
                if j > i + 1 {
                    if rules.forced && pieces[j - 1].forced {
                        break;
                    }
                    used += pieces[j - 1].space;
                }
                used += pieces[j - 1].width;
                if used > width {
                    break;
                }
                let ratio = used / width;
                let cost = base + rules.line_cost + ratio * ratio;
                if row[j].is_none_or(|(c, _)| cost < c) {
                    row[j] = Some((cost, i));
                }
            }
        }
        if let Some((cost, _)) = row[n]
            && best.is_none_or(|(c, _)| cost < c)
        {
            best = Some((cost, k + 1));
        }
        rows.push(row);
        // Two lines more than the fewest possible never pays off.
        if best.is_some_and(|(_, lines)| k + 1 >= lines + 2) {
            break;
        }
    }

    // Walk the breaks back from the end.
    let (_, lines) = best?;
    let mut ranges = Vec::with_capacity(lines);
    let mut j = n;
    for row in rows[..lines].iter().rev() {
        let (_, i) = row[j]?;
        ranges.push(i..j);
        j = i;
    }
    ranges.reverse();
    Some(ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(widths: &[f32]) -> Vec<Piece> {
        widths
            .iter()
            .map(|&width| Piece {
                width,
                space: 0.0,
                cost: 0.0,
                forced: false,
            })
            .collect()
    }

    const FREE: Rules = Rules {
        max_lines: None,
        forced: false,
        line_cost: 0.0,
    };

    #[test]
    fn ten_equal_pieces_in_room_for_six_make_two_lines_of_five() {
        let lines = balance(
            &pieces(&[1.0; 10]),
            6.0,
            Rules {
                line_cost: 1.0,
                ..FREE
            },
        )
        .unwrap();
        assert_eq!(lines, [0..5, 5..10]);
    }

    #[test]
    fn a_cheap_break_is_taken_and_a_forced_one_kept() {
        let mut p = pieces(&[1.0; 8]);
        p[2].cost = -1.0;
        let lines = balance(
            &p,
            6.0,
            Rules {
                line_cost: 1.0,
                ..FREE
            },
        )
        .unwrap();
        assert_eq!(lines, [0..2, 2..8]);
        let mut p = pieces(&[1.0; 8]);
        p[1].forced = true;
        let forced = Rules {
            forced: true,
            line_cost: 1.0,
            ..FREE
        };
        assert_eq!(balance(&p, 8.0, forced).unwrap(), [0..1, 1..8]);
    }

    #[test]
    fn spaces_count_inside_a_line_and_vanish_at_its_start() {
        let mut p = pieces(&[2.0, 2.0]);
        p[1].space = 1.0;
        // 2 + 1 + 2 is over 4.5: two lines, though the pieces alone would fit.
        assert_eq!(balance(&p, 4.5, FREE).unwrap(), [0..1, 1..2]);
        assert_eq!(balance(&p, 5.0, FREE).unwrap(), [0..1, 1..2]);
        let one_line = Rules {
            line_cost: 1.0,
            ..FREE
        };
        assert_eq!(balance(&p, 5.0, one_line).unwrap(), vec![(0..2)]);
        // A piece as wide as the measure fits at a line's start, its space dropped.
        let mut p = pieces(&[2.0, 4.0]);
        p[1].space = 1.0;
        assert_eq!(balance(&p, 4.0, one_line).unwrap(), [0..1, 1..2]);
    }

    #[test]
    fn what_cannot_fit_is_none() {
        assert_eq!(balance(&pieces(&[3.0]), 2.0, FREE), None);
        let two = Rules {
            max_lines: Some(2),
            ..FREE
        };
        assert_eq!(balance(&pieces(&[1.0; 5]), 2.0, two), None);
        assert_eq!(balance(&[], 2.0, FREE), Some(Vec::new()));
    }
}
