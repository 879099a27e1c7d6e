//! CIDR hygiene (host bits, duplicates, overlaps) and the address mistakes only an
//! Environment reveals (pinned EKS endpoints, Auth0's outbound list). Duplicates and
//! overlaps are found by sorting ([`nesting`], [`NetTable`]), not by comparing pairs.

use crate::lint::FindingCode;
use ipnet::IpNet;

use super::Finding;
use crate::builder::{issuer_host, Built};
use crate::cidr::parse_cidr;
use crate::model::{
    CidrList, Cluster, CustomPeer, EgressPosture, EndpointAccess, Environment, IdpReach,
    IngressSource,
};
use crate::netindex::{nesting, Net, NetIndex, NetTable, PeerNets};
use crate::remedy::Remedy;
use crate::validate::parse_api_cidr;
use crate::values::{IpBlock, Peer};

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
    // Parsed, not compared as text: `FD00::1/128` only changes its spelling.
    let has_host_bits = crate::cidr::parse_exact(typed.trim()).is_ok_and(|n| n != n.trunc());
    let finding = if has_host_bits {
        let single = if addr.contains(':') { "128" } else { "32" };
        Finding::new(FindingCode::CidrHostBits,
            path,
            format!("'{typed}' has host bits set: it means {normalised}"),
            "The API server reads the whole network, not the one address; strict CIDR validation (StrictIPCIDRValidation) rejects it outright.",
        )
        .with_fix(format!("Write {normalised}, or {addr}/{single} for the single address."))
    } else {
        Finding::new(FindingCode::CidrNormalised,
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
                        FindingCode::CidrDuplicate,
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
                        FindingCode::CidrOverlap,
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
            if overlaps.repeats(j, net, b) {
                out.push(
                    Finding::new(
                        FindingCode::CidrDuplicate,
                        ppath,
                        format!("The block {} is listed twice in this rule", b.cidr),
                        "A repeated peer adds nothing.",
                    )
                    .with_fix("Remove the repeated peer.")
                    .with_remedy(remedy),
                );
            } else if b.except.is_none() && overlaps.plain.first_container(net).is_some() {
                out.push(
                    Finding::new(
                        FindingCode::CidrOverlap,
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
struct Overlaps<'p> {
    peers: &'p [Peer],
    /// Every block that parses, by peer.
    blocks: NetTable,
    /// The blocks without excepts (selectors or not), by peer.
    plain: NetTable,
}

impl<'p> Overlaps<'p> {
    fn new(peers: &'p [Peer], parsed: &[PeerNets]) -> Self {
        let blocks = || {
            peers
                .iter()
                .zip(parsed)
                .enumerate()
                .filter_map(|(j, (p, n))| {
                    let b = p.ip_block.as_ref()?;
                    Some((n.cidr?, b, j))
                })
        };
        let plain = blocks().filter(|(_, b, _)| b.except.as_ref().is_none_or(|e| e.is_empty()));
        Overlaps {
            peers,
            blocks: NetTable::new(blocks().map(|(n, _, j)| (n, j))),
            plain: NetTable::new(plain.map(|(n, _, j)| (n, j))),
        }
    }

    /// Whether an earlier peer than `j` has the same block: the same network, the same
    /// excepts.
    fn repeats(&self, j: usize, net: Net, block: &IpBlock) -> bool {
        self.blocks
            .equal(net)
            .iter()
            .take_while(|(_, k)| *k < j)
            .filter_map(|(_, k)| self.peers.get(*k)?.ip_block.as_ref())
            .any(|c| c.except == block.except)
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
                Finding::new(FindingCode::EksEndpointPinned,
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
            Finding::new(FindingCode::Auth0IpList,
                "idp.cidrs",
                "Auth0's published IP list is where Auth0 connects from, not where its login endpoints live",
                "Auth0 publishes its outbound addresses (for allow-listing its calls to you); its tenant endpoints are served from a CDN whose addresses are not in that list, so OIDC discovery fails.",
            )
            .with_fix("Reach the issuer through the internet-HTTPS rule, an egress proxy or an FQDN-aware policy."),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reach::values_net;
    use crate::values::{EgressRule, Values};

    /// The definition over all pairs of peers: (path, code) of each finding.
    fn all_pairs(peers: &[Peer]) -> Vec<(String, &'static str)> {
        let plain = |q: &Peer| {
            let b = q.ip_block.as_ref()?;
            b.except
                .as_deref()
                .unwrap_or_default()
                .is_empty()
                .then_some(())?;
            values_net(&b.cidr)
        };
        let mut out = Vec::new();
        for (j, p) in peers.iter().enumerate() {
            let Some(b) = &p.ip_block else { continue };
            let Some(net) = values_net(&b.cidr) else {
                continue;
            };
            let path = format!("networkPolicy.egress.extra[0].to[{j}]");
            let same = |q: &Peer| {
                q.ip_block
                    .as_ref()
                    .is_some_and(|c| values_net(&c.cidr) == Some(net) && c.except == b.except)
            };
            if peers.get(..j).unwrap_or_default().iter().any(same) {
                out.push((path, "cidr-duplicate"));
            } else if b.except.is_none()
                && peers
                    .iter()
                    .any(|q| plain(q).is_some_and(|o| o != net && o.contains(&net)))
            {
                out.push((path, "cidr-overlap"));
            }
        }
        out
    }

    #[test]
    fn values_duplicates_and_overlaps_agree_with_all_pairs() {
        let cidrs = [
            "10.0.0.0/8",
            "10.1.0.0/16",
            "10.1.2.3/16",
            "0.0.0.0/0",
            "::/0",
            "fd00::/8",
            "bogus",
        ];
        let excepts: [Option<Vec<String>>; 3] =
            [None, Some(vec![]), Some(vec!["10.1.0.0/24".into()])];
        let mut seed = 5u64;
        let mut below = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            usize::try_from(seed >> 33).unwrap_or_default() % n
        };
        let mut found = 0;
        for _ in 0..2000 {
            let peers: Vec<Peer> = (0..below(7))
                .map(|_| {
                    let mut p = Peer::ip_block(
                        cidrs.get(below(cidrs.len())).copied().unwrap_or_default(),
                        vec![],
                    );
                    if let Some(b) = p.ip_block.as_mut() {
                        b.except = excepts.get(below(excepts.len())).cloned().flatten();
                    }
                    if below(6) == 0 {
                        p.pod_selector = Some(Default::default());
                    }
                    p
                })
                .collect();
            let want = all_pairs(&peers);
            let mut values = Values::default();
            values.egress.extra.push(EgressRule {
                to: Some(peers),
                ports: None,
            });
            let got: Vec<(String, &str)> = values_hygiene(&NetIndex::new(&values))
                .into_iter()
                .filter(|f| f.code != "cidr-host-bits")
                .map(|f| (f.path, f.code.as_str()))
                .collect();
            found += want.len();
            assert_eq!(got, want, "{values:?}");
        }
        assert!(
            found > 500,
            "the generator finds duplicates and overlaps ({found})"
        );
    }
}
