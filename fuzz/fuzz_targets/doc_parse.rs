//! The YAML reader against serde_yaml 0.9, the reader it replaces: on any text, both
//! give the same tree (NaN equal to NaN), or both refuse, or the case is one of the
//! deliberate differences in [`EXCEPTIONS`]; and nothing panics. Shared by the cargo-fuzz
//! target (`cargo fuzz run doc_parse`), the corpus replay in `tests/fuzz_corpus.rs` and
//! the differential test in `tests/doc_reader.rs`.
#![cfg_attr(not(test), no_main)]
#![allow(dead_code)]

use periscope_netpol::doc::{self, Path, Value};

// The fuzz program; the tests that include this file as a module (built with `--test`)
// use only the functions below.
#[cfg(not(test))]
libfuzzer_sys::fuzz_target!(|data: &[u8]| check(data));

/// Where the reader deliberately differs from serde_yaml: (name, what, why). Each is a
/// text serde_yaml accepts and the reader refuses, recognised by the shape of
/// serde_yaml's tree and the reader's message.
pub const EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "collection-key",
        "a sequence or mapping used as a mapping key",
        "no file the app reads has one, and `Map` keys are scalars so typed code can look them up",
    ),
    (
        "tagged-duplicate-key",
        "keys that differ only in a local tag (`!a x` and `x`)",
        "serde_yaml keeps both as distinct tagged keys; the tree drops local tags, which would leave two equal keys",
    ),
    (
        "leading-bom",
        "a byte-order mark before the first line",
        "serde_yaml gives libyaml the text with its encoding set, so the BOM counts as a column and a multi-line file reads as two documents; the reader drops it (the test compares with serde_yaml on the text without it)",
    ),
    (
        "redefined-anchor",
        "an anchor name defined twice (`&a 1, &a 2, *a`)",
        "serde_yaml 0.9 numbers anchors by how many names it has seen, so a redefinition can share a number with the next new name and an alias copies the wrong node (or loops); the reader follows YAML (and Helm): an alias names the latest definition",
    ),
    (
        "alias-budget",
        "aliases copying more than a million nodes",
        "serde_yaml builds them (a billion-laughs input exhausts memory first); the reader stops",
    ),
];

/// How one text came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Both read the same tree.
    Same,
    /// Both refused it.
    BothRefuse,
    /// A listed exception (its name).
    Excepted(&'static str),
}

/// Runs one fuzz input.
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Err(why) = outcome(&text) {
        panic!("{why}\ninput: {text:?}");
    }
}

/// Compares the reader with serde_yaml on `text`; `Err` describes a disagreement.
pub fn outcome(text: &str) -> Result<Outcome, String> {
    let Some(rest) = text.strip_prefix('\u{feff}') else {
        return compare(text, text);
    };
    let result = compare(text, rest)?;
    let full = serde_yaml::from_str::<serde_yaml::Value>(text);
    let stripped = serde_yaml::from_str::<serde_yaml::Value>(rest);
    let differs = match (&full, &stripped) {
        (Ok(a), Ok(b)) => !same(&doc::from_serde_yaml(a), &doc::from_serde_yaml(b)),
        (Err(_), Err(_)) => false,
        _ => true,
    };
    Ok(if differs && result != Outcome::BothRefuse {
        Outcome::Excepted("leading-bom")
    } else {
        result
    })
}

/// The reader on `text` against serde_yaml on `serde_text`.
fn compare(text: &str, serde_text: &str) -> Result<Outcome, String> {
    let ours = doc::parse(text);
    let theirs = serde_yaml::from_str::<serde_yaml::Value>(serde_text);
    let verdict = judge(text, ours, theirs);
    if verdict.is_err() && has_redefined_anchor(text) {
        return Ok(Outcome::Excepted("redefined-anchor"));
    }
    verdict
}

