//! Pagination: stacking blocks of lines into pages, with the rules of book typesetting:
//! a paragraph's first line never alone at a page foot (orphan) nor its last line alone at a
//! page head (widow); a heading never at a page foot without the text after it; a block
//! marked keep-together (a note, a pull quote) never split when it fits on one page. Such a
//! block that does not fit in what is left of a page floats to the top of the next one, and
//! the text after it fills the gap (as a sidebar would), but never past a heading nor past
//! the end of the article.

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
    /// Continues the block before (another paragraph of the same turn): a float does not
    /// come between them.
    pub joins_previous: bool,
    /// A figure: it floats whenever the text after it can fill the gap it leaves (two lines
    /// are room enough), and that text may run on until the figure fits.
    pub figure: bool,
    /// The first block of what closes the article (its references, the credits after the
    /// last turn): no float passes it, so a picture never lands after the article's end.
    pub closes_article: bool,
}

impl BlockShape {
    /// A block of `lines` lines with no spacing and no keep rules.
    pub fn new(lines: usize, leading: f32) -> BlockShape {
        BlockShape {
            lines,
            leading,
            space_before: 0.0,
            space_after: 0.0,
            keep_together: false,
            keep_with_next: false,
            break_before: false,
            joins_previous: false,
            figure: false,
            closes_article: false,
        }
    }
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
    let mut p = Paginator {
        blocks,
        height,
        pages: vec![PageFlow::default()],
        y: 0.0,
        deferred: None,
    };
    let mut waited = 0;
    for (index, block) in blocks.iter().enumerate() {
        if block.lines == 0 {
            continue;
        }
        if let Some(waiting) = p.deferred {
            // Never float past a heading or another float; text kept together (a short
            // turn) may pass a figure when it fits whole in the gap.
            let passes_figure = blocks[waiting].figure && !block.figure && p.fits_whole(block);
            if block.break_before
                || block.keep_with_next
                || block.closes_article
                || (block.keep_together && !passes_figure)
            {
                p.flush();
            }
        }
        if p.deferred.is_none() && p.should_float(index) {
            p.deferred = Some(index);
            waited = 0;
            continue;
        }
        p.place(index);
        if p.deferred.is_some() {
            waited += 1;
            // The float goes where it first fits whole after the text that filled the gap,
            // at most two blocks later.
            let fits = p.fits_whole(&blocks[p.deferred.unwrap_or(0)]);
            let next_joins = blocks[index + 1..]
                .iter()
                .find(|b| b.lines > 0)
                .is_some_and(|b| b.joins_previous);
            let patience = if blocks[p.deferred.unwrap_or(0)].figure {
                8
            } else {
                2
            };
            if (fits || waited >= patience) && !next_joins {
                p.flush();
            }
        }
    }
    p.flush();
    let mut pages = p.pages;
    if pages.last().is_some_and(|p| p.fragments.is_empty()) && pages.len() > 1 {
        pages.pop();
    }
    pages
}

struct Paginator<'a> {
    blocks: &'a [BlockShape],
    height: f32,
    pages: Vec<PageFlow>,
    /// Where the next line box starts on the current page.
    y: f32,
    /// A keep-together block waiting for the top of the next page.
    deferred: Option<usize>,
}

