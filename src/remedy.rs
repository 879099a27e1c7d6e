//! One-click fixes: a [`Remedy`] is a mechanical edit a finding proposes, applied purely.
//!
//! [`apply`] edits an Environment (the form); [`apply_to_values`] edits a values block
//! (what `check` reads). Edits keep the rest of what the user typed exactly: a CIDR list
//! keeps its other entries and separators. An edit whose path does not name a field of
//! the right kind changes nothing; neither function panics.

use crate::builder::build_custom;
use crate::model::{
    CidrList, Cluster, CustomPeer, CustomRule, EgressPosture, Environment, IdpReach, IngressSource,
    Label,
};
use crate::text::is_list_separator;
use crate::values::{Labels, Values};

/// A mechanical fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remedy {
    /// Append this rule to `custom` (an egress rule for the Pod Identity agent, IMDS or
    /// node-local DNS; an ingress rule for the agent tunnel port).
    AddCustomRule(CustomRule),
    /// In the field at `path` (a CIDR list, or a custom peer's `cidr`), replace the entry
    /// typed as `from` with `to`.
    ReplaceCidr {
        /// The Environment field, e.g. `clusters[0].cidrs`, or a values path of an
        /// `ipBlock.cidr` / `ipBlock.except[i]`.
        path: String,
        /// The entry as typed.
        from: String,
        /// What to write instead.
        to: String,
    },
    /// In the CIDR list at `path`, remove the last entry typed as `cidr` (a duplicate,
    /// or a range another entry already covers).
    RemoveCidr {
        /// The Environment field, or a values path of a peer (`...to[1]`).
        path: String,
        /// The entry as typed.
        cidr: String,
    },
    /// Rename a label key wherever a selector uses it (a near miss of a well-known key:
    /// wrong in one selector, it is wrong in all).
    RenameLabelKey {
        /// The key as typed.
        from: String,
        /// The key it was meant to be.
        to: String,
    },
}

impl Remedy {
    /// A short button label, e.g. "Add the rule", "Use 10.0.0.0/8".
    pub fn label(&self) -> String {
        match self {
            Remedy::AddCustomRule(_) => "Add the rule".into(),
            Remedy::ReplaceCidr { to, .. } => format!("Use {to}"),
            Remedy::RemoveCidr { cidr, .. } => format!("Remove {cidr}"),
            Remedy::RenameLabelKey { to, .. } => format!("Use {to}"),
        }
    }
}

/// Applies a remedy to an Environment. Unknown paths leave it unchanged.
///
/// ```
/// use periscope_netpol::model::{Environment, Cluster, CidrList};
/// use periscope_netpol::remedy::{apply, Remedy};
/// let mut env = Environment::default();
/// env.agent.cidrs = CidrList::from("10.1.2.3/16, 192.168.0.0/24");
/// let fixed = apply(&env, &Remedy::ReplaceCidr {
///     path: "agent.cidrs".into(), from: "10.1.2.3/16".into(), to: "10.1.0.0/16".into(),
/// });
/// assert_eq!(fixed.agent.cidrs.as_str(), "10.1.0.0/16, 192.168.0.0/24");
/// let same = apply(&env, &Remedy::RemoveCidr { path: "no.such".into(), cidr: "x".into() });
/// assert_eq!(same, env);
/// ```
pub fn apply(env: &Environment, remedy: &Remedy) -> Environment {
    let mut out = env.clone();
    match remedy {
        Remedy::AddCustomRule(rule) => out.custom.push(rule.clone()),
        Remedy::ReplaceCidr { path, from, to } => match field_mut(&mut out, path) {
            Some(Field::List(list)) => *list = CidrList(replace_entry(list.as_str(), from, to)),
            Some(Field::Single(text)) if text.trim() == from.trim() => *text = to.clone(),
            Some(Field::Single(_)) | None => {}
        },
        Remedy::RemoveCidr { path, cidr } => {
            if let Some(Field::List(list)) = field_mut(&mut out, path) {
                if let Some(text) = remove_last_entry(list.as_str(), cidr) {
                    *list = CidrList(text);
                }
            }
        }
        Remedy::RenameLabelKey { from, to } => rename_in_environment(&mut out, from, to),
    }
    out
}

/// Renames the key in every label list of the form: namespace sources, the IdP's pod
/// labels, custom selector peers.
fn rename_in_environment(env: &mut Environment, from: &str, to: &str) {
    let rename = |labels: &mut Vec<Label>| {
        for l in labels.iter_mut().filter(|l| l.key == from) {
            l.key = to.to_owned();
        }
    };
    for source in &mut env.ingress {
        if let IngressSource::Namespace { labels } = source {
            rename(labels);
        }
    }
    if let IdpReach::InCluster { pod_labels, .. } = &mut env.idp.reach {
        rename(pod_labels);
    }
    for peer in env.custom.iter_mut().flat_map(|r| r.peers.iter_mut()) {
        if let CustomPeer::Selector {
            namespace_labels,
            pod_labels,
        } = peer
        {
            namespace_labels.iter_mut().for_each(rename);
            pod_labels.iter_mut().for_each(rename);
        }
    }
}