fn judge(
    text: &str,
    ours: Result<Value, doc::SyntaxError>,
    theirs: Result<serde_yaml::Value, serde_yaml::Error>,
) -> Result<Outcome, String> {
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => {
            let want = doc::from_serde_yaml(&theirs);
            if !same(&ours, &want) {
                return Err(format!(
                    "different trees\n  ours:       {ours:?}\n  serde_yaml: {want:?}"
                ));
            }
            check_locate(text, &ours)?;
            Ok(Outcome::Same)
        }
        (Err(_), Err(_)) => Ok(Outcome::BothRefuse),
        (Err(e), Ok(theirs)) => {
            let m = &e.message;
            if m.contains("cannot be a mapping key") && has_collection_key(&theirs) {
                Ok(Outcome::Excepted("collection-key"))
            } else if m.contains("duplicate key") && has_tag_twin_keys(&theirs) {
                Ok(Outcome::Excepted("tagged-duplicate-key"))
            } else if m.contains("aliases expand to more than") {
                Ok(Outcome::Excepted("alias-budget"))
            } else {
                Err(format!(
                    "the reader refuses what serde_yaml reads\n  ours:       {e}\n  serde_yaml: {:?}",
                    doc::from_serde_yaml(&theirs)
                ))
            }
        }
        (Ok(ours), Err(e)) => Err(format!(
            "the reader reads what serde_yaml refuses\n  ours:       {ours:?}\n  serde_yaml: {e}"
        )),
    }
}

/// Equal trees, NaN equal to NaN.
pub fn same(a: &Value, b: &Value) -> bool {
    use periscope_netpol::doc::Number;
    match (a, b) {
        (Value::Number(Number::Float(x)), Value::Number(Number::Float(y))) => {
            x == y || (x.is_nan() && y.is_nan())
        }
        (Value::Sequence(x), Value::Sequence(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Mapping(x), Value::Mapping(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((ka, va), (kb, vb))| same(ka, kb) && same(va, vb))
        }
        _ => a == b,
    }
}

/// Every node reachable by string keys and indexes (a few dozen at most) is located.
fn check_locate(text: &str, root: &Value) -> Result<(), String> {
    let mut paths = Vec::new();
    collect_paths(root, &mut Path::root(), &mut paths, 0);
    for path in paths.iter().take(24) {
        if doc::locate(text, path).is_none() {
            return Err(format!("no position for `{path}`"));
        }
    }
    Ok(())
}

fn collect_paths(v: &Value, at: &mut Path, out: &mut Vec<Path>, depth: usize) {
    out.push(at.clone());
    if depth > 8 || out.len() > 64 {
        return;
    }
    match v {
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate().take(4) {
                at.push_index(i);
                collect_paths(item, at, out, depth + 1);
                at.pop();
            }
        }
        Value::Mapping(map) => {
            for (k, item) in map.iter().take(4) {
                if let Some(k) = k.as_str() {
                    at.push_key(k);
                    collect_paths(item, at, out, depth + 1);
                    at.pop();
                }
            }
        }
        _ => {}
    }
}

fn untag(v: &serde_yaml::Value) -> &serde_yaml::Value {
    match v {
        serde_yaml::Value::Tagged(t) => untag(&t.value),
        v => v,
    }
}

/// Whether some mapping key is a sequence or a mapping.
fn has_collection_key(v: &serde_yaml::Value) -> bool {
    match untag(v) {
        serde_yaml::Value::Sequence(items) => items.iter().any(has_collection_key),
        serde_yaml::Value::Mapping(m) => m.iter().any(|(k, v)| {
            matches!(
                untag(k),
                serde_yaml::Value::Sequence(_) | serde_yaml::Value::Mapping(_)
            ) || has_collection_key(k)
                || has_collection_key(v)
        }),
        _ => false,
    }
}

/// Whether some mapping has two keys that are equal once tags are dropped.
fn has_tag_twin_keys(v: &serde_yaml::Value) -> bool {
    match untag(v) {
        serde_yaml::Value::Sequence(items) => items.iter().any(has_tag_twin_keys),
        serde_yaml::Value::Mapping(m) => {
            let keys: Vec<Value> = m.keys().map(doc::from_serde_yaml).collect();
            let twins = keys
                .iter()
                .enumerate()
                .any(|(i, a)| keys.iter().skip(i + 1).any(|b| same(a, b)));
            twins
                || m.iter()
                    .any(|(k, v)| has_tag_twin_keys(k) || has_tag_twin_keys(v))
        }
        _ => false,
    }
}

/// Whether an anchor name looks defined twice (`&name` after a blank or `[{,`; a quoted
/// `" &a &a"` counts too, which only makes the exception a little wider).
fn has_redefined_anchor(text: &str) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '&' && (prev.is_whitespace() || "[{,".contains(prev)) {
            let mut name = String::new();
            while let Some(&n) = chars.peek() {
                if !(n.is_ascii_alphanumeric() || n == '_' || n == '-') {
                    break;
                }
                name.push(n);
                chars.next();
            }
            if !name.is_empty() && !seen.insert(name) {
                return true;
            }
            prev = 'x';
            continue;
        }
        prev = c;
    }
    false
}
