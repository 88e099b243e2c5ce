//! The `fangtan` binary end to end: outputs, exit codes, one-line errors.

use std::path::Path;
use std::process::{Command, Output};

/// Runs fangtan in `dir`. A build that names no outputs leaves the episode out (it takes
/// seconds and has tests of its own in tests/audio.rs), unless it says `--only`.
fn fangtan(dir: &Path, args: &[&str]) -> Output {
    let mut args: Vec<&str> = args.to_vec();
    if args.first() == Some(&"build") && !args.iter().any(|a| a.starts_with("--only")) {
        args.extend(["--skip", "audio"]);
    }
    Command::new(env!("CARGO_BIN_EXE_fangtan"))
        .args(&args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// An error is exactly one line on stderr, starting with the program name, and no panic.
fn assert_one_line_error(o: &Output, code: i32, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "stderr: {err}");
    assert!(err.starts_with("fangtan: error: "), "{err}");
    assert!(err.contains(needle), "{err:?} lacks {needle:?}");
    assert!(!err.contains("panicked"));
}

#[test]
fn no_arguments_builds_the_bundled_article_into_out() {
    let dir = tempfile::tempdir().unwrap();
    let o = fangtan(dir.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json = std::fs::read_to_string(dir.path().join("out/levy-lecun.json")).unwrap();
    let doc: fangtan::model::Document = serde_json::from_str(&json).unwrap();
    assert_eq!(doc.meta.slug, "levy-lecun");
    let pdf = std::fs::read(dir.path().join("out/levy-lecun.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let err = stderr(&o);
    // The episode too, when a speech engine and an encoder are there (CI installs them);
    // else one line says why not.
    let speaks = ["espeak-ng", "lame"].iter().all(|tool| {
        Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if speaks {
        assert!(!err.contains("skipped"), "{err}");
        for file in [
            "episode.mp3",
            "episode.vtt",
            "chapters.json",
            "read-along.epub",
        ] {
            let path = dir.path().join(format!("out/levy-lecun.{file}"));
            assert!(path.is_file(), "{}", path.display());
        }
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs espeak-ng and lame"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("fangtan: audio: skipped: "), "{err}");
    }
    let epub = std::fs::read(dir.path().join("out/levy-lecun.epub")).unwrap();
    assert!(epub.starts_with(b"PK"));
    for file in [
        "levy-lecun.script.md",
        "levy-lecun.ssml",
        "levy-lecun.cues.jsonl",
        "levy-lecun.cues.csv",
    ] {
        assert!(dir.path().join("out").join(file).is_file(), "{file}");
    }
    // json, pdf, epub, five script files and four of the episode; no temporary files left
    // behind.
    assert_eq!(
        std::fs::read_dir(dir.path().join("out")).unwrap().count(),
        if speaks { 12 } else { 8 }
    );
}

#[test]
fn build_with_out_and_only() {
    let dir = tempfile::tempdir().unwrap();
    let o = fangtan(dir.path(), &["build", "--out", "a/b", "--only", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("a/b/levy-lecun.json").is_file());
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));

    let o = fangtan(dir.path(), &["build", "--only", "mobi"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn inspect_json_reports_the_truth_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let o = fangtan(dir.path(), &["inspect", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let stats = v["stats"].as_object().unwrap();
    let keys: Vec<&str> = stats.keys().map(String::as_str).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "captions",
            "dropped_lines",
            "headings",
            "inline_notes",
            "lead_paragraphs",
            "notes",
            "pull_quotes",
            "references",
            "turns"
        ]
    );
    assert_eq!(
        v["stats"],
        serde_json::json!({
            "turns": {"Steven Levy": 31, "Yann LeCun": 31},
            "notes": 3, "inline_notes": 1, "pull_quotes": 3, "captions": 2,
            "headings": 6, "lead_paragraphs": 4, "references": 1, "dropped_lines": 5
        })
    );
    assert!(v["blocks"].as_array().unwrap().len() > 60);
    assert_eq!(v["meta"]["language"], "zh-CN");
}

#[test]
fn inspect_text_lists_typography_changes() {
    let dir = tempfile::tempdir().unwrap();
    let o = fangtan(dir.path(), &["inspect"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("Typography changes"), "{out}");
    assert!(out.contains("full-width punctuation"));
    let o = fangtan(dir.path(), &["inspect", "--typography", "keep"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(!out.contains("Typography changes"), "{out}");
}

#[test]
fn bad_inputs_give_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("empty.txt"), "").unwrap();
    std::fs::write(p.join("blank.txt"), " \n\u{3000}\r\n\t\n").unwrap();
    std::fs::write(p.join("binary.txt"), [0u8, 1, 0, 2, 0, 0, 0, 3]).unwrap();
    std::fs::create_dir(p.join("folder.txt")).unwrap();
    assert_one_line_error(
        &fangtan(p, &["build", "missing.txt"]),
        1,
        "missing.txt: cannot read: no such file",
    );
    assert_one_line_error(&fangtan(p, &["inspect", "folder.txt"]), 1, "is a directory");
    assert_one_line_error(
        &fangtan(p, &["build", "empty.txt"]),
        1,
        "empty.txt: is empty",
    );
    assert_one_line_error(&fangtan(p, &["build", "blank.txt"]), 1, "only whitespace");
    assert_one_line_error(&fangtan(p, &["build", "binary.txt"]), 1, "binary");
    // Nothing was written for any of them.
    assert!(!p.join("out").exists());
}

#[test]
fn sidecar_beside_input_is_used_and_its_errors_have_positions() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("talk.txt"),
        "问：你好吗？\n答：很好。\n问：再见？\n答：再见。\n",
    )
    .unwrap();
    std::fs::write(
        p.join("talk.txt.toml"),
        "slug = \"my-talk\"\n[[cast]]\nlabel = \"问\"\nname = \"记者\"\n",
    )
    .unwrap();
    let o = fangtan(p, &["build", "talk.txt", "--only", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: fangtan::model::Document =
        serde_json::from_slice(&std::fs::read(p.join("out/my-talk.json")).unwrap()).unwrap();
    assert_eq!(doc.cast[0].name, "记者");

    std::fs::write(p.join("bad.toml"), "title = \"x\"\nslug = \n").unwrap();
    let o = fangtan(p, &["inspect", "talk.txt", "--meta", "bad.toml"]);
    assert_one_line_error(&o, 1, "bad.toml:2:");
}

#[test]
fn plain_article_warns_and_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("essay.txt"),
        "一篇文章\n第一段，没有任何对话。\n第二段。\n",
    )
    .unwrap();
    let o = fangtan(p, &["build", "essay.txt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("essay.txt: warning: no speaker labels found"),
        "{}",
        stderr(&o)
    );
    assert!(p.join("out/essay.json").is_file());
    let o = fangtan(p, &["build", "essay.txt", "--deny-warnings"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn output_folder_that_is_a_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("out"), "not a folder").unwrap();
    let o = fangtan(dir.path(), &["build", "--only", "json"]);
    assert_one_line_error(&o, 2, "output folder is a file");
}

#[test]
fn usage_errors_exit_1_and_help_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(fangtan(dir.path(), &["--bogus"]).status.code(), Some(1));
    assert_eq!(fangtan(dir.path(), &["--help"]).status.code(), Some(0));
    assert_eq!(
        fangtan(dir.path(), &["build", "--meta", "x.toml"])
            .status
            .code(),
        Some(1)
    );
}

/// Every file in `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_failing_backend_leaves_the_earlier_outputs_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let o = fangtan(p, &["build", "--only", "json,epub"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot(&p.join("out"));
    assert_eq!(before.len(), 2);
    // A broken template makes the EPUB backend fail after the JSON was rendered.
    std::fs::create_dir_all(p.join("bad/epub")).unwrap();
    std::fs::write(p.join("bad/epub/section.xhtml.hbs"), "{{#each}}").unwrap();
    let o = fangtan(p, &["build", "--only", "json,epub", "--templates", "bad"]);
    assert_one_line_error(&o, 1, "section.xhtml.hbs");
    // Nothing was touched, and no temporary file is left behind.
    assert!(snapshot(&p.join("out")) == before);
}

#[test]
fn an_output_that_cannot_be_replaced_is_an_output_error_without_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("out/levy-lecun.json")).unwrap();
    let o = fangtan(p, &["build", "--only", "json"]);
    assert_one_line_error(&o, 2, "levy-lecun.json: cannot write");
    let left: Vec<_> = std::fs::read_dir(p.join("out")).unwrap().collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn unreadable_input_and_unwritable_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    // Readable by name, but reading it fails (even as root).
    assert_one_line_error(&fangtan(p, &["build", "/proc/self/mem"]), 1, "cannot read");
    assert_one_line_error(
        &fangtan(
            p,
            &["build", "--only", "json", "--out", "/proc/fangtan-out"],
        ),
        2,
        "cannot create folder",
    );
}

#[test]
fn a_hostile_slug_cannot_leave_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("talk.txt"), "问：你好吗？\n答：很好。\n").unwrap();
    // A control character in a sidecar string is refused where it stands.
    std::fs::write(p.join("talk.toml"), "slug = \"../../x/\\u0001y\"\n").unwrap();
    let args = ["build", "talk.txt", "--meta", "talk.toml", "--only", "json"];
    assert_one_line_error(
        &fangtan(p, &args),
        1,
        "talk.toml:1:8: `slug` holds the control character U+0001",
    );
    std::fs::write(p.join("talk.toml"), "slug = \"../../x/y\"\n").unwrap();
    let o = fangtan(p, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = snapshot(&p.join("out"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["x-y.json"]);
    assert!(!p.parent().unwrap().join("x").exists());
}

#[test]
fn a_batch_builds_every_article_and_one_failure_stops_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("talks/more")).unwrap();
    std::fs::write(p.join("talks/one.txt"), "问：你好吗？\n答：很好。\n").unwrap();
    std::fs::write(p.join("talks/two.txt"), "记者：第二篇？\n嘉宾：是的。\n").unwrap();
    std::fs::write(p.join("talks/broken.txt"), "").unwrap();
    // Neither a picture nor a sidecar nor JSON that is no transcript is an input.
    std::fs::write(p.join("talks/cover.jpg"), "not an input").unwrap();
    std::fs::write(p.join("talks/one.toml"), "").unwrap();
    std::fs::write(p.join("talks/data.json"), "{\"name\": 1}").unwrap();
    std::fs::write(p.join("three.txt"), "主持人：第三篇。\n嘉宾：好。\n").unwrap();
    let o = fangtan(p, &["build", "talks", "three.txt", "--only", "json"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("talks/broken.txt: is empty"), "{err}");
    assert!(
        err.contains("built 3 of 4 articles into out, ") && err.contains("1 failed"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
    let names: Vec<String> = snapshot(&p.join("out"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["one.json", "three.json", "two.json"]);

    // Two articles that would write the same files: the first named is built, the other
    // refused, whichever thread gets there first.
    std::fs::write(p.join("talks/more/one.txt"), "问：同名？\n答：对。\n").unwrap();
    for (first, second, out) in [
        ("talks/one.txt", "talks/more", "same-a"),
        ("talks/more", "talks/one.txt", "same-b"),
    ] {
        let o = fangtan(p, &["build", first, second, "--only", "json", "--out", out]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        let refused = if first == "talks/more" {
            "talks/one.txt"
        } else {
            "talks/more/one.txt"
        };
        assert!(
            err.contains(&format!(
                "{refused}: not built: its outputs would have the same names"
            )),
            "{err}"
        );
        let built = std::fs::read_to_string(p.join(out).join("one.json")).unwrap();
        assert_eq!(built.contains("同名"), first == "talks/more", "{out}");
    }

    // --meta names one article's sidecar: with several it is a usage error.
    let o = fangtan(p, &["build", "talks", "three.txt", "--meta", "x.toml"]);
    assert_one_line_error(&o, 1, "--meta");
    // A folder without texts says so.
    std::fs::create_dir_all(p.join("empty")).unwrap();
    assert_one_line_error(&fangtan(p, &["build", "empty"]), 1, "no interview files");
    // In a batch, an empty folder is one failure among the articles, not the end of it.
    let o = fangtan(
        p,
        &[
            "build",
            "empty",
            "three.txt",
            "--only",
            "json",
            "--out",
            "batch",
        ],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("empty: no interview files in this folder"),
        "{err}"
    );
    assert!(err.contains("built 1 of 2 articles"), "{err}");
    assert!(p.join("batch/three.json").exists());
}

#[test]
fn a_warning_about_the_sidecar_names_the_sidecar_and_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("talk.txt"), "问：你好吗？\n答：很好。\n").unwrap();
    std::fs::write(
        p.join("talk.toml"),
        "title = \"T\"\n\n[[lines]]\nline = 99\nkind = \"caption\"\n\n[[lines]]\nkind = \"text\"\n",
    )
    .unwrap();
    let o = fangtan(p, &["build", "talk.txt", "--only", "json"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(
            "talk.toml:3: warning: sidecar override for line 99 matches no non-blank line"
        ),
        "{err}"
    );
    assert!(
        err.contains("talk.toml:7: warning: a [[lines]] override needs exactly one"),
        "{err}"
    );
}

#[test]
fn an_output_named_like_the_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("out")).unwrap();
    // A model JSON read back as an input, from the folder its outputs go to.
    let text = "问：你好吗？\n答：很好。\n问：真的？\n答：真的。\n";
    std::fs::write(p.join("out/talk.json"), text).unwrap();
    let o = fangtan(p, &["build", "out/talk.json", "--from", "text"]);
    assert_one_line_error(&o, 1, "would overwrite the file it is read from");
    assert_eq!(
        std::fs::read_to_string(p.join("out/talk.json")).unwrap(),
        text
    );
}

#[test]
fn a_usage_error_is_one_line_too() {
    let dir = tempfile::tempdir().unwrap();
    let o = fangtan(dir.path(), &["build", "--ot", "x"]);
    assert_one_line_error(&o, 1, "unexpected argument '--ot'");
    assert!(
        stderr(&o).contains("a similar argument exists"),
        "{}",
        stderr(&o)
    );
    let o = fangtan(dir.path(), &["build", "--paper", "A9"]);
    assert_one_line_error(&o, 1, "A9");
    assert!(fangtan(dir.path(), &["--help"]).status.success());
}

#[test]
fn a_template_naming_a_variable_that_does_not_exist_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/epub/inlines.hbs");
    let inlines = std::fs::read_to_string(root).unwrap();
    std::fs::create_dir_all(p.join("mine/epub")).unwrap();
    std::fs::write(
        p.join("mine/epub/inlines.hbs"),
        // The plain-text branch, the last one: every paragraph goes through it.
        inlines.replace(
            "{{else}}{{text}}{{/if}}{{/each}}",
            "{{else}}{{txet}}{{/if}}{{/each}}",
        ),
    )
    .unwrap();
    let o = fangtan(p, &["build", "--templates", "mine", "--only", "epub"]);
    assert_one_line_error(&o, 1, "template error");
    assert!(stderr(&o).contains("txet"), "{}", stderr(&o));
    assert!(!p.join("out").join("levy-lecun.epub").exists());
}

#[test]
fn an_output_failing_after_others_were_staged_changes_nothing() {
    // The other backends stage their files while the script's Markdown renders; a template
    // that fails while rendering must take them away again, and leave the previous build's
    // outputs as they were.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    assert!(fangtan(p, &["build"]).status.success());
    let out = p.join("out");
    let before: Vec<(String, Vec<u8>)> = listing(&out);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/script/script.md.hbs");
    let template = std::fs::read_to_string(root).unwrap();
    std::fs::create_dir_all(p.join("mine/script")).unwrap();
    std::fs::write(
        p.join("mine/script/script.md.hbs"),
        template.replace("{{tts}}", "{{stt}}"),
    )
    .unwrap();
    let o = fangtan(p, &["build", "--templates", "mine"]);
    assert_one_line_error(&o, 1, "template error");
    assert!(stderr(&o).contains("stt"), "{}", stderr(&o));
    // Named as a syntax error is: the file, its line and column.
    assert!(
        stderr(&o).starts_with("fangtan: error: mine/script/script.md.hbs:11:"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        listing(&out),
        before,
        "outputs changed or temporary files left"
    );
}

/// Every file in `dir` with its bytes, by name.
fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().into_string().unwrap(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_format_named_twice_is_made_once() {
    let dir = tempfile::tempdir().unwrap();
    let o = fangtan(dir.path(), &["build", "--only", "epub,script,epub"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = listing(&dir.path().join("out"))
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(names.len(), 6, "{names:?}");
    assert!(
        names.iter().all(|n| !n.starts_with(".fangtan-")),
        "{names:?}"
    );
}

#[test]
fn an_error_about_a_file_with_a_line_break_in_its_name_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("two\nlines.txt"), "").unwrap();
    let o = fangtan(dir.path(), &["build", "two\nlines.txt"]);
    assert_one_line_error(&o, 1, "two\\nlines.txt");
    let o = fangtan(dir.path(), &["repeat", "--copies", "0"]);
    assert_one_line_error(&o, 1, "--copies");
}

#[test]
fn a_sidecar_character_no_font_has_is_warned_at_its_sidecar_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("talk.txt"),
        "问：你好吗？\n答：很好。\n问：真的？\n答：是的。\n",
    )
    .unwrap();
    // A private-use character of the last plane: no font draws it.
    std::fs::write(
        p.join("talk.toml"),
        "# a title\ntitle = \"访谈\u{10FFFD}\"\n",
    )
    .unwrap();
    let o = fangtan(p, &["build", "talk.txt", "--only", "pdf"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("talk.toml:2: warning: no font has"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains(":0:"), "{}", stderr(&o));
}

/// Without a speech engine, `--only audio` is one line naming the package to install, and a
/// default build makes everything else and says in one line why there is no episode.
#[test]
fn audio_without_an_engine_is_one_line_naming_the_package() {
    let dir = tempfile::tempdir().unwrap();
    // A PATH with no espeak-ng and no LAME on it.
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_fangtan"))
            .args(args)
            .current_dir(dir.path())
            .env("PATH", dir.path())
            .output()
            .unwrap()
    };
    let o = run(&["build", "--only", "audio"]);
    assert_one_line_error(&o, 2, "apt-get install espeak-ng");
    assert!(!dir.path().join("out/levy-lecun.episode.mp3").exists());
    let o = run(&["build", "--only", "epub,audio"]);
    assert_one_line_error(&o, 2, "apt-get install espeak-ng");
    let o = run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(
            "fangtan: audio: skipped: espeak-ng is not installed (apt-get install espeak-ng)"
        ),
        "{err}"
    );
    assert!(dir.path().join("out/levy-lecun.epub").is_file());
}