/// Renames the key in a label map.
fn rename_key(labels: &Labels, from: &str, to: &str) -> Labels {
    labels
        .iter()
        .map(|(k, v)| (if k == from { to } else { k }.to_owned(), v.clone()))
        .collect()
}

/// Renames the key in every selector of the values: fromNamespaces entries and the
/// peers' matchLabels and matchExpressions.
fn rename_in_values(values: &mut Values, from: &str, to: &str) {
    for m in &mut values.ingress.from_namespaces {
        *m = rename_key(m, from, to);
    }
    let peers = values
        .ingress
        .extra
        .iter_mut()
        .flat_map(|r| r.from.iter_mut().flatten())
        .chain(
            values
                .egress
                .extra
                .iter_mut()
                .flat_map(|r| r.to.iter_mut().flatten()),
        );
    for peer in peers {
        let selectors = [&mut peer.namespace_selector, &mut peer.pod_selector];
        for sel in selectors.into_iter().flatten() {
            if let Some(m) = &mut sel.match_labels {
                *m = rename_key(m, from, to);
            }
            for r in sel.match_expressions.iter_mut().flatten() {
                if r.key == from {
                    r.key = to.to_owned();
                }
            }
        }
    }
}

/// Applies a remedy to a values block: adds the rule, or edits the `ipBlock` at a values
/// path. Unknown paths leave the values unchanged.
pub fn apply_to_values(values: &Values, remedy: &Remedy) -> Values {
    let mut out = values.clone();
    match remedy {
        Remedy::AddCustomRule(rule) => {
            let built = build_custom(rule);
            out.ingress.extra.extend(built.values.ingress.extra);
            out.egress.extra.extend(built.values.egress.extra);
        }
        Remedy::ReplaceCidr { path, from, to } => {
            let Some((peer_path, rest)) = split_peer_path(path) else {
                return out;
            };
            let Some(block) = peer_mut(&mut out, peer_path).and_then(|p| p.ip_block.as_mut())
            else {
                return out;
            };
            let slot = match segments(rest).as_slice() {
                [("ipBlock", None), ("cidr", None)] => Some(&mut block.cidr),
                [("ipBlock", None), ("except", Some(k))] => {
                    block.except.as_mut().and_then(|e| e.get_mut(*k))
                }
                _ => None,
            };
            if let Some(slot) = slot.filter(|s| s.as_str() == from) {
                *slot = to.clone();
            }
        }
        Remedy::RemoveCidr { path, cidr } => {
            if let Some((list, j)) = peers_mut(&mut out, path) {
                let matches = list
                    .get(j)
                    .and_then(|p| p.ip_block.as_ref())
                    .is_some_and(|b| b.cidr == *cidr);
                if matches {
                    list.remove(j);
                }
            }
        }
        Remedy::RenameLabelKey { from, to } => rename_in_values(&mut out, from, to),
    }
    out
}

