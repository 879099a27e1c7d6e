//! The [`Context`] of a values block: what the rest of the chart values (or the whole
//! Environment) say the pod must reach, and the one place that decides whether the
//! values reach it ([`Context::verdict`]).

use std::sync::Arc;

use ipnet::IpNet;

use super::home::Home;

use crate::model::{Credentials, Dns, IpFamily};
use crate::reach::{self, EgressLookup, PodTarget, Protocol, RuleRef};
use crate::values::Values;
use serde_yaml::Value;

/// A cluster backend (`clusters[].backend`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `eks`: DescribeCluster, then the apiserver on 443.
    Eks,
    /// `in-cluster`: the hosting cluster's apiserver endpoints.
    InCluster,
    /// `kubeconfig`: whatever `server:` says.
    Kubeconfig,
    /// Agent-backed: rides the inbound tunnel.
    Agent,
}

/// Where something the pod needs lives, as far as we know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest {
    /// Known addresses: every one must be allowed on TCP `port` (none given = blocked).
    Nets {
        /// The addresses.
        nets: Vec<IpNet>,
        /// The TCP port.
        port: u16,
    },
    /// Pods known by namespace and labels, on TCP `port`.
    Pods {
        /// The pods.
        target: PodTarget,
        /// The TCP port.
        port: u16,
    },
    /// A public host of unknown address: reached through the internet rule or the proxy.
    Public {
        /// The TCP port.
        port: u16,
    },
    /// A public AWS endpoint for which a VPC interface endpoint (a private address we do
    /// not know) may stand in, on TCP `port`: what a values file says of STS, EKS and
    /// Secrets Manager. A rule to private addresses on the port makes it "maybe".
    PublicOrPrivate {
        /// The TCP port.
        port: u16,
    },
    /// A private host of unknown address (VPC endpoint, private apiserver) on one of
    /// these TCP ports.
    Private {
        /// The candidate ports.
        ports: Vec<u16>,
    },
    /// A Service in this cluster whose pods' addresses and labels are not known, on TCP
    /// `port`: reached by a rule selecting its namespace (or the pod CIDRs), never by an
    /// internet rule.
    Service {
        /// The namespace its name says (`None`: Periscope's own).
        namespace: Option<String>,
        /// The TCP port (the URL's).
        port: u16,
        /// The URL did not write the port: the Service may map it to another targetPort.
        scheme_port: bool,
    },
    /// A public destination a published ranges file places (issue #18): all its
    /// prefixes allowed is allowed, some is unknown (`ranges-partial`), none leaves
    /// `otherwise`.
    Home {
        /// Where it lives.
        home: Arc<Home>,
        /// How else it might be reached when no prefix is allowed (VPC endpoints); a
        /// values file's rule that could be an egress proxy counts too. `None`: blocked.
        otherwise: Option<Box<Dest>>,
    },
    /// Public names the companion CiliumNetworkPolicy allows in `toFQDNs` (Cilium on),
    /// on TCP `port`: allowed when the policy selects every name on the port, else
    /// reached like [`Dest::Public`].
    Named {
        /// The names the pod looks up (for an EKS endpoint, one of the shape AWS gives).
        names: Vec<String>,
        /// The TCP port.
        port: u16,
    },
    /// Nothing is known: not checked.
    Unknown,
}

impl Dest {
    /// The TCP ports it is asked on (none when nothing is known).
    pub fn ports(&self) -> Vec<u16> {
        match self {
            Dest::Nets { port, .. }
            | Dest::Pods { port, .. }
            | Dest::Public { port }
            | Dest::PublicOrPrivate { port }
            | Dest::Service { port, .. }
            | Dest::Named { port, .. } => vec![*port],
            Dest::Private { ports } => ports.clone(),
            Dest::Home { home, .. } => vec![home.port],
            Dest::Unknown => Vec::new(),
        }
    }

    /// The first port it is asked on (443 when nothing is known).
    pub fn port(&self) -> u16 {
        self.ports().first().copied().unwrap_or(443)
    }
}

/// How public destinations are reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proxy {
    /// Directly (the internet rule, or explicit CIDRs).
    Direct,
    /// Through an egress proxy at these addresses and TCP port.
    Via {
        /// The proxy's addresses.
        nets: Vec<IpNet>,
        /// The proxy's port (0 when not given).
        port: u16,
    },
    /// Not known (a values file): rules that could be a proxy count as "maybe".
    Unknown,
}

