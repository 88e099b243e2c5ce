//! A picture of filled outlines on a plain ground, rasterised into a palette PNG.
//!
//! Each shape (a line of text, a rule) is rasterised on its own, in a buffer the size of
//! its bounds, by ab_glyph_rasterizer (exact area coverage, as font renderers compute it),
//! and blended into an image of one byte per pixel: an index into a palette. A 1600×2560
//! cover is then 4 MB to write instead of 16 MB of RGBA, and only the pixels under ink are
//! touched. Coverage is kept to 32 levels, finer than the eye sees at this size, so a few
//! inks and their blends with the ground stay within the 256 colours a palette holds; a
//! picture with more colours is drawn again in RGB.

use ab_glyph_rasterizer::{Point, Rasterizer, point};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

#[derive(Clone, Copy)]
enum Segment {
    Line(Point, Point),
    Quad(Point, Point, Point),
    Cubic(Point, Point, Point, Point),
}

/// One filled outline: closed contours, filled where they wind.
pub struct Shape {
    colour: Rgb,
    segments: Vec<Segment>,
    start: Point,
    pen: Point,
}

impl Shape {
    pub fn new(colour: Rgb) -> Shape {
        Shape {
            colour,
            segments: Vec::new(),
            start: point(0.0, 0.0),
            pen: point(0.0, 0.0),
        }
    }

    pub fn move_to(&mut self, x: f32, y: f32) {
        self.close();
        self.start = point(x, y);
        self.pen = self.start;
    }

    pub fn line_to(&mut self, x: f32, y: f32) {
        self.segments.push(Segment::Line(self.pen, point(x, y)));
        self.pen = point(x, y);
    }

    pub fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let to = point(x, y);
        self.segments
            .push(Segment::Quad(self.pen, point(x1, y1), to));
        self.pen = to;
    }

    pub fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let to = point(x, y);
        self.segments
            .push(Segment::Cubic(self.pen, point(x1, y1), point(x2, y2), to));
        self.pen = to;
    }

    /// Closes the contour back to where it started (also done by the next `move_to`).
    pub fn close(&mut self) {
        if self.pen != self.start {
            self.segments.push(Segment::Line(self.pen, self.start));
            self.pen = self.start;
        }
    }

    pub fn rect(colour: Rgb, x: f32, y: f32, w: f32, h: f32) -> Shape {
        let mut shape = Shape::new(colour);
        shape.move_to(x, y);
        shape.line_to(x + w, y);
        shape.line_to(x + w, y + h);
        shape.line_to(x, y + h);
        shape.close();
        shape
    }

    /// The smallest box of whole pixels holding every point (control points included),
    /// with a pixel to spare on each side.
    fn pixel_bounds(&self) -> Option<(i64, i64, i64, i64)> {
        let points = self.segments.iter().flat_map(|s| match *s {
            Segment::Line(a, b) => vec![a, b],
            Segment::Quad(a, b, c) => vec![a, b, c],
            Segment::Cubic(a, b, c, d) => vec![a, b, c, d],
        });
        let mut bounds: Option<(f32, f32, f32, f32)> = None;
        for p in points {
            if !(p.x.is_finite() && p.y.is_finite()) {
                return None;
            }
            bounds = Some(match bounds {
                None => (p.x, p.y, p.x, p.y),
                Some((x0, y0, x1, y1)) => (x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y)),
            });
        }
        let (x0, y0, x1, y1) = bounds?;
        Some((
            x0.floor() as i64 - 1,
            y0.floor() as i64 - 1,
            x1.ceil() as i64 + 1,
            y1.ceil() as i64 + 1,
        ))
    }
}

pub struct Picture {
    width: u32,
    height: u32,
    ground: Rgb,
    shapes: Vec<Shape>,
}

/// Coverage levels kept (see the module comment).
const LEVELS: u32 = 32;

impl Picture {
    pub fn new(width: u32, height: u32, ground: Rgb) -> Picture {
        Picture {
            width,
            height,
            ground,
            shapes: Vec::new(),
        }
    }

    /// Adds a shape, painted over those added before it.
    pub fn fill(&mut self, shape: Shape) {
        if !shape.segments.is_empty() {
            self.shapes.push(shape);
        }
    }

