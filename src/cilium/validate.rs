//! What the API server or Cilium would refuse in a CiliumNetworkPolicy
//! (`cilium-invalid`), and the findings of the companion policy in an analysis
//! (`cilium-union`, `cilium-name-missing`).

use super::names::needs;
use super::pattern::{name_problem, pattern_problem, FqdnSelector};
use super::{policy_name, CiliumPolicy, EgressRule};
use crate::chart;
use crate::lint::{Finding, FindingCode};
use crate::model::Environment;

/// Every `cilium-invalid` problem of a policy, each at its path in the policy (e.g.
/// `spec.egress[1].toFQDNs[0].matchName`).
///
/// ```
/// use periscope_netpol::{cilium, model::Environment};
/// let mut p = cilium::policy(&Environment::default());
/// p.spec.endpoint_selector = None;
/// let found = cilium::validate(&p);
/// assert_eq!(found[0].path, "spec.endpointSelector");
/// ```
pub fn validate(policy: &CiliumPolicy) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut bad = |path: String, what: String| {
        out.push(Finding::new(
            FindingCode::CiliumInvalid,
            path,
            what,
            "The API server or the Cilium agent refuses the CiliumNetworkPolicy, so none of its allows apply.",
        ));
    };
    if policy.api_version != "cilium.io/v2" || policy.kind != "CiliumNetworkPolicy" {
        bad(
            "apiVersion".into(),
            format!(
                "{}/{} is not cilium.io/v2 CiliumNetworkPolicy",
                policy.api_version, policy.kind
            ),
        );
    }
    let meta = &policy.metadata;
    if let Some(why) = object_name_problem(&meta.name) {
        bad(
            "metadata.name".into(),
            format!("metadata.name {:?} {why}", meta.name),
        );
    }
    if let Err(e) = crate::names::namespace(&meta.namespace) {
        bad(
            "metadata.namespace".into(),
            format!("metadata.namespace: {e}"),
        );
    }
    for (k, v) in &meta.labels {
        if let Err(e) = crate::names::label_key(k).and_then(|()| crate::names::label_value(v)) {
            bad(format!("metadata.labels.{k}"), format!("label {k}: {e}"));
        }
    }
    match &policy.spec.endpoint_selector {
        None => bad(
            "spec.endpointSelector".into(),
            "spec.endpointSelector is missing".into(),
        ),
        Some(s) if s.match_labels.is_empty() => bad(
            "spec.endpointSelector".into(),
            "spec.endpointSelector is empty: it would select every pod of the namespace".into(),
        ),
        Some(_) => {}
    }
    for (i, rule) in policy.spec.egress.iter().enumerate() {
        egress_rule(&format!("spec.egress[{i}]"), rule, &mut bad);
    }
    out
}

fn egress_rule(path: &str, rule: &EgressRule, bad: &mut impl FnMut(String, String)) {
    let peers = [
        !rule.to_endpoints.is_empty(),
        !rule.to_cidr.is_empty(),
        !rule.to_fqdns.is_empty(),
    ];
    if peers.iter().filter(|p| **p).count() > 1 {
        bad(
            path.to_owned(),
            format!("{path} combines toEndpoints, toCIDR or toFQDNs: toFQDNs may not share a rule with another L3 selector"),
        );
    }
    for (j, cidr) in rule.to_cidr.iter().enumerate() {
        if cidr.parse::<ipnet::IpNet>().is_err() {
            bad(
                format!("{path}.toCIDR[{j}]"),
                format!("{cidr:?} is not a CIDR"),
            );
        }
    }
    for (j, s) in rule.to_fqdns.iter().enumerate() {
        selector(&format!("{path}.toFQDNs[{j}]"), s, bad);
    }
    for (k, ports) in rule.to_ports.iter().enumerate() {
        let at = format!("{path}.toPorts[{k}]");
        for (l, p) in ports.ports.iter().enumerate() {
            if !p.port.parse::<u16>().is_ok_and(|n| n > 0) {
                bad(
                    format!("{at}.ports[{l}].port"),
                    format!("port {:?} is not a port from 1 to 65535", p.port),
                );
            }
            if !matches!(p.protocol.as_str(), "TCP" | "UDP" | "SCTP" | "ANY" | "") {
                bad(
                    format!("{at}.ports[{l}].protocol"),
                    format!("protocol {:?} is not TCP, UDP, SCTP or ANY", p.protocol),
                );
            }
        }
        for (l, s) in ports.rules.iter().flat_map(|r| &r.dns).enumerate() {
            selector(&format!("{at}.rules.dns[{l}]"), s, bad);
        }
    }
}

fn selector(path: &str, s: &FqdnSelector, bad: &mut impl FnMut(String, String)) {
    match (&s.match_name, &s.match_pattern) {
        (Some(n), None) => {
            if let Some(why) = name_problem(n) {
                bad(
                    format!("{path}.matchName"),
                    format!("matchName {n:?}: {why}"),
                );
            }
        }
        (None, Some(p)) => {
            if let Some(why) = pattern_problem(p) {
                bad(
                    format!("{path}.matchPattern"),
                    format!("matchPattern {p:?}: {why}"),
                );
            }
        }
        (Some(_), Some(_)) => bad(
            path.to_owned(),
            format!("{path} sets both matchName and matchPattern"),
        ),
        (None, None) => bad(
            path.to_owned(),
            format!("{path} sets neither matchName nor matchPattern"),
        ),
    }
}

