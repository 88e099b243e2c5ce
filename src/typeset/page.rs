//! Pagination: stacking blocks of lines into pages, with the rules of book typesetting:
//! a paragraph's first line never alone at a page foot (orphan) nor its last line alone at a
//! page head (widow); a heading never at a page foot without the text after it; a block
//! marked keep-together (a note, a pull quote) never split when it fits on one page.

/// What pagination needs to know of a block.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockShape {
    pub lines: usize,
    /// Line advance, pt.
    pub leading: f32,
    /// Space above the block (dropped at the top of a page), pt.
    pub space_before: f32,
    pub space_after: f32,
    pub keep_together: bool,
    /// Keep on the same page as the first two lines of the next block (headings).
    pub keep_with_next: bool,
    /// Start on a new page.
    pub break_before: bool,
}

/// Part of a block on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    pub block: usize,
    /// Lines `first..first + count` of the block.
    pub first: usize,
    pub count: usize,
    /// Top of the fragment's first line box, pt from the top of the text area.
    pub top: f32,
}

impl Fragment {
    pub fn bottom(&self, shape: &BlockShape) -> f32 {
        self.top + self.count as f32 * shape.leading
    }

    /// Top of line box `i` (an index into the block), pt from the text area's top.
    pub fn line_top(&self, shape: &BlockShape, i: usize) -> f32 {
        self.top + (i - self.first) as f32 * shape.leading
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageFlow {
    pub fragments: Vec<Fragment>,
}

/// Lays blocks onto pages whose text area is `height` pt tall.
pub fn paginate(blocks: &[BlockShape], height: f32) -> Vec<PageFlow> {
    let mut pages = vec![PageFlow::default()];
    let mut y = 0.0f32;
    let fits = |y: f32, h: f32| y + h <= height + 0.01;
    for (index, block) in blocks.iter().enumerate() {
        if block.lines == 0 {
            continue;
        }
        let page_is_empty = pages.last().is_some_and(|p| p.fragments.is_empty());
        if block.break_before && !page_is_empty {
            pages.push(PageFlow::default());
            y = 0.0;
        }
        let mut first = 0;
        while first < block.lines {
            let at_top = pages.last().is_some_and(|p| p.fragments.is_empty());
            let space = if at_top || first > 0 {
                0.0
            } else {
                block.space_before
            };
            let remaining = block.lines - first;
            let room = ((height - y - space + 0.01) / block.leading)
                .floor()
                .max(0.0) as usize;
            let mut take = room.min(remaining);
            let whole = remaining as f32 * block.leading;
            if block.keep_together && first == 0 && whole <= height && !fits(y + space, whole) {
                take = 0;
            }
            if block.keep_with_next && first == 0 && take == remaining {
                // The heading and at least two lines of what follows must share the page.
                let next_need = blocks[index + 1..]
                    .iter()
                    .find(|b| b.lines > 0)
                    .map_or(0.0, |b| {
                        let lines = if b.keep_together {
                            b.lines
                        } else {
                            b.lines.min(2)
                        };
                        b.space_before + lines as f32 * b.leading
                    });
                if !at_top && !fits(y + space + whole + block.space_after, next_need) {
                    take = 0;
                }
            }
            if take < remaining && take > 0 {
                if first == 0 && take == 1 {
                    // Orphan: a paragraph's first line alone at the foot goes over.
                    take = 0;
                } else if remaining - take == 1 {
                    // Widow: its last line alone at the next head takes one more along.
                    take -= 1;
                    if first == 0 && take == 1 {
                        take = 0;
                    }
                }
            }
            if take == 0 {
                if at_top {
                    // Not even one line fits on an empty page: place one anyway.
                    take = 1;
                } else {
                    pages.push(PageFlow::default());
                    y = 0.0;
                    continue;
                }
            }
            let page = pages.last_mut().expect("one page at least");
            page.fragments.push(Fragment {
                block: index,
                first,
                count: take,
                top: y + space,
            });
            y += space + take as f32 * block.leading;
            first += take;
            if first < block.lines {
                pages.push(PageFlow::default());
                y = 0.0;
            }
        }
        y += block.space_after;
    }
    if pages.last().is_some_and(|p| p.fragments.is_empty()) && pages.len() > 1 {
        pages.pop();
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(lines: usize) -> BlockShape {
        BlockShape {
            lines,
            leading: 10.0,
            space_before: 0.0,
            space_after: 0.0,
            keep_together: false,
            keep_with_next: false,
            break_before: false,
        }
    }

    /// Lines per page of each block: [[(block, count)]].
    fn layout(blocks: &[BlockShape], height: f32) -> Vec<Vec<(usize, usize)>> {
        paginate(blocks, height)
            .iter()
            .map(|p| p.fragments.iter().map(|f| (f.block, f.count)).collect())
            .collect()
    }

    #[test]
    fn fills_pages_and_splits_paragraphs() {
        assert_eq!(
            layout(&[para(7), para(5)], 100.0),
            [vec![(0, 7), (1, 3)], vec![(1, 2)]]
        );
    }

    #[test]
    fn no_orphans_no_widows() {
        // Block 1 would leave its first line alone at the foot: it moves.
        assert_eq!(
            layout(&[para(9), para(4)], 100.0),
            [vec![(0, 9)], vec![(1, 4)]]
        );
        // Block 1 would leave its last line alone at the head: one more line goes over.
        assert_eq!(
            layout(&[para(6), para(5)], 100.0),
            [vec![(0, 6), (1, 3)], vec![(1, 2)]]
        );
        assert_eq!(
            layout(&[para(6), para(6)], 100.0),
            [vec![(0, 6), (1, 4)], vec![(1, 2)]]
        );
    }

    #[test]
    fn headings_keep_with_next_and_notes_keep_together() {
        let heading = BlockShape {
            keep_with_next: true,
            ..para(1)
        };
        assert_eq!(
            layout(&[para(9), heading.clone(), para(5)], 100.0),
            [vec![(0, 9)], vec![(1, 1), (2, 5)]]
        );
        let note = BlockShape {
            keep_together: true,
            ..para(4)
        };
        assert_eq!(
            layout(&[para(7), note], 100.0),
            [vec![(0, 7)], vec![(1, 4)]]
        );
    }

    #[test]
    fn a_block_taller_than_a_page_still_flows() {
        let note = BlockShape {
            keep_together: true,
            ..para(25)
        };
        let pages = layout(&[note], 100.0);
        assert_eq!(pages.iter().flatten().map(|f| f.1).sum::<usize>(), 25);
    }
}
