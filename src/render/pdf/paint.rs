//! Painting: the laid-out book's items become printpdf operations. Nothing is decided here
//! that the layout did not decide: glyphs go exactly where the typesetter put them, by TJ
//! offsets (PDF word spacing does nothing for two-byte CJK fonts).

use std::collections::BTreeMap;

use printpdf::{
    Actions, BorderArray, Color, ColorArray, FontId, Line as PdfLine, LineCapStyle,
    LineDashPattern, LinePoint, LinkAnnotation, Mm, Op, ParsedFont, PdfFontHandle, PdfPage, Point,
    Pt, Rect, Rgb, TextItem, TextMatrix,
};

use super::subset::advance_milli;
use crate::render::fonts::FontSet;
use crate::typeset::Face;
use crate::typeset::book::{self, Book, Item};
use crate::typeset::linebreak::Glyph;

/// The PDF resource name of a face: fixed, so output is reproducible.
pub fn resource(face: Face) -> FontId {
    FontId(format!("F{}", FontSet::index(face) + 1))
}

fn rgb(c: book::Color) -> Color {
    Color::Rgb(Rgb::new(c.0, c.1, c.2, None))
}

pub fn pages(book: &Book, faces: &BTreeMap<Face, ParsedFont>) -> Vec<PdfPage> {
    let (w, h) = (book.width, book.height);
    book.pages
        .iter()
        .map(|page| {
            let mut painter = Painter::default();
            for item in &page.items {
                painter.paint(item, h, faces);
            }
            painter.end_text();
            PdfPage::new(Mm::from(Pt(w)), Mm::from(Pt(h)), painter.ops)
        })
        .collect()
}

/// Writes a page's operations, keeping one text object open across consecutive text items
/// and setting colour and font only when they change (smaller content streams).
#[derive(Default)]
struct Painter {
    ops: Vec<Op>,
    in_text: bool,
    color: Option<(u32, u32, u32)>,
    font: Option<(Face, u32)>,
}

impl Painter {
    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn paint(&mut self, item: &Item, page_height: f32, faces: &BTreeMap<Face, ParsedFont>) {
        match item {
            Item::Text {
                x,
                y,
                size,
                color,
                line,
            } => {
                if line.glyphs.is_empty() {
                    return;
                }
                if !self.in_text {
                    self.ops.push(Op::StartTextSection);
                    self.in_text = true;
                }
                let key = |v: f32| (v * 1000.0) as u32;
                let color_key = (key(color.0), key(color.1), key(color.2));
                if self.color != Some(color_key) {
                    self.ops.push(Op::SetFillColor { col: rgb(*color) });
                    self.color = Some(color_key);
                }
                for run in runs(&line.glyphs) {
                    let Some(font) = faces.get(&run[0].face) else {
                        continue;
                    };
                    let round = |v: f32| (v * 20.0).round() / 20.0;
                    let (gx, scale) = (round(x + run[0].x), run[0].scale);
                    let baseline = round(page_height - y);
                    let font_key = (run[0].face, key(*size));
                    if self.font != Some(font_key) {
                        self.ops.push(Op::SetFont {
                            font: PdfFontHandle::External(resource(run[0].face)),
                            size: Pt(*size),
                        });
                        self.font = Some(font_key);
                    }
                    let matrix = if (scale - 1.0).abs() < 1e-4 {
                        TextMatrix::Translate(Pt(gx), Pt(baseline))
                    } else {
                        TextMatrix::Raw([scale, 0.0, 0.0, 1.0, gx, baseline])
                    };
                    self.ops.push(Op::SetTextMatrix { matrix });
                    self.ops.push(Op::ShowText {
                        items: tj(run, font, *size),
                    });
                }
            }
            Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
                dash,
            } => {
                self.end_text();
                let ops = &mut self.ops;
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetOutlineColor { col: rgb(*color) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                ops.push(Op::SetLineCapStyle {
                    cap: LineCapStyle::Butt,
                });
                if let Some((on, off)) = dash {
                    ops.push(Op::SetLineDashPattern {
                        dash: LineDashPattern::new(0.0, &[*on, *off]),
                    });
                }
                let point = |x: f32, y: f32| LinePoint {
                    p: Point {
                        x: Pt(x),
                        y: Pt(page_height - y),
                    },
                    bezier: false,
                };
                ops.push(Op::DrawLine {
                    line: PdfLine {
                        points: vec![point(*x1, *y1), point(*x2, *y2)],
                        is_closed: false,
                    },
                });
                ops.push(Op::RestoreGraphicsState);
            }
            Item::Link {
                x,
                y,
                width,
                height,
                uri,
            } => {
                self.end_text();
                let rect = Rect {
                    x: Pt(*x),
                    y: Pt(page_height - y - height),
                    width: Pt(*width),
                    height: Pt(*height),
                    mode: None,
                    winding_order: None,
                };
                self.ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        rect,
                        Actions::uri(uri.clone()),
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        Some(ColorArray::Transparent),
                        None,
                    ),
                });
            }
        }
    }
}

/// Consecutive glyphs of one face and scale.
fn runs(glyphs: &[Glyph]) -> Vec<&[Glyph]> {
    glyphs
        .chunk_by(|a, b| a.face == b.face && (a.scale - b.scale).abs() < 1e-4)
        .collect()
}

/// Text and TJ offsets that put each glyph at its laid-out x. Offsets are in thousandths of
/// an em and move the pen back (positive) or on (negative).
fn tj(glyphs: &[Glyph], font: &ParsedFont, size: f32) -> Vec<TextItem> {
    let mut items = Vec::new();
    let mut text = String::new();
    let x0 = glyphs[0].x;
    let scale = glyphs[0].scale as f64;
    // Pen position in thousandths of an em (text space, before horizontal scaling).
    let mut pen = 0.0f64;
    for (i, g) in glyphs.iter().enumerate() {
        if i > 0 {
            let target = (g.x - x0) as f64 * 1000.0 / size as f64 / scale;
            // Whole thousandths of an em: at most 0.005 pt off at 10 pt, finer than any device.
            let offset = (pen - target).round();
            if offset != 0.0 {
                if !text.is_empty() {
                    items.push(TextItem::Text(std::mem::take(&mut text)));
                }
                items.push(TextItem::Offset(offset as f32));
                pen -= offset as f32 as f64;
            }
        }
        text.push(g.ch);
        pen += advance_milli(font, g.ch);
    }
    if !text.is_empty() {
        items.push(TextItem::Text(text));
    }
    items
}
