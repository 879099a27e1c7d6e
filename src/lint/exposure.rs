//! How open or closed the policy is: nothing enforced, nothing admitted, everything
//! admitted, rules wider than they look, and rules some CNIs ignore.

use super::{Context, Finding};
use crate::lint::FindingCode;
use crate::model::IpFamily;
use crate::netindex::{Net, NetIndex, PeerNets};
use crate::reach::{self, Protocol};
use crate::values::{LabelSelector, Peer, PolicyPort, RuleView, Values};

/// `policy-disabled`.
pub(super) fn disabled(ctx: &Context) -> Finding {
    Finding::new(FindingCode::PolicyDisabled,
        ctx.paths.enabled.clone(),
        "networkPolicy.enabled is false: nothing is enforced",
        "The chart renders no NetworkPolicy, so the pod may send and receive anything. The rules below take effect once it is enabled.",
    )
    .with_fix("Set networkPolicy.enabled: true once the rules match your environment.")
}

/// Every check of this module on an enabled policy.
pub(super) fn findings(index: &NetIndex<'_>, ctx: &Context) -> Vec<Finding> {
    let values = index.values();
    let mut out = Vec::new();
    ingress_reach(values, ctx, &mut out);
    every_namespace(values, &mut out);
    let samples = Samples::new(ctx.ip_family);
    for (i, r) in values.egress.extra.iter().enumerate() {
        let rule = Rule {
            view: r.view(),
            peers: index.egress().peers(i),
        };
        egress_rule(rule, Name::egress(i), &samples, &mut out);
    }
    for (i, r) in values.ingress.extra.iter().enumerate() {
        let name = Name::ingress(i);
        rule_shape(r.view(), name, "source", &mut out);
        ports_cni(r.view(), name, &mut out);
    }
    family(index, ctx, &mut out);
    out
}

/// Which rule a finding is about; its path and title words are written only for findings.
#[derive(Clone, Copy)]
struct Name {
    key: &'static str,
    noun: &'static str,
    i: usize,
}

impl Name {
    fn egress(i: usize) -> Self {
        Name {
            key: "egress",
            noun: "Egress",
            i,
        }
    }

    fn ingress(i: usize) -> Self {
        Name {
            key: "ingress",
            noun: "Ingress",
            i,
        }
    }

    /// `networkPolicy.egress.extra[2]`.
    fn path(self) -> String {
        format!("networkPolicy.{}.extra[{}]", self.key, self.i)
    }

    /// `Egress rule 3`.
    fn what(self) -> String {
        format!("{} rule {}", self.noun, self.i + 1)
    }
}

/// A rule with its peers parsed.
#[derive(Clone, Copy)]
struct Rule<'a> {
    view: RuleView<'a>,
    peers: &'a [PeerNets],
}

/// The public sample addresses of each family the cluster uses, parsed once.
struct Samples {
    v4: Option<Vec<Net>>,
    v6: Option<Vec<Net>>,
}

impl Samples {
    fn new(family: IpFamily) -> Self {
        let parsed = |f: IpFamily| reach::public_samples(f).iter().map(Net::of).collect();
        Samples {
            v4: family.v4().then(|| parsed(IpFamily::Ipv4)),
            v6: family.v6().then(|| parsed(IpFamily::Ipv6)),
        }
    }
}

fn ingress_reach(values: &Values, ctx: &Context, out: &mut Vec<Finding>) {
    let port = ctx.service_port;
    let opened = reach::ingress_opens_port(values, port, Protocol::Tcp, port).is_some();
    if !opened && !ctx.port_forward_only {
        out.push(
            Finding::new(FindingCode::IngressNone,
                ctx.paths.ingress.clone(),
                format!("Nothing opens service.port {port}: Periscope is unreachable"),
                "With no fromNamespaces entry and no ingress rule on the service port, the policy denies all ingress: browsers, the ingress controller and load balancers all time out. Only kubectl port-forward still works.",
            )
            .with_fix("Add the namespace of your ingress controller, or the load balancer's CIDRs."),
        );
    }
    let ip_rule = values.ingress.extra.iter().any(|r| {
        (reach::ports_match(r.ports.as_deref(), Protocol::Tcp, port)
            || reach::chart_port_named(r.ports.as_deref(), port, Protocol::Tcp, port))
            && r.from
                .as_deref()
                .unwrap_or_default()
                .iter()
                .any(|p| p.ip_block.is_some())
    });
    if ctx.alb_ip_targets && !ip_rule {
        out.push(
            Finding::new(FindingCode::LbNamespaceOnly,
                ctx.paths.ingress.clone(),
                "The load balancer's IP targets are admitted only by namespace rules",
                "An AWS ALB or NLB with IP targets sends from VPC addresses, not from a pod in a namespace: fromNamespaces entries never match it and its health checks and requests are dropped.",
            )
            .with_fix(format!("Add an ingress rule with an ipBlock of the VPC or subnet CIDRs on TCP {port}.")),
        );
    }
}