impl Paginator<'_> {
    fn at_top(&self) -> bool {
        self.pages.last().is_some_and(|p| p.fragments.is_empty())
    }

    fn fits(&self, h: f32) -> bool {
        self.y + h <= self.height + 0.01
    }

    fn whole_height(block: &BlockShape) -> f32 {
        block.lines as f32 * block.leading
    }

    fn fits_whole(&self, block: &BlockShape) -> bool {
        let space = if self.at_top() {
            0.0
        } else {
            block.space_before
        };
        self.fits(space + Self::whole_height(block))
    }

    /// A keep-together block that fits on a page but not in what is left of this one, when
    /// what is left is worth filling (a quarter page) and text follows to fill it.
    fn should_float(&self, index: usize) -> bool {
        let block = &self.blocks[index];
        let next = self.blocks[index + 1..].iter().find(|b| b.lines > 0);
        let room = self.height - self.y;
        let worth_filling = match next {
            Some(next)
                if next.break_before
                    || next.keep_with_next
                    || next.figure
                    || next.closes_article =>
            {
                false
            }
            // A figure's gap is filled by whatever text fits in it, two lines at least.
            Some(next) if block.figure => {
                let need = if next.keep_together {
                    next.lines.max(2)
                } else {
                    2
                };
                room >= next.space_before + need as f32 * next.leading
            }
            Some(next) => !next.keep_together && room >= self.height / 4.0,
            None => false,
        };
        block.keep_together
            && !self.at_top()
            && Self::whole_height(block) <= self.height
            && !self.fits_whole(block)
            && worth_filling
    }

    fn new_page(&mut self) {
        self.pages.push(PageFlow::default());
        self.y = 0.0;
    }

    /// Places the waiting float: here if it fits whole, else at the top of a new page.
    fn flush(&mut self) {
        if let Some(index) = self.deferred.take() {
            if !self.fits_whole(&self.blocks[index]) {
                self.new_page();
            }
            self.place(index);
        }
    }

    /// Places a block from the current position, breaking pages as needed.
    fn place(&mut self, index: usize) {
        let block = &self.blocks[index];
        if block.break_before && !self.at_top() {
            self.new_page();
        }
        let mut first = 0;
        while first < block.lines {
            let at_top = self.at_top();
            let space = if at_top || first > 0 {
                0.0
            } else {
                block.space_before
            };
            let remaining = block.lines - first;
            let room = ((self.height - self.y - space + 0.01) / block.leading)
                .floor()
                .max(0.0) as usize;
            let mut take = room.min(remaining);
            let whole = remaining as f32 * block.leading;
            if block.keep_together
                && first == 0
                && whole <= self.height
                && !self.fits(space + whole)
            {
                take = 0;
            }
            if block.keep_with_next && first == 0 && take == remaining {
                // The heading and at least two lines of what follows must share the page.
                let next_need = self.blocks[index + 1..]
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
                if !at_top && !self.fits(space + whole + block.space_after + next_need) {
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
                    self.new_page();
                    continue;
                }
            }
            let top = self.y + space;
            self.pages
                .last_mut()
                .expect("one page at least")
                .fragments
                .push(Fragment {
                    block: index,
                    first,
                    count: take,
                    top,
                });
            self.y = top + take as f32 * block.leading;
            first += take;
            if first < block.lines {
                self.new_page();
            }
        }
        self.y += block.space_after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(lines: usize) -> BlockShape {
        BlockShape::new(lines, 10.0)
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
            layout(&[para(7), note.clone()], 100.0),
            [vec![(0, 7)], vec![(1, 4)]]
        );
        // With text after it, the note floats: the text fills the gap, the note goes where
        // it first fits whole, at most two blocks later.
        assert_eq!(
            layout(&[para(7), note.clone(), para(6)], 100.0),
            [vec![(0, 7), (2, 3)], vec![(2, 3), (1, 4)]]
        );
        assert_eq!(
            layout(&[para(7), note.clone(), para(2), para(4)], 100.0),
            [vec![(0, 7), (2, 2)], vec![(3, 4), (1, 4)]]
        );
        // Never past a heading.
        assert_eq!(
            layout(&[para(7), note, heading, para(2)], 100.0),
            [vec![(0, 7)], vec![(1, 4), (2, 1), (3, 2)]]
        );
    }

    #[test]
    fn a_figure_floats_past_text_but_not_past_the_end_of_the_article() {
        let figure = BlockShape {
            keep_together: true,
            figure: true,
            ..para(6)
        };
        let credits = BlockShape {
            closes_article: true,
            ..para(1)
        };
        // 6 lines on the first page; the figure does not fit in the 4 left, the next turn
        // fills them, and the figure goes to the top of page two, before the credits.
        assert_eq!(
            layout(&[para(6), figure.clone(), para(3), credits.clone()], 100.0),
            [vec![(0, 6), (2, 3)], vec![(1, 6), (3, 1)]]
        );
        // Without text between it and the credits, the figure does not float at all.
        assert_eq!(
            layout(&[para(6), figure, credits], 100.0),
            [vec![(0, 6)], vec![(1, 6), (2, 1)]]
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
