//! `cargo bench`: each stage on the bundled article. Prints the PDF's size once.

use criterion::{Criterion, criterion_group, criterion_main};
use fangtan::render::RenderOptions;
use fangtan::render::fonts::FontSet;
use fangtan::render::pdf::render_pdf;
use fangtan::typeset::book::{Paper, set_book};
use fangtan::{Input, prepare};

fn stages(c: &mut Criterion) {
    let input = Input::bundled();
    let doc = prepare(&input, None).unwrap().document;
    let (pdf, _) = render_pdf(&doc, &RenderOptions::default()).unwrap();
    println!("bundled article: PDF {} bytes", pdf.len());

    c.bench_function("read+parse", |b| {
        b.iter(|| fangtan::parse::parse(&input.source, &input.sidecar).unwrap())
    });
    c.bench_function("parse+normalize", |b| {
        b.iter(|| prepare(&input, None).unwrap())
    });
    let fonts = FontSet::bundled();
    c.bench_function("pdf layout (typeset)", |b| {
        b.iter(|| set_book(&doc, &fonts, Paper::A5))
    });
    c.bench_function("pdf whole (fonts, layout, subset, write)", |b| {
        b.iter(|| render_pdf(&doc, &RenderOptions::default()).unwrap())
    });
    let cover = fangtan::render::epub::cover::CoverText {
        title: &doc.meta.title,
        subtitle: doc.meta.subtitle.as_deref(),
        people: vec!["采访　Steven Levy".into(), "受访　Yann LeCun".into()],
        footer: Some("原载 Wired · Sense 编译"),
    };
    c.bench_function("epub cover image", |b| {
        b.iter(|| {
            fangtan::render::epub::cover::render_cover(
                &cover,
                fangtan::render::fonts::SANS,
                fangtan::render::fonts::SERIF,
            )
            .unwrap()
        })
    });
    let script_options = RenderOptions {
        script: input.sidecar.script.clone(),
        ..RenderOptions::default()
    };
    c.bench_function("script (cues, markdown, ssml, jsonl, csv, pdf)", |b| {
        b.iter(|| {
            fangtan::render::Format::Script
                .backend()
                .unwrap()
                .render(&doc, &script_options)
                .unwrap()
        })
    });
    c.bench_function("epub whole (cover, xhtml, package)", |b| {
        b.iter(|| fangtan::render::epub::render_epub(&doc, &RenderOptions::default()).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = stages
}
criterion_main!(benches);
