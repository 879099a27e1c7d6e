//! CIDR hygiene (host bits, duplicates, overlaps), rules another rule already covers,
//! and the address mistakes only an Environment reveals (pinned EKS endpoints, Auth0's
//! outbound list).

use ipnet::IpNet;

use super::{Finding, Severity};
use crate::builder::{issuer_host, Built};
use crate::cidr::parse_cidr;
use crate::model::{
    CidrList, Cluster, CustomPeer, EgressPosture, EndpointAccess, Environment, IdpReach,
    IngressSource,
};
use crate::reach::{self, values_net};
use crate::remedy::Remedy;
use crate::validate::parse_api_cidr;
use crate::values::{Peer, PolicyPort, PortValue, RuleView, Values};

/// Every CIDR list field of an Environment, with its path.
fn cidr_fields(env: &Environment) -> Vec<(String, &CidrList)> {
    let mut out: Vec<(String, &CidrList)> = Vec::new();
    for (i, s) in env.ingress.iter().enumerate() {
        if let IngressSource::LoadBalancer { cidrs } = s {
            out.push((format!("ingress[{i}].cidrs"), cidrs));
        }
    }
    out.push(("agent.cidrs".into(), &env.agent.cidrs));
    if let IdpReach::Cidrs { cidrs } = &env.idp.reach {
        out.push(("idp.cidrs".into(), cidrs));
    }
    out.push(("aws.apiCidrs".into(), &env.aws.api_cidrs));
    for (i, c) in env.clusters.iter().enumerate() {
        if let Cluster::Eks { cidrs, .. }
        | Cluster::InCluster { cidrs, .. }
        | Cluster::Kubeconfig { cidrs, .. } = c
        {
            out.push((format!("clusters[{i}].cidrs"), cidrs));
        }
    }
    if let EgressPosture::Proxy { cidrs, .. } = &env.egress {
        out.push(("egress.cidrs".into(), cidrs));
    }
    for (i, r) in env.custom.iter().enumerate() {
        for (j, p) in r.peers.iter().enumerate() {
            if let CustomPeer::IpBlock { except, .. } = p {
                out.push((format!("custom[{i}].peers[{j}].except"), except));
            }
        }
    }
    out
}

fn host_bits(typed: &str, normalised: &str, path: &str) -> Finding {
    let remedy = Remedy::ReplaceCidr {
        path: path.to_owned(),
        from: typed.to_owned(),
        to: normalised.to_owned(),
    };
    let addr = typed.trim().split('/').next().unwrap_or_default();
    let finding = if typed.contains('/') && !normalised.starts_with(&format!("{addr}/")) {
        let single = if addr.contains(':') { "128" } else { "32" };
        Finding::new(
            "cidr-host-bits",
            Severity::Warning,
            path,
            format!("'{typed}' has host bits set: it means {normalised}"),
            "The API server reads the whole network, not the one address; strict CIDR validation (StrictIPCIDRValidation) rejects it outright.",
        )
        .with_fix(format!("Write {normalised}, or {addr}/{single} for the single address."))
    } else {
        Finding::new(
            "cidr-normalised",
            Severity::Info,
            path,
            format!("'{typed}' is written as '{normalised}'"),
            "Bare addresses get a prefix length and addresses are written canonically, so the API server reads exactly what you meant.",
        )
        .with_fix(format!("Type '{normalised}' to silence this."))
    };
    finding.with_remedy(remedy)
}

/// Host bits, normalised spellings, duplicates and overlaps in the Environment's fields.
pub(super) fn environment_hygiene(env: &Environment, built: &Built) -> Vec<Finding> {
    let mut out: Vec<Finding> = built
        .normalised
        .iter()
        .map(|n| host_bits(&n.typed, &n.normalised, &n.path))
        .collect();
    for (path, list) in cidr_fields(env) {
        let parsed: Vec<(&str, IpNet)> = list
            .entries()
            .filter_map(|e| parse_cidr(e).ok().map(|c| (e, c.net)))
            .collect();
        for (k, (typed, net)) in parsed.iter().enumerate() {
            let remedy = Remedy::RemoveCidr {
                path: path.clone(),
                cidr: (*typed).to_owned(),
            };
            let earlier = parsed.get(..k).unwrap_or_default();
            if let Some((first, _)) = earlier.iter().find(|(_, n)| n == net) {
                out.push(
                    Finding::new(
                        "cidr-duplicate",
                        Severity::Warning,
                        path.clone(),
                        format!("'{typed}' repeats '{first}'"),
                        "The same network is listed twice; it is written once.",
                    )
                    .with_fix(format!("Remove '{typed}'."))
                    .with_remedy(remedy),
                );
            } else if let Some((outer, _)) =
                parsed.iter().find(|(_, n)| n != net && n.contains(net))
            {
                out.push(
                    Finding::new(
                        "cidr-overlap",
                        Severity::Info,
                        path.clone(),
                        format!("'{typed}' is inside '{outer}'"),
                        "The wider entry already allows every address of this one.",
                    )
                    .with_fix(format!("Remove '{typed}', or narrow '{outer}'."))
                    .with_remedy(remedy),
                );
            }
        }
    }
    out
}

