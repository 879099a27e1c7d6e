//! Near-miss label keys: `kubernetes.io/metadata-name` for `kubernetes.io/metadata.name`
//! selects no namespace, and nothing says so. A key one or two edits (or only a
//! separator) away from a well-known key is almost always a typo of it.

use super::Finding;
use crate::lint::FindingCode;
use crate::remedy::Remedy;
use crate::values::{LabelSelector, Labels, Peer, RuleView, Values};

/// Keys every cluster or chart sets, that selectors are written against.
pub const WELL_KNOWN_KEYS: [&str; 8] = [
    "kubernetes.io/metadata.name",
    "k8s-app",
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/component",
    "app.kubernetes.io/part-of",
    "app.kubernetes.io/version",
    "app.kubernetes.io/managed-by",
];

/// The well-known key `key` was probably meant to be, when it is not one itself.
///
/// ```
/// use periscope_netpol::lint::near_miss;
/// assert_eq!(near_miss("kubernetes.io/metadata-name"), Some("kubernetes.io/metadata.name"));
/// assert_eq!(near_miss("app.kubernetes.io/nmae"), Some("app.kubernetes.io/name"));
/// assert_eq!(near_miss("app.kubernetes.io/name"), None);
/// assert_eq!(near_miss("team"), None);
/// ```
pub fn near_miss(key: &str) -> Option<&'static str> {
    if WELL_KNOWN_KEYS.contains(&key) {
        return None;
    }
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '.' | '-' | '_' | '/'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let key_squashed = squash(key);
    WELL_KNOWN_KEYS
        .iter()
        .map(|known| {
            let d = if squash(known) == key_squashed {
                0
            } else {
                distance(key, known)
            };
            (d, *known)
        })
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, known)| known)
}

/// Optimal string alignment distance (insertions, deletions, substitutions and
/// transpositions of neighbours), stopping early past 2.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 2 {
        return 3;
    }
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        if let Some(c) = d.get_mut(at(i, 0)) {
            *c = i;
        }
    }
    for j in 0..=b.len() {
        if let Some(c) = d.get_mut(at(0, j)) {
            *c = j;
        }
    }
    for (i, ca) in a.iter().enumerate() {
        for (j, cb) in b.iter().enumerate() {
            let get = |i: usize, j: usize| d.get(at(i, j)).copied().unwrap_or(usize::MAX - 1);
            let cost = usize::from(ca != cb);
            let mut best = (get(i, j + 1) + 1)
                .min(get(i + 1, j) + 1)
                .min(get(i, j) + cost);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca);
            if swapped {
                best = best.min(get(i - 1, j - 1) + 1);
            }
            if let Some(c) = d.get_mut(at(i + 1, j + 1)) {
                *c = best;
            }
        }
    }
    d.get(at(a.len(), b.len())).copied().unwrap_or(3)
}

/// Every label key a selector of the values uses, with the path of its selector and
/// whether it selects namespaces.
fn selector_keys(values: &Values) -> Vec<(String, bool, String)> {
    let mut out = Vec::new();
    for (i, m) in values.ingress.from_namespaces.iter().enumerate() {
        let path = format!("networkPolicy.ingress.fromNamespaces[{i}]");
        out.extend(m.keys().map(|k| (path.clone(), true, k.clone())));
    }
    for (i, r) in values.ingress.extra.iter().enumerate() {
        let prefix = format!("networkPolicy.ingress.extra[{i}].from");
        rule_keys(&prefix, r.view(), &mut out);
    }
    for (i, r) in values.egress.extra.iter().enumerate() {
        let prefix = format!("networkPolicy.egress.extra[{i}].to");
        rule_keys(&prefix, r.view(), &mut out);
    }
    out
}

fn rule_keys(prefix: &str, view: RuleView<'_>, out: &mut Vec<(String, bool, String)>) {
    for (j, peer) in view.peers.unwrap_or_default().iter().enumerate() {
        let Peer {
            namespace_selector,
            pod_selector,
            ..
        } = peer;
        for (name, sel, ns) in [
            ("namespaceSelector", namespace_selector, true),
            ("podSelector", pod_selector, false),
        ] {
            if let Some(sel) = sel {
                let path = format!("{prefix}[{j}].{name}");
                out.extend(keys_of(sel).into_iter().map(|k| (path.clone(), ns, k)));
            }
        }
    }
}

fn keys_of(sel: &LabelSelector) -> Vec<String> {
    let mut keys: Vec<String> = sel
        .match_labels
        .iter()
        .flat_map(Labels::keys)
        .cloned()
        .collect();
    keys.extend(
        sel.match_expressions
            .iter()
            .flatten()
            .map(|r| r.key.clone()),
    );
    keys
}

/// `label-key-typo`: one finding per selector and mistyped key, with a one-click rename.
pub(super) fn findings(values: &Values) -> Vec<Finding> {
    let mut out = Vec::new();
    for (path, namespaces, key) in selector_keys(values) {
        let Some(meant) = near_miss(&key) else {
            continue;
        };
        let what = if namespaces { "namespace" } else { "pod" };
        out.push(
            Finding::new(FindingCode::LabelKeyTypo,
                path,
                format!("Label key {key} is probably {meant}"),
                format!("No {what} carries the label {key}, so this selector selects nothing and the rule allows nothing. {meant} is the well-known key it is one or two characters away from."),
            )
            .with_fix(format!("Rename the key to {meant}."))
            .with_remedy(Remedy::RenameLabelKey {
                from: key.clone(),
                to: meant.to_owned(),
            }),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_table() {
        let cases = [
            (
                "kubernetes.io/metadata-name",
                Some("kubernetes.io/metadata.name"),
            ),
            (
                "kubernetes.io/metadata_name",
                Some("kubernetes.io/metadata.name"),
            ),
            (
                "kubernetes.io/metdata.name",
                Some("kubernetes.io/metadata.name"),
            ),
            (
                "kubernetes.io/metadata.nam",
                Some("kubernetes.io/metadata.name"),
            ),
            ("k8s_app", Some("k8s-app")),
            ("k8sapp", Some("k8s-app")),
            ("k8s-ap", Some("k8s-app")),
            (
                "app.kubernetes.io/partof",
                Some("app.kubernetes.io/part-of"),
            ),
            (
                "app.kubernetes.io/part_of",
                Some("app.kubernetes.io/part-of"),
            ),
            (
                "app.kubernetes.io/instace",
                Some("app.kubernetes.io/instance"),
            ),
            (
                "app.kubernetes.io/managedby",
                Some("app.kubernetes.io/managed-by"),
            ),
            (
                "app.kubernetes.io/versoin",
                Some("app.kubernetes.io/version"),
            ),
            ("App.Kubernetes.io/Name", Some("app.kubernetes.io/name")),
            ("app", None),
            ("team", None),
            ("name", None),
            ("k8s-app", None),
            ("kubernetes.io/metadata.name", None),
            ("app.kubernetes.io/name", None),
            ("app.kubernetes.io/component", None),
            ("kubernetes.io/os", None),
            ("topology.kubernetes.io/zone", None),
            ("", None),
        ];
        for (key, want) in cases {
            assert_eq!(near_miss(key), want, "{key}");
        }
        assert_eq!(distance("ab", "ba"), 1);
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("a", "abcd"), 3);
    }
}