fn selects_all(sel: Option<&LabelSelector>) -> bool {
    sel.is_none_or(LabelSelector::is_empty)
}

fn every_namespace(values: &Values, out: &mut Vec<Finding>) {
    let detail = "An empty namespace selector selects every namespace, so any pod in the cluster can reach Periscope's port: a compromised workload anywhere can talk to the dashboard.";
    for (i, m) in values.ingress.from_namespaces.iter().enumerate() {
        if m.is_empty() {
            out.push(
                Finding::new(
                    FindingCode::IngressEveryNamespace,
                    format!("networkPolicy.ingress.fromNamespaces[{i}]"),
                    "A {} entry in fromNamespaces admits every namespace",
                    detail,
                )
                .with_fix("Name the namespace, e.g. kubernetes.io/metadata.name: ingress-nginx."),
            );
        }
    }
    for (i, r) in values.ingress.extra.iter().enumerate() {
        for (j, p) in r.from.as_deref().unwrap_or_default().iter().enumerate() {
            if p.namespace_selector
                .as_ref()
                .is_some_and(LabelSelector::is_empty)
                && selects_all(p.pod_selector.as_ref())
            {
                out.push(
                    Finding::new(
                        FindingCode::IngressEveryNamespace,
                        format!("networkPolicy.ingress.extra[{i}].from[{j}]"),
                        format!("Ingress rule {} admits every pod of every namespace", i + 1),
                        detail,
                    )
                    .with_fix("Give the namespaceSelector a label, or add a podSelector."),
                );
            }
        }
    }
}

fn is_everything(peer: &Peer, parsed: &PeerNets) -> bool {
    peer.ip_block.as_ref().is_some_and(|b| {
        b.except.as_deref().unwrap_or_default().is_empty()
            && parsed.cidr.is_some_and(Net::is_everything)
    })
}

fn egress_rule(rule: Rule<'_>, name: Name, samples: &Samples, out: &mut Vec<Finding>) {
    let no_ports = rule.view.ports.is_none_or(<[PolicyPort]>::is_empty);
    let peers = rule.view.peers.unwrap_or_default();
    let everything = || {
        peers
            .iter()
            .zip(rule.peers)
            .any(|(p, n)| is_everything(p, n))
    };
    if no_ports && (peers.is_empty() || everything()) {
        out.push(
            Finding::new(FindingCode::EgressOpenAll,
                name.path(),
                format!("{} allows every destination on every port", name.what()),
                "With no port list and no except, the pod can reach everything: every in-cluster Service and pod, the node, and the instance metadata service 169.254.169.254 with the node's credentials.",
            )
            .with_fix("List the ports (TCP 443) and except the private ranges, or name the destinations."),
        );
        return;
    }
    let whole = |samples: &Option<Vec<Net>>| {
        samples.as_deref().is_some_and(|nets| {
            nets.iter().all(|net| {
                reach::ports_match(rule.view.ports, Protocol::Tcp, 443)
                    && (peers.is_empty() || rule.peers.iter().any(|p| p.admits(*net)))
            })
        })
    };
    let internet = whole(&samples.v4) || whole(&samples.v6);
    if internet {
        out.push(
            Finding::new(FindingCode::EgressInternetHttps,
                name.path(),
                format!("{} reaches the whole internet on TCP 443", name.what()),
                "This is the docs' lazy default: the pod can reach any HTTPS server, which is also an exfiltration path. EKS public endpoints rotate, so exact CIDRs need upkeep.",
            )
            .with_fix("For regulated environments list explicit CIDRs, or use an FQDN-aware egress (Cilium FQDN policy, an egress proxy, AWS VPC endpoints)."),
        );
    }
    rule_shape(rule.view, name, "destination", out);
    ports_cni(rule.view, name, out);
}