    /// The picture as a PNG: palette when it has at most 256 colours, else RGB; fast
    /// deflate, as the plain ground compresses well anyway.
    pub fn to_png(&self) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        // Up: a row like the one above (the ground, mostly) filters to zeros.
        encoder.set_filter(png::Filter::Up);
        let mut indexed = Indexed::new(self);
        let data = if self.paint(&mut indexed) {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(indexed.palette);
            indexed.indices
        } else {
            encoder.set_color(png::ColorType::Rgb);
            self.to_rgb()
        };
        let err = |e: png::EncodingError| format!("PNG encoding: {e}");
        let mut writer = encoder.write_header().map_err(err)?;
        writer.write_image_data(&data).map_err(err)?;
        writer.finish().map_err(err)?;
        Ok(out)
    }

    /// The picture as RGB bytes, row by row.
    pub fn to_rgb(&self) -> Vec<u8> {
        let mut rgb = DirectRgb::new(self);
        self.paint(&mut rgb);
        rgb.bytes
    }

    /// Blends every shape into `surface`; false when the surface cannot hold a colour.
    fn paint(&self, surface: &mut impl Surface) -> bool {
        let (width, height) = (i64::from(self.width), i64::from(self.height));
        let mut rasterizer = Rasterizer::new(0, 0);
        for shape in &self.shapes {
            let Some((x0, y0, x1, y1)) = shape.pixel_bounds() else {
                continue;
            };
            // Only shapes that reach the picture, and of a sane size (the cover's layout
            // keeps every shape inside; this only guards the allocation).
            if x1 <= 0 || y1 <= 0 || x0 >= width || y0 >= height {
                continue;
            }
            let (w, h) = ((x1 - x0) as usize, (y1 - y0) as usize);
            if w > 4 * width as usize || h > 4 * height as usize {
                continue;
            }
            rasterizer.reset(w, h);
            let shift = |p: Point| point(p.x - x0 as f32, p.y - y0 as f32);
            for segment in &shape.segments {
                match *segment {
                    Segment::Line(a, b) => rasterizer.draw_line(shift(a), shift(b)),
                    Segment::Quad(a, b, c) => rasterizer.draw_quad(shift(a), shift(b), shift(c)),
                    Segment::Cubic(a, b, c, d) => {
                        rasterizer.draw_cubic(shift(a), shift(b), shift(c), shift(d))
                    }
                }
            }
            let mut fits = true;
            rasterizer.for_each_pixel(|i, coverage| {
                // Rounded by adding a half (coverage is never negative): `round` is a libm
                // call on the baseline x86-64 target, and this runs for every pixel.
                let level = (coverage.min(1.0) * LEVELS as f32 + 0.5) as u32;
                if level == 0 || !fits {
                    return;
                }
                let (x, y) = (x0 + (i % w) as i64, y0 + (i / w) as i64);
                if x < 0 || y < 0 || x >= width || y >= height {
                    return;
                }
                let at = (y * width + x) as usize;
                let colour = if level >= LEVELS {
                    shape.colour
                } else {
                    blend(surface.get(at), shape.colour, level)
                };
                fits = surface.set(at, colour);
            });
            if !fits {
                return false;
            }
        }
        true
    }
}

/// `over` laid on `under` with an opacity of `level` / `LEVELS`, rounded.
fn blend(under: Rgb, over: Rgb, level: u32) -> Rgb {
    let mix = |u: u8, o: u8| {
        ((u32::from(u) * (LEVELS - level) + u32::from(o) * level + LEVELS / 2) / LEVELS) as u8
    };
    Rgb(
        mix(under.0, over.0),
        mix(under.1, over.1),
        mix(under.2, over.2),
    )
}

/// Where the shapes are painted: a palette image or plain RGB.
trait Surface {
    fn get(&self, at: usize) -> Rgb;
    /// False when the colour cannot be held.
    fn set(&mut self, at: usize, colour: Rgb) -> bool;
}

/// A palette image: RGB triples in order of first use (so the bytes are reproducible),
/// and one index per pixel; the ground is index 0.
struct Indexed {
    palette: Vec<u8>,
    indices: Vec<u8>,
    /// Slot → colour as `0x01RRGGBB` (0 when empty) and its index: open addressing, as
    /// along an anti-aliased edge nearly every pixel asks for another colour.
    slots: Vec<(u32, u8)>,
    /// The colour set last and its index: inside a stroke, every pixel is the ink.
    last: Option<(Rgb, u8)>,
}

impl Indexed {
    fn new(picture: &Picture) -> Indexed {
        let mut indexed = Indexed {
            palette: Vec::new(),
            indices: vec![0; picture.width as usize * picture.height as usize],
            slots: vec![(0, 0); 1024],
            last: None,
        };
        indexed.index(picture.ground);
        indexed
    }

    fn index(&mut self, colour: Rgb) -> Option<u8> {
        let key = 0x0100_0000 | u32::from_be_bytes([0, colour.0, colour.1, colour.2]);
        let mask = self.slots.len() - 1;
        let mut slot = (key.wrapping_mul(0x9E37_79B1) >> 22) as usize & mask;
        loop {
            match self.slots[slot] {
                (0, _) => break,
                (k, index) if k == key => return Some(index),
                _ => slot = (slot + 1) & mask,
            }
        }
        let index = u8::try_from(self.palette.len() / 3).ok()?;
        self.slots[slot] = (key, index);
        self.palette
            .extend_from_slice(&[colour.0, colour.1, colour.2]);
        Some(index)
    }
}

