//! How open or closed the policy is: nothing enforced, nothing admitted, everything
//! admitted, rules wider than they look, and rules some CNIs ignore.

use ipnet::IpNet;

use super::{Context, Finding, Severity};
use crate::model::IpFamily;
use crate::reach::{self, is_v4, Protocol};
use crate::values::{LabelSelector, Peer, PolicyPort, RuleView, Values};

/// `policy-disabled`.
pub(super) fn disabled(ctx: &Context) -> Finding {
    Finding::new(
        "policy-disabled",
        Severity::Info,
        ctx.paths.enabled.clone(),
        "networkPolicy.enabled is false: nothing is enforced",
        "The chart renders no NetworkPolicy, so the pod may send and receive anything. The rules below take effect once it is enabled.",
    )
    .with_fix("Set networkPolicy.enabled: true once the rules match your environment.")
}

/// Every check of this module on an enabled policy.
pub(super) fn findings(values: &Values, ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    ingress_reach(values, ctx, &mut out);
    every_namespace(values, &mut out);
    for (i, r) in values.egress.extra.iter().enumerate() {
        egress_rule(r.view(), i, ctx, &mut out);
    }
    for (i, r) in values.ingress.extra.iter().enumerate() {
        let path = format!("networkPolicy.ingress.extra[{i}]");
        let what = format!("Ingress rule {}", i + 1);
        rule_shape(r.view(), &path, &what, "source", &mut out);
        ports_cni(r.view(), &path, &what, &mut out);
    }
    family(values, ctx, &mut out);
    out
}