/// A DNS-1123 subdomain: what `metadata.name` must be.
fn object_name_problem(name: &str) -> Option<&'static str> {
    let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.';
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if name.is_empty() || name.len() > 253 {
        Some("must be 1 to 253 characters")
    } else if !name.chars().all(ok_char)
        || !alnum(name.chars().next())
        || !alnum(name.chars().last())
    {
        Some("is not a DNS subdomain (lowercase letters, digits, '-' and '.', alphanumeric at both ends)")
    } else {
        None
    }
}

/// The findings of the companion policy in an analysis: `cilium-union` (what each policy
/// carries), `cilium-name-missing` per name the Environment cannot say, and the policy's
/// `cilium-invalid` problems (at the field `cni`, the policy path in the title).
pub fn findings(env: &Environment, policy: &CiliumPolicy) -> Vec<Finding> {
    let (needs, missing) = needs(env);
    let mut names: Vec<String> = needs
        .iter()
        .filter_map(|n| {
            n.selector
                .match_name
                .clone()
                .or_else(|| n.selector.match_pattern.clone())
        })
        .collect();
    names.sort();
    names.dedup();
    let carried = if names.is_empty() {
        "DNS through Cilium's DNS proxy only: no public name is needed directly".to_owned()
    } else {
        format!(
            "DNS through Cilium's DNS proxy, and in toFQDNs {}",
            names.join(", ")
        )
    };
    let mut detail = format!(
        "The chart's NetworkPolicy {} and the CiliumNetworkPolicy {} both select the pod (app.kubernetes.io/name and app.kubernetes.io/instance). Once any policy selects a pod its traffic is default-deny in the directions that policy covers, and Cilium allows the union of every policy's allows. The NetworkPolicy carries ingress and the values' egress rules (kube-dns, credentials, in-cluster and CIDR destinations); the CiliumNetworkPolicy carries egress only: {carried}. It needs Cilium 1.4 or later with the L7 proxy on.",
        chart::fullname(&env.release),
        policy_name(env),
    );
    if !env.enabled {
        detail.push_str(" networkPolicy.enabled is false: only the CiliumNetworkPolicy selects the pod, so its egress is denied except DNS and these names.");
    }
    let mut out = vec![Finding::new(
        FindingCode::CiliumUnion,
        "cni",
        "Cilium enforces the NetworkPolicy and the CiliumNetworkPolicy together: the union of their allows",
        detail,
    )
    .with_fix("Apply both: periscope-netpol render --cilium ENV_FILE | kubectl apply -f -")];
    for m in missing {
        out.push(
            Finding::new(
                FindingCode::CiliumNameMissing,
                m.field.clone(),
                format!("The CiliumNetworkPolicy cannot name {}", m.what),
                "With Cilium the pod reaches public hosts by name through the CiliumNetworkPolicy's toFQDNs (the values have no internet-wide rule); a name left out is not reached.",
            )
            .with_fix(format!("Fill {}.", m.field)),
        );
    }
    for mut f in validate(policy) {
        f.title = format!("CiliumNetworkPolicy {}: {}", f.path, f.title);
        f.path = "cni".into();
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{policy, FqdnSelector, PortProtocol};
    use super::*;

    #[test]
    fn hand_made_bad_policies() {
        type Edit = fn(&mut CiliumPolicy);
        let cases: [(&str, Edit, &str); 10] = [
            (
                "no selector",
                |p| p.spec.endpoint_selector = None,
                "spec.endpointSelector",
            ),
            ("empty name", |p| p.metadata.name.clear(), "metadata.name"),
            (
                "bad namespace",
                |p| p.metadata.namespace = "Bad_NS".into(),
                "metadata.namespace",
            ),
            (
                "space in name",
                |p| p.spec.egress[1].to_fqdns[0] = FqdnSelector::name("acme okta.com"),
                "spec.egress[1].toFQDNs[0].matchName",
            ),
            (
                "empty label",
                |p| p.spec.egress[1].to_fqdns[0] = FqdnSelector::name("sts..amazonaws.com"),
                "spec.egress[1].toFQDNs[0].matchName",
            ),
            (
                "bracket pattern",
                |p| p.spec.egress[1].to_fqdns[0] = FqdnSelector::pattern("[a-z].example.com"),
                "spec.egress[1].toFQDNs[0].matchPattern",
            ),
            (
                "port 0",
                |p| p.spec.egress[1].to_ports[0].ports[0] = PortProtocol::new(0, "TCP"),
                "spec.egress[1].toPorts[0].ports[0].port",
            ),
            (
                "port 70000",
                |p| p.spec.egress[1].to_ports[0].ports[0].port = "70000".into(),
                "spec.egress[1].toPorts[0].ports[0].port",
            ),
            (
                "icmp",
                |p| p.spec.egress[0].to_ports[0].ports[0].protocol = "ICMP".into(),
                "spec.egress[0].toPorts[0].ports[0].protocol",
            ),
            (
                "fqdn with cidr",
                |p| p.spec.egress[1].to_cidr = vec!["10.0.0.0/8".into()],
                "spec.egress[1]",
            ),
        ];
        let base = policy(&Environment::default());
        assert!(validate(&base).is_empty(), "{:?}", validate(&base));
        for (what, edit, path) in cases {
            let mut p = base.clone();
            edit(&mut p);
            let found = validate(&p);
            assert!(
                found
                    .iter()
                    .any(|f| f.path == path && f.code == FindingCode::CiliumInvalid),
                "{what}: {found:?}"
            );
        }
        let mut both = base.clone();
        both.spec.egress[0].to_ports[0].rules = Some(super::super::L7Rules {
            dns: vec![FqdnSelector {
                match_name: Some("a.b".into()),
                match_pattern: Some("*".into()),
            }],
        });
        assert_eq!(
            validate(&both)[0].path,
            "spec.egress[0].toPorts[0].rules.dns[0]"
        );
    }
}
