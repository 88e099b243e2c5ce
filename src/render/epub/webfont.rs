//! The fonts an EPUB embeds: the bundled faces cut down to a book's characters *keeping their
//! OpenType layout*. A reading system needs `halt`/`chws` and `palt` to squeeze punctuation
//! (`text-spacing-trim`), `vert` for vertical text, `locl` and kerning; allsorts (the PDF's
//! subsetter) drops GSUB and GPOS, and the pure-Rust layout subsetter on crates.io
//! (fontcull-klippa 0.1.2) wrote a GPOS fontTools cannot read for kerning.
//!
//! So the subset keeps the font's glyph ids: every table is copied as it is except `glyf` and
//! `loca`, where the glyphs the book cannot show become empty, and `cmap`, which maps only the
//! book's characters. GSUB, GPOS, GDEF, the metrics and the names stay valid because no glyph
//! id moves. Kept are the glyphs of the characters, what GSUB can substitute for them (vertical
//! and local forms, ligatures) and the components of composite glyphs.

use std::collections::{BTreeMap, BTreeSet};

use ttf_parser::gsub::SubstitutionSubtable;
use ttf_parser::{Face, GlyphId};

/// A web font of `font` for `chars`: sfnt bytes.
pub fn subset(font: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let face = Face::parse(font, 0).map_err(|e| format!("font: {e}"))?;
    let tables = table_directory(font)?;
    let mapped: BTreeMap<u32, u16> = chars
        .iter()
        .filter_map(|&c| face.glyph_index(c).map(|g| (c as u32, g.0)))
        .collect();
    let mut keep: BTreeSet<u16> = mapped.values().copied().collect();
    keep.insert(0);
    substitution_closure(&face, &mut keep);
    let glyf = tables.get(b"glyf").ok_or("font has no glyf table")?;
    let loca = glyph_offsets(font, &tables, face.number_of_glyphs())?;
    component_closure(&font[glyf.0..glyf.0 + glyf.1], &loca, &mut keep);

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(loca.len() * 4);
    for gid in 0..loca.len().saturating_sub(1) {
        new_loca.extend((new_glyf.len() as u32).to_be_bytes());
        if keep.contains(&(gid as u16)) {
            let (start, end) = (loca[gid] as usize, loca[gid + 1] as usize);
            new_glyf.extend_from_slice(&font[glyf.0 + start..glyf.0 + end]);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend((new_glyf.len() as u32).to_be_bytes());

    let mut out: BTreeMap<[u8; 4], Vec<u8>> = BTreeMap::new();
    for (tag, &(offset, length)) in &tables {
        // Signatures and hinting-device tables no longer match the cut font.
        if [b"DSIG", b"hdmx", b"LTSH", b"VDMX"].contains(&tag) {
            continue;
        }
        out.insert(*tag, font[offset..offset + length].to_vec());
    }
    // The metrics of emptied glyphs are zeroed too: never used, and long runs of zeros deflate
    // to nothing in the EPUB's zip.
    for (header, metrics) in [(*b"hhea", *b"hmtx"), (*b"vhea", *b"vmtx")] {
        let long = out
            .get(&header)
            .and_then(|h| h.get(34..36))
            .map(|b| u16::from_be_bytes([b[0], b[1]]) as usize);
        if let (Some(long), Some(table)) = (long, out.get_mut(&metrics)) {
            zero_dropped_metrics(table, long, &keep);
        }
    }
    out.insert(*b"glyf", new_glyf);
    out.insert(*b"loca", new_loca);
    out.insert(*b"cmap", cmap(&mapped));
    let head = out.get_mut(b"head").ok_or("font has no head table")?;
    if head.len() < 54 {
        return Err("head table too short".into());
    }
    head[8..12].fill(0); // checkSumAdjustment, set below
    head[50..52].copy_from_slice(&1u16.to_be_bytes()); // long loca offsets
    Ok(assemble(&out))
}

/// Zeroes the `hmtx`/`vmtx` entries (advance and side bearing) of glyphs not kept: `long` glyphs
/// have 4-byte entries, the rest a 2-byte side bearing.
fn zero_dropped_metrics(table: &mut [u8], long: usize, keep: &BTreeSet<u16>) {
    let glyphs = long + table.len().saturating_sub(4 * long) / 2;
    for gid in (0..glyphs).filter(|g| !keep.contains(&(*g as u16))) {
        let (at, size) = if gid < long {
            (4 * gid, 4)
        } else {
            (4 * long + 2 * (gid - long), 2)
        };
        if let Some(entry) = table.get_mut(at..at + size) {
            entry.fill(0);
        }
    }
}

/// (offset, length) of each table of a single-font sfnt.
fn table_directory(font: &[u8]) -> Result<BTreeMap<[u8; 4], (usize, usize)>, String> {
    let u16_at = |i: usize| font.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let u32_at = |i: usize| {
        font.get(i..i + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let count = u16_at(4).ok_or("font too short")? as usize;
    let mut tables = BTreeMap::new();
    for i in 0..count {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = font
            .get(record..record + 4)
            .and_then(|t| t.try_into().ok())
            .ok_or("table directory cut short")?;
        let offset = u32_at(record + 8).ok_or("table directory cut short")? as usize;
        let length = u32_at(record + 12).ok_or("table directory cut short")? as usize;
        if offset
            .checked_add(length)
            .is_none_or(|end| end > font.len())
        {
            return Err(format!(
                "table {} out of bounds",
                String::from_utf8_lossy(&tag)
            ));
        }
        tables.insert(tag, (offset, length));
    }
    Ok(tables)
}

/// Offsets into `glyf` of each glyph and of its end (`loca`, short or long).
fn glyph_offsets(
    font: &[u8],
    tables: &BTreeMap<[u8; 4], (usize, usize)>,
    glyphs: u16,
) -> Result<Vec<u32>, String> {
    let &(head, _) = tables.get(b"head").ok_or("font has no head table")?;
    let &(loca, length) = tables.get(b"loca").ok_or("font has no loca table")?;
    let long = font.get(head + 50..head + 52) == Some(&[0, 1][..]);
    let count = glyphs as usize + 1;
    let size = if long { 4 } else { 2 };
    if length < count * size {
        return Err("loca table too short".into());
    }
    Ok((0..count)
        .map(|i| {
            let at = loca + i * size;
            if long {
                u32::from_be_bytes([font[at], font[at + 1], font[at + 2], font[at + 3]])
            } else {
                u16::from_be_bytes([font[at], font[at + 1]]) as u32 * 2
            }
        })
        .collect())
}

/// Adds what GSUB can put in place of kept glyphs, until nothing new comes. Every lookup counts
/// (contextual ones only call these), so the set is a little larger than any one shaping needs.
fn substitution_closure(face: &Face, keep: &mut BTreeSet<u16>) {
    let Some(gsub) = face.tables().gsub else {
        return;
    };
    loop {
        let before = keep.len();
        for lookup in gsub.lookups {
            for subtable in lookup.subtables.into_iter::<SubstitutionSubtable>() {
                let kept: Vec<u16> = keep.iter().copied().collect();
                for g in kept {
                    substitutes(&subtable, GlyphId(g), keep);
                }
            }
        }
        if keep.len() == before {
            return;
        }
    }
}

fn substitutes(subtable: &SubstitutionSubtable, glyph: GlyphId, keep: &mut BTreeSet<u16>) {
    use ttf_parser::gsub::SingleSubstitution;
    match subtable {
        SubstitutionSubtable::Single(SingleSubstitution::Format1 { coverage, delta }) => {
            if coverage.contains(glyph) {
                keep.insert((glyph.0 as i32 + *delta as i32) as u16);
            }
        }
        SubstitutionSubtable::Single(SingleSubstitution::Format2 {
            coverage,
            substitutes,
        }) => {
            if let Some(g) = coverage.get(glyph).and_then(|i| substitutes.get(i)) {
                keep.insert(g.0);
            }
        }
        SubstitutionSubtable::Multiple(m) => {
            if let Some(seq) = m.coverage.get(glyph).and_then(|i| m.sequences.get(i)) {
                keep.extend(seq.substitutes.into_iter().map(|g| g.0));
            }
        }
        SubstitutionSubtable::Alternate(a) => {
            if let Some(set) = a.coverage.get(glyph).and_then(|i| a.alternate_sets.get(i)) {
                keep.extend(set.alternates.into_iter().map(|g| g.0));
            }
        }
        SubstitutionSubtable::Ligature(l) => {
            if let Some(set) = l.coverage.get(glyph).and_then(|i| l.ligature_sets.get(i)) {
                for lig in set {
                    if lig.components.into_iter().all(|c| keep.contains(&c.0)) {
                        keep.insert(lig.glyph.0);
                    }
                }
            }
        }
        SubstitutionSubtable::ReverseChainSingle(r) => {
            if let Some(g) = r.coverage.get(glyph).and_then(|i| r.substitutes.get(i)) {
                keep.insert(g.0);
            }
        }
        SubstitutionSubtable::Context(_) | SubstitutionSubtable::ChainContext(_) => {}
    }
}

/// Adds the components of kept composite glyphs (recursively).
fn component_closure(glyf: &[u8], loca: &[u32], keep: &mut BTreeSet<u16>) {
    let mut pending: Vec<u16> = keep.iter().copied().collect();
    while let Some(gid) = pending.pop() {
        let i = gid as usize;
        let (Some(&start), Some(&end)) = (loca.get(i), loca.get(i + 1)) else {
            continue;
        };
        let Some(data) = glyf.get(start as usize..end as usize) else {
            continue;
        };
        if data.len() < 10 || i16::from_be_bytes([data[0], data[1]]) >= 0 {
            continue;
        }
        let mut at = 10;
        while let Some(b) = data.get(at..at + 4) {
            let flags = u16::from_be_bytes([b[0], b[1]]);
            let component = u16::from_be_bytes([b[2], b[3]]);
            if keep.insert(component) {
                pending.push(component);
            }
            at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
            at += match flags {
                f if f & 0x0008 != 0 => 2,
                f if f & 0x0040 != 0 => 4,
                f if f & 0x0080 != 0 => 8,
                _ => 0,
            };
            if flags & 0x0020 == 0 {
                break;
            }
        }
    }
}

/// A cmap with a format 4 subtable for the Basic Multilingual Plane (Unicode and Windows) and,
/// when a character lies beyond it, a format 12 one.
fn cmap(mapped: &BTreeMap<u32, u16>) -> Vec<u8> {
    let bmp: BTreeMap<u32, u16> = mapped
        .iter()
        .filter(|(c, _)| **c < 0xFFFF)
        .map(|(c, g)| (*c, *g))
        .collect();
    let format4 = format4(&bmp);
    let format12 = (bmp.len() < mapped.len()).then(|| format12(mapped));
    let records: Vec<(u16, u16, &Vec<u8>)> = match &format12 {
        Some(f12) => vec![
            (0, 3, &format4),
            (0, 4, f12),
            (3, 1, &format4),
            (3, 10, f12),
        ],
        None => vec![(0, 3, &format4), (3, 1, &format4)],
    };
    let mut out = Vec::new();
    out.extend(0u16.to_be_bytes());
    out.extend((records.len() as u16).to_be_bytes());
    let mut offset = 4 + 8 * records.len() as u32;
    let mut offsets: Vec<(*const Vec<u8>, u32)> = Vec::new();
    let mut bodies = Vec::new();
    for (platform, encoding, body) in &records {
        let known = offsets.iter().find(|(p, _)| std::ptr::eq(*p, *body));
        let at = match known {
            Some((_, at)) => *at,
            None => {
                let at = offset;
                offsets.push((*body as *const _, at));
                offset += body.len() as u32;
                bodies.extend_from_slice(body);
                at
            }
        };
        out.extend(platform.to_be_bytes());
        out.extend(encoding.to_be_bytes());
        out.extend(at.to_be_bytes());
    }
    out.extend(bodies);
    out
}

/// Runs of consecutive characters on consecutive glyphs, as (first, last, first glyph).
fn runs(mapped: &BTreeMap<u32, u16>) -> Vec<(u32, u32, u16)> {
    let mut runs: Vec<(u32, u32, u16)> = Vec::new();
    for (&c, &g) in mapped {
        match runs.last_mut() {
            Some((first, last, glyph))
                if *last + 1 == c && *glyph as u32 + (c - *first) == g as u32 =>
            {
                *last = c
            }
            _ => runs.push((c, c, g)),
        }
    }
    runs
}

fn format4(bmp: &BTreeMap<u32, u16>) -> Vec<u8> {
    let mut segments = runs(bmp);
    segments.push((0xFFFF, 0xFFFF, 1)); // the closing segment maps to .notdef (delta 1)
    let n = segments.len() as u16;
    let search = 2 * (1u16 << (15 - n.leading_zeros().min(15)).min(15));
    let search = search.min(2 * n).max(2);
    let selector = (search / 2).trailing_zeros() as u16;
    let mut body = Vec::new();
    let length = 16 + 8 * n as usize;
    for v in [
        4u16,
        length as u16,
        0,
        2 * n,
        search,
        selector,
        2 * n - search,
    ] {
        body.extend(v.to_be_bytes());
    }
    for (_, last, _) in &segments {
        body.extend((*last as u16).to_be_bytes());
    }
    body.extend(0u16.to_be_bytes()); // reservedPad
    for (first, _, _) in &segments {
        body.extend((*first as u16).to_be_bytes());
    }
    for (first, _, glyph) in &segments {
        let delta = (*glyph as i32 - *first as i32) as u16;
        let delta = if *first == 0xFFFF { 1 } else { delta };
        body.extend(delta.to_be_bytes());
    }
    for _ in &segments {
        body.extend(0u16.to_be_bytes()); // idRangeOffset: deltas only
    }
    body
}

fn format12(mapped: &BTreeMap<u32, u16>) -> Vec<u8> {
    let groups = runs(mapped);
    let mut body = Vec::new();
    body.extend(12u16.to_be_bytes());
    body.extend(0u16.to_be_bytes());
    body.extend((16 + 12 * groups.len() as u32).to_be_bytes());
    body.extend(0u32.to_be_bytes());
    body.extend((groups.len() as u32).to_be_bytes());
    for (first, last, glyph) in groups {
        body.extend(first.to_be_bytes());
        body.extend(last.to_be_bytes());
        body.extend((glyph as u32).to_be_bytes());
    }
    body
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// An sfnt of `tables` (sorted by tag, as the directory must be), with its checksums.
fn assemble(tables: &BTreeMap<[u8; 4], Vec<u8>>) -> Vec<u8> {
    let n = tables.len() as u16;
    let power = 1u16 << (15 - n.leading_zeros());
    let mut out = Vec::new();
    out.extend(0x0001_0000u32.to_be_bytes());
    for v in [
        n,
        power * 16,
        power.trailing_zeros() as u16,
        n * 16 - power * 16,
    ] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for data in tables.values() {
        out.extend(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_join_consecutive_characters_on_consecutive_glyphs() {
        let mapped: BTreeMap<u32, u16> =
            [(0x41, 10), (0x42, 11), (0x43, 12), (0x45, 13), (0x46, 20)].into();
        assert_eq!(
            runs(&mapped),
            vec![(0x41, 0x43, 10), (0x45, 0x45, 13), (0x46, 0x46, 20)]
        );
    }

    #[test]
    fn the_subset_maps_only_the_books_characters_and_keeps_the_glyph_ids() {
        let font = crate::render::fonts::SERIF;
        let chars: BTreeSet<char> = "访谈，Meta。".chars().collect();
        let bytes = subset(font, &chars).unwrap();
        let (whole, cut) = (
            Face::parse(font, 0).unwrap(),
            Face::parse(&bytes, 0).unwrap(),
        );
        assert_eq!(whole.number_of_glyphs(), cut.number_of_glyphs());
        for c in chars {
            assert_eq!(whole.glyph_index(c), cut.glyph_index(c), "{c}");
            let g = cut.glyph_index(c).unwrap();
            assert_eq!(
                whole.glyph_bounding_box(g),
                cut.glyph_bounding_box(g),
                "{c}"
            );
        }
        assert_eq!(cut.glyph_index('中'), None);
        let g = whole.glyph_index('中').unwrap();
        assert_eq!(
            cut.glyph_bounding_box(g),
            None,
            "an unused glyph is emptied"
        );
        assert!(bytes.len() < font.len() / 4);
        assert_eq!(
            checksum(&bytes),
            0xB1B0_AFBA,
            "the head checksum adjustment holds"
        );
    }
}