fn ingress_reach(values: &Values, ctx: &Context, out: &mut Vec<Finding>) {
    let port = ctx.service_port;
    let opened = reach::ingress_opens_port(values, port, Protocol::Tcp, port).is_some();
    if !opened && !ctx.port_forward_only {
        out.push(
            Finding::new(
                "ingress-none",
                Severity::Warning,
                ctx.paths.ingress.clone(),
                format!("Nothing opens service.port {port}: Periscope is unreachable"),
                "With no fromNamespaces entry and no ingress rule on the service port, the policy denies all ingress: browsers, the ingress controller and load balancers all time out. Only kubectl port-forward still works.",
            )
            .with_fix("Add the namespace of your ingress controller, or the load balancer's CIDRs."),
        );
    }
    let ip_rule = values.ingress.extra.iter().any(|r| {
        reach::ports_match(r.ports.as_deref(), Protocol::Tcp, port)
            && r.from
                .as_deref()
                .unwrap_or_default()
                .iter()
                .any(|p| p.ip_block.is_some())
    });
    if ctx.alb_ip_targets && !ip_rule {
        out.push(
            Finding::new(
                "lb-namespace-only",
                Severity::Warning,
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
                    "ingress-every-namespace",
                    Severity::Warning,
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
                        "ingress-every-namespace",
                        Severity::Warning,
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

fn is_everything(peer: &Peer) -> bool {
    peer.ip_block.as_ref().is_some_and(|b| {
        b.except.as_deref().unwrap_or_default().is_empty()
            && reach::values_net(&b.cidr).is_some_and(|n| n.prefix_len() == 0)
    })
}

fn egress_rule(rule: RuleView<'_>, i: usize, ctx: &Context, out: &mut Vec<Finding>) {
    let path = format!("networkPolicy.egress.extra[{i}]");
    let what = format!("Egress rule {}", i + 1);
    let no_ports = rule.ports.is_none_or(<[PolicyPort]>::is_empty);
    let peers = rule.peers.unwrap_or_default();
    if no_ports && (peers.is_empty() || peers.iter().any(is_everything)) {
        out.push(
            Finding::new(
                "egress-open-all",
                Severity::Warning,
                path.clone(),
                format!("{what} allows every destination on every port"),
                "With no port list and no except, the pod can reach everything: every in-cluster Service and pod, the node, and the instance metadata service 169.254.169.254 with the node's credentials.",
            )
            .with_fix("List the ports (TCP 443) and except the private ranges, or name the destinations."),
        );
        return;
    }
    let whole = |family: IpFamily| {
        reach::public_samples(family).iter().all(|net| {
            reach::ports_match(rule.ports, Protocol::Tcp, 443)
                && (peers.is_empty() || peers.iter().any(|p| reach::ip_peer_matches(p, net)))
        })
    };
    let internet = (ctx.ip_family.v4() && whole(IpFamily::Ipv4))
        || (ctx.ip_family.v6() && whole(IpFamily::Ipv6));
    if internet {
        out.push(
            Finding::new(
                "egress-internet-https",
                Severity::Info,
                path.clone(),
                format!("{what} reaches the whole internet on TCP 443"),
                "This is the docs' lazy default: the pod can reach any HTTPS server, which is also an exfiltration path. EKS public endpoints rotate, so exact CIDRs need upkeep.",
            )
            .with_fix("For regulated environments list explicit CIDRs, or use an FQDN-aware egress (Cilium FQDN policy, an egress proxy, AWS VPC endpoints)."),
        );
    }
    rule_shape(rule, &path, &what, "destination", out);
    ports_cni(rule, &path, &what, out);
}

/// `rule-all-peers`, `rule-all-ports` and, for ingress, `ingress-open-all`.
fn rule_shape(rule: RuleView<'_>, path: &str, what: &str, peer_noun: &str, out: &mut Vec<Finding>) {
    let no_peers = rule.peers.is_none_or(<[Peer]>::is_empty);
    let no_ports = rule.ports.is_none_or(<[PolicyPort]>::is_empty);
    let (code, title, detail) = match (no_peers, no_ports) {
        (false, false) => return,
        // Egress rules with neither are reported as egress-open-all.
        (true, true) if peer_noun == "destination" => return,
        (true, true) => (
            "ingress-open-all",
            format!("{what} admits every source on every port"),
            "A rule without from and ports admits anything, from anywhere, on every container port.",
        ),
        (true, false) => (
            "rule-all-peers",
            format!("{what} opens its ports to every {peer_noun}"),
            "A rule with ports but no peers matches every address, in the cluster and outside it.",
        ),
        (false, true) => (
            "rule-all-ports",
            format!("{what} opens every port to its peers"),
            "A rule with peers but no ports matches every port and protocol of those peers.",
        ),
    };
    out.push(
        Finding::new(code, Severity::Warning, path, title, detail)
            .with_fix("Name both the peers and the ports the traffic needs."),
    );
}

/// `sctp-port` and `end-port`: valid, but not enforced everywhere.
fn ports_cni(rule: RuleView<'_>, path: &str, what: &str, out: &mut Vec<Finding>) {
    for (k, p) in rule.ports.unwrap_or_default().iter().enumerate() {
        let ppath = format!("{path}.ports[{k}]");
        if p.protocol.as_deref() == Some("SCTP") {
            out.push(Finding::new(
                "sctp-port",
                Severity::Info,
                ppath.clone(),
                format!("{what} uses SCTP, which some CNIs do not enforce"),
                "SCTP needs CNI support (and a kernel module); where it is missing the port is silently ignored or the rule fails to apply.",
            ));
        }
        if p.end_port.is_some() {
            out.push(Finding::new(
                "end-port",
                Severity::Info,
                ppath,
                format!("{what} uses an endPort range, which some CNIs do not enforce"),
                "endPort is GA since Kubernetes 1.25, but older CNIs ignore it and allow only the first port.",
            ));
        }
    }
}

fn block_families(rule: RuleView<'_>) -> (bool, bool) {
    let nets: Vec<IpNet> = rule
        .peers
        .unwrap_or_default()
        .iter()
        .filter_map(|p| p.ip_block.as_ref().and_then(|b| reach::values_net(&b.cidr)))
        .collect();
    (nets.iter().any(is_v4), nets.iter().any(|n| !is_v4(n)))
}

/// `ip-family-mismatch`: rules of the other family are ignored.
fn family(values: &Values, ctx: &Context, out: &mut Vec<Finding>) {
    let detail = "Pods only have addresses of the cluster's family, so blocks of the other family match nothing; the AWS VPC CNI ignores such rules outright. The traffic the rule was meant for stays blocked.";
    let rules = values
        .egress
        .extra
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                format!("networkPolicy.egress.extra[{i}]"),
                format!("Egress rule {}", i + 1),
                r.view(),
            )
        })
        .chain(values.ingress.extra.iter().enumerate().map(|(i, r)| {
            (
                format!("networkPolicy.ingress.extra[{i}]"),
                format!("Ingress rule {}", i + 1),
                r.view(),
            )
        }));
    let (mut any_v4, mut any_v6) = (false, false);
    for (path, what, rule) in rules {
        let (v4, v6) = block_families(rule);
        any_v4 |= v4;
        any_v6 |= v6;
        let wrong = match ctx.ip_family {
            IpFamily::Ipv4 if v6 && !v4 => "IPv6 blocks in an IPv4 cluster",
            IpFamily::Ipv6 if v4 && !v6 => "IPv4 blocks in an IPv6 cluster",
            _ => continue,
        };
        out.push(
            Finding::new(
                "ip-family-mismatch",
                Severity::Warning,
                path,
                format!("{what} has only {wrong}"),
                detail,
            )
            .with_fix("Write the blocks in the cluster's family (or set the IP family)."),
        );
    }
    if ctx.ip_family == IpFamily::DualStack && any_v4 != any_v6 {
        let only = if any_v4 { "IPv4" } else { "IPv6" };
        out.push(
            Finding::new(
                "ip-family-mismatch",
                Severity::Warning,
                ctx.paths.ip_family.clone(),
                format!("A dual-stack cluster, but every ipBlock is {only}"),
                "Connections the pod opens over the other family match no ipBlock and are dropped.",
            )
            .with_fix("Add the other family's blocks to each ipBlock rule."),
        );
    }
}
