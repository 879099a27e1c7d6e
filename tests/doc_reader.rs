//! The YAML reader (`doc::parse`) against serde_yaml 0.9, the reader it replaces.
//!
//! On every YAML file we have — the fuzz corpus of pasted values files, the fixtures, the
//! chart's values, the examples, the golden outputs and the released share-link payloads
//! — serde_yaml's tree (through `doc::from_serde_yaml`) and the reader's must be the same,
//! or both must refuse the text. The deliberate differences are `EXCEPTIONS` in
//! `fuzz/fuzz_targets/doc_parse.rs` (shared with the fuzz target):
//!
//! - `collection-key`: a sequence or mapping as a mapping key is refused;
//! - `tagged-duplicate-key`: keys equal once local tags are dropped are duplicates;
//! - `leading-bom`: a byte-order mark is dropped (serde_yaml counts it as a column, so a
//!   multi-line file with one reads as two documents); compared with serde_yaml on the
//!   text without it;
//! - `redefined-anchor`: an alias names the latest definition of its anchor (serde_yaml
//!   0.9 can mix up a redefined anchor with the next new one);
//! - `alias-budget`: aliases copying over a million nodes are refused.
//!
//! Property tests then write random trees with serde_yaml's emitter and with ours
//! (`yaml::to_string`) and random Environments as share payloads, and read them back.

mod common;

#[path = "../fuzz/fuzz_targets/doc_parse.rs"]
mod differential;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use proptest::collection::vec;
use proptest::prelude::*;

use differential::{outcome, same, Outcome, EXCEPTIONS};
use periscope_netpol::doc::{self, Map, Number, Value};
use periscope_netpol::yaml::{self, Node};

/// Every file of a directory (optionally only `.yaml`), sorted.
fn files(dir: &str, only_yaml: bool) -> Vec<PathBuf> {
    let dir = common::root().join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file())
        .filter(|p| !only_yaml || p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    out.sort();
    out
}

/// The JSON payloads of the released share links (`tests/golden/share-links.txt`).
fn share_payloads() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(common::root().join("tests/golden/share-links.txt"))
        .expect("share-links.txt");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (name, fragment) = l.split_once(' ')?;
            Some((name.to_owned(), common::share_payload(fragment.trim())))
        })
        .collect()
}

