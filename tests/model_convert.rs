//! The hand-written Environment conversions against serde, the oracle they replace:
//! `to_value` writes what `serde_yaml::to_value` wrote, and `from_value` accepts exactly
//! the documents `serde_yaml::from_value` accepted, reading them to the same Environment.
//! The few encodings serde also accepted and the readers refuse are pinned at the end.

mod common;

use periscope_netpol::doc::{self, from_serde_yaml, FromValue, Map, Number, Path, ToValue, Value};
use periscope_netpol::model::Environment;
use periscope_netpol::share;
use proptest::prelude::*;

/// Ours: the tree read with the hand-written reader.
fn ours(v: &Value) -> Result<Environment, String> {
    Environment::from_value(v, &mut Path::root()).map_err(|e| e.to_string())
}

/// serde's: the same tree read with the derives.
fn serdes(v: &Value) -> Result<Environment, String> {
    serde_yaml::from_value(to_serde(v)).map_err(|e| e.to_string())
}

/// Our tree as serde_yaml's.
fn to_serde(v: &Value) -> serde_yaml::Value {
    match v {
        Value::Null => serde_yaml::Value::Null,
        Value::Bool(b) => serde_yaml::Value::Bool(*b),
        Value::Number(Number::PosInt(n)) => serde_yaml::Value::Number((*n).into()),
        Value::Number(Number::NegInt(n)) => serde_yaml::Value::Number((*n).into()),
        Value::Number(Number::Float(f)) => serde_yaml::Value::Number((*f).into()),
        Value::String(s) => serde_yaml::Value::String(s.clone()),
        Value::Sequence(items) => serde_yaml::Value::Sequence(items.iter().map(to_serde).collect()),
        Value::Mapping(map) => serde_yaml::Value::Mapping(
            map.iter()
                .map(|(k, v)| (to_serde(k), to_serde(v)))
                .collect(),
        ),
    }
}