/// Host bits, duplicate and overlapping blocks in a values file's rules.
pub(super) fn values_hygiene(values: &Values) -> Vec<Finding> {
    let mut out = Vec::new();
    let rules = values
        .egress
        .extra
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                format!("networkPolicy.egress.extra[{i}].to"),
                r.to.as_deref(),
            )
        })
        .chain(values.ingress.extra.iter().enumerate().map(|(i, r)| {
            (
                format!("networkPolicy.ingress.extra[{i}].from"),
                r.from.as_deref(),
            )
        }));
    for (base, peers) in rules {
        let peers = peers.unwrap_or_default();
        for (j, p) in peers.iter().enumerate() {
            let Some(b) = &p.ip_block else { continue };
            let ppath = format!("{base}[{j}]");
            let slots = std::iter::once((format!("{ppath}.ipBlock.cidr"), &b.cidr)).chain(
                b.except
                    .iter()
                    .flatten()
                    .enumerate()
                    .map(|(k, e)| (format!("{ppath}.ipBlock.except[{k}]"), e)),
            );
            for (path, text) in slots {
                if let Ok((net, true)) = parse_api_cidr(text) {
                    out.push(host_bits(text, &net.to_string(), &path));
                }
            }
            let Some(net) = values_net(&b.cidr) else {
                continue;
            };
            let remedy = Remedy::RemoveCidr {
                path: ppath.clone(),
                cidr: b.cidr.clone(),
            };
            let same = |q: &Peer| {
                q.ip_block
                    .as_ref()
                    .is_some_and(|c| values_net(&c.cidr) == Some(net) && c.except == b.except)
            };
            if peers.get(..j).unwrap_or_default().iter().any(same) {
                out.push(
                    Finding::new(
                        "cidr-duplicate",
                        Severity::Warning,
                        ppath,
                        format!("The block {} is listed twice in this rule", b.cidr),
                        "A repeated peer adds nothing.",
                    )
                    .with_fix("Remove the repeated peer.")
                    .with_remedy(remedy),
                );
            } else if b.except.is_none()
                && peers
                    .iter()
                    .any(|q| plain_block(q).is_some_and(|o| o != net && o.contains(&net)))
            {
                out.push(
                    Finding::new(
                        "cidr-overlap",
                        Severity::Info,
                        ppath,
                        format!("The block {} is inside another block of this rule", b.cidr),
                        "The wider block already allows every address of this one.",
                    )
                    .with_fix("Remove the narrower peer.")
                    .with_remedy(remedy),
                );
            }
        }
    }
    out
}

fn plain_block(p: &Peer) -> Option<IpNet> {
    let b = p.ip_block.as_ref()?;
    b.except
        .as_deref()
        .unwrap_or_default()
        .is_empty()
        .then_some(())?;
    values_net(&b.cidr)
}

/// Whether port `a` is a subset of port `b` (same protocol, range inside).
fn port_within(a: &PolicyPort, b: &PolicyPort) -> bool {
    if reach::Protocol::of(a).is_none() || reach::Protocol::of(a) != reach::Protocol::of(b) {
        return false;
    }
    match (&a.port, &b.port) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(PortValue::Name(x)), Some(PortValue::Name(y))) => x == y && b.end_port.is_none(),
        (Some(PortValue::Number(n)), Some(PortValue::Number(m))) => {
            let a_end = a.end_port.unwrap_or(*n);
            let b_end = b.end_port.unwrap_or(*m);
            m <= n && a_end <= b_end
        }
        _ => false,
    }
}

/// Whether peer `q` selects everything peer `p` does: the same peer, or an ipBlock
/// inside `q`'s whose excepts leave out nothing `p` keeps.
fn peer_within(p: &Peer, q: &Peer) -> bool {
    if p == q {
        return true;
    }
    let excepts = |b: &crate::values::IpBlock| -> Vec<IpNet> {
        b.except
            .iter()
            .flatten()
            .filter_map(|e| values_net(e))
            .collect()
    };
    let (Some(pb), Some(qb)) = (&p.ip_block, &q.ip_block) else {
        return false;
    };
    if p.pod_selector.is_some()
        || p.namespace_selector.is_some()
        || q.pod_selector.is_some()
        || q.namespace_selector.is_some()
    {
        return false;
    }
    let (Some(pn), Some(qn)) = (values_net(&pb.cidr), values_net(&qb.cidr)) else {
        return false;
    };
    let p_out = excepts(pb);
    qn.contains(&pn)
        && excepts(qb)
            .iter()
            .filter(|e| e.contains(&pn) || pn.contains(*e))
            .all(|e| p_out.iter().any(|f| f.contains(e)))
}