/// `rule-all-peers`, `rule-all-ports` and, for ingress, `ingress-open-all`.
fn rule_shape(rule: RuleView<'_>, name: Name, peer_noun: &str, out: &mut Vec<Finding>) {
    let no_peers = rule.peers.is_none_or(<[Peer]>::is_empty);
    let no_ports = rule.ports.is_none_or(<[PolicyPort]>::is_empty);
    // Egress rules with neither are reported as egress-open-all.
    if !(no_peers || no_ports) || (no_peers && no_ports && peer_noun == "destination") {
        return;
    }
    let what = name.what();
    let (code, title, detail) = match (no_peers, no_ports) {
        (true, true) => (
            FindingCode::IngressOpenAll,
            format!("{what} admits every source on every port"),
            "A rule without from and ports admits anything, from anywhere, on every container port.",
        ),
        (true, false) => (
            FindingCode::RuleAllPeers,
            format!("{what} opens its ports to every {peer_noun}"),
            "A rule with ports but no peers matches every address, in the cluster and outside it.",
        ),
        _ => (
            FindingCode::RuleAllPorts,
            format!("{what} opens every port to its peers"),
            "A rule with peers but no ports matches every port and protocol of those peers.",
        ),
    };
    out.push(
        Finding::new(code, name.path(), title, detail)
            .with_fix("Name both the peers and the ports the traffic needs."),
    );
}

/// `sctp-port` and `end-port`: valid, but not enforced everywhere.
fn ports_cni(rule: RuleView<'_>, name: Name, out: &mut Vec<Finding>) {
    for (k, p) in rule.ports.unwrap_or_default().iter().enumerate() {
        let sctp = p.protocol.as_deref() == Some("SCTP");
        if !sctp && p.end_port.is_none() {
            continue;
        }
        let (ppath, what) = (format!("{}.ports[{k}]", name.path()), name.what());
        if sctp {
            out.push(Finding::new(FindingCode::SctpPort,
                ppath.clone(),
                format!("{what} uses SCTP, which some CNIs do not enforce"),
                "SCTP needs CNI support (and a kernel module); where it is missing the port is silently ignored or the rule fails to apply.",
            ));
        }
        if p.end_port.is_some() {
            out.push(Finding::new(FindingCode::EndPort,
                ppath,
                format!("{what} uses an endPort range, which some CNIs do not enforce"),
                "endPort is GA since Kubernetes 1.25, but older CNIs ignore it and allow only the first port.",
            ));
        }
    }
}

/// Whether the rule has IPv4 blocks, and IPv6 blocks.
fn block_families(peers: &[PeerNets]) -> (bool, bool) {
    let nets = || peers.iter().filter_map(|p| p.cidr);
    (nets().any(|n| !n.is_v6()), nets().any(Net::is_v6))
}

/// `ip-family-mismatch`: rules of the other family are ignored.
fn family(index: &NetIndex<'_>, ctx: &Context, out: &mut Vec<Finding>) {
    let detail = "Pods only have addresses of the cluster's family, so blocks of the other family match nothing; the AWS VPC CNI ignores such rules outright. The traffic the rule was meant for stays blocked.";
    let egress = (0..index.egress().len()).map(|i| (index.egress(), Name::egress(i)));
    let ingress = (0..index.ingress().len()).map(|i| (index.ingress(), Name::ingress(i)));
    let rules = egress.chain(ingress);
    let (mut any_v4, mut any_v6) = (false, false);
    for (side, name) in rules {
        let (v4, v6) = block_families(side.peers(name.i));
        any_v4 |= v4;
        any_v6 |= v6;
        let wrong = match ctx.ip_family {
            IpFamily::Ipv4 if v6 && !v4 => "IPv6 blocks in an IPv4 cluster",
            IpFamily::Ipv6 if v4 && !v6 => "IPv4 blocks in an IPv6 cluster",
            _ => continue,
        };
        out.push(
            Finding::new(
                FindingCode::IpFamilyMismatch,
                name.path(),
                format!("{} has only {wrong}", name.what()),
                detail,
            )
            .with_fix("Write the blocks in the cluster's family (or set the IP family)."),
        );
    }
    if ctx.ip_family == IpFamily::DualStack && any_v4 != any_v6 {
        let only = if any_v4 { "IPv4" } else { "IPv6" };
        out.push(
            Finding::new(
                FindingCode::IpFamilyMismatch,
                ctx.paths.ip_family.clone(),
                format!("A dual-stack cluster, but every ipBlock is {only}"),
                "Connections the pod opens over the other family match no ipBlock and are dropped.",
            )
            .with_fix("Add the other family's blocks to each ipBlock rule."),
        );
    }
}
