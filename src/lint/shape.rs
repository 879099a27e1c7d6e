//! What Helm and the API server make of a values file's shape, before any rule is
//! judged: a missing (or misspelt) `networkPolicy` block, keys nothing reads, label
//! values that are not strings, and chart values of the wrong type.
//!
//! serde's typed reading is forgiving on purpose (it keeps going so every problem can be
//! reported), so these checks walk the YAML tree the operator wrote.

use crate::lint::FindingCode;
use serde_yaml::Value;

use super::Finding;
use crate::import::BlockAt;

/// The most unknown keys reported one by one; the rest are counted in one finding.
pub const MAX_UNKNOWN_KEYS: usize = 50;

/// Findings about the shape of a chart values file (`doc`, merge keys applied), whose
/// `networkPolicy` block is at `block`.
///
/// ```
/// use periscope_netpol::import::{block_at, parse_document};
/// use periscope_netpol::lint::shape::shape_findings;
/// let doc = parse_document("networkpolicy:\n  enabled: true\n").unwrap();
/// let f = shape_findings(&doc, block_at(&doc));
/// assert_eq!(f[0].code, "values-no-network-policy");
/// assert!(f[0].title.contains("`networkpolicy`"), "{}", f[0].title);
/// ```
pub fn shape_findings(doc: &Value, block: BlockAt) -> Vec<Finding> {
    let mut out = Vec::new();
    match block {
        BlockAt::Missing => out.push(missing_block(doc)),
        BlockAt::Whole => walk(doc, Kind::Block, "networkPolicy", &mut out),
        BlockAt::Key => {
            if let Some(b) = doc.get("networkPolicy") {
                walk(b, Kind::Block, "networkPolicy", &mut out);
            }
        }
    }
    if block != BlockAt::Whole {
        chart_values(doc, &mut out);
    }
    let (mut unknown, mut rest): (Vec<Finding>, Vec<Finding>) = out
        .into_iter()
        .partition(|f| f.code == FindingCode::UnknownKey);
    if unknown.len() > MAX_UNKNOWN_KEYS {
        let more = unknown.len() - MAX_UNKNOWN_KEYS;
        unknown.truncate(MAX_UNKNOWN_KEYS);
        unknown.push(Finding::new(
            FindingCode::UnknownKey,
            "networkPolicy",
            format!("{more} more unknown keys are not listed"),
            format!("Only the first {MAX_UNKNOWN_KEYS} unknown keys are listed one by one."),
        ));
    }
    rest.extend(unknown);
    rest
}

/// The keys a misspelt `networkPolicy` often takes.
const NEAR_MISSES: [&str; 5] = [
    "networkPolicies",
    "netpol",
    "networkpolicy",
    "network_policy",
    "network-policy",
];

/// The key that was probably meant to be `networkPolicy`, if any.
fn near_miss(doc: &Value) -> Option<String> {
    let keys = doc.as_mapping()?.keys().filter_map(Value::as_str);
    let squash = |s: &str| s.to_ascii_lowercase().replace(['_', '-', ' '], "");
    keys.filter(|k| {
        let s = squash(k);
        NEAR_MISSES.iter().any(|m| squash(m) == s)
            || strsim::levenshtein(&s, "networkpolicy") <= 3
            || s.starts_with("netpol")
    })
    .map(str::to_owned)
    .next()
}

fn missing_block(doc: &Value) -> Finding {
    let detail = "Without it the chart's default applies: networkPolicy.enabled is false and no policy is rendered, so nothing here is checked.";
    if let Some(key) = near_miss(doc) {
        return Finding::new(
            FindingCode::ValuesNoNetworkPolicy,
            key.clone(),
            format!("No networkPolicy block: `{key}` was probably meant to be `networkPolicy`"),
            format!(
                "Helm keys are case-sensitive and the chart reads only `networkPolicy`. {detail}"
            ),
        )
        .with_fix(format!("Rename `{key}` to `networkPolicy`."));
    }
    let what = if doc.get("kind").is_some() && doc.get("apiVersion").is_some() {
        let kind = doc.get("kind").and_then(Value::as_str).unwrap_or("object");
        format!("This is a Kubernetes {kind} manifest, not chart values. ")
    } else if doc.is_null() {
        "The file is empty. ".to_owned()
    } else {
        String::new()
    };
    Finding::new(
        FindingCode::ValuesNoNetworkPolicy,
        "networkPolicy",
        "The file has no networkPolicy block",
        format!("{what}{detail}"),
    )
    .with_fix("Check the values file that has the networkPolicy block (or only the block).")
}

