//! The core stays free of web dependencies: only `src/main.rs` and `src/ui/` may use
//! yew, web-sys, gloo or wasm-bindgen.

mod common;

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn core_modules_import_no_web_crates() {
    let src = common::root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let core: Vec<_> = files
        .iter()
        .filter(|p| !p.starts_with(src.join("ui")) && *p != &src.join("main.rs"))
        .collect();
    assert!(core.len() >= 10, "found {} core files", core.len());
    let forbidden = ["yew", "web_sys", "gloo", "wasm_bindgen", "js_sys"];
    for file in core {
        let text = std::fs::read_to_string(file).expect("read");
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or_default();
            for word in forbidden {
                let hit = code
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .any(|tok| tok == word);
                assert!(!hit, "{}: uses {word}: {line}", file.display());
            }
        }
    }
}
