//! Replays the checked-in fuzz corpora (fuzz/corpus/<target>/) through the same checks
//! the cargo-fuzz targets run (fuzz/checks/), so `cargo test` keeps every input the
//! fuzzers found interesting free of panics and broken invariants.

mod common;

#[path = "../fuzz/checks/check.rs"]
mod check;
#[path = "../fuzz/checks/cidr_list.rs"]
mod cidr_list;
#[path = "../fuzz/checks/import_values.rs"]
mod import_values;
#[path = "../fuzz/checks/share_decode.rs"]
mod share_decode;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = common::root().join("fuzz/corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("corpus entry").path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 3,
        "{target}: only {} corpus files",
        files.len()
    );
    for file in &files {
        let data = std::fs::read(file).expect("corpus file");
        let run = std::panic::catch_unwind(|| check(&data));
        assert!(run.is_ok(), "{target}: {} fails", file.display());
    }
    println!("{target}: {} inputs replayed", files.len());
}

#[test]
fn share_decode_corpus() {
    replay("share_decode", share_decode::check);
}

#[test]
fn import_values_corpus() {
    replay("import_values", import_values::check);
}

#[test]
fn cidr_list_corpus() {
    replay("cidr_list", cidr_list::check);
}

#[test]
fn check_corpus() {
    replay("check", check::check);
}