/// What a node of the `networkPolicy` block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Block,
    Ingress,
    Egress,
    IngressRule,
    EgressRule,
    Peer,
    Selector,
    Requirement,
    IpBlock,
    Port,
    Labels,
}

/// A field of a kind: its name, and what it holds (`None`: a scalar or a list of them).
struct Field {
    name: &'static str,
    child: Option<Kind>,
    list: bool,
}

const fn f(name: &'static str, child: Option<Kind>, list: bool) -> Field {
    Field { name, child, list }
}

fn fields(kind: Kind) -> &'static [Field] {
    use Kind::*;
    match kind {
        Block => {
            const F: &[Field] = &[
                f("enabled", None, false),
                f("ingress", Some(Ingress), false),
                f("egress", Some(Egress), false),
            ];
            F
        }
        Ingress => {
            const F: &[Field] = &[
                f("fromNamespaces", Some(Labels), true),
                f("extra", Some(IngressRule), true),
            ];
            F
        }
        Egress => {
            const F: &[Field] = &[f("extra", Some(EgressRule), true)];
            F
        }
        IngressRule => {
            const F: &[Field] = &[f("from", Some(Peer), true), f("ports", Some(Port), true)];
            F
        }
        EgressRule => {
            const F: &[Field] = &[f("to", Some(Peer), true), f("ports", Some(Port), true)];
            F
        }
        Peer => {
            const F: &[Field] = &[
                f("podSelector", Some(Selector), false),
                f("namespaceSelector", Some(Selector), false),
                f("ipBlock", Some(IpBlock), false),
            ];
            F
        }
        Selector => {
            const F: &[Field] = &[
                f("matchLabels", Some(Labels), false),
                f("matchExpressions", Some(Requirement), true),
            ];
            F
        }
        Requirement => {
            const F: &[Field] = &[
                f("key", None, false),
                f("operator", None, false),
                f("values", None, true),
            ];
            F
        }
        IpBlock => {
            const F: &[Field] = &[f("cidr", None, false), f("except", None, true)];
            F
        }
        Port => {
            const F: &[Field] = &[
                f("protocol", None, false),
                f("port", None, false),
                f("endPort", None, false),
            ];
            F
        }
        Labels => {
            const F: &[Field] = &[];
            F
        }
    }
}

/// What happens to an unknown key of a kind, and what that does to the policy.
fn consequence(kind: Kind, node: &Value) -> String {
    let absent = |k: &str| node.get(k).is_none_or(Value::is_null);
    let dropped = "The API server drops unknown fields (with a warning)";
    match kind {
        Kind::Block | Kind::Ingress | Kind::Egress => {
            "The chart never reads it, so it has no effect.".to_owned()
        }
        Kind::EgressRule if absent("to") => {
            format!("{dropped}, so this rule has no `to` and allows every destination.")
        }
        Kind::IngressRule if absent("from") => {
            format!("{dropped}, so this rule has no `from` and admits every source.")
        }
        Kind::EgressRule | Kind::IngressRule if absent("ports") => {
            format!("{dropped}, so this rule has no `ports` and opens every port.")
        }
        Kind::Port if absent("port") => {
            format!("{dropped}, so this entry has no `port` and opens every port.")
        }
        Kind::Selector if absent("matchLabels") && absent("matchExpressions") => {
            format!("{dropped}, so this selector is empty and selects everything.")
        }
        _ => format!("{dropped}; the rest of the entry applies without it."),
    }
}

/// The known field closest to a misspelt key, if one is close.
fn suggestion(kind: Kind, key: &str) -> Option<&'static str> {
    let lower = key.to_ascii_lowercase();
    fields(kind)
        .iter()
        .map(|f| {
            (
                strsim::levenshtein(&lower, &f.name.to_ascii_lowercase()),
                f.name,
            )
        })
        .filter(|&(d, name)| d <= 2.max(name.len() / 3))
        .min()
        .map(|(_, name)| name)
}

