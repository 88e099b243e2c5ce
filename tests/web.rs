//! The web edition (`--only html`): one self-contained page per interview, with every
//! paragraph of the model, its language and Open Graph metadata, pictures inlined, and no
//! error from the W3C HTML checker (the Nu validator: `npm install -g vnu-jar`, run with
//! Java; skipped with a notice when missing locally, required in CI). Its accessibility is
//! checked with axe-core in a browser by tests/serve.rs.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn fangtan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_fangtan"))
}

/// Builds `input` (None: the bundled article) with `--only html` and returns the page.
fn web_edition(input: Option<&str>, extra: &[&str]) -> String {
    let out = tempfile::tempdir().unwrap();
    let mut cmd = fangtan();
    cmd.arg("build");
    if let Some(input) = input {
        cmd.arg(input);
    }
    let run = cmd
        .args(["--only", "html", "--out"])
        .arg(out.path())
        .args(extra)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let page = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .expect("an .html file");
    std::fs::read_to_string(page).unwrap()
}

fn model(input: Option<&str>) -> serde_json::Value {
    let mut cmd = fangtan();
    cmd.args(["inspect", "--json"]);
    if let Some(input) = input {
        cmd.arg(input);
    }
    serde_json::from_slice(&cmd.output().unwrap().stdout).unwrap()
}

/// The page's text outside its tags, entities decoded, without whitespace.
fn page_text(html: &str) -> String {
    let body = &html[html.find("<body").unwrap()..];
    let mut text = String::new();
    let mut inside = false;
    for c in body.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x3D;", "=")
        .replace("&#x60;", "`")
        .replace("&#160;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    common::squeeze(&text)
}

/// Every paragraph of the model, as plain text.
fn paragraphs(model: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for block in model["blocks"].as_array().unwrap() {
        let mut paras: Vec<&serde_json::Value> = Vec::new();
        if let Some(ps) = block["paragraphs"].as_array() {
            paras.extend(ps);
        }
        if block["content"].is_array() {
            paras.push(block);
        }
        for p in paras {
            // Inline by inline: an aside's marks and label stand between them.
            for inline in p["content"].as_array().unwrap() {
                let text = common::squeeze(inline["text"].as_str().unwrap_or(""));
                if !text.is_empty() {
                    out.push(text);
                }
            }
        }
        // A break's text is its rule's title, not shown text.
        if let Some(t) = block["text"].as_str().filter(|_| block["kind"] != "break") {
            out.push(common::squeeze(t));
        }
    }
    out
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
        .display()
        .to_string()
}

fn check_page(input: Option<&str>, html: &str) {
    let model = model(input);
    let lang = model["meta"]["language"].as_str().unwrap();
    assert!(
        html.contains(&format!("<html lang=\"{lang}\">")),
        "lang {lang}"
    );
    assert!(html.contains("<meta property=\"og:title\""));
    assert!(html.contains("<meta name=\"viewport\""));
    // Self-contained: no stylesheet, script or picture fetched from elsewhere.
    assert!(!html.contains("<link "), "a linked file");
    assert!(!html.contains("<script"), "a script");
    for (at, _) in html.match_indices(" src=\"") {
        assert!(
            html[at + 6..].starts_with("data:"),
            "a picture not inlined: {}",
            &html[at..at + 60]
        );
    }
    assert!(!html.contains("epub:type"), "XHTML-only markup");
    // Nothing lost: the page holds every paragraph (the Han–Latin gap is whitespace).
    let text = page_text(html);
    let mut from = 0;
    for p in paragraphs(&model) {
        let Some(at) = text[from..].find(&p) else {
            panic!("not in the page (or out of order): {p}");
        };
        from += at;
    }
}

#[test]
fn bundled_article_web_edition_is_whole_and_self_contained() {
    let html = web_edition(None, &[]);
    check_page(None, &html);
    assert!(html.contains("<meta property=\"og:locale\" content=\"zh_CN\">"));
    assert!(html.contains("<nav class=\"toc\""));
    // The reader's fonts by default; the e-book's subsets inlined when asked.
    assert!(!html.contains("data:font/"));
    let embedded = web_edition(None, &["--embed-fonts"]);
    assert!(embedded.contains("src: url(\"data:font/ttf;base64,"));
}

#[test]
fn pictures_are_inlined_and_english_gets_english_rules() {
    let page = fixture("formats/zh-wechat-jazzband.html");
    let html = web_edition(Some(&page), &[]);
    check_page(Some(&page), &html);
    assert!(
        html.contains("<img src=\"data:image/"),
        "no picture inlined"
    );

    let english = corpus("en-cc-fsm-open-hardware.txt");
    let html = web_edition(Some(&english), &[]);
    check_page(Some(&english), &html);
    assert!(html.contains("<html lang=\"en"));
    assert!(
        !html.contains("text-spacing-trim"),
        "Chinese rules on English"
    );
}

/// The Nu validator's jar: `VNU_JAR`, else npm's global `vnu-jar`.
fn vnu_jar() -> Option<PathBuf> {
    if let Some(jar) = std::env::var_os("VNU_JAR") {
        return Some(jar.into());
    }
    let root = Command::new("npm").args(["root", "-g"]).output().ok()?;
    let root = String::from_utf8(root.stdout).ok()?;
    let jar = Path::new(root.trim()).join("vnu-jar/build/dist/vnu.jar");
    jar.exists().then_some(jar)
}

#[test]
fn web_editions_pass_the_w3c_html_checker() {
    let Some(jar) = vnu_jar().filter(|_| common::have_tool("java")) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "vnu-jar is required in CI (.ci/run installs it)"
        );
        eprintln!("notice: vnu-jar not installed (npm install -g vnu-jar); skipping");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, input, extra) in [
        ("bundled.html", None, &[][..]),
        ("bundled-fonts.html", None, &["--embed-fonts"][..]),
        (
            "jazzband.html",
            Some(fixture("formats/zh-wechat-jazzband.html")),
            &[][..],
        ),
        (
            "kooyman.html",
            Some(fixture("formats/zh-docx-fsf-kooyman.docx")),
            &[][..],
        ),
        (
            "english.html",
            Some(corpus("en-cc-fsm-open-hardware.txt")),
            &[][..],
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, web_edition(input.as_deref(), extra)).unwrap();
        files.push(path);
    }
    let run = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json"])
        .args(&files)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&run.stderr)
        .or_else(|_| serde_json::from_slice(&run.stdout))
        .unwrap_or_else(|_| panic!("vnu: {}", String::from_utf8_lossy(&run.stderr)));
    let messages = report["messages"].as_array().unwrap();
    assert!(messages.is_empty(), "{messages:#?}");
    assert!(run.status.success());
}
