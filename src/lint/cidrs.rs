//! CIDR hygiene (host bits, duplicates, overlaps) and the address mistakes only an
//! Environment reveals (pinned EKS endpoints, Auth0's outbound list). Duplicates and
//! overlaps are found by sorting ([`nesting`], [`NetTable`]), not by comparing pairs.

use ipnet::IpNet;

use super::{Finding, Severity};
use crate::builder::{issuer_host, Built};
use crate::cidr::parse_cidr;
use crate::model::{
    CidrList, Cluster, CustomPeer, EgressPosture, EndpointAccess, Environment, IdpReach,
    IngressSource,
};
use crate::netindex::{nesting, Net, NetIndex, NetTable, PeerNets};
use crate::remedy::Remedy;
use crate::validate::parse_api_cidr;
use crate::values::Peer;

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
        let nets: Vec<Net> = parsed.iter().map(|(_, n)| Net::of(n)).collect();
        let typed_at = |j: Option<usize>| j.and_then(|j| parsed.get(j)).map(|(t, _)| *t);
        for ((typed, _), nest) in parsed.iter().zip(nesting(&nets)) {
            let remedy = Remedy::RemoveCidr {
                path: path.clone(),
                cidr: (*typed).to_owned(),
            };
            if let Some(first) = typed_at(nest.repeats) {
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
            } else if let Some(outer) = typed_at(nest.inside) {
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
pub(super) fn values_hygiene(index: &NetIndex<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let sides = [
        (index.egress(), "egress", "to"),
        (index.ingress(), "ingress", "from"),
    ];
    let rules = sides
        .into_iter()
        .flat_map(|(side, key, peers)| (0..side.len()).map(move |i| (side, key, peers, i)));
    for (side, key, peers_key, i) in rules {
        let base = format!("networkPolicy.{key}.extra[{i}].{peers_key}");
        let peers = side.view(i).and_then(|v| v.peers).unwrap_or_default();
        let overlaps = Overlaps::new(peers, side.peers(i));
        for (j, (p, parsed)) in peers.iter().zip(side.peers(i)).enumerate() {
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
            let Some(net) = parsed.cidr else {
                continue;
            };
            let remedy = Remedy::RemoveCidr {
                path: ppath.clone(),
                cidr: b.cidr.clone(),
            };
            if overlaps.repeated.binary_search(&j).is_ok() {
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
            } else if b.except.is_none() && overlaps.plain.first_outside(net).is_some() {
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

/// The blocks of one rule's peers, sorted for the duplicate and overlap checks.
struct Overlaps {
    /// Peers repeating the block (same network, same excepts) of an earlier peer, sorted.
    repeated: Vec<usize>,
    /// The blocks without excepts (selectors or not), valued by peer.
    plain: NetTable<usize>,
}

impl Overlaps {
    fn new(peers: &[Peer], parsed: &[PeerNets]) -> Self {
        let blocks = peers
            .iter()
            .zip(parsed)
            .enumerate()
            .filter_map(|(j, (p, n))| {
                let b = p.ip_block.as_ref()?;
                Some((n.cidr?, b.except.as_ref(), j))
            });
        let mut keyed: Vec<(Net, Option<&Vec<String>>, usize)> = blocks.collect();
        let plain = keyed
            .iter()
            .filter(|(_, except, _)| except.is_none_or(|e| e.is_empty()))
            .map(|(net, _, j)| (*net, *j));
        let plain = NetTable::new(plain);
        keyed.sort_unstable();
        let mut repeated: Vec<usize> = keyed
            .windows(2)
            .filter_map(|w| match w {
                [(n, e, _), (m, f, j)] if (n, e) == (m, f) => Some(*j),
                _ => None,
            })
            .collect();
        repeated.sort_unstable();
        Overlaps { repeated, plain }
    }
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
