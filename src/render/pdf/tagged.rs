//! The tagged PDF's structure tree (ISO 32000-1 §14.7–14.8), from the book's structure and
//! what each page's marked content belongs to: a `StructTreeRoot` over the document's
//! elements in reading order, each element's kids its marked content (`MCR`) and link
//! annotations (`OBJR`), a parent tree from each page's MCIDs and each annotation back to
//! its element, `/StructParents` and `/Tabs /S` on the pages, and `/MarkInfo` in the
//! catalog. Elements nothing was painted for are left out.

use lopdf::{Dictionary, Object, ObjectId};

use super::paint::PageTags;
use crate::typeset::book::structure::{Role, Structure};

enum Kid {
    Element(usize),
    Content { page: usize, mcid: usize },
    Annotation { page: usize, annot: ObjectId },
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

fn utf16(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// Makes every page's inline link annotations objects of their own (an `OBJR` must refer
/// to one), each with its `/StructParent`; returns them per page, in order.
fn annotations(
    doc: &mut lopdf::Document,
    pages: &[ObjectId],
    next_key: &mut i64,
) -> Result<Vec<Vec<(ObjectId, i64)>>, lopdf::Error> {
    let mut out = Vec::new();
    for page in pages {
        let annots = match doc.get_dictionary(*page)?.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        let mut refs = Vec::new();
        let mut ids = Vec::new();
        for annot in annots {
            let id = match annot {
                Object::Reference(id) => id,
                Object::Dictionary(d) => doc.add_object(d),
                _ => continue,
            };
            let key = *next_key;
            *next_key += 1;
            if let Ok(d) = doc.get_dictionary_mut(id) {
                d.set("StructParent", Object::Integer(key));
            }
            refs.push(Object::Reference(id));
            ids.push((id, key));
        }
        if !refs.is_empty() {
            doc.get_dictionary_mut(*page)?
                .set("Annots", Object::Array(refs));
        }
        out.push(ids);
    }
    Ok(out)
}

pub fn write(
    doc: &mut lopdf::Document,
    structure: &Structure,
    tags: &[PageTags],
) -> Result<(), lopdf::Error> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let elements = &structure.elements;
    let mut kids: Vec<Vec<Kid>> = elements.iter().map(|_| Vec::new()).collect();
    let mut attached = vec![false; elements.len()];
    attached[0] = true;
    fn attach(e: usize, structure: &Structure, attached: &mut [bool], kids: &mut [Vec<Kid>]) {
        if attached[e] {
            return;
        }
        attached[e] = true;
        let parent = structure.elements[e].parent.unwrap_or(0);
        attach(parent, structure, attached, kids);
        kids[parent].push(Kid::Element(e));
    }
    let mut next_key = pages.len() as i64;
    let annots = annotations(doc, &pages, &mut next_key)?;
    for (page, page_tags) in tags.iter().enumerate() {
        for (mcid, &e) in page_tags.mcids.iter().enumerate() {
            attach(e, structure, &mut attached, &mut kids);
            kids[e].push(Kid::Content { page, mcid });
        }
        let page_annots = annots.get(page).map_or(&[][..], |a| a.as_slice());
        for (&e, (annot, _)) in page_tags.links.iter().zip(page_annots) {
            attach(e, structure, &mut attached, &mut kids);
            kids[e].push(Kid::Annotation {
                page,
                annot: *annot,
            });
        }
    }

    // Ids first: a kid and a parent refer to each other.
    let root = doc.new_object_id();
    let ids: Vec<Option<ObjectId>> = attached
        .iter()
        .map(|a| a.then(|| doc.new_object_id()))
        .collect();
    let mut notes = 0;
    for (e, element) in elements.iter().enumerate() {
        let Some(id) = ids[e] else { continue };
        let k: Vec<Object> = kids[e]
            .iter()
            .filter_map(|kid| match kid {
                Kid::Element(c) => ids[*c].map(Object::Reference),
                Kid::Content { page, mcid } => Some(Object::Dictionary(Dictionary::from_iter([
                    ("Type", name("MCR")),
                    ("Pg", Object::Reference(pages[*page])),
                    ("MCID", Object::Integer(*mcid as i64)),
                ]))),
                Kid::Annotation { page, annot } => {
                    Some(Object::Dictionary(Dictionary::from_iter([
                        ("Type", name("OBJR")),
                        ("Pg", Object::Reference(pages[*page])),
                        ("Obj", Object::Reference(*annot)),
                    ])))
                }
            })
            .collect();
        let parent = match element.parent {
            Some(p) => ids[p].unwrap_or(root),
            None => root,
        };
        let mut dict = Dictionary::from_iter([
            ("Type", name("StructElem")),
            ("S", name(element.role.name())),
            ("P", Object::Reference(parent)),
            ("K", Object::Array(k)),
        ]);
        if let Some(alt) = &element.alt {
            dict.set("Alt", utf16(alt));
        }
        if element.role == Role::Note {
            // PDF/UA: every note has an identifier.
            notes += 1;
            dict.set("ID", Object::string_literal(format!("note-{notes}")));
        }
        if element.role == Role::Document {
            dict.set("Lang", Object::string_literal(structure.lang.as_str()));
        }
        doc.objects.insert(id, Object::Dictionary(dict));
    }

    // The parent tree: each page's MCIDs to their elements, each annotation to its link.
    let mut nums = Vec::new();
    for (page, page_tags) in tags.iter().enumerate() {
        let owners: Vec<Object> = page_tags
            .mcids
            .iter()
            .map(|e| ids[*e].map_or(Object::Null, Object::Reference))
            .collect();
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Array(owners));
        if let Some(id) = pages.get(page) {
            let d = doc.get_dictionary_mut(*id)?;
            d.set("StructParents", Object::Integer(page as i64));
            d.set("Tabs", name("S"));
        }
    }
    for (page, page_tags) in tags.iter().enumerate() {
        let page_annots = annots.get(page).map_or(&[][..], |a| a.as_slice());
        for (&e, (_, key)) in page_tags.links.iter().zip(page_annots) {
            nums.push(Object::Integer(*key));
            nums.push(ids[e].map_or(Object::Null, Object::Reference));
        }
    }
    let parent_tree = doc.add_object(Dictionary::from_iter([("Nums", Object::Array(nums))]));
    doc.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter([
            ("Type", name("StructTreeRoot")),
            (
                "K",
                Object::Array(ids[0].map(Object::Reference).into_iter().collect()),
            ),
            ("ParentTree", Object::Reference(parent_tree)),
            ("ParentTreeNextKey", Object::Integer(next_key)),
        ])),
    );
    let catalog = doc.catalog_mut()?;
    catalog.set("StructTreeRoot", Object::Reference(root));
    catalog.set(
        "MarkInfo",
        Object::Dictionary(Dictionary::from_iter([("Marked", Object::Boolean(true))])),
    );
    catalog.set(
        "ViewerPreferences",
        Object::Dictionary(Dictionary::from_iter([(
            "DisplayDocTitle",
            Object::Boolean(true),
        )])),
    );
    Ok(())
}
