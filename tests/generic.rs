//! The reader is generic: nothing of the bundled article is written into it.

use std::path::Path;

/// Names, labels and phrases that belong to the bundled article alone.
fn article_specific_words() -> Vec<String> {
    let sidecar: toml::Value = toml::from_str(fangtan::bundled::SIDECAR).unwrap();
    let mut words = vec![
        "Sense".to_string(),
        "Wired".into(),
        "参考材料".into(),
        "访谈全文".into(),
    ];
    for entry in sidecar["cast"].as_array().unwrap() {
        for key in ["label", "name"] {
            let name = entry[key].as_str().unwrap();
            words.push(name.to_string());
            words.extend(name.split_whitespace().map(str::to_string));
        }
    }
    words.sort();
    words.dedup();
    words
}

/// Every `.rs` file under `dir`, subfolders included.
fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn parser_and_normaliser_name_nothing_of_the_bundled_article() {
    let words = article_specific_words();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files: Vec<_> = ["src/parse", "src/zh", "src/model"]
        .iter()
        .flat_map(|dir| rust_files(&root.join(dir)))
        .collect();
    assert!(files.iter().any(|p| p.ends_with("parse/labels/census.rs")));
    for path in files {
        let code: String = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            // Unit tests may quote the article; the rules may not.
            .take_while(|l| !l.starts_with("#[cfg(test)]"))
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for word in &words {
            assert!(
                !code.contains(word.as_str()),
                "{} names {word:?} from the bundled article",
                path.display()
            );
        }
    }
}