/// Walks one node of the block: unknown keys, and label values that are not strings.
fn walk(node: &Value, kind: Kind, path: &str, out: &mut Vec<Finding>) {
    if kind == Kind::Labels {
        return labels(node, path, out);
    }
    let Some(map) = node.as_mapping() else {
        return;
    };
    for (k, v) in map {
        let key = key_text(k);
        let field = fields(kind).iter().find(|f| f.name == key);
        let at = format!("{path}.{key}");
        match field {
            None => out.push(unknown(kind, node, &key, &at)),
            Some(Field {
                child: Some(child),
                list: true,
                ..
            }) => {
                for (i, item) in v.as_sequence().into_iter().flatten().enumerate() {
                    walk(item, *child, &format!("{at}[{i}]"), out);
                }
            }
            Some(Field {
                child: Some(child), ..
            }) => walk(v, *child, &at, out),
            Some(Field { child: None, .. }) if kind == Kind::Requirement => {
                requirement_field(&key, v, &at, out)
            }
            Some(_) => {}
        }
    }
}

fn unknown(kind: Kind, node: &Value, key: &str, at: &str) -> Finding {
    let hint = suggestion(kind, key);
    let title = match hint {
        Some(h) => format!("Unknown key `{key}`: did you mean `{h}`?"),
        None => format!("Unknown key `{key}`"),
    };
    let known: Vec<&str> = fields(kind).iter().map(|f| f.name).collect();
    let finding = Finding::new(
        FindingCode::UnknownKey,
        at,
        title,
        format!(
            "{} The keys read here are: {}.",
            consequence(kind, node),
            known.join(", ")
        ),
    );
    match hint {
        Some(h) => finding.with_fix(format!("Rename `{key}` to `{h}`.")),
        None => finding.with_fix(format!("Remove `{key}` or move it where it belongs.")),
    }
}

/// A mapping key as Helm's YAML reader turns it into JSON: its text.
fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => "null".to_owned(),
        _ => "[a non-scalar key]".to_owned(),
    }
}

/// What a YAML value is, for messages: `a number (5)`.
fn describe(v: &Value) -> String {
    let short = |s: String| {
        if s.chars().count() > 40 {
            format!("{}…", s.chars().take(40).collect::<String>())
        } else {
            s
        }
    };
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("a boolean ({b})"),
        Value::Number(n) => format!("a number ({n})"),
        Value::String(s) => format!("a string ({:?})", short(s.clone())),
        Value::Sequence(_) => "a list".to_owned(),
        Value::Mapping(_) => "a mapping".to_owned(),
        Value::Tagged(t) => format!("a value tagged {}", t.tag),
    }
}

/// A label map: every value must be a string (the API server refuses `team: 5`).
fn labels(node: &Value, path: &str, out: &mut Vec<Finding>) {
    for (k, v) in node.as_mapping().into_iter().flatten() {
        if v.is_string() || v.is_null() {
            continue;
        }
        let key = key_text(k);
        let quoted = match v {
            Value::Bool(_) | Value::Number(_) => format!(" Quote it: `{key}: \"{}\"`.", plain(v)),
            _ => String::new(),
        };
        out.push(
            Finding::new(
                FindingCode::ApiInvalid,
                format!("{path}.{key}"),
                format!(
                    "The value of label `{key}` is {}, not a string",
                    describe(v)
                ),
                format!("The API server refuses a label value that is not a string.{quoted}"),
            )
            .with_fix("Write label values as quoted strings."),
        );
    }
}

/// A scalar as YAML wrote it.
fn plain(v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => String::new(),
    }
}

/// `key`, `operator` and `values` of a `matchExpressions` entry must be strings.
fn requirement_field(key: &str, v: &Value, at: &str, out: &mut Vec<Finding>) {
    let bad: Vec<(String, &Value)> = match v {
        Value::Sequence(items) if key == "values" => items
            .iter()
            .enumerate()
            .filter(|(_, x)| !x.is_string())
            .map(|(i, x)| (format!("{at}[{i}]"), x))
            .collect(),
        Value::String(_) | Value::Null => Vec::new(),
        other if key != "values" => vec![(at.to_owned(), other)],
        _ => Vec::new(),
    };
    for (path, x) in bad {
        out.push(
            Finding::new(FindingCode::ApiInvalid,
                path,
                format!("A matchExpressions `{key}` is {}, not a string", describe(x)),
                "The API server refuses a label selector whose keys, operators or values are not strings.",
            )
            .with_fix("Quote it."),
        );
    }
}

