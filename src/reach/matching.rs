//! Whether one peer, one port or one selector matches: the NetworkPolicy API's rules for
//! a single item, which the queries of [`crate::reach`] combine over whole rules.

use ipnet::IpNet;

use super::{PodTarget, Protocol};
use crate::validate::parse_api_cidr;
use crate::values::{LabelSelector, Labels, Peer, PolicyPort, PortValue};

/// Whether one port entry admits `proto`/`port` (a named port never matches a number).
pub fn port_matches(p: &PolicyPort, proto: Protocol, port: u16) -> bool {
    if Protocol::of(p) != Some(proto) {
        return false;
    }
    let port = i64::from(port);
    match (&p.port, p.end_port) {
        (None, _) => true,
        (Some(PortValue::Number(n)), None) => *n == port,
        (Some(PortValue::Number(n)), Some(end)) => *n <= port && port <= end,
        (Some(PortValue::Name(_)), _) => false,
    }
}

/// Whether a rule's `ports` admit `proto`/`port` (absent or empty = every port).
pub fn ports_match(ports: Option<&[PolicyPort]>, proto: Protocol, port: u16) -> bool {
    match ports {
        None | Some([]) => true,
        Some(list) => list.iter().any(|p| port_matches(p, proto, port)),
    }
}

/// Parses a values CIDR leniently (host bits cleared), as the API server reads it today.
pub fn values_net(cidr: &str) -> Option<IpNet> {
    parse_api_cidr(cidr).ok().map(|(net, _)| net)
}

/// Whether a peer's `ipBlock` admits every address of `net`.
pub fn ip_peer_matches(peer: &Peer, net: &IpNet) -> bool {
    if peer.pod_selector.is_some() || peer.namespace_selector.is_some() {
        return false;
    }
    let Some(block) = &peer.ip_block else {
        return false;
    };
    let Some(outer) = values_net(&block.cidr) else {
        return false;
    };
    outer.contains(net)
        && !block
            .except
            .as_deref()
            .unwrap_or_default()
            .iter()
            .filter_map(|e| values_net(e))
            .any(|e| e.contains(net) || net.contains(&e))
}

/// Whether a label selector selects these labels (`In`, `NotIn`, `Exists`, `DoesNotExist`;
/// an unknown operator selects nothing).
pub fn selector_matches(sel: &LabelSelector, labels: &Labels) -> bool {
    let labels_ok = sel
        .match_labels
        .as_ref()
        .is_none_or(|m| m.iter().all(|(k, v)| labels.get(k) == Some(v)));
    let exprs_ok = sel
        .match_expressions
        .as_deref()
        .unwrap_or_default()
        .iter()
        .all(|r| {
            let values = r.values.as_deref().unwrap_or_default();
            let got = labels.get(&r.key);
            match r.operator.as_str() {
                "In" => got.is_some_and(|v| values.contains(v)),
                "NotIn" => got.is_none_or(|v| !values.contains(v)),
                "Exists" => got.is_some(),
                "DoesNotExist" => got.is_none(),
                _ => false,
            }
        });
    labels_ok && exprs_ok
}

/// Whether a selector peer selects the target pods. A peer without `namespaceSelector`
/// selects pods in the policy's own namespace only.
pub fn pod_peer_matches(peer: &Peer, own_namespace: &str, target: &PodTarget) -> bool {
    if peer.ip_block.is_some() {
        return false;
    }
    let ns_ok = match &peer.namespace_selector {
        Some(sel) => selector_matches(sel, &target.namespace_labels),
        None if peer.pod_selector.is_some() => {
            !own_namespace.is_empty() && own_namespace == target.namespace
        }
        None => return false,
    };
    let pod_ok = peer
        .pod_selector
        .as_ref()
        .is_none_or(|sel| selector_matches(sel, &target.pod_labels));
    ns_ok && pod_ok
}
