//! Checklist items for the clusters, the agent tunnel, DNS and each ingress source.

use std::fmt::Write as _;

use super::{cidrs, item, list, not_needed, Checker, CoverageItem, CoverageStatus};
use crate::cidr;
use crate::lint::{Backend, Dest};
use crate::model::{Dns, IngressSource};
use crate::reach::{self, PodTarget, Protocol, RuleRef};
use crate::values::Labels;

impl Checker<'_> {
    pub(super) fn clusters(&self, out: &mut Vec<CoverageItem>) {
        for (c, need) in self.env.clusters.iter().zip(&self.ctx.clusters) {
            let name = if need.name.is_empty() {
                "(unnamed)"
            } else {
                need.name.as_str()
            };
            if need.backend == Backend::Agent {
                let rule = self.ctx.agent_port.and_then(|p| {
                    reach::ingress_opens_port(
                        &self.built.values,
                        self.ctx.service_port,
                        Protocol::Tcp,
                        p,
                    )
                });
                let status = match rule {
                    Some(r) => CoverageStatus::Covered {
                        by: format!("rides the inbound agent tunnel ({r})"),
                    },
                    None => self.missing(
                        "agent-backed clusters need the agent tunnel: enable it and open its port"
                            .into(),
                    ),
                };
                out.push(item(
                    format!("Cluster {name} (agent)"),
                    "inbound agent tunnel",
                    status,
                    "agent.enabled",
                ));
                continue;
            }
            let target = match &need.dest {
                Dest::Nets { nets, port } => format!("{} TCP {port}", list(nets)),
                Dest::Public { port } => format!(
                    "{} endpoint TCP {port}",
                    if c.backend() == "eks" {
                        "public EKS"
                    } else {
                        "its server's"
                    }
                ),
                Dest::Home { home, .. } => format!("public EKS endpoint TCP {}", home.port),
                Dest::Named { names, port } => {
                    format!(
                        "{} TCP {port} by name (CiliumNetworkPolicy)",
                        names.join(", ")
                    )
                }
                Dest::Private { ports } => format!(
                    "private endpoint TCP {}",
                    ports
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("/")
                ),
                _ => "its apiserver".to_owned(),
            };
            out.push(item(
                format!("Cluster {name} apiserver"),
                target,
                self.dest(&need.dest),
                need.path.clone(),
            ));
        }
    }

    pub(super) fn agent(&self, out: &mut Vec<CoverageItem>) {
        let Some(port) = self.ctx.agent_port else {
            out.push(item(
                "Agent tunnel",
                "agents → TCP 8443",
                not_needed("agent.enabled is false"),
                "agent.enabled",
            ));
            return;
        };
        let nets = cidrs(&self.env.agent.cidrs);
        let rule = if nets.is_empty() {
            cidr::known("0.0.0.0/0")
                .and_then(|all| self.index.ingress_from_net(&all, Protocol::Tcp, port))
        } else {
            let hits: Option<Vec<RuleRef>> = nets
                .iter()
                .map(|n| self.index.ingress_from_net(n, Protocol::Tcp, port))
                .collect();
            hits.and_then(|h| h.first().copied())
        };
        let from = if nets.is_empty() {
            "anywhere".to_owned()
        } else {
            list(&nets)
        };
        let status = self.opt(rule, || {
            format!("no ingress rule opens TCP {port} from {from}")
        });
        out.push(item(
            "Agent tunnel",
            format!("agents from {from} → TCP {port}"),
            status,
            "agent.cidrs",
        ));
    }

    pub(super) fn dns(&self, out: &mut Vec<CoverageItem>) {
        let values = &self.built.values;
        let ns = &self.ctx.namespace;
        let pods = |app: &str| {
            PodTarget::in_namespace(
                "kube-system",
                Labels::from([("k8s-app".to_owned(), app.to_owned())]),
            )
        };
        let ip = cidr::known;
        let both = |f: &dyn Fn(Protocol) -> Option<RuleRef>| f(Protocol::Udp).and(f(Protocol::Tcp));
        let (target, rule) = match self.env.dns {
            Dns::KubeDns => (
                "kube-dns pods UDP/TCP 53",
                both(&|p| reach::egress_to_pods(values, ns, &pods("kube-dns"), p, 53)),
            ),
            Dns::Coredns => (
                "coredns pods in kube-system UDP/TCP 53",
                both(&|p| reach::egress_to_pods(values, ns, &pods("coredns"), p, 53)),
            ),
            Dns::NodeLocal => (
                "169.254.20.10 UDP/TCP 53",
                both(&|p| {
                    ip(crate::builder::NODELOCAL_DNS)
                        .and_then(|n| reach::egress_to_net(values, &n, p, 53))
                }),
            ),
            Dns::GkeCloudDns => (
                "169.254.169.254 UDP/TCP 53",
                both(&|p| {
                    ip(crate::builder::GKE_CLOUD_DNS)
                        .and_then(|n| reach::egress_to_net(values, &n, p, 53))
                }),
            ),
        };
        let status = self.opt(rule, || {
            "the chart's kube-dns rule does not match this resolver and no rule allows it".into()
        });
        out.push(item("DNS", target, status, "dns"));
    }

    pub(super) fn ingress(&self, out: &mut Vec<CoverageItem>) {
        let values = &self.built.values;
        let port = self.ctx.service_port;
        let ns = &self.ctx.namespace;
        for (i, s) in self.env.ingress.iter().enumerate() {
            let path = format!("ingress[{i}]");
            let it = match s {
                IngressSource::Controller { controller, namespace } => {
                    let t = PodTarget::in_namespace(namespace, Labels::new());
                    let rule = reach::ingress_from_pods(values, port, ns, &t, Protocol::Tcp, port);
                    item(format!("Ingress from {}", controller.label()), format!("namespace {namespace} → TCP {port}"), self.opt(rule, || format!("no rule admits namespace {namespace} on TCP {port}")), format!("{path}.namespace"))
                }
                IngressSource::Namespace { labels } => {
                    let map: Labels = labels.iter().map(|l| (l.key.clone(), l.value.clone())).collect();
                    let mut desc = String::new();
                    for (k, v) in &map {
                        let _ = write!(desc, "{}{k}={v}", if desc.is_empty() { "" } else { ", " });
                    }
                    let t = PodTarget { namespace: String::new(), namespace_labels: map, pod_labels: Labels::new() };
                    let rule = reach::ingress_from_pods(values, port, ns, &t, Protocol::Tcp, port);
                    item(format!("Ingress from namespaces labelled {desc}"), format!("→ TCP {port}"), self.opt(rule, || "no rule admits these namespaces".into()), format!("{path}.labels"))
                }
                IngressSource::LoadBalancer { cidrs: list_text } => {
                    let nets = cidrs(list_text);
                    let hits: Option<Vec<RuleRef>> = nets.iter().map(|n| self.index.ingress_from_net(n, Protocol::Tcp, port)).collect();
                    let rule = hits.and_then(|h| h.first().copied());
                    item("Ingress from the load balancer", format!("{} → TCP {port}", list(&nets)), self.opt(rule, || "no CIDRs are given for the load balancer's subnets".into()), format!("{path}.cidrs"))
                }
                IngressSource::PortForwardOnly => item("kubectl port-forward", format!("localhost → TCP {port}"), not_needed("port-forward enters the pod's network namespace through the kubelet; NetworkPolicy does not filter it"), path),
            };
            out.push(it);
        }
    }
}