#[test]
fn reads_every_corpus_file_as_serde_yaml_does() {
    let mut inputs: Vec<(String, String)> = Vec::new();
    for (dir, only_yaml) in [
        ("fuzz/corpus/import_values", false),
        ("fuzz/corpus/doc_parse", false),
        ("tests/fixtures", true),
        ("www/examples", false),
        ("tests/golden", true),
    ] {
        if dir == "fuzz/corpus/doc_parse" && !common::root().join(dir).exists() {
            continue;
        }
        for p in files(dir, only_yaml) {
            let bytes = std::fs::read(&p).expect("read corpus file");
            inputs.push((
                p.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    for (name, json) in share_payloads() {
        inputs.push((format!("share link {name}"), json));
    }

    let mut same_tree = 0;
    let mut refused = 0;
    let mut excepted: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for (name, text) in &inputs {
        match outcome(text) {
            Ok(Outcome::Same) => same_tree += 1,
            Ok(Outcome::BothRefuse) => refused += 1,
            Ok(Outcome::Excepted(which)) => *excepted.entry(which).or_default() += 1,
            Err(why) => failures.push(format!("{name}: {why}")),
        }
    }
    println!(
        "{} inputs: {same_tree} same tree, {refused} refused by both, {} excepted, {} differ",
        inputs.len(),
        excepted.values().sum::<usize>(),
        failures.len()
    );
    for (name, what, why) in EXCEPTIONS {
        println!(
            "  exception {name} ({} inputs): {what} — {why}",
            excepted.get(name).copied().unwrap_or(0)
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} inputs differ:\n{}",
        failures.len(),
        inputs.len(),
        failures
            .iter()
            .take(60)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(same_tree > 2000, "only {same_tree} inputs read the same");
}

#[test]
fn the_chart_values_and_fixtures_parse() {
    for p in files("tests/fixtures", true) {
        let text = std::fs::read_to_string(&p).expect("fixture");
        let v = doc::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert!(v.is_mapping(), "{}", p.display());
    }
}

/// A random serde_yaml tree: the scalars that trip readers, nested a few levels.
fn serde_tree() -> impl Strategy<Value = serde_yaml::Value> {
    let text = prop_oneof![
        "[ -~]{0,10}",
        "\\PC{0,6}",
        "[a-z0-9 :#'\"\\-\\[\\]{},&*!|>%@`\t\n\r\\\\]{0,10}",
        prop::sample::select(vec![
            "",
            "true",
            "True",
            "yes",
            "no",
            "null",
            "~",
            "0x1F",
            "0o7",
            "+1",
            "-0",
            "012",
            "1e3",
            ".inf",
            "-.INF",
            ".nan",
            "1_000",
            "0.",
            "- a",
            ": b",
            "a: b",
            "#c",
            "---",
            "...",
            " lead",
            "trail ",
            "\u{85}",
            "\u{2028}",
            "\u{feff}x",
            "\u{a0}",
        ])
        .prop_map(str::to_owned),
    ];
    let leaf = prop_oneof![
        Just(serde_yaml::Value::Null),
        any::<bool>().prop_map(serde_yaml::Value::Bool),
        any::<i64>().prop_map(|i| serde_yaml::Value::Number(i.into())),
        any::<u64>().prop_map(|u| serde_yaml::Value::Number(u.into())),
        prop_oneof![
            any::<f64>(),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(f64::NAN),
            Just(0.5),
            Just(-0.0),
            Just(1e300),
        ]
        .prop_map(|f| serde_yaml::Value::Number(f.into())),
        text.clone().prop_map(serde_yaml::Value::String),
    ];
    let key = prop_oneof![
        4 => text.prop_map(serde_yaml::Value::String),
        1 => any::<i64>().prop_map(|i| serde_yaml::Value::Number(i.into())),
        1 => any::<bool>().prop_map(serde_yaml::Value::Bool),
        1 => Just(serde_yaml::Value::Null),
    ];
    leaf.prop_recursive(4, 48, 5, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..5).prop_map(serde_yaml::Value::Sequence),
            vec((key.clone(), inner), 0..5)
                .prop_map(|pairs| serde_yaml::Value::Mapping(pairs.into_iter().collect())),
        ]
    })
}

/// A random tree for our writer, and the tree the reader must give back.
fn node_tree() -> impl Strategy<Value = (Node, Value)> {
    let text = prop_oneof![
        "[ -~]{0,10}",
        "\\PC{0,6}",
        "[a-z0-9 :#'\"\\-\\[\\]{},&*!|>%@`\t\n\\\\.]{0,10}",
    ];
    let leaf = prop_oneof![
        text.clone()
            .prop_map(|s| (Node::Str(s.clone()), Value::String(s))),
        any::<i64>().prop_map(|i| (Node::Int(i), Value::from(i))),
        any::<bool>().prop_map(|b| (Node::Bool(b), Value::Bool(b))),
    ];
    leaf.prop_recursive(4, 48, 5, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..5).prop_map(|items| {
                let (nodes, values): (Vec<Node>, Vec<Value>) = items.into_iter().unzip();
                (Node::seq(nodes), Value::Sequence(values))
            }),
            vec((text.clone(), inner), 0..5).prop_map(|pairs| {
                let mut seen = std::collections::BTreeSet::new();
                let pairs: Vec<(String, (Node, Value))> = pairs
                    .into_iter()
                    .filter(|(k, _)| seen.insert(k.clone()))
                    .collect();
                let mut map = Map::new();
                for (k, (_, v)) in &pairs {
                    map.insert(k.as_str(), v.clone());
                }
                let node = Node::map(pairs.into_iter().map(|(k, (n, _))| (k, n)));
                (node, Value::Mapping(map))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// serde_yaml's own output reads back the same with both readers.
    #[test]
    fn serde_yaml_output_reads_back(tree in serde_tree()) {
        let text = serde_yaml::to_string(&tree).expect("serde_yaml writes any tree");
        let result = outcome(&text);
        prop_assert!(
            matches!(result, Ok(Outcome::Same)),
            "{text:?}: {result:?}"
        );
        let ours = doc::parse(&text).expect("reads");
        prop_assert!(same(&ours, &doc::from_serde_yaml(&tree)), "{text:?}: {ours:?}");
    }

    /// Our writer's output reads back as the tree it was written from.
    #[test]
    fn our_writer_output_reads_back((node, want) in node_tree()) {
        let text = yaml::to_string(&node);
        let ours = doc::parse(&text);
        prop_assert!(
            ours.as_ref().is_ok_and(|v| same(v, &want)),
            "{text:?}: {ours:?}, want {want:?}"
        );
        let result = outcome(&text);
        prop_assert!(matches!(result, Ok(Outcome::Same)), "{text:?}: {result:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Share payloads (compact JSON) of random Environments read as serde_yaml reads them.
    #[test]
    fn share_payloads_read_back(env in common::arb::environment()) {
        let json = common::share_payload(&periscope_netpol::share::encode(&env));
        let result = outcome(&json);
        prop_assert!(matches!(result, Ok(Outcome::Same)), "{json}: {result:?}");
    }
}

/// A values file of about `bytes` bytes in the chart's style.
fn big_values(bytes: usize) -> String {
    let mut text =
        String::from("# generated\nnetworkPolicy:\n  enabled: true\n  egress:\n    extra:\n");
    let mut i = 0u32;
    while text.len() < bytes {
        text.push_str(&format!(
            "    # rule {i}\n    - to:\n        - ipBlock:\n            cidr: 10.{}.{}.0/24\n            except: [\"10.{}.{}.128/25\"]\n      ports:\n        - port: {}\n          protocol: TCP\n        - {{port: \"dns-{i}\", protocol: UDP}}\n      description: >-\n        folded text for rule {i}\n        on two lines\n",
            i % 256, (i / 256) % 256, i % 256, (i / 256) % 256, 1024 + i % 60000
        ));
        i += 1;
    }
    text
}

/// Parse time of a ~1 MB values file; run with
/// `cargo test --release --test doc_reader -- --ignored --nocapture`.
#[test]
#[ignore]
fn a_megabyte_parses_quickly() {
    let text = big_values(1 << 20);
    let runs = 20;
    let mut best = std::time::Duration::MAX;
    let t = Instant::now();
    for _ in 0..runs {
        let one = Instant::now();
        let v = doc::parse(&text).expect("parses");
        best = best.min(one.elapsed());
        assert!(v.is_mapping());
    }
    let mean = t.elapsed() / runs;
    let t = Instant::now();
    let _ = serde_yaml::from_str::<serde_yaml::Value>(&text).expect("serde_yaml parses");
    let theirs = t.elapsed();
    println!(
        "{} bytes: reader {best:?} best, {mean:?} mean of {runs}; serde_yaml {theirs:?}",
        text.len()
    );
    assert_eq!(outcome(&text), Ok(Outcome::Same));
}

#[test]
fn a_megabyte_parses_in_linear_time() {
    // Not a benchmark (debug build): a quadratic step would make this take minutes.
    let text = big_values(1 << 20);
    let t = Instant::now();
    let v = doc::parse(&text).expect("parses");
    assert!(v.get("networkPolicy").is_some());
    assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
}

#[test]
fn numbers_keep_their_kind() {
    let v = doc::parse("[1, -1, 1.5, 18446744073709551615]").expect("parses");
    assert_eq!(
        v,
        Value::Sequence(vec![
            Value::Number(Number::PosInt(1)),
            Value::Number(Number::NegInt(-1)),
            Value::Number(Number::Float(1.5)),
            Value::Number(Number::PosInt(u64::MAX)),
        ])
    );
}