/// Whether every connection rule `a` allows, rule `b` allows too (ipBlock peers only).
fn covers(b: RuleView<'_>, a: RuleView<'_>) -> bool {
    let ports_ok = match (a.ports.unwrap_or_default(), b.ports.unwrap_or_default()) {
        (_, []) => true,
        ([], _) => false,
        (ap, bp) => ap.iter().all(|p| bp.iter().any(|q| port_within(p, q))),
    };
    let peers_ok = match (a.peers.unwrap_or_default(), b.peers.unwrap_or_default()) {
        (_, []) => true,
        ([], _) => false,
        (ap, bp) => ap.iter().all(|p| bp.iter().any(|q| peer_within(p, q))),
    };
    ports_ok && peers_ok
}

/// The most rules per direction compared pairwise for `rule-redundant`: the check is
/// quadratic, and a megabyte-sized imported file (ten thousand rules) must not freeze the
/// page. Real policies have tens of rules.
const MAX_REDUNDANCY_RULES: usize = 400;

/// `rule-redundant`: a rule every connection of which another rule already allows.
pub(super) fn redundant_rules(values: &Values) -> Vec<Finding> {
    let egress: Vec<RuleView<'_>> = values.egress.extra.iter().map(|r| r.view()).collect();
    let ingress: Vec<RuleView<'_>> = values.ingress.extra.iter().map(|r| r.view()).collect();
    let mut out = Vec::new();
    for (rules, key, noun) in [
        (&egress, "egress", "Egress"),
        (&ingress, "ingress", "Ingress"),
    ] {
        if rules.len() > MAX_REDUNDANCY_RULES {
            continue;
        }
        for (i, a) in rules.iter().enumerate() {
            // Of two equal rules the later one is reported.
            let by = rules
                .iter()
                .enumerate()
                .find(|(j, b)| *j != i && covers(**b, *a) && (!covers(*a, **b) || *j < i));
            if let Some((j, _)) = by {
                out.push(
                    Finding::new(
                        "rule-redundant",
                        Severity::Info,
                        format!("networkPolicy.{key}.extra[{i}]"),
                        format!("{noun} rule {} is already covered by {} rule {}", i + 1, key, j + 1),
                        "Every connection this rule allows, the other rule allows too: it only adds noise to review.",
                    )
                    .with_fix("Remove it, or narrow the wider rule."),
                );
            }
        }
    }
    out
}

/// `eks-endpoint-pinned` and `auth0-ip-list`.
pub(super) fn environment_only(env: &Environment) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, c) in env.clusters.iter().enumerate() {
        let Cluster::Eks {
            endpoint: EndpointAccess::Public,
            cidrs,
            name,
            ..
        } = c
        else {
            continue;
        };
        let pinned: Vec<&str> = cidrs
            .entries()
            .filter(|e| parse_cidr(e).is_ok_and(|c| c.net.prefix_len() == c.net.max_prefix_len()))
            .collect();
        if !pinned.is_empty() {
            out.push(
                Finding::new(
                    "eks-endpoint-pinned",
                    Severity::Warning,
                    format!("clusters[{i}].cidrs"),
                    format!("Cluster {name}'s public endpoint is pinned to {}", pinned.join(", ")),
                    "EKS public endpoint addresses belong to AWS and rotate without notice: the rule breaks the day they change.",
                )
                .with_fix("Use the region's published EC2 ranges, the internet-HTTPS rule, an egress proxy, or the private endpoint."),
            );
        }
    }
    let host = issuer_host(&env.idp.issuer).to_ascii_lowercase();
    if matches!(env.idp.reach, IdpReach::Cidrs { .. })
        && (host == "auth0.com" || host.ends_with(".auth0.com"))
    {
        out.push(
            Finding::new(
                "auth0-ip-list",
                Severity::Warning,
                "idp.cidrs",
                "Auth0's published IP list is where Auth0 connects from, not where its login endpoints live",
                "Auth0 publishes its outbound addresses (for allow-listing its calls to you); its tenant endpoints are served from a CDN whose addresses are not in that list, so OIDC discovery fails.",
            )
            .with_fix("Reach the issuer through the internet-HTTPS rule, an egress proxy or an FQDN-aware policy."),
        );
    }
    out
}
