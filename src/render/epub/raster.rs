//! A picture kept as a list of filled shapes on a plain ground, rasterised band by band
//! into a palette PNG.
//!
//! A 1600×2560 RGBA canvas is 16 MB, and touching that much memory (allocating, clearing,
//! converting) cost more than drawing the text on it. So only the bands of rows that have
//! ink are drawn, each in a small pixmap, and only one byte per pixel (a palette index) is
//! kept. A band is cut where no shape crosses, never through one: a shape clipped at a
//! band's edge would be flattened into other line segments and anti-aliased differently,
//! while a whole shape moved by whole pixels gives exactly the pixels of one big canvas.
//! A cover of a few inks and their anti-aliased blends has about a hundred colours; more
//! than 256 fall back to RGB.

use tiny_skia::{Color, FillRule, Paint, Path, PathBuilder, Pixmap, PixmapMut, Rect, Transform};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

struct Shape {
    path: Path,
    colour: Rgb,
}

pub struct Picture {
    width: u32,
    height: u32,
    ground: Rgb,
    shapes: Vec<Shape>,
}

impl Picture {
    pub fn new(width: u32, height: u32, ground: Rgb) -> Picture {
        Picture {
            width,
            height,
            ground,
            shapes: Vec::new(),
        }
    }

    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Rgb) {
        if let Some(rect) = Rect::from_xywh(x, y, w, h) {
            self.fill(PathBuilder::from_rect(rect), colour);
        }
    }

    /// Fills a path (non-zero winding, anti-aliased); shapes are painted in the order given.
    pub fn fill(&mut self, path: impl Into<Option<Path>>, colour: Rgb) {
        if let Some(path) = path.into() {
            self.shapes.push(Shape { path, colour });
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
        let data = match self.indexed()? {
            Some(Indexed { palette, indices }) => {
                encoder.set_color(png::ColorType::Indexed);
                encoder.set_palette(palette);
                indices
            }
            None => {
                encoder.set_color(png::ColorType::Rgb);
                self.to_pixmap()?
                    .data()
                    .chunks_exact(4)
                    .flat_map(|px| [px[0], px[1], px[2]])
                    .collect()
            }
        };
        let err = |e: png::EncodingError| format!("PNG encoding: {e}");
        let mut writer = encoder.write_header().map_err(err)?;
        writer.write_image_data(&data).map_err(err)?;
        writer.finish().map_err(err)?;
        Ok(out)
    }

    /// The whole picture in one pixmap.
    pub fn to_pixmap(&self) -> Result<Pixmap, String> {
        let mut pixmap = Pixmap::new(self.width, self.height).ok_or("cannot allocate the image")?;
        self.draw(&mut pixmap.as_mut(), 0);
        Ok(pixmap)
    }

    /// Paints the ground and the shapes that reach the rows from `top` on.
    fn draw(&self, pixmap: &mut PixmapMut, top: u32) {
        let (from, to) = (top as f32, (top + pixmap.height()) as f32);
        let ground = self.ground;
        pixmap.fill(Color::from_rgba8(ground.0, ground.1, ground.2, 255));
        let shift = Transform::from_translate(0.0, -from);
        for shape in &self.shapes {
            let bounds = shape.path.bounds();
            if bounds.bottom() < from || bounds.top() > to {
                continue;
            }
            let mut paint = Paint::default();
            let c = shape.colour;
            paint.set_color(Color::from_rgba8(c.0, c.1, c.2, 255));
            paint.anti_alias = true;
            pixmap.fill_path(&shape.path, &paint, FillRule::Winding, shift, None);
        }
    }

    /// The row ranges with ink: each shape's rows with a pixel of slack for anti-aliasing,
    /// overlapping ranges merged, in order.
    fn bands(&self) -> Vec<(u32, u32)> {
        let mut rows: Vec<(u32, u32)> = self
            .shapes
            .iter()
            .map(|s| {
                let b = s.path.bounds();
                let top = (b.top().floor() - 1.0).clamp(0.0, self.height as f32) as u32;
                let bottom = (b.bottom().ceil() + 1.0).clamp(0.0, self.height as f32) as u32;
                (top, bottom)
            })
            .filter(|(top, bottom)| top < bottom)
            .collect();
        rows.sort_unstable();
        let mut bands: Vec<(u32, u32)> = Vec::new();
        for (top, bottom) in rows {
            match bands.last_mut() {
                Some(last) if top <= last.1 => last.1 = last.1.max(bottom),
                _ => bands.push((top, bottom)),
            }
        }
        bands
    }

    /// The palette (RGB, in order of first appearance, so the bytes are reproducible) and
    /// one index per pixel, or `None` past 256 colours.
    fn indexed(&self) -> Result<Option<Indexed>, String> {
        let width = self.width as usize;
        let mut palette = Palette::default();
        let ground = palette.index(self.ground).expect("the first colour fits");
        let ground_rgba = [self.ground.0, self.ground.1, self.ground.2, 255];
        let mut indices = vec![ground; width * self.height as usize];
        let bands = self.bands();
        let Some(tallest) = bands.iter().map(|(top, bottom)| bottom - top).max() else {
            return Ok(Some(Indexed {
                palette: palette.rgb,
                indices,
            }));
        };
        // One buffer for every band, each using as many rows as it needs.
        let mut buffer = vec![0u8; width * tallest as usize * 4];
        for (top, bottom) in bands {
            let rows = (bottom - top) as usize;
            let mut band =
                PixmapMut::from_bytes(&mut buffer[..width * rows * 4], self.width, bottom - top)
                    .ok_or("cannot allocate the image")?;
            self.draw(&mut band, top);
            let start = top as usize * width;
            let out = &mut indices[start..start + rows * width];
            let mut last = (ground_rgba, ground);
            let mut last_chunk = [ground_rgba; CHUNK];
            // Long runs of one colour are the rule (the ground, the inside of big strokes):
            // a chunk all of the last colour is settled by one (vectorised) comparison, and
            // the index buffer starts as ground, so ground chunks need no writing at all.
            for (indices, pixels) in out.chunks_mut(CHUNK).zip(band.data_mut().chunks(CHUNK * 4)) {
                if pixels == last_chunk.as_flattened() {
                    if last.1 != ground {
                        indices.fill(last.1);
                    }
                    continue;
                }
                for (index, px) in indices.iter_mut().zip(pixels.chunks_exact(4)) {
                    let rgba = [px[0], px[1], px[2], px[3]];
                    if rgba != last.0 {
                        let Some(i) = palette.index(Rgb(px[0], px[1], px[2])) else {
                            return Ok(None);
                        };
                        last = (rgba, i);
                    }
                    *index = last.1;
                }
                last_chunk = [last.0; CHUNK];
            }
        }
        Ok(Some(Indexed {
            palette: palette.rgb,
            indices,
        }))
    }
}