/// A field a CIDR remedy edits.
enum Field<'a> {
    /// A list box.
    List(&'a mut CidrList),
    /// A single CIDR box (a custom peer's `cidr`).
    Single(&'a mut String),
}

/// `a.b[2].c` -> `[("a", None), ("b", Some(2)), ("c", None)]`; malformed segments
/// make the whole path unknown (an empty list).
fn segments(path: &str) -> Vec<(&str, Option<usize>)> {
    let mut out = Vec::new();
    for seg in path.split('.') {
        match seg.split_once('[') {
            None => out.push((seg, None)),
            Some((name, rest)) => match rest.strip_suffix(']').and_then(|n| n.parse().ok()) {
                Some(i) => out.push((name, Some(i))),
                None => return Vec::new(),
            },
        }
    }
    out
}

fn field_mut<'a>(env: &'a mut Environment, path: &str) -> Option<Field<'a>> {
    match segments(path).as_slice() {
        [("ingress", Some(i)), ("cidrs", None)] => match env.ingress.get_mut(*i)? {
            IngressSource::LoadBalancer { cidrs } => Some(Field::List(cidrs)),
            _ => None,
        },
        [("agent", None), ("cidrs", None)] => Some(Field::List(&mut env.agent.cidrs)),
        [("idp", None), ("cidrs", None)] => match &mut env.idp.reach {
            IdpReach::Cidrs { cidrs } => Some(Field::List(cidrs)),
            _ => None,
        },
        [("aws", None), ("apiCidrs", None)] => Some(Field::List(&mut env.aws.api_cidrs)),
        [("clusters", Some(i)), ("cidrs", None)] => match env.clusters.get_mut(*i)? {
            Cluster::Eks { cidrs, .. }
            | Cluster::InCluster { cidrs, .. }
            | Cluster::Kubeconfig { cidrs, .. } => Some(Field::List(cidrs)),
            Cluster::Agent { .. } => None,
        },
        [("egress", None), ("cidrs", None)] => match &mut env.egress {
            EgressPosture::Proxy { cidrs, .. } => Some(Field::List(cidrs)),
            _ => None,
        },
        [("custom", Some(i)), ("peers", Some(j)), (leaf, None)] => {
            let peer = env.custom.get_mut(*i)?.peers.get_mut(*j)?;
            match (peer, *leaf) {
                (CustomPeer::IpBlock { cidr, .. }, "cidr") => Some(Field::Single(cidr)),
                (CustomPeer::IpBlock { except, .. }, "except") => Some(Field::List(except)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `networkPolicy.egress.extra[0].to[1].ipBlock.cidr` -> (`...to[1]`, `ipBlock.cidr`).
fn split_peer_path(path: &str) -> Option<(&str, &str)> {
    let at = path.find(".ipBlock.")?;
    Some((path.get(..at)?, path.get(at + 1..)?))
}

fn peers_mut<'a>(
    values: &'a mut Values,
    peer_path: &str,
) -> Option<(&'a mut Vec<crate::values::Peer>, usize)> {
    match segments(peer_path).as_slice() {
        [("networkPolicy", None), ("egress", None), ("extra", Some(i)), ("to", Some(j))] => {
            Some((values.egress.extra.get_mut(*i)?.to.as_mut()?, *j))
        }
        [("networkPolicy", None), ("ingress", None), ("extra", Some(i)), ("from", Some(j))] => {
            Some((values.ingress.extra.get_mut(*i)?.from.as_mut()?, *j))
        }
        _ => None,
    }
}

fn peer_mut<'a>(values: &'a mut Values, peer_path: &str) -> Option<&'a mut crate::values::Peer> {
    let (list, j) = peers_mut(values, peer_path)?;
    list.get_mut(j)
}

/// The byte spans of the entries of a pasted list.
fn entry_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (is_list_separator(c), start) {
            (true, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// Replaces every entry typed exactly as `from`, keeping separators and other entries.
fn replace_entry(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (s, e) in entry_spans(text) {
        if text.get(s..e) == Some(from) {
            out.push_str(text.get(last..s).unwrap_or_default());
            out.push_str(to);
            last = e;
        }
    }
    out.push_str(text.get(last..).unwrap_or_default());
    out
}

/// Removes the last entry typed as `entry` with the separator before it (or after it,
/// when it is the first entry); `None` when there is no such entry.
fn remove_last_entry(text: &str, entry: &str) -> Option<String> {
    let spans = entry_spans(text);
    let k = spans
        .iter()
        .rposition(|&(s, e)| text.get(s..e) == Some(entry))?;
    let (s, e) = *spans.get(k)?;
    let (cut_from, cut_to) = match (
        k.checked_sub(1).and_then(|p| spans.get(p)),
        spans.get(k + 1),
    ) {
        (Some(&(_, prev_end)), _) => (prev_end, e),
        (None, Some(&(next_start, _))) => (s, next_start),
        (None, None) => (s, e),
    };
    let mut out = String::from(text.get(..cut_from)?);
    out.push_str(text.get(cut_to..)?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_edits_keep_the_rest() {
        // (text, from, to, replaced)
        let replace = [
            ("10.1.2.3/8", "10.1.2.3/8", "10.0.0.0/8", "10.0.0.0/8"),
            (
                "a, 10.1.2.3/8\nb",
                "10.1.2.3/8",
                "10.0.0.0/8",
                "a, 10.0.0.0/8\nb",
            ),
            ("10.1.2.3/80", "10.1.2.3/8", "x", "10.1.2.3/80"),
            ("", "a", "b", ""),
        ];
        for (text, from, to, want) in replace {
            assert_eq!(replace_entry(text, from, to), want, "{text:?}");
        }
        // (text, entry, after removal)
        let remove = [
            ("a\nb\na", "a", Some("a\nb")),
            ("a, b, c", "b", Some("a, c")),
            ("a, b", "a", Some("b")),
            ("a", "a", Some("")),
            ("ab, b", "a", None),
        ];
        for (text, entry, want) in remove {
            assert_eq!(remove_last_entry(text, entry).as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn paths_table() {
        assert_eq!(
            segments("a.b[2].c"),
            vec![("a", None), ("b", Some(2)), ("c", None)]
        );
        assert!(segments("a[x]").is_empty());
        let mut env = Environment::default();
        for path in ["agent.cidrs", "aws.apiCidrs"] {
            assert!(field_mut(&mut env, path).is_some(), "{path}");
        }
        for path in [
            "idp.cidrs",
            "egress.cidrs",
            "clusters[9].cidrs",
            "ingress[0].cidrs",
            "",
            "custom[0].peers[0].cidr",
        ] {
            assert!(field_mut(&mut env, path).is_none(), "{path}");
        }
    }
}