/// Whether the values reach a [`Dest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// This rule allows it (through the egress proxy when `via_proxy`).
    Allowed {
        /// The rule.
        rule: RuleRef,
        /// Whether the rule is the proxy's.
        via_proxy: bool,
    },
    /// Nothing allows it.
    Blocked,
    /// It cannot be told.
    Unknown,
}

/// One managed cluster and where its apiserver lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterNeed {
    /// The cluster's name.
    pub name: String,
    /// Its backend.
    pub backend: Backend,
    /// Its apiserver.
    pub dest: Dest,
    /// The field findings about it point at.
    pub path: String,
}

/// The fields findings point at, per concern: Environment paths or chart values paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// `networkPolicy.enabled`.
    pub enabled: String,
    /// Who reaches `service.port`.
    pub ingress: String,
    /// The agent tunnel.
    pub agent: String,
    /// The OIDC issuer.
    pub idp: String,
    /// The AWS API endpoints.
    pub aws_apis: String,
    /// The credential path.
    pub credentials: String,
    /// `secrets.mode`.
    pub secrets: String,
    /// The DNS choice.
    pub dns: String,
    /// The IP family.
    pub ip_family: String,
}

/// What the pod needs, besides the `networkPolicy` block itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// `service.port`.
    pub service_port: u16,
    /// The release namespace ("" when unknown).
    pub namespace: String,
    /// The cluster's IP family.
    pub ip_family: IpFamily,
    /// Where AWS credentials come from (Pod Identity wins over IRSA; neither with AWS in
    /// use means the node role via IMDS).
    pub credentials: Credentials,
    /// The agent tunnel port, when `agent.enabled`.
    pub agent_port: Option<u16>,
    /// `secrets.mode: native`.
    pub secrets_native: bool,
    /// `auth.oidc.issuer`.
    pub issuer: String,
    /// The AWS region ("" when unknown), for the endpoint names in findings.
    pub region: String,
    /// Where the issuer lives.
    pub idp: Dest,
    /// Where STS, EKS and Secrets Manager / SSM live.
    pub aws: Dest,
    /// The managed clusters.
    pub clusters: Vec<ClusterNeed>,
    /// Which DNS the pod resolves through.
    pub dns: Dns,
    /// An ALB / NLB with IP targets sends to `service.port` from VPC addresses.
    pub alb_ip_targets: bool,
    /// The operator reaches Periscope only through `kubectl port-forward`.
    pub port_forward_only: bool,
    /// How public destinations are reached.
    pub proxy: Proxy,
    /// Built from an Environment: every route is declared, so nothing is guessed.
    pub exact: bool,
    /// Where findings point.
    pub paths: Paths,
    /// Why `ip-ranges.json`, though loaded, could not place the AWS APIs (no region, or
    /// none of its prefixes there): a sentence for the "unverified" finding, or "".
    pub aws_ranges_gap: String,
    /// The companion CiliumNetworkPolicy, when Cilium is on: what [`Dest::Named`] is
    /// checked against.
    pub companion: Option<crate::cilium::CiliumPolicy>,
}

/// What `check` cannot read from a chart values file and takes as flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChartFlags {
    /// NodeLocal DNSCache (169.254.20.10).
    pub nodelocal_dns: bool,
    /// GKE Cloud DNS (169.254.169.254:53).
    pub gke_cloud_dns: bool,
    /// EKS clusters are reached through their private endpoint.
    pub eks_private_endpoint: bool,
    /// The cluster's IP family.
    pub ip_family: IpFamily,
    /// An AWS load balancer with IP targets fronts Periscope.
    pub alb_ip_targets: bool,
    /// Operators use `kubectl port-forward` only.
    pub port_forward_only: bool,
}

impl Default for Context {
    /// The chart's defaults with nothing else known.
    fn default() -> Self {
        Context::from_chart_values(&Value::Null, &ChartFlags::default())
    }
}

impl Context {
    /// Whether STS (IRSA) or EKS DescribeCluster is in use.
    pub fn needs_aws_apis(&self) -> bool {
        self.credentials == Credentials::Irsa
            || self.clusters.iter().any(|c| c.backend == Backend::Eks)
    }

    /// Whether the pod has addresses of `net`'s family.
    fn family_has(&self, net: &IpNet) -> bool {
        match net {
            IpNet::V4(_) => self.ip_family.v4(),
            IpNet::V6(_) => self.ip_family.v6(),
        }
    }

