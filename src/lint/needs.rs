//! What Periscope must reach, checked against the values: the IdP, AWS APIs, each
//! cluster's apiserver, the credential endpoint, DNS and the agent tunnel (facts §2).

use crate::lint::FindingCode;
use ipnet::IpNet;

use super::{Backend, Context, Dest, Finding, Verdict};
use crate::builder::{
    GKE_CLOUD_DNS, IMDS_V4, IMDS_V6, NODELOCAL_DNS, POD_IDENTITY_V4, POD_IDENTITY_V6,
};
use crate::cidr;
use crate::model::{
    Credentials, CustomPeer, CustomPort, CustomRule, Direction, Dns, Label, PortText,
};
use crate::netindex::NetIndex;
use crate::reach::{self, EgressLookup, PodTarget, Protocol};
use crate::remedy::Remedy;
use crate::values::{Labels, Values};

/// Every check of this module on an enabled policy.
pub(super) fn findings(index: &NetIndex<'_>, ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    super::idp::findings(index, ctx, &mut out);
    aws(index, ctx, &mut out);
    clusters(index, ctx, &mut out);
    credentials(index, ctx, &mut out);
    agent(index.values(), ctx, &mut out);
    dns(index, ctx, &mut out);
    out
}

/// The sentence the internet rule earns when a private destination is blocked.
pub(super) fn except_note(index: &NetIndex<'_>, ctx: &Context) -> &'static str {
    if index
        .egress_to_internet(ctx.ip_family, Protocol::Tcp, 443)
        .is_some()
    {
        " The internet-HTTPS rule does not help: its except list (RFC 1918, private IPv6) blocks exactly these private addresses."
    } else {
        ""
    }
}

pub(super) fn is_private_dest(dest: &Dest) -> bool {
    match dest {
        Dest::Private { .. } => true,
        Dest::Nets { nets, .. } => !nets.is_empty() && nets.iter().all(crate::cidr::is_private),
        _ => false,
    }
}

fn aws(index: &NetIndex<'_>, ctx: &Context, out: &mut Vec<Finding>) {
    let verdict = ctx.verdict(index, &ctx.aws);
    if ctx.needs_aws_apis() || ctx.secrets_native {
        let why = "Without STS the pod has no AWS credentials, EKS clusters start with DescribeCluster, and native secrets are read at start-up: Periscope fails without them.";
        if super::home::findings(index, ctx, &ctx.aws, &ctx.paths.aws_apis, why, out) {
            return;
        }
    }
    match verdict {
        Verdict::Blocked => {}
        Verdict::Unknown => return super::unverified::aws(index, ctx, out),
        Verdict::Allowed { .. } => return,
    }
    let private = is_private_dest(&ctx.aws);
    let home = super::home::note(index, &ctx.aws);
    if ctx.secrets_native {
        out.push(
            Finding::new(FindingCode::SecretsUnreachable,
                ctx.paths.secrets.clone(),
                "secrets.mode is native but nothing allows TCP 443 to Secrets Manager / SSM",
                format!("Periscope reads its secrets from AWS at start-up and exits when it cannot.{}{home}", if private { except_note(index, ctx) } else { "" }),
            )
            .with_fix("Allow TCP 443 to the Secrets Manager / SSM endpoints (VPC endpoint subnets or the regional ranges)."),
        );
    }
    if !ctx.needs_aws_apis() {
        return;
    }
    let (code, title) = if private {
        (
            FindingCode::PrivateEndpointBlocked,
            "Nothing allows TCP 443 to the AWS VPC interface endpoints (STS, EKS)",
        )
    } else {
        (
            FindingCode::AwsApiUnreachable,
            "Nothing allows TCP 443 to the AWS APIs (STS, EKS DescribeCluster)",
        )
    };
    out.push(
        Finding::new(
            code,
            ctx.paths.aws_apis.clone(),
            title,
            format!("IRSA exchanges its token at STS and EKS clusters start with DescribeCluster; without them every EKS cluster fails to load.{}{home}", if private { except_note(index, ctx) } else { "" }),
        )
        .with_fix("Give the endpoint CIDRs (VPC endpoint subnets, or the region's published ranges)."),
    );
}

fn clusters(index: &NetIndex<'_>, ctx: &Context, out: &mut Vec<Finding>) {
    for c in &ctx.clusters {
        if c.backend == Backend::Agent {
            continue;
        }
        let why = "Periscope lists, watches and execs through this apiserver.";
        if super::home::findings(index, ctx, &c.dest, &c.path, why, out) {
            continue;
        }
        match ctx.verdict(index, &c.dest) {
            Verdict::Blocked => {}
            Verdict::Unknown => {
                super::unverified::cluster(index, ctx, c, out);
                continue;
            }
            Verdict::Allowed { .. } => continue,
        }
        let name = if c.name.is_empty() {
            "(unnamed)"
        } else {
            c.name.as_str()
        };
        let finding = if c.backend == Backend::InCluster {
            Finding::new(FindingCode::ApiserverUnreachable,
                c.path.clone(),
                format!("Nothing allows egress to the apiserver of in-cluster backend {name}"),
                format!("Policies see traffic to the kubernetes Service after DNAT: the destination is the apiserver endpoint IPs (kubectl get endpoints kubernetes), on port 6443 on many distributions even though the Service listens on 443. Without them Periscope cannot list anything in this cluster.{}", except_note(index, ctx)),
            )
            .with_fix("Allow the endpoint IPs as /32s on the endpoints' port (443 or 6443).")
        } else if is_private_dest(&c.dest) {
            Finding::new(FindingCode::PrivateEndpointBlocked,
                c.path.clone(),
                format!("Nothing allows TCP to the private apiserver endpoint of cluster {name}"),
                format!("With EKS private endpoint access the apiserver answers on ENIs in the VPC (private addresses).{}", except_note(index, ctx)),
            )
            .with_fix("Give the subnets of the cluster's private endpoint ENIs.")
        } else {
            Finding::new(FindingCode::ClusterUnreachable,
                c.path.clone(),
                format!("Nothing allows egress to the apiserver of cluster {name}"),
                format!("Periscope cannot list, watch or exec in this cluster; the rest of the dashboard works.{}", super::home::note(index, &c.dest)),
            )
            .with_fix("Give the apiserver's CIDRs, or reach public endpoints through the internet-HTTPS rule or a proxy.")
        };
        out.push(finding);
    }
}

fn family_addrs(ctx: &Context, v4: &str, v6: &str) -> Vec<IpNet> {
    let mut out = Vec::new();
    if ctx.ip_family.v4() {
        out.extend(cidr::known(v4));
    }
    if ctx.ip_family.v6() {
        out.extend(cidr::known(v6));
    }
    out
}

/// The addresses of `nets` nothing allows, written without their /32 or /128.
fn blocked(index: &NetIndex<'_>, nets: &[IpNet], proto: Protocol, port: u16) -> Vec<String> {
    nets.iter()
        .filter(|n| index.egress_to_net(n, proto, port).is_none())
        .map(|n| {
            if n.prefix_len() == n.max_prefix_len() {
                n.addr().to_string()
            } else {
                n.to_string()
            }
        })
        .collect()
}

/// A custom rule to these blocks on these ports.
pub(crate) fn host_rule(note: &str, nets: &[IpNet], ports: &[(&str, u16)]) -> CustomRule {
    CustomRule {
        direction: Direction::Egress,
        note: note.to_owned(),
        peers: nets
            .iter()
            .map(|n| CustomPeer::IpBlock {
                cidr: n.to_string(),
                except: Default::default(),
            })
            .collect(),
        ports: ports
            .iter()
            .map(|(proto, port)| CustomPort {
                protocol: (*proto).into(),
                port: PortText::from(*port),
                end_port: PortText::default(),
            })
            .collect(),
    }
}

fn credentials(index: &NetIndex<'_>, ctx: &Context, out: &mut Vec<Finding>) {
    let path = ctx.paths.credentials.clone();
    if ctx.credentials == Credentials::PodIdentity {
        let agent = family_addrs(ctx, POD_IDENTITY_V4, POD_IDENTITY_V6);
        let missing = blocked(index, &agent, Protocol::Tcp, 80);
        if !missing.is_empty() {
            out.push(
                Finding::new(FindingCode::PodIdentityBlocked,
                    path.clone(),
                    format!("Pod Identity is on but nothing allows TCP 80 to the agent at {}", missing.join(", ")),
                    "The EKS Pod Identity agent serves credentials over plain HTTP on port 80, so a 443-only policy leaves the AWS SDK without credentials. On Cilium the agent is the `host` entity, which an ipBlock may not match: allow the host entity with a CiliumNetworkPolicy if the rule alone does not work.",
                )
                .with_fix("Add an egress rule to the agent's address on TCP 80.")
                .with_remedy(Remedy::AddCustomRule(host_rule("EKS Pod Identity agent: AWS credentials over HTTP", &agent, &[("TCP", 80)]))),
            );
        }
    }
    let imds = family_addrs(ctx, IMDS_V4, IMDS_V6);
    let missing = blocked(index, &imds, Protocol::Tcp, 80);
    if ctx.credentials == Credentials::NodeRole && !missing.is_empty() {
        out.push(
            Finding::new(FindingCode::ImdsBlocked,
                path,
                format!("The node role needs IMDS, but nothing allows TCP 80 to {}", missing.join(", ")),
                "Without Pod Identity or IRSA the AWS SDK falls back to the node's instance role through the instance metadata service; blocked, every AWS call fails. Allowing it also hands the pod the node's own credentials: prefer Pod Identity or IRSA.",
            )
            .with_fix("Switch to Pod Identity or IRSA, or add an egress rule to IMDS on TCP 80.")
            .with_remedy(Remedy::AddCustomRule(host_rule("node role via IMDS (also exposes the node's credentials)", &imds, &[("TCP", 80)]))),
        );
    } else if missing.len() < imds.len() {
        let rule = imds
            .iter()
            .find_map(|n| index.egress_to_net(n, Protocol::Tcp, 80));
        let path = match rule {
            Some(r) if ctx.credentials != Credentials::NodeRole => r.values_path(),
            _ => path,
        };
        out.push(
            Finding::new(FindingCode::ImdsExposed,
                path,
                "The pod can reach the instance metadata service (169.254.169.254, TCP 80)",
                "IMDS hands out the node's instance-role credentials to anything that asks: a compromised Periscope pod gets the node's AWS permissions, not just its own.",
            )
            .with_fix("Use Pod Identity or IRSA and keep 169.254.169.254 out of the egress rules (or set the IMDS hop limit to 1)."),
        );
    }
}

fn agent(values: &Values, ctx: &Context, out: &mut Vec<Finding>) {
    let Some(port) = ctx.agent_port else { return };
    if reach::ingress_opens_port(values, ctx.service_port, Protocol::Tcp, port).is_some() {
        return;
    }
    let rule = CustomRule {
        direction: Direction::Ingress,
        note: format!("agent tunnel: agents dial in on TCP {port} (mTLS)"),
        peers: Vec::new(),
        ports: vec![CustomPort {
            protocol: "TCP".into(),
            port: PortText::from(port),
            end_port: PortText::default(),
        }],
    };
    out.push(
        Finding::new(FindingCode::AgentPortClosed,
            ctx.paths.agent.clone(),
            format!("The agent tunnel is enabled but no ingress rule opens TCP {port}"),
            "The chart's template never opens the tunnel port: agents dialling in through the NLB are dropped and every agent-backed cluster stays offline.",
        )
        .with_fix(format!("Add an ingress rule on TCP {port}, from the NLB subnets or the agents' egress addresses."))
        .with_remedy(Remedy::AddCustomRule(rule)),
    );
}

fn dns(index: &NetIndex<'_>, ctx: &Context, out: &mut Vec<Finding>) {
    let ports = [("UDP", 53), ("TCP", 53)];
    let (what, rule, ok) = match ctx.dns {
        Dns::KubeDns => return,
        Dns::Coredns => {
            let target = PodTarget::in_namespace(
                "kube-system",
                Labels::from([("k8s-app".to_owned(), "coredns".to_owned())]),
            );
            let ok = [Protocol::Udp, Protocol::Tcp].iter().all(|p| {
                reach::egress_to_pods(index.values(), &ctx.namespace, &target, *p, 53).is_some()
            });
            let rule = CustomRule {
                direction: Direction::Egress,
                note: "DNS pods labelled k8s-app: coredns".into(),
                peers: vec![CustomPeer::Selector {
                    namespace_labels: Some(vec![Label::new(
                        crate::builder::NAMESPACE_NAME_LABEL,
                        "kube-system",
                    )]),
                    pod_labels: Some(vec![Label::new("k8s-app", "coredns")]),
                }],
                ports: host_rule("", &[], &ports).ports,
            };
            ("DNS pods labelled k8s-app: coredns", rule, ok)
        }
        Dns::NodeLocal | Dns::GkeCloudDns => {
            let (addr, what) = if ctx.dns == Dns::NodeLocal {
                (NODELOCAL_DNS, "NodeLocal DNSCache on 169.254.20.10")
            } else {
                (GKE_CLOUD_DNS, "GKE Cloud DNS on 169.254.169.254:53")
            };
            let nets: Vec<IpNet> = cidr::known(addr).into_iter().collect();
            let ok = blocked(index, &nets, Protocol::Udp, 53).is_empty()
                && blocked(index, &nets, Protocol::Tcp, 53).is_empty();
            (what, host_rule(what, &nets, &ports), ok)
        }
    };
    if ok {
        return;
    }
    out.push(
        Finding::new(FindingCode::DnsBlocked,
            ctx.paths.dns.clone(),
            format!("Nothing allows DNS to {what}"),
            "The chart's own DNS rule only selects pods labelled k8s-app: kube-dns; it does not cover this resolver, so every lookup times out and nothing else works.",
        )
        .with_fix("Add an egress rule to the resolver on UDP and TCP 53.")
        .with_remedy(Remedy::AddCustomRule(rule)),
    );
}