/// A palette image: RGB triples, and one index into them per pixel.
struct Indexed {
    palette: Vec<u8>,
    indices: Vec<u8>,
}

/// Pixels compared at once when skipping the ground.
const CHUNK: usize = 16;

/// At most 256 colours. Along an anti-aliased edge the colour changes at nearly every
/// pixel, so lookups go through a small open-addressed table rather than a scan.
struct Palette {
    rgb: Vec<u8>,
    /// Slot → colour as `0x01RRGGBB` (0 when empty) and its index.
    slots: Vec<(u32, u8)>,
}

impl Default for Palette {
    fn default() -> Palette {
        Palette {
            rgb: Vec::new(),
            slots: vec![(0, 0); 1024],
        }
    }
}

impl Palette {
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
        let index = u8::try_from(self.rgb.len() / 3).ok()?;
        self.slots[slot] = (key, index);
        self.rgb.extend_from_slice(&[colour.0, colour.1, colour.2]);
        Some(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png: &[u8]) -> Pixmap {
        Pixmap::decode_png(png).expect("a valid PNG")
    }

    fn circle(cx: f32, cy: f32, r: f32) -> Option<Path> {
        PathBuilder::from_circle(cx, cy, r)
    }

    #[test]
    fn bands_give_the_same_pixels_as_one_whole_canvas() {
        let mut picture = Picture::new(300, 500, Rgb(0x16, 0x22, 0x36));
        // Shapes across band edges, at fractional positions, overlapping.
        picture.fill(circle(150.3, 63.7, 40.2), Rgb(0xF4, 0xEE, 0xE1));
        picture.fill(circle(120.0, 200.5, 90.0), Rgb(0xD4, 0x4B, 0x2F));
        picture.fill_rect(10.25, 127.5, 280.0, 2.5, Rgb(0x8D, 0x96, 0xA6));
        picture.fill_rect(0.0, 495.5, 300.0, 10.0, Rgb(0xF4, 0xEE, 0xE1));
        let png = decode(&picture.to_png().unwrap());
        let whole = picture.to_pixmap().unwrap();
        assert_eq!(png.width(), 300);
        assert_eq!(png.height(), 500);
        assert!(
            png.data() == whole.data(),
            "banded and whole rendering differ"
        );
        // And the ink is there: the big circle's centre is vermilion.
        assert_eq!(
            png.pixel(120, 200).map(|p| (p.red(), p.green(), p.blue())),
            Some((0xD4, 0x4B, 0x2F))
        );
    }

    #[test]
    fn more_than_256_colours_fall_back_to_rgb_and_lose_nothing() {
        let mut picture = Picture::new(300, 20, Rgb(0, 0, 0));
        for i in 0..300u32 {
            let c = Rgb((i % 256) as u8, (i / 256) as u8 * 100, 7);
            picture.fill_rect(i as f32, 0.0, 1.0, 20.0, c);
        }
        let png = decode(&picture.to_png().unwrap());
        assert!(png.data() == picture.to_pixmap().unwrap().data());
    }
}