fn parse(yaml: &str) -> Value {
    doc::parse(yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"))
}

/// Both readers agree: both fail, or both read the same Environment.
fn assert_agree(v: &Value, what: &str) -> bool {
    let (a, b) = (ours(v), serdes(v));
    match (&a, &b) {
        (Ok(x), Ok(y)) => assert_eq!(x, y, "{what}: both read, differently"),
        (Err(_), Err(_)) => {}
        _ => panic!("{what}: ours {a:?}\nserde's {b:?}"),
    }
    a.is_ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn writes_and_reads_like_serde(env in common::arb::environment()) {
        let want = from_serde_yaml(&serde_yaml::to_value(&env).expect("serializes"));
        let got = env.to_value();
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(Environment::from_value(&want, &mut Path::root()), Ok(env.clone()));
        prop_assert_eq!(serdes(&got), Ok(env));
    }
}

// ---------------------------------------------------------------------------------------
// Malformed documents.

#[test]
fn malformed_documents_fail_exactly_when_serdes_do() {
    let cases: &[(&str, bool)] = &[
        // Unknown fields, at every depth.
        ("colour: blue", false),
        ("release: {name: a, colour: blue}", false),
        ("agent: {enabled: true, colour: 1}", false),
        ("idp: {issuer: x, colour: 1}", false),
        ("idp: {reach: {kind: cidrs, cidrs: [], colour: 1}}", false),
        (
            "idp: {reach: {kind: in-cluster, namespace: a, podLabels: [], port: 1, colour: 1}}",
            false,
        ),
        ("aws: {colour: 1}", false),
        (
            "ingress: [{kind: controller, controller: kong, namespace: k, colour: 1}]",
            false,
        ),
        (
            "ingress: [{kind: namespace, labels: [{key: a, value: b, colour: c}]}]",
            false,
        ),
        ("clusters: [{backend: eks, colour: 1}]", false),
        ("clusters: [{backend: agent, name: a, region: b}]", false),
        ("clusters: [{backend: in-cluster, region: b}]", false),
        ("custom: [{colour: 1}]", false),
        (
            "custom: [{peers: [{kind: ip-block, cidr: a, colour: 1}]}]",
            false,
        ),
        ("custom: [{ports: [{protocol: TCP, colour: 1}]}]", false),
        ("egress: {kind: proxy, cidrs: a, port: 1, colour: 1}", false),
        ("verbatim: [{kind: ingress, rule: {}, colour: 1}]", false),
        // Unit variants ignore other keys (serde's internally tagged unit variants do).
        ("egress: {kind: explicit, colour: 1}", true),
        ("egress: {kind: internet-https, port: [1]}", true),
        ("idp: {reach: {kind: internet, 7: x}}", true),
        ("ingress: [{kind: port-forward-only, labels: ~}]", true),
        // Wrong or missing tags.
        ("ingress: [{kind: nginx}]", false),
        ("ingress: [{controller: kong, namespace: k}]", false),
        ("ingress: [{kind: ~}]", false),
        ("ingress: [{kind: 1}]", false),
        ("ingress: [{kind: [controller]}]", false),
        ("clusters: [{kind: eks}]", false),
        ("clusters: [{backend: gke}]", false),
        ("egress: {}", false),
        ("egress: ~", false),
        ("egress: explicit", false),
        ("idp: {reach: ~}", false),
        ("verbatim: [{rule: {}}]", false),
        ("verbatim: [{kind: ingress}]", false),
        ("verbatim: [{kind: sideways, rule: {}}]", false),
        ("verbatim: [~]", false),
        ("verbatim: [{}]", false),
        // Wrong types.
        ("[]", false),
        ("x", false),
        ("enabled: 1", false),
        ("enabled: 'true'", false),
        ("enabled: ~", false),
        ("release: {name: 1}", false),
        ("release: {name: ~}", false),
        ("release: {servicePort: 1.5}", false),
        ("release: {servicePort: true}", false),
        ("release: {servicePort: -1}", true),
        ("release: {servicePort: 99999}", true),
        ("release: {servicePort: ~}", true),
        ("release: []", false),
        ("release: x", false),
        ("agent: {cidrs: 1}", false),
        ("agent: {cidrs: [a, 1]}", false),
        ("agent: {cidrs: [a, ~]}", false),
        ("agent: {cidrs: {a: b}}", false),
        ("agent: {cidrs: ~}", true),
        ("aws: {credentials: IRSA}", false),
        ("aws: {credentials: ~}", false),
        ("dns: [kube-dns]", false),
        ("ingress: {kind: controller}", false),
        ("ingress: [~]", false),
        ("ingress: [x]", false),
        ("ingress: [{kind: controller, controller: kong}]", false),
        (
            "ingress: [{kind: controller, controller: ~, namespace: k}]",
            false,
        ),
        ("ingress: [{kind: namespace}]", false),
        ("ingress: [{kind: namespace, labels: ~}]", false),
        ("ingress: [{kind: namespace, labels: [~]}]", false),
        (
            "ingress: [{kind: namespace, labels: [{key: 1, value: b}]}]",
            false,
        ),
        ("ingress: [{kind: namespace, labels: [{}]}]", true),
        ("ingress: [{kind: load-balancer}]", false),
        ("ingress: [{kind: load-balancer, cidrs: ~}]", true),
        (
            "idp: {reach: {kind: in-cluster, namespace: a, port: 1}}",
            false,
        ),
        (
            "idp: {reach: {kind: in-cluster, namespace: a, podLabels: [], port: ~}}",
            true,
        ),
        ("clusters: [{backend: eks, name: ~}]", false),
        ("clusters: [{backend: eks, endpoint: ~}]", false),
        ("clusters: [{backend: kubeconfig, port: ~}]", true),
        ("clusters: [~]", false),
        ("custom: [~]", true),
        ("custom: [{peers: ~, ports: [~]}]", true),
        ("custom: [{peers: [{kind: ip-block}]}]", false),
        ("custom: [{peers: [{kind: ip-block, cidr: ~}]}]", false),
        ("custom: [{peers: [{kind: selector}]}]", true),
        (
            "custom: [{peers: [{kind: selector, podLabels: ~, namespaceLabels: []}]}]",
            true,
        ),
        (
            "custom: [{peers: [{kind: selector, podLabels: [~]}]}]",
            false,
        ),
        (
            "custom: [{peers: [{kind: selector, podLabels: {}}]}]",
            false,
        ),
        ("custom: [{direction: both}]", false),
        // Nulls where serde fills a default.
        ("release: ~\nagent: ~\nidp: ~\naws: ~", true),
        ("ingress: ~\nclusters: ~\ncustom: ~\nverbatim: ~", true),
        ("idp: {issuer: x}", true),
        // Verbatim rules: the rule is read as is after `kind`, as buffered content before.
        ("verbatim: [{kind: from-namespaces, rule: ~}]", true),
        ("verbatim: [{rule: ~, kind: from-namespaces}]", false),
        ("verbatim: [{rule: {a: b}, kind: from-namespaces}]", true),
        ("verbatim: [{kind: from-namespaces, rule: []}]", false),
        ("verbatim: [{kind: from-namespaces, rule: {a: ~}}]", false),
        ("verbatim: [{kind: ingress, rule: ~}]", true),
        ("verbatim: [{rule: ~, kind: egress}]", false),
        (
            "verbatim: [{kind: egress, rule: {to: [{ipBlock: {cidr: a}}], other: 1}}]",
            true,
        ),
        ("verbatim: [{kind: egress, rule: x}]", false),
    ];
    let mut failing = 0;
    for (yaml, ok) in cases {
        let v = parse(yaml);
        let read = assert_agree(&v, yaml);
        assert_eq!(read, *ok, "{yaml}: {:?}", ours(&v));
        failing += usize::from(!read);
    }
    println!("{} documents, {failing} refused by both", cases.len());
}

/// One step from a node to a child.
#[derive(Debug, Clone)]
enum Step {
    Key(Value),
    Index(usize),
}

/// Every node's path, leaving out the insides of verbatim rules (the values' readers
/// read those, and are tested against serde on their own).
fn paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    let inside_rule = matches!(here.as_slice(), [Step::Key(k), Step::Index(_), Step::Key(r)]
        if k.as_str() == Some("verbatim") && r.as_str() == Some("rule"));
    if inside_rule {
        return;
    }
    match v {
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                here.push(Step::Index(i));
                paths(item, here, out);
                here.pop();
            }
        }
        Value::Mapping(map) => {
            for (k, item) in map.iter() {
                here.push(Step::Key(k.clone()));
                paths(item, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let Some((first, rest)) = path.split_first() else {
        return Some(v);
    };
    let child = match (first, v) {
        (Step::Key(k), Value::Mapping(map)) => map.iter_mut().find(|(key, _)| *key == k)?.1,
        (Step::Index(i), Value::Sequence(items)) => items.get_mut(*i)?,
        _ => return None,
    };
    node_mut(child, rest)
}

/// What a mutation does to the node it picks.
#[derive(Debug, Clone)]
enum Mutation {
    Replace(Value),
    Remove,
    AddUnknownKey,
    Reverse,
}

fn replacements() -> Vec<Value> {
    let map = |pairs: &[(&str, Value)]| {
        Value::Mapping(
            pairs
                .iter()
                .map(|(k, v)| (Value::from(*k), v.clone()))
                .collect::<Map>(),
        )
    };
    vec![
        Value::Null,
        Value::Bool(true),
        Value::from(1),
        Value::from(-1),
        Value::from(70_000),
        Value::Number(Number::Float(1.5)),
        Value::from("x"),
        Value::from("controller"),
        Value::from("kube-dns"),
        Value::from("public"),
        Value::Sequence(vec![]),
        Value::Sequence(vec![Value::from("a")]),
        Value::Sequence(vec![Value::from(1)]),
        Value::Sequence(vec![Value::Null]),
        map(&[]),
        map(&[("key", Value::from("a"))]),
        map(&[("kind", Value::from("explicit"))]),
        map(&[("kind", Value::from("port-forward-only"))]),
        map(&[
            ("backend", Value::from("agent")),
            ("name", Value::from("a")),
        ]),
        map(&[("kind", Value::from("selector"))]),
        map(&[
            ("kind", Value::from("from-namespaces")),
            ("rule", Value::Null),
        ]),
    ]
}

fn mutation() -> impl Strategy<Value = (usize, Mutation)> {
    let m = prop_oneof![
        4 => proptest::sample::select(replacements()).prop_map(Mutation::Replace),
        2 => Just(Mutation::Remove),
        1 => Just(Mutation::AddUnknownKey),
        1 => Just(Mutation::Reverse),
    ];
    (any::<usize>(), m)
}

/// Applies `m` at `path`; false when it does not apply there, or when it would reach a
/// documented divergence (a sequence as a label: serde read it positionally).
fn apply(doc: &mut Value, path: &[Step], m: &Mutation) -> bool {
    if let (Mutation::Replace(Value::Sequence(_)), [.., Step::Key(k), Step::Index(_)]) = (m, path) {
        if matches!(k.as_str(), Some("labels" | "podLabels" | "namespaceLabels")) {
            return false;
        }
    }
    match m {
        Mutation::Replace(v) => match node_mut(doc, path) {
            Some(node) => {
                *node = v.clone();
                true
            }
            None => false,
        },
        Mutation::Remove => {
            let Some((last, parent)) = path.split_last() else {
                return false;
            };
            match (last, node_mut(doc, parent)) {
                (Step::Key(k), Some(Value::Mapping(map))) => {
                    map.retain(|key, _| key != k);
                    true
                }
                (Step::Index(i), Some(Value::Sequence(items))) if *i < items.len() => {
                    items.remove(*i);
                    true
                }
                _ => false,
            }
        }
        Mutation::AddUnknownKey => match node_mut(doc, path) {
            Some(Value::Mapping(map)) => {
                map.insert("colour", Value::from("blue"));
                true
            }
            _ => false,
        },
        Mutation::Reverse => match node_mut(doc, path) {
            Some(Value::Mapping(map)) => {
                let entries: Vec<(Value, Value)> =
                    map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                *map = entries.into_iter().rev().collect();
                true
            }
            Some(Value::Sequence(items)) => {
                items.reverse();
                true
            }
            _ => false,
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Every Environment, broken at one node, then at a second one: both readers agree.
    #[test]
    fn mutated_documents_read_like_serde(
        // Boxed: the two value trees together overflow a test thread's stack in debug.
        env in common::arb::environment().boxed(),
        muts in proptest::collection::vec((mutation(), mutation()), 12).boxed(),
    ) {
        let tree = env.to_value();
        for (first, second) in &muts {
            let mut doc = tree.clone();
            for (pick, m) in [first, second] {
                let mut all = Vec::new();
                paths(&doc, &mut Vec::new(), &mut all);
                let Some(path) = all.get(pick % all.len().max(1)).cloned() else { continue };
                apply(&mut doc, &path, m);
            }
            assert_agree(&doc, &format!("{first:?} then {second:?}"));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Files and links.

#[test]
fn example_files_read_the_same_both_ways() {
    let dir = common::root().join("www/examples");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("www/examples") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let name = path.display().to_string();
        let from_str: Environment = serde_yaml::from_str(&text).expect(&name);
        let v = parse(&text);
        assert_eq!(ours(&v), Ok(from_str.clone()), "{name}");
        assert_eq!(serdes(&v), Ok(from_str), "{name}");
        checked += 1;
    }
    assert!(checked >= 6, "{checked} examples");
}

#[test]
fn encode_reproduces_the_golden_links() {
    let text = std::fs::read_to_string(common::root().join("tests/golden/share-links.txt"))
        .expect("golden");
    let mut envs = common::examples();
    let mut typed = Environment::default();
    typed.release.service_port = "08080".into();
    typed.agent.cidrs = "10.0.0.0/8,, bad  \n".into();
    envs.push(("raw-typing".into(), typed));
    let mut checked = 0;
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (name, link) = line.split_once(' ').expect("name and link");
        if let Some((_, env)) = envs.iter().find(|(n, _)| n == name) {
            // The payloads, not the compressed bytes: the golden links were deflated by
            // miniz_oxide, whose exact output the links' own codec does not reproduce.
            assert_eq!(
                common::share_payload(&share::encode(env)),
                common::share_payload(link),
                "{name}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, envs.len());
}

// ---------------------------------------------------------------------------------------
// Documented divergences.

#[test]
fn encodings_serde_accepted_and_the_readers_refuse() {
    let cases = [
        // A tagged choice as a positional sequence.
        "ingress: [[port-forward-only]]",
        "ingress: [[controller, traefik, ns]]",
        // A label inside a tagged choice as a positional sequence.
        "ingress: [{kind: namespace, labels: [[a, b]]}]",
        "ingress: [{kind: namespace, labels: [[]]}]",
        // An integer key as a field index.
        "ingress: [{kind: controller, 0: traefik, 1: ns}]",
        // A unit enum inside a tagged choice as a one-key mapping.
        "ingress: [{kind: controller, controller: {traefik: ~}, namespace: ns}]",
    ];
    for yaml in cases {
        let v = parse(yaml);
        assert!(serdes(&v).is_ok(), "{yaml}: serde refuses it now");
        assert!(ours(&v).is_err(), "{yaml}: ours reads it");
    }
}

#[test]
fn verbatim_rules_take_what_the_values_readers_take() {
    // The values' readers take any scalar as text and a null peer as the empty peer,
    // which serde_yaml::from_value refused.
    let cases = [
        "verbatim: [{kind: ingress, rule: {from: [{podSelector: {matchLabels: {a: 1}}}]}}]",
        "verbatim: [{rule: {from: [~]}, kind: ingress}]",
    ];
    for yaml in cases {
        let v = parse(yaml);
        assert!(serdes(&v).is_err(), "{yaml}: serde reads it now");
        assert!(ours(&v).is_ok(), "{yaml}: {:?}", ours(&v));
    }
}

#[test]
fn a_written_environment_reads_back() {
    let env = common::examples().remove(2).1;
    let v: Value = env.to_value();
    assert_eq!(Environment::from_value(&v, &mut Path::root()), Ok(env));
}