    /// Whether the values reach `dest`. Address questions go to `lookup`: the values
    /// themselves, or (in the analysis) a [`crate::netindex::NetIndex`] of them, so a
    /// destination of n addresses costs n binary searches, not n scans.
    pub fn verdict(&self, lookup: &impl EgressLookup, dest: &Dest) -> Verdict {
        let values = lookup.values();
        let allowed = |rule| Verdict::Allowed {
            rule,
            via_proxy: false,
        };
        match dest {
            // Addresses of the other IP family are never reached from the pod.
            Dest::Nets { nets, .. } if !nets.iter().any(|n| self.family_has(n)) => Verdict::Blocked,
            Dest::Nets { nets, port } => all_nets(lookup, nets, *port),
            Dest::Pods { target, port } => {
                reach::egress_to_pods(values, &self.namespace, target, Protocol::Tcp, *port)
                    .map_or(Verdict::Blocked, allowed)
            }
            Dest::Public { port } => match &self.proxy {
                // A proxy address of the other IP family cannot be reached at all.
                Proxy::Via { nets, .. } if !nets.iter().any(|n| self.family_has(n)) => {
                    Verdict::Blocked
                }
                Proxy::Via {
                    nets,
                    port: proxy_port,
                } => match all_nets(lookup, nets, *proxy_port) {
                    Verdict::Allowed { rule, .. } => Verdict::Allowed {
                        rule,
                        via_proxy: true,
                    },
                    other => other,
                },
                Proxy::Direct | Proxy::Unknown => {
                    match lookup.egress_to_internet(self.ip_family, Protocol::Tcp, *port) {
                        Some(rule) => allowed(rule),
                        None if self.proxy == Proxy::Unknown
                            && public_route_guess(values, self.ip_family, *port) =>
                        {
                            Verdict::Unknown
                        }
                        None => Verdict::Blocked,
                    }
                }
            },
            Dest::PublicOrPrivate { port } => {
                match self.verdict(lookup, &Dest::Public { port: *port }) {
                    Verdict::Blocked => self.verdict(lookup, &Dest::Private { ports: vec![*port] }),
                    other => other,
                }
            }
            Dest::Private { ports } => {
                let some = ports
                    .iter()
                    .any(|p| reach::egress_to_some_private(values, Protocol::Tcp, *p).is_some());
                if some && !self.exact {
                    Verdict::Unknown
                } else {
                    Verdict::Blocked
                }
            }
            Dest::Service {
                namespace,
                port,
                scheme_port,
            } => {
                let r = super::maybe::service_reach(
                    values,
                    &self.namespace,
                    namespace.as_deref(),
                    *port,
                    *scheme_port,
                );
                match (r.allowed, r.maybe.is_empty()) {
                    (Some(rule), _) => allowed(rule),
                    (None, false) => Verdict::Unknown,
                    (None, true) => Verdict::Blocked,
                }
            }
            Dest::Home { home, otherwise } => {
                let shown = home.shown(lookup);
                match shown.rule {
                    Some(rule) if shown.allowed == shown.total => allowed(rule),
                    Some(_) => Verdict::Unknown,
                    None => {
                        let other = otherwise
                            .as_deref()
                            .map_or(Verdict::Blocked, |d| self.verdict(lookup, d));
                        let proxy_maybe = self.proxy == Proxy::Unknown
                            && super::maybe::proxy_guess(values, self.ip_family);
                        if other == Verdict::Blocked && proxy_maybe {
                            Verdict::Unknown
                        } else {
                            other
                        }
                    }
                }
            }
            Dest::Named { names, port } => match &self.companion {
                Some(p)
                    if !names.is_empty()
                        && names.iter().all(|n| crate::cilium::allows(p, n, *port)) =>
                {
                    allowed(RuleRef::CiliumFqdn)
                }
                _ => self.verdict(lookup, &Dest::Public { port: *port }),
            },
            Dest::Unknown => Verdict::Unknown,
        }
    }
}

/// Allowed by the first address's rule when every address is allowed on TCP `port`;
/// blocked when one is not, or there are none.
fn all_nets(lookup: &impl EgressLookup, nets: &[IpNet], port: u16) -> Verdict {
    let mut first = None;
    for net in nets {
        match lookup.egress_to_net(net, Protocol::Tcp, port) {
            Some(rule) => {
                first.get_or_insert(rule);
            }
            None => return Verdict::Blocked,
        }
    }
    first.map_or(Verdict::Blocked, |rule| Verdict::Allowed {
        rule,
        via_proxy: false,
    })
}

/// In a values file: whether some rule could carry public HTTPS on `port` without our
/// knowing its addresses.
fn public_route_guess(values: &Values, family: IpFamily, port: u16) -> bool {
    values
        .egress
        .extra
        .iter()
        .any(|r| super::maybe::could_carry_public(r.view(), family, port))
}