impl Surface for Indexed {
    fn get(&self, at: usize) -> Rgb {
        let i = self.indices[at] as usize * 3;
        Rgb(self.palette[i], self.palette[i + 1], self.palette[i + 2])
    }

    fn set(&mut self, at: usize, colour: Rgb) -> bool {
        let index = match self.last {
            Some((last, index)) if last == colour => index,
            _ => match self.index(colour) {
                Some(index) => {
                    self.last = Some((colour, index));
                    index
                }
                None => return false,
            },
        };
        self.indices[at] = index;
        true
    }
}

struct DirectRgb {
    bytes: Vec<u8>,
}

impl DirectRgb {
    fn new(picture: &Picture) -> DirectRgb {
        let g = picture.ground;
        let pixels = picture.width as usize * picture.height as usize;
        DirectRgb {
            bytes: [g.0, g.1, g.2].repeat(pixels),
        }
    }
}

impl Surface for DirectRgb {
    fn get(&self, at: usize) -> Rgb {
        Rgb(
            self.bytes[at * 3],
            self.bytes[at * 3 + 1],
            self.bytes[at * 3 + 2],
        )
    }

    fn set(&mut self, at: usize, colour: Rgb) -> bool {
        self.bytes[at * 3..at * 3 + 3].copy_from_slice(&[colour.0, colour.1, colour.2]);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The PNG's pixels as RGB, whatever its colour type.
    fn decode_rgb(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().expect("a valid PNG");
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb);
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    fn pixel(rgb: &[u8], width: u32, x: u32, y: u32) -> Rgb {
        let i = (y * width + x) as usize * 3;
        Rgb(rgb[i], rgb[i + 1], rgb[i + 2])
    }

    const GROUND: Rgb = Rgb(0x16, 0x22, 0x36);
    const INK: Rgb = Rgb(0xF4, 0xEE, 0xE1);

    #[test]
    fn a_square_is_filled_and_its_edges_are_anti_aliased() {
        let mut picture = Picture::new(40, 30, GROUND);
        picture.fill(Shape::rect(INK, 10.5, 5.0, 20.0, 10.0));
        let (w, h, rgb) = decode_rgb(&picture.to_png().unwrap());
        assert_eq!((w, h), (40, 30));
        assert_eq!(pixel(&rgb, w, 20, 10), INK);
        assert_eq!(pixel(&rgb, w, 5, 10), GROUND);
        assert_eq!(pixel(&rgb, w, 20, 20), GROUND);
        // Half of pixel 10 is covered: halfway between ground and ink.
        assert_eq!(pixel(&rgb, w, 10, 10), blend(GROUND, INK, LEVELS / 2));
        // The palette image and the RGB rendering agree.
        assert_eq!(rgb, picture.to_rgb());
    }

    #[test]
    fn a_hole_wound_the_other_way_stays_empty() {
        let mut ring = Shape::new(INK);
        ring.move_to(2.0, 2.0);
        ring.line_to(28.0, 2.0);
        ring.line_to(28.0, 28.0);
        ring.line_to(2.0, 28.0);
        ring.move_to(10.0, 10.0);
        ring.line_to(10.0, 20.0);
        ring.line_to(20.0, 20.0);
        ring.line_to(20.0, 10.0);
        ring.close();
        let mut picture = Picture::new(30, 30, GROUND);
        picture.fill(ring);
        let (w, _, rgb) = decode_rgb(&picture.to_png().unwrap());
        assert_eq!(pixel(&rgb, w, 5, 5), INK);
        assert_eq!(pixel(&rgb, w, 15, 15), GROUND);
    }

    #[test]
    fn shapes_partly_outside_are_clipped_not_lost() {
        let mut picture = Picture::new(20, 20, GROUND);
        picture.fill(Shape::rect(INK, -10.0, -10.0, 20.0, 20.0));
        picture.fill(Shape::rect(INK, 500.0, 500.0, 20.0, 20.0));
        let (w, _, rgb) = decode_rgb(&picture.to_png().unwrap());
        assert_eq!(pixel(&rgb, w, 0, 0), INK);
        assert_eq!(pixel(&rgb, w, 15, 15), GROUND);
    }

    #[test]
    fn more_than_256_colours_fall_back_to_rgb_and_lose_nothing() {
        let mut picture = Picture::new(300, 20, Rgb(0, 0, 0));
        for i in 0..300u32 {
            let c = Rgb((i % 256) as u8, (i / 256) as u8 * 100, 7);
            picture.fill(Shape::rect(c, i as f32, 0.0, 1.0, 20.0));
        }
        let (w, _, rgb) = decode_rgb(&picture.to_png().unwrap());
        assert_eq!(pixel(&rgb, w, 299, 10), Rgb(43, 100, 7));
        assert_eq!(rgb, picture.to_rgb());
    }
}
