//! `cargo bench`: each stage on the bundled article, then the main ones on the article ×20
//! (its body repeated by `fangtan::sample::repeated`). Prints the PDFs' sizes once.

use criterion::{Criterion, criterion_group, criterion_main};
use fangtan::render::RenderOptions;
use fangtan::render::fonts::FontSet;
use fangtan::render::pdf::render_pdf;
use fangtan::typeset::book::{Book, Paper, set_book};
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
    // One token of 80,000 letters (issue 13: cutting it again and again took 1.2 GB).
    let long_token = prepare(
        &Input::from_text(
            "token.txt",
            &format!(
                "问：{}。\n答：好。\n问：再来？\n答：好。\n",
                "a".repeat(80_000)
            ),
        ),
        None,
    )
    .unwrap()
    .document;
    c.bench_function("pdf layout, one 80,000-letter token", |b| {
        b.iter(|| set_book(&long_token, &fonts, Paper::A5))
    });
    let book = set_book(&doc, &fonts, Paper::A5);
    c.bench_function("pdf font subsetting (three faces)", |b| {
        b.iter(|| subset_all(&book, &fonts))
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

/// Subsets every face to the glyphs the book uses, as the PDF backend does.
fn subset_all(book: &Book, fonts: &FontSet) -> usize {
    fangtan::render::pdf::used_glyphs(book, fonts)
        .iter()
        .map(|(face, glyphs)| {
            let font = fonts.font(*face).unwrap();
            let parsed = fangtan::render::pdf::subset::subset(font.bytes, font.index, glyphs);
            usize::from(parsed.is_ok())
        })
        .sum()
}

fn times_twenty(c: &mut Criterion) {
    let bundled = Input::bundled();
    let text = fangtan::sample::repeated(&bundled, 20).unwrap();
    let input = Input {
        source: fangtan::input::Source::from_text("x20.txt", text),
        ..bundled
    };
    let doc = prepare(&input, None).unwrap().document;
    let (pdf, _) = render_pdf(&doc, &RenderOptions::default()).unwrap();
    println!("article ×20: PDF {} bytes", pdf.len());
    let fonts = FontSet::bundled();
    let options = RenderOptions {
        script: input.sidecar.script.clone(),
        ..RenderOptions::default()
    };
    let mut group = c.benchmark_group("x20");
    group.sample_size(10);
    group.bench_function("read+parse", |b| {
        b.iter(|| fangtan::parse::parse(&input.source, &input.sidecar).unwrap())
    });
    group.bench_function("parse+normalize", |b| {
        b.iter(|| prepare(&input, None).unwrap())
    });
    group.bench_function("pdf layout (typeset)", |b| {
        b.iter(|| set_book(&doc, &fonts, Paper::A5))
    });
    group.bench_function("pdf whole", |b| {
        b.iter(|| render_pdf(&doc, &options).unwrap())
    });
    group.bench_function("epub whole", |b| {
        b.iter(|| fangtan::render::epub::render_epub(&doc, &options).unwrap())
    });
    group.bench_function("script whole", |b| {
        b.iter(|| {
            fangtan::render::Format::Script
                .backend()
                .unwrap()
                .render(&doc, &options)
                .unwrap()
        })
    });
    group.finish();
}

/// Small hostile inputs that were quadratic (issue 13): each must stay a fraction of a second
/// and grow linearly with its length (compare the two sizes).
fn hostile(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    let model = |text: String| {
        prepare(&Input::from_text("hostile.txt", &text), None)
            .unwrap()
            .document
    };
    for n in [100_000, 200_000] {
        // One character repeated: its run was measured again at each of its positions.
        let text = format!("问：好吗？\n答：{}\n", "好".repeat(n));
        group.bench_function(format!("parse+normalize, a run of {n}"), |b| {
            b.iter(|| model(text.clone()))
        });
        // A label of n characters.
        let text = format!("问：好？\n{}：是的。\n答：好。\n", "名".repeat(n));
        group.bench_function(format!("parse+normalize, a label of {n}"), |b| {
            b.iter(|| model(text.clone()))
        });
    }
    // 50,000 Latin runs in one sentence: the SSML's pieces once copied by every loop.
    let commas = model(format!("问：好，{}\n答：好。\n", "a,".repeat(50_000)));
    group.bench_function("script whole, 50,000 Latin runs in one cue", |b| {
        b.iter(|| {
            fangtan::render::Format::Script
                .backend()
                .unwrap()
                .render(&commas, &RenderOptions::default())
                .unwrap()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = stages, times_twenty, hostile
}
criterion_main!(benches);
