//! Differential test of the values readers: every values file we have (the import fuzz
//! corpus, the fixtures, the site's examples) read through `doc` and the hand-written
//! `FromValue`s ([`parse_values`]) and through serde_yaml with the serde derives, the way
//! `parse_values` read them before. Both must agree: the same values when both read
//! the file, a failure on both sides otherwise (the exceptions are listed with their
//! reasons), and `ToValue` must write what serde wrote.

use std::path::{Path, PathBuf};

use periscope_netpol::doc::{self, ToValue};
use periscope_netpol::import::{document_values, parse_values};
use periscope_netpol::values::{Values, ValuesFile};

/// The old `parse_values`: serde_yaml's tree to find the block, the derives to read it.
fn oracle(text: &str) -> Result<Values, String> {
    let doc: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    if doc.get("networkPolicy").is_some() {
        serde_yaml::from_str::<ValuesFile>(text)
            .map(|f| f.network_policy)
            .map_err(|e| e.to_string())
    } else if ["enabled", "ingress", "egress"]
        .iter()
        .any(|k| doc.get(k).is_some())
    {
        serde_yaml::from_str::<Values>(text).map_err(|e| e.to_string())
    } else {
        Ok(Values::default())
    }
}

/// Why serde_yaml and the tree may disagree on a file, when they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exception {
    /// A scalar spelled other than canonically in a text field (`0x10`, `1.50`, `True`):
    /// serde_yaml kept the spelling, the tree keeps the value and the reader writes it
    /// canonically. Shown by the oracle agreeing once the file is written canonically.
    ScalarSpelling,
    /// A null where the derives wanted a boolean, a struct, a list or a string
    /// (`enabled:`, `ingress: ~`): serde_yaml refused it (or read the text "~"), the
    /// readers take null as absent, as Helm does (a null value unsets the key, so the
    /// chart's default applies). Shown by the oracle agreeing once null entries are
    /// removed.
    NullAsAbsent,
    /// A null label value or list item where text goes (`{app: ~}`): serde_yaml read the
    /// text "~" (or "null"), the readers read "" as for an empty value, and as the API
    /// server does. Shown by the oracle agreeing once nulls are written as "".
    NullAsEmptyText,
}

/// What [`canonical`] does with nulls.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Nulls {
    Keep,
    /// Drops null mapping entries.
    Drop,
    /// Writes every null as "".
    Empty,
}

/// serde_yaml's tree, to be written back canonically, its nulls kept, dropped from
/// mappings or made "".
fn canonical(v: &serde_yaml::Value, nulls: Nulls) -> serde_yaml::Value {
    use serde_yaml::Value as V;
    match v {
        V::Mapping(m) => V::Mapping(
            m.iter()
                .filter(|(_, v)| !(nulls == Nulls::Drop && v.is_null()))
                .map(|(k, v)| (k.clone(), canonical(v, nulls)))
                .collect(),
        ),
        V::Sequence(items) => V::Sequence(items.iter().map(|v| canonical(v, nulls)).collect()),
        V::Tagged(t) => canonical(&t.value, nulls),
        V::Null if nulls == Nulls::Empty => V::String(String::new()),
        other => other.clone(),
    }
}

/// The exception that explains why `ours` differs from the oracle on `text`, if any does.
fn explain(text: &str, ours: &Result<Values, String>) -> Option<Exception> {
    let tree: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let agrees = |nulls| {
        let again = serde_yaml::to_string(&canonical(&tree, nulls)).ok()?;
        Some(match (ours, oracle(&again)) {
            (Ok(a), Ok(b)) => *a == b,
            (Err(_), Err(_)) => true,
            _ => false,
        })
    };
    if agrees(Nulls::Keep)? {
        Some(Exception::ScalarSpelling)
    } else if agrees(Nulls::Drop)? {
        Some(Exception::NullAsAbsent)
    } else if agrees(Nulls::Empty)? {
        Some(Exception::NullAsEmptyText)
    } else {
        None
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// The readers on serde_yaml's own tree (through the bridge), so that what the YAML
/// reader refuses or reads differently (its own differential test's concern) does not
/// hide the typed layer. `None` when serde_yaml cannot parse the text.
fn typed(text: &str) -> Option<Result<Values, String>> {
    let tree: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    Some(document_values(text, &doc::from_serde_yaml(&tree)).map_err(|e| e.to_string()))
}

/// How the whole path (`doc::parse`, then the readers) went on a text serde_yaml parses.
#[derive(Debug, Default)]
struct Reader {
    /// Read the same tree as serde_yaml, so `parse_values` agrees with [`typed`].
    same: usize,
    /// Refused the text (a YAML feature the reader leaves out).
    refused: usize,
    /// Read another tree.
    other: usize,
}

/// Checks that `parse_values` agrees with [`typed`] whenever the reader reads serde_yaml's
/// tree, and counts what it did.
fn whole_path(text: &str, typed: &Result<Values, String>, reader: &mut Reader, name: &str) {
    let Ok(bridged) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return;
    };
    match doc::parse(text) {
        Err(_) => reader.refused += 1,
        Ok(tree) if tree == doc::from_serde_yaml(&bridged) => {
            reader.same += 1;
            let ours = parse_values(text).map_err(|e| e.to_string());
            match (&ours, typed) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}"),
                (Err(_), Err(_)) => {}
                _ => panic!("{name}: parse_values {ours:?}, on the bridged tree {typed:?}"),
            }
        }
        Ok(_) => reader.other += 1,
    }
}

