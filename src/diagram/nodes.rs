//! The nodes of the diagram, from an Environment's built values and its Context: the
//! ingress sources, the needs (with their verdicts and findings) and the egress rules.

use ipnet::IpNet;

use super::{Node, NodeVerdict};
use crate::builder::{self, Built, IMDS_V4, IMDS_V6, POD_IDENTITY_V4, POD_IDENTITY_V6};
use crate::explain::describe_ports;
use crate::lint::{Backend, Context, Dest, Verdict};
use crate::model::{Credentials, Dns, EgressPosture, Environment};
use crate::netindex::NetIndex;
use crate::reach::{self, PodTarget, Protocol, RuleRef};
use crate::values::{Labels, Peer};

pub(super) struct Drawer<'a> {
    pub(super) env: &'a Environment,
    pub(super) built: &'a Built,
    pub(super) ctx: &'a Context,
    pub(super) index: &'a NetIndex<'a>,
}

/// "10.0.0.0/16, 10.1.0.0/16 +498 more" (at most two shown).
fn summarise(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 | 2 => items.join(", "),
        n => format!(
            "{} +{} more",
            items.get(..2).unwrap_or_default().join(", "),
            n - 2
        ),
    }
}

fn describe_labels(m: &Labels) -> String {
    match (m.len(), m.get(builder::NAMESPACE_NAME_LABEL)) {
        (1, Some(name)) => format!("namespace {name}"),
        _ => format!(
            "namespaces {}",
            m.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// What a peer selects, in a few words.
fn describe_peer(p: &Peer) -> String {
    if let Some(b) = &p.ip_block {
        return match b.except.as_deref() {
            Some(e) if !e.is_empty() => format!("{} except {}", b.cidr, e.len()),
            _ => b.cidr.clone(),
        };
    }
    let sel = |s: &crate::values::LabelSelector| {
        if let Some(m) = &s.match_labels {
            if let (1, Some(name)) = (m.len(), m.get(builder::NAMESPACE_NAME_LABEL)) {
                return name.clone();
            }
        }
        let parts: Vec<String> = s
            .match_labels
            .iter()
            .flatten()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        if parts.is_empty() && s.match_expressions.as_ref().is_none_or(|e| e.is_empty()) {
            "all".to_owned()
        } else if parts.is_empty() {
            "expressions".to_owned()
        } else {
            parts.join(",")
        }
    };
    match (&p.namespace_selector, &p.pod_selector) {
        (Some(n), Some(q)) => format!("ns {} pods {}", sel(n), sel(q)),
        (Some(n), None) => format!("ns {}", sel(n)),
        (None, Some(q)) => format!("pods {}", sel(q)),
        (None, None) => "nothing".into(),
    }
}

fn describe_peers(peers: Option<&[Peer]>) -> String {
    match peers {
        None | Some([]) => "every address and pod".into(),
        Some(list) => summarise(&list.iter().map(describe_peer).collect::<Vec<_>>()),
    }
}

/// Whether a rule's peers include the whole internet of a family.
fn is_broad(peers: Option<&[Peer]>) -> bool {
    match peers {
        None | Some([]) => true,
        Some(list) => list.iter().any(|p| {
            p.ip_block
                .as_ref()
                .and_then(|b| reach::values_net(&b.cidr))
                .is_some_and(|n| n.prefix_len() == 0)
        }),
    }
}

impl Drawer<'_> {
    fn origin(&self, list: &[String], i: usize) -> String {
        list.get(i).cloned().unwrap_or_default()
    }

    fn note(&self, list: &[String], i: usize) -> String {
        list.get(i).cloned().unwrap_or_default()
    }

    pub(super) fn ingress(&self) -> Vec<Node> {
        let v = &self.built.values;
        let origins = &self.built.origins;
        let port = format!("TCP {}", self.built.service_port);
        let mut out = Vec::new();
        for (i, m) in v.ingress.from_namespaces.iter().enumerate() {
            out.push(
                Node::new(format!("from-{i}"), describe_labels(m))
                    .detail(self.note(&self.built.notes.from_namespaces, i))
                    .ports(port.clone())
                    .rule(RuleRef::FromNamespace(i))
                    .field(self.origin(&origins.from_namespaces, i))
                    .group("sources"),
            );
        }
        for (i, r) in v.ingress.extra.iter().enumerate() {
            let origin = self.origin(&origins.ingress_extra, i);
            let label = if origin == "agent.cidrs" {
                "Agents (tunnel)".to_owned()
            } else if origin.starts_with("ingress[") {
                "Load balancer (IP targets)".to_owned()
            } else if origin.starts_with("verbatim[") {
                format!("Ingress rule {} (imported)", i + 1)
            } else {
                format!("Ingress rule {} (custom)", i + 1)
            };
            let mut node = Node::new(format!("rule-i{i}"), label)
                .detail(describe_peers(r.from.as_deref()))
                .ports(describe_ports(r.ports.as_deref().unwrap_or_default()))
                .rule(RuleRef::IngressExtra(i))
                .field(origin.clone())
                .group("sources");
            if origin == "agent.cidrs" {
                node.verdict = Some(NodeVerdict::Allowed);
            }
            out.push(node);
        }
        if let Some(agent) = self.ctx.agent_port {
            let open = reach::ingress_opens_port(v, self.ctx.service_port, Protocol::Tcp, agent);
            if open.is_none() {
                let mut n = Node::new("agents", "Agents (tunnel)")
                    .detail("no rule opens the tunnel port")
                    .ports(format!("TCP {agent}"))
                    .field("agent.port");
                n.verdict = Some(NodeVerdict::Blocked);
                n.finding = Some("agent-port-closed");
                out.push(n);
            }
        }
        let opens_service = reach::ingress_opens_port(
            v,
            self.ctx.service_port,
            Protocol::Tcp,
            self.ctx.service_port,
        );
        if self.ctx.port_forward_only {
            out.push(
                Node::new("port-forward", "kubectl port-forward")
                    .detail("through the API server: no rule needed")
                    .field("ingress"),
            );
        } else if opens_service.is_none() && v.enabled {
            let mut n = Node::new("users", "Users")
                .detail("nothing opens service.port")
                .ports(port)
                .field("ingress");
            n.verdict = Some(NodeVerdict::Blocked);
            n.finding = Some("ingress-none");
            out.push(n);
        }
        out
    }

    /// A need: its node with the verdict and, when not allowed, the finding it raises.
    fn need(
        &self,
        node: Node,
        verdict: Verdict,
        blocked: &'static str,
        unverified: &'static str,
    ) -> Node {
        let mut node = node;
        if !self.built.values.enabled {
            node.verdict = Some(NodeVerdict::Allowed);
            return node;
        }
        match verdict {
            Verdict::Allowed { rule, via_proxy } => {
                node.verdict = Some(NodeVerdict::Allowed);
                node.rule = Some(rule.values_path());
                if via_proxy {
                    node.detail = format!("{} (through the proxy)", node.detail);
                }
            }
            Verdict::Blocked => {
                node.verdict = Some(NodeVerdict::Blocked);
                node.finding = Some(blocked);
            }
            Verdict::Unknown => {
                node.verdict = Some(NodeVerdict::Unverified);
                node.finding = Some(unverified);
            }
        }
        node
    }

    /// The finding an unknown verdict raises: `ranges-partial` when a ranges file shows
    /// the rules allow only some of the destination, else `code`.
    fn unverified(&self, dest: &Dest, code: &'static str) -> &'static str {
        if self.ctx.ranges_partial(self.index, dest) {
            "ranges-partial"
        } else {
            code
        }
    }

    fn family_nets(&self, v4: &str, v6: &str) -> Vec<IpNet> {
        let mut out = Vec::new();
        if self.ctx.ip_family.v4() {
            out.extend(v4.parse::<IpNet>().ok());
        }
        if self.ctx.ip_family.v6() {
            out.extend(v6.parse::<IpNet>().ok());
        }
        out
    }

    pub(super) fn egress(&self) -> Vec<Node> {
        let mut out = Vec::new();
        self.dns(&mut out);
        self.idp(&mut out);
        self.aws(&mut out);
        self.credentials(&mut out);
        self.clusters(&mut out);
        self.rules(&mut out);
        out
    }

    fn dns(&self, out: &mut Vec<Node>) {
        let mut kube = Node::new("dns", "kube-dns")
            .detail("k8s-app=kube-dns pods (chart rule)")
            .ports("UDP 53, TCP 53")
            .rule(RuleRef::ChartDns)
            .field("dns");
        kube.verdict = Some(NodeVerdict::Allowed);
        out.push(kube);
        let values = self.index.values();
        let (label, detail, ok) = match self.ctx.dns {
            Dns::KubeDns => return,
            Dns::Coredns => {
                let target = PodTarget::in_namespace(
                    "kube-system",
                    Labels::from([("k8s-app".to_owned(), "coredns".to_owned())]),
                );
                let rule = |p| reach::egress_to_pods(values, &self.ctx.namespace, &target, p, 53);
                (
                    "CoreDNS",
                    "pods k8s-app=coredns",
                    rule(Protocol::Udp).and(rule(Protocol::Tcp)),
                )
            }
            Dns::NodeLocal | Dns::GkeCloudDns => {
                let (addr, label) = if self.ctx.dns == Dns::NodeLocal {
                    (builder::NODELOCAL_DNS, "NodeLocal DNSCache")
                } else {
                    (builder::GKE_CLOUD_DNS, "GKE Cloud DNS")
                };
                let rule = addr.parse::<IpNet>().ok().and_then(|n| {
                    let r = |p| self.index.egress_to_net(&n, p, 53);
                    r(Protocol::Udp).and(r(Protocol::Tcp))
                });
                (label, addr.trim_end_matches("/32"), rule)
            }
        };
        let verdict = ok.map_or(Verdict::Blocked, |rule| Verdict::Allowed {
            rule,
            via_proxy: false,
        });
        let node = Node::new("resolver", label)
            .detail(detail)
            .ports("UDP 53, TCP 53")
            .field("dns");
        out.push(self.need(node, verdict, "dns-blocked", "dns-blocked"));
    }

    fn idp(&self, out: &mut Vec<Node>) {
        let ctx = self.ctx;
        if ctx.issuer.trim().is_empty() {
            let mut n = Node::new("idp", "OIDC issuer")
                .detail("not given")
                .field("idp.issuer");
            n.verdict = Some(NodeVerdict::Unverified);
            n.finding = Some("idp-not-given");
            out.push(n);
            return;
        }
        let ports = ctx.idp.ports();
        let node = Node::new("idp", "OIDC issuer")
            .detail(builder::issuer_host(&ctx.issuer))
            .ports(ports_text(&ports))
            .field(ctx.paths.idp.clone());
        let verdict = ctx.verdict(self.index, &ctx.idp);
        let unverified = self.unverified(&ctx.idp, "idp-unverified");
        out.push(self.need(node, verdict, "idp-unreachable", unverified));
    }

    fn aws(&self, out: &mut Vec<Node>) {
        let ctx = self.ctx;
        let mut apis = Vec::new();
        if ctx.credentials == Credentials::Irsa {
            apis.push("STS");
        }
        if ctx.clusters.iter().any(|c| c.backend == Backend::Eks) {
            apis.push("EKS");
        }
        if ctx.secrets_native {
            apis.push("Secrets Manager");
        }
        if apis.is_empty() {
            return;
        }
        let region = if ctx.region.is_empty() {
            String::new()
        } else {
            format!(" ({})", ctx.region)
        };
        let node = Node::new("aws", "AWS APIs")
            .detail(format!("{}{region}", apis.join(", ")))
            .ports("TCP 443")
            .field(ctx.paths.aws_apis.clone());
        let only_secrets = apis == ["Secrets Manager"];
        let (blocked, unverified) = match (only_secrets, matches!(ctx.aws, Dest::Private { .. })) {
            (_, true) => ("private-endpoint-blocked", "aws-api-unverified"),
            (true, false) => ("secrets-unreachable", "secrets-unverified"),
            (false, false) => ("aws-api-unreachable", "aws-api-unverified"),
        };
        let verdict = ctx.verdict(self.index, &ctx.aws);
        let unverified = self.unverified(&ctx.aws, unverified);
        out.push(self.need(node, verdict, blocked, unverified));
    }

    fn credentials(&self, out: &mut Vec<Node>) {
        let (id, label, nets, code) = match self.ctx.credentials {
            Credentials::PodIdentity => (
                "pod-identity",
                "Pod Identity agent",
                self.family_nets(POD_IDENTITY_V4, POD_IDENTITY_V6),
                "pod-identity-blocked",
            ),
            Credentials::NodeRole => (
                "imds",
                "Instance metadata (IMDS)",
                self.family_nets(IMDS_V4, IMDS_V6),
                "imds-blocked",
            ),
            Credentials::Irsa | Credentials::None => return,
        };
        let detail = nets
            .iter()
            .map(|n| n.addr().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let node = Node::new(id, label)
            .detail(detail)
            .ports("TCP 80")
            .field(self.ctx.paths.credentials.clone());
        let verdict = self.ctx.verdict(self.index, &Dest::Nets { nets, port: 80 });
        out.push(self.need(node, verdict, code, code));
    }

    fn clusters(&self, out: &mut Vec<Node>) {
        for (i, c) in self.ctx.clusters.iter().enumerate() {
            if c.backend == Backend::Agent {
                continue;
            }
            let what = match c.backend {
                Backend::Eks => "EKS",
                Backend::InCluster => "in-cluster",
                Backend::Kubeconfig => "kubeconfig",
                Backend::Agent => "agent",
            };
            let detail = match &c.dest {
                Dest::Nets { nets, .. } => {
                    summarise(&nets.iter().map(ToString::to_string).collect::<Vec<_>>())
                }
                Dest::Public { .. }
                | Dest::PublicOrPrivate { .. }
                | Dest::Named { .. }
                | Dest::Home { .. } => "public endpoint".into(),
                Dest::Private { .. } => "private endpoint".into(),
                _ => String::new(),
            };
            let node = Node::new(
                format!("cluster-{i}"),
                format!("Cluster {} apiserver", c.name),
            )
            .detail(if detail.is_empty() {
                what.to_owned()
            } else {
                format!("{what}: {detail}")
            })
            .ports(ports_text(&c.dest.ports()))
            .field(c.path.clone())
            .group("clusters");
            let blocked = match (&c.backend, &c.dest) {
                (Backend::InCluster, _) => "apiserver-unreachable",
                (_, Dest::Private { .. }) => "private-endpoint-blocked",
                _ => "cluster-unreachable",
            };
            let verdict = self.ctx.verdict(self.index, &c.dest);
            let unverified = self.unverified(&c.dest, "cluster-unverified");
            out.push(self.need(node, verdict, blocked, unverified));
        }
    }

    /// The posture's rule (the internet, or the proxy) and every custom or imported
    /// egress rule.
    fn rules(&self, out: &mut Vec<Node>) {
        let v = &self.built.values;
        for (i, r) in v.egress.extra.iter().enumerate() {
            let origin = self.origin(&self.built.origins.egress_extra, i);
            let view = r.view();
            let broad = is_broad(view.peers);
            let (id, label, group) = if origin == "egress" {
                match &self.env.egress {
                    EgressPosture::Proxy { .. } => {
                        ("proxy".to_owned(), "Egress proxy".to_owned(), None)
                    }
                    _ => ("internet".to_owned(), "Internet".to_owned(), None),
                }
            } else if origin.starts_with("custom[") || origin.starts_with("verbatim[") {
                // Numbered as the values number them (RuleRef's "egress rule N").
                let kind = if origin.starts_with("custom[") {
                    "custom"
                } else {
                    "imported"
                };
                let label = if broad {
                    format!("Internet (egress rule {}, {kind})", i + 1)
                } else {
                    format!("Egress rule {} ({kind})", i + 1)
                };
                (format!("rule-e{i}"), label, Some("rules"))
            } else {
                continue;
            };
            let note = self.note(&self.built.notes.egress_extra, i);
            // The posture's note repeats its label; a custom rule's says why it exists.
            let detail = if note.is_empty() || origin == "egress" {
                describe_peers(view.peers)
            } else {
                format!("{} · {note}", describe_peers(view.peers))
            };
            let mut node = Node::new(id, label)
                .detail(detail)
                .ports(describe_ports(view.ports.unwrap_or_default()))
                .rule(RuleRef::EgressExtra(i))
                .field(origin);
            node.group = group;
            out.push(node);
        }
    }
}

fn ports_text(ports: &[u16]) -> String {
    if ports.is_empty() {
        return "TCP".into();
    }
    format!(
        "TCP {}",
        ports
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    )
}