/// What a chart value must be.
#[derive(Clone, Copy)]
enum Want {
    Bool,
    Text,
    Port,
    Map,
    TextMap,
    Clusters,
}

/// The chart values the checks read, and their types.
const CHART_VALUES: [(&str, Want); 9] = [
    ("service.port", Want::Port),
    ("podIdentity.enabled", Want::Bool),
    ("agent.enabled", Want::Bool),
    ("agent.listenAddr", Want::Text),
    ("auth.oidc.issuer", Want::Text),
    ("secrets.mode", Want::Text),
    ("serviceAccount.annotations", Want::TextMap),
    ("clusters", Want::Clusters),
    ("auth.oidc", Want::Map),
];

fn chart_values(doc: &Value, out: &mut Vec<Finding>) {
    for (path, want) in CHART_VALUES {
        let mut node = doc;
        let mut walked = String::new();
        let mut found = true;
        for key in path.split('.') {
            if !walked.is_empty() {
                walked.push('.');
            }
            walked.push_str(key);
            if !(node.is_mapping() || node.is_null()) {
                out.push(chart_type(&walked_parent(&walked), node, "a mapping"));
                found = false;
                break;
            }
            match node.get(key) {
                Some(v) => node = v,
                None => {
                    found = false;
                    break;
                }
            }
        }
        if found && !node.is_null() {
            chart_value(path, want, node, out);
        }
    }
    out.dedup_by(|a, b| a.path == b.path && a.code == b.code);
}

/// `a.b.c` -> `a.b`: the node that should have been a mapping.
fn walked_parent(walked: &str) -> String {
    walked
        .rsplit_once('.')
        .map_or(walked, |(p, _)| p)
        .to_owned()
}

fn chart_type(path: &str, v: &Value, want: &str) -> Finding {
    let helm = match v {
        Value::String(s) if want == "a boolean" => {
            if s.is_empty() {
                " Helm's `if` reads the empty string as false.".to_owned()
            } else {
                format!(" Helm's `if` reads any non-empty string as true, even {s:?}.")
            }
        }
        _ => String::new(),
    };
    Finding::new(FindingCode::ChartValueInvalid,
        path,
        format!("{path} is {}; the chart expects {want}", describe(v)),
        format!("The chart and Periscope read this value as {want}; anything else renders or starts wrongly.{helm}"),
    )
    .with_fix(format!("Write {path} as {want}."))
}

fn chart_value(path: &str, want: Want, v: &Value, out: &mut Vec<Finding>) {
    match want {
        Want::Bool if !v.is_bool() => out.push(chart_type(path, v, "a boolean")),
        Want::Text if !v.is_string() => out.push(chart_type(path, v, "a string")),
        Want::Map if !v.is_mapping() => out.push(chart_type(path, v, "a mapping")),
        Want::Port => match v.as_i64() {
            None => out.push(chart_type(path, v, "a port number (1-65535)")),
            Some(p) if !(1..=65535).contains(&p) => out.push(
                Finding::new(
                    FindingCode::ChartValueInvalid,
                    path,
                    format!("{path} is {p}, outside 1-65535"),
                    "The API server refuses the Service and the container port; nothing deploys.",
                )
                .with_fix(format!("Set {path} to a port between 1 and 65535.")),
            ),
            Some(_) => {}
        },
        Want::TextMap => match v.as_mapping() {
            None => out.push(chart_type(path, v, "a mapping")),
            Some(m) => {
                for (k, x) in m {
                    if !(x.is_string() || x.is_null()) {
                        let at = format!("{path}.{}", key_text(k));
                        out.push(chart_type(&at, x, "a string"));
                    }
                }
            }
        },
        Want::Clusters => match v.as_sequence() {
            None => out.push(chart_type(path, v, "a list of clusters")),
            Some(items) => {
                for (i, c) in items.iter().enumerate() {
                    let at = format!("{path}[{i}]");
                    let Some(m) = c.as_mapping() else {
                        out.push(chart_type(&at, c, "a mapping"));
                        continue;
                    };
                    for key in ["name", "backend", "region"] {
                        if let Some(x) = m.get(key).filter(|x| !(x.is_string() || x.is_null())) {
                            out.push(chart_type(&format!("{at}.{key}"), x, "a string"));
                        }
                    }
                }
            }
        },
        _ => {}
    }
}