/// Checks that `ToValue` writes what serde wrote.
fn writes_like_serde(values: &Values, name: &str) {
    let serde = serde_yaml::to_value(values).expect("values serialize");
    assert_eq!(
        values.to_value(),
        doc::from_serde_yaml(&serde),
        "{name}: ToValue differs from serde"
    );
}

#[test]
fn the_readers_agree_with_serde_on_every_values_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs = Vec::new();
    for dir in [
        "fuzz/corpus/import_values",
        "tests/fixtures",
        "www/examples",
    ] {
        let found = files(&root.join(dir));
        assert!(!found.is_empty(), "{dir}: no files");
        inputs.extend(found);
    }
    let (mut both_ok, mut both_err, mut not_yaml) = (0, 0, 0);
    let (mut explained, mut unexplained) = (Vec::new(), Vec::new());
    let mut reader = Reader::default();
    for path in &inputs {
        let bytes = std::fs::read(path).expect("readable");
        // As the import fuzz target reads its inputs.
        let text = String::from_utf8_lossy(&bytes);
        let name = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        let Some(ours) = typed(&text) else {
            not_yaml += 1;
            continue;
        };
        let theirs = oracle(&text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) if a == b => both_ok += 1,
            (Err(_), Err(_)) => both_err += 1,
            _ => match explain(&text, &ours) {
                Some(why) => explained.push(format!(
                    "  {name}: {why:?}\n    ours  {ours:?}\n    serde {theirs:?}"
                )),
                None => {
                    unexplained.push(format!("{name}:\n  ours:   {ours:?}\n  serde:  {theirs:?}"))
                }
            },
        }
        if let Ok(values) = &ours {
            writes_like_serde(values, &name);
        }
        whole_path(&text, &ours, &mut reader, &name);
    }
    println!(
        "{} inputs: {not_yaml} not YAML to serde_yaml; of the rest, {both_ok} read alike, \
         {both_err} refused by both, {} explained exceptions",
        inputs.len(),
        explained.len()
    );
    println!("{}", explained.join("\n"));
    println!(
        "the YAML reader on them: {} same tree, {} refused, {} another tree",
        reader.same, reader.refused, reader.other
    );
    assert!(
        unexplained.is_empty(),
        "{} disagreements:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert!(both_ok > 100, "only {both_ok} files read alike");
}

/// What the corpora hardly have: scalars of every kind where text, numbers, booleans and
/// structs go, nulls and empties everywhere, keys that are not strings.
#[test]
fn edge_cases_agree_with_serde() {
    let cases: &[(&str, Option<Exception>)] = &[
        ("ingress: {fromNamespaces: [{version: 1, on: true, x: -3, y: 1.5, '': a}]}", None),
        ("ingress: {fromNamespaces: [{1: a, true: b}]}", None),
        ("ingress: {fromNamespaces: [{a: 0x10}]}", Some(Exception::ScalarSpelling)),
        ("ingress: {fromNamespaces: [{a: 1.50}]}", Some(Exception::ScalarSpelling)),
        ("ingress: {fromNamespaces: [{a: True}]}", Some(Exception::ScalarSpelling)),
        ("ingress: {fromNamespaces: [{a: .inf}]}", None),
        ("ingress: {fromNamespaces: [{a: [x]}]}", None),
        ("ingress: {fromNamespaces: [{[a]: x}]}", None),
        ("ingress: {fromNamespaces: [{a: }]}", None),
        ("ingress: {fromNamespaces: [{a: ~}]}", Some(Exception::NullAsEmptyText)),
        ("ingress: {extra: [{from: [{ipBlock: {except: [~]}}]}]}", Some(Exception::NullAsEmptyText)),
        ("ingress: {extra: [{from: [{ipBlock: {cidr: ~}}]}]}", Some(Exception::NullAsAbsent)),
        ("ingress: {fromNamespaces: [a]}", None),
        ("ingress: {fromNamespaces: {a: b}}", None),
        ("ingress:\n  fromNamespaces:\n  -\n", None),
        ("ingress:\n  fromNamespaces:\n", None),
        ("ingress:\n  extra:\n  -\n  - from:\n    -\n    - ipBlock:\n", None),
        ("ingress: {extra: [{from: [{ipBlock: {cidr: 10, except: [1, true, x]}}]}]}", None),
        ("ingress: {extra: [{from: [{ipBlock: {cidr: [10]}}]}]}", None),
        ("ingress: {extra: [{from: [{ipBlock: {except: {a: 1}}}]}]}", None),
        ("ingress: {extra: [{from: [{podSelector: {matchExpressions: [{key: 1, operator: In, values: [1, a]}]}}]}]}", None),
        ("ingress: {extra: [{from: [{podSelector: {matchExpressions: [{}]}, namespaceSelector: {}}]}]}", None),
        ("ingress: {extra: [{from: [{podSelector: {matchExpressions: {key: a}}}]}]}", None),
        ("ingress: {extra: [{from: [{namespaceSelector: {matchLabels: []}}]}]}", None),
        ("ingress: {extra: [{from: [], ports: []}]}", None),
        ("ingress: {extra: [{from: ~, ports: ~}]}", None),
        ("ingress: {extra: [1]}", None),
        ("ingress: {extra: [{bogus: 1, 2: 3}]}", None),
        ("egress: {extra: [{ports: [{port: 80}, {port: -1}, {port: http}, {port: '80'}]}]}", None),
        ("egress: {extra: [{ports: [{port: 9223372036854775807}]}]}", None),
        ("egress: {extra: [{ports: [{port: 9223372036854775808}]}]}", None),
        ("egress: {extra: [{ports: [{port: 18446744073709551615}]}]}", None),
        ("egress: {extra: [{ports: [{port: 1.5}]}]}", None),
        ("egress: {extra: [{ports: [{port: true}]}]}", None),
        ("egress: {extra: [{ports: [{port: ~}]}]}", None),
        ("egress: {extra: [{ports: [{protocol: 6, endPort: 90}]}]}", None),
        ("egress: {extra: [{ports: [{endPort: '90'}]}]}", None),
        ("egress: {extra: [{ports: [{endPort: 9.0}]}]}", None),
        ("egress: {extra: [{ports: [{endPort: -90}]}]}", None),
        ("egress: {extra: [{ports: [{endPort: 9223372036854775808}]}]}", None),
        ("egress: {extra: [{ports: [{endPort: 0x10}]}]}", None),
        ("egress: {extra: [{to: {a: 1}}]}", None),
        ("egress: {extra: {}}", None),
        ("egress: []", None),
        ("enabled: 1", None),
        ("enabled: 'true'", None),
        ("enabled: yes", None),
        ("enabled: ~", Some(Exception::NullAsAbsent)),
        ("enabled: true\ningress: ~", Some(Exception::NullAsAbsent)),
        ("networkPolicy:", None),
        ("networkPolicy: ~", Some(Exception::NullAsAbsent)),
        ("networkPolicy: 1", None),
        ("networkPolicy: {enabled: true}\nservice: {port: x}", None),
        ("service: {port: 1}", None),
        ("networkPolicy: {enabled: true, ingress: {extra: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}]}}", None),
    ];
    let mut reader = Reader::default();
    for (text, exception) in cases {
        let ours = typed(text).unwrap_or_else(|| panic!("{text:?}: not YAML"));
        let theirs = oracle(text);
        let agree = match (&ours, &theirs) {
            (Ok(a), Ok(b)) => a == b,
            (Err(_), Err(_)) => true,
            _ => false,
        };
        match exception {
            None => assert!(agree, "{text:?}:\n  ours:  {ours:?}\n  serde: {theirs:?}"),
            Some(why) => {
                assert!(!agree, "{text:?}: agrees, not an exception");
                assert_eq!(explain(text, &ours), Some(*why), "{text:?}: {ours:?}");
            }
        }
        if let Ok(values) = &ours {
            writes_like_serde(values, text);
        }
        whole_path(text, &ours, &mut reader, text);
    }
}
