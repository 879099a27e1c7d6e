//! Environment -> Values: every input that needs traffic becomes the rule it needs.
//!
//! Bad entries never stop the build: each is reported as an [`InputProblem`] with the
//! field path it came from and left out, so the valid rest keeps flowing into the preview.

use ipnet::IpNet;

use crate::cidr::{self, parse_cidr};
use crate::model::{
    AwsApiAccess, CidrList, Cluster, Credentials, CustomPeer, CustomRule, Direction, Dns,
    EgressPosture, EndpointAccess, Environment, IdpReach, IngressSource, IpFamily, Label, PortText,
    SecretsMode, VerbatimRule,
};
use crate::names;
use crate::values::{
    EgressRule, IngressRule, LabelSelector, Labels, Peer, PolicyPort, PortValue, Values,
};

/// An entry the builder had to leave out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    /// The Environment field it came from, e.g. `clusters[1].cidrs`.
    pub path: String,
    /// What is wrong, naming the bad input.
    pub message: String,
}

/// A CIDR the builder rewrote (host bits cleared, bare address made a /32).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised {
    /// The Environment field it came from.
    pub path: String,
    /// What the user typed.
    pub typed: String,
    /// What the values contain instead.
    pub normalised: String,
}

/// The human reason for each generated rule, parallel to the rule lists in [`Values`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleNotes {
    /// One per `ingress.fromNamespaces` entry.
    pub from_namespaces: Vec<String>,
    /// One per `ingress.extra` rule.
    pub ingress_extra: Vec<String>,
    /// One per `egress.extra` rule.
    pub egress_extra: Vec<String>,
}

/// What the builder produced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Built {
    /// The `networkPolicy` values.
    pub values: Values,
    /// Why each rule is there.
    pub notes: RuleNotes,
    /// The Environment field each rule comes from (e.g. `custom[2]`, `clusters[0]`,
    /// `aws.credentials`), parallel to the rule lists like [`Built::notes`]: findings
    /// about a rule point at the form control that made it.
    pub origins: RuleNotes,
    /// Entries left out.
    pub problems: Vec<InputProblem>,
    /// CIDRs rewritten.
    pub normalised: Vec<Normalised>,
    /// `service.port` as used in the values and the manifest.
    pub service_port: u16,
    /// The agent tunnel port, when the tunnel is enabled.
    pub agent_port: Option<u16>,
}

/// The chart's default `service.port`, used when the typed one is not a port.
pub const DEFAULT_SERVICE_PORT: u16 = 8080;
/// The chart's default agent port.
pub const DEFAULT_AGENT_PORT: u16 = 8443;
/// EKS Pod Identity agent.
pub const POD_IDENTITY_V4: &str = "169.254.170.23/32";
/// EKS Pod Identity agent, IPv6.
pub const POD_IDENTITY_V6: &str = "fd00:ec2::23/128";
/// EC2 instance metadata service.
pub const IMDS_V4: &str = "169.254.169.254/32";
/// EC2 instance metadata service, IPv6.
pub const IMDS_V6: &str = "fd00:ec2::254/128";
/// NodeLocal DNSCache's link-local address.
pub const NODELOCAL_DNS: &str = "169.254.20.10/32";
/// GKE Cloud DNS (the metadata server answers DNS).
pub const GKE_CLOUD_DNS: &str = "169.254.169.254/32";
/// The label every namespace carries since Kubernetes 1.22.
pub const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// Builds the values for an Environment.
///
/// ```
/// use periscope_netpol::{builder::build, model::Environment};
/// let built = build(&Environment::default());
/// assert!(built.values.enabled);
/// assert_eq!(built.values.egress.extra.len(), 1); // the internet-HTTPS rule
/// assert!(built.problems.is_empty());
/// ```
pub fn build(env: &Environment) -> Built {
    let mut b = Builder::default();
    b.out.values.enabled = env.enabled;
    b.out.service_port = b
        .port(
            &env.release.service_port,
            "release.servicePort",
            "service.port",
        )
        .unwrap_or(DEFAULT_SERVICE_PORT);
    b.ingress(env);
    b.egress(env);
    for (i, rule) in env.custom.iter().enumerate() {
        b.custom(i, rule);
    }
    for (i, rule) in env.verbatim.iter().enumerate() {
        b.verbatim(i, rule);
    }
    b.out
}

/// Builds one custom rule on its own, exactly as [`build`] builds `custom[0]`: the rule
/// lands in `values.ingress.extra` or `values.egress.extra`, or is left out with
/// problems. Used to apply a remedy's rule to a values file.
///
/// ```
/// use periscope_netpol::{builder::build_custom, model::CustomRule};
/// let built = build_custom(&CustomRule::default());
/// assert_eq!(built.values.egress.extra.len(), 1);
/// ```
pub fn build_custom(rule: &CustomRule) -> Built {
    let mut b = Builder::default();
    b.custom(0, rule);
    b.out
}

#[derive(Default)]
struct Builder {
    out: Built,
    /// The Environment path of the input being turned into rules (see [`Built::origins`]).
    origin: String,
}

/// One place the pod must reach, with the CIDRs the operator gave for it.
struct Destination {
    reason: String,
    /// The Environment path it comes from.
    origin: String,
    nets: Vec<IpNet>,
    port: u16,
    /// Rides the posture's general rule (internet or proxy) unless the posture is explicit.
    public: bool,
}

impl Builder {
    fn problem(&mut self, path: &str, message: String) {
        self.out.problems.push(InputProblem {
            path: path.to_owned(),
            message,
        });
    }

    /// Parses a port box; empty or bad text is a problem.
    fn port(&mut self, text: &PortText, path: &str, what: &str) -> Option<u16> {
        match text.number() {
            Some(n) if n > 0 => Some(n),
            _ => {
                let msg = if text.is_empty() {
                    format!("{what} is empty: enter a port from 1 to 65535")
                } else {
                    format!(
                        "invalid port '{}' for {what}: enter a number from 1 to 65535",
                        text.as_str()
                    )
                };
                self.problem(path, msg);
                None
            }
        }
    }

    /// Parses a CIDR list, keeping the valid entries (normalised, deduplicated).
    fn cidrs(&mut self, list: &CidrList, path: &str) -> Vec<IpNet> {
        let mut nets: Vec<IpNet> = Vec::new();
        for entry in list.entries() {
            match parse_cidr(entry) {
                Ok(c) => {
                    if let Some(typed) = c.typed {
                        self.out.normalised.push(Normalised {
                            path: path.to_owned(),
                            typed,
                            normalised: c.net.to_string(),
                        });
                    }
                    if !nets.contains(&c.net) {
                        nets.push(c.net);
                    }
                }
                Err(e) => self.problem(path, e.to_string()),
            }
        }
        nets
    }

    /// Validated labels as a map; bad or repeated keys are problems and left out.
    fn labels(&mut self, labels: &[Label], path: &str) -> Labels {
        let mut map = Labels::new();
        for (i, l) in labels.iter().enumerate() {
            let p = format!("{path}[{i}]");
            if let Err(e) = names::label_key(&l.key) {
                self.problem(&format!("{p}.key"), e.to_string());
                continue;
            }
            if let Err(e) = names::label_value(&l.value) {
                self.problem(&format!("{p}.value"), e.to_string());
                continue;
            }
            if map.contains_key(&l.key) {
                self.problem(
                    &format!("{p}.key"),
                    format!("label key '{}' is given twice: keep one", l.key),
                );
                continue;
            }
            map.insert(l.key.clone(), l.value.clone());
        }
        map
    }

    fn namespace_labels(&mut self, namespace: &str, path: &str) -> Option<Labels> {
        match names::namespace(namespace) {
            Ok(()) => Some(Labels::from([(
                NAMESPACE_NAME_LABEL.to_owned(),
                namespace.to_owned(),
            )])),
            Err(e) => {
                self.problem(path, e.to_string());
                None
            }
        }
    }

    fn push_from_namespace(&mut self, labels: Labels, reason: String) {
        if self.out.values.ingress.from_namespaces.contains(&labels) {
            return;
        }
        self.out.values.ingress.from_namespaces.push(labels);
        self.out.notes.from_namespaces.push(reason);
        self.out.origins.from_namespaces.push(self.origin.clone());
    }

    fn push_ingress(&mut self, rule: IngressRule, reason: String) {
        self.out.values.ingress.extra.push(rule);
        self.out.notes.ingress_extra.push(reason);
        self.out.origins.ingress_extra.push(self.origin.clone());
    }

    fn push_egress(&mut self, rule: EgressRule, reason: String) {
        self.out.values.egress.extra.push(rule);
        self.out.notes.egress_extra.push(reason);
        self.out.origins.egress_extra.push(self.origin.clone());
    }

    fn ingress(&mut self, env: &Environment) {
        let port = self.out.service_port;
        for (i, source) in env.ingress.iter().enumerate() {
            let path = format!("ingress[{i}]");
            self.origin.clone_from(&path);
            match source {
                IngressSource::Controller {
                    controller,
                    namespace,
                } => {
                    if let Some(labels) =
                        self.namespace_labels(namespace, &format!("{path}.namespace"))
                    {
                        self.push_from_namespace(
                            labels,
                            format!("{} controller in namespace {namespace}", controller.label()),
                        );
                    }
                }
                IngressSource::Namespace { labels } => {
                    let map = self.labels(labels, &format!("{path}.labels"));
                    if map.is_empty() {
                        // An empty map would select every namespace: never emit one silently.
                        self.problem(
                            &format!("{path}.labels"),
                            "a namespace source needs at least one valid label; an empty one would admit every namespace".into(),
                        );
                    } else {
                        let desc = describe_labels(&map);
                        self.push_from_namespace(map, format!("namespaces labelled {desc}"));
                    }
                }
                IngressSource::LoadBalancer { cidrs } => {
                    let nets = self.cidrs(cidrs, &format!("{path}.cidrs"));
                    if nets.is_empty() {
                        self.problem(
                            &format!("{path}.cidrs"),
                            "a load balancer source needs the VPC or subnet CIDRs it sends from"
                                .into(),
                        );
                        continue;
                    }
                    self.push_ingress(
                        IngressRule {
                            from: Some(ip_peers(&nets)),
                            ports: Some(vec![PolicyPort::number("TCP", port)]),
                        },
                        format!(
                            "load balancer with IP targets: traffic arrives from VPC addresses, not from a namespace (service.port {port})"
                        ),
                    );
                }
                IngressSource::PortForwardOnly => {}
            }
        }
        if env.agent.enabled {
            self.origin = "agent.cidrs".into();
            let agent_port = self
                .port(&env.agent.port, "agent.port", "the agent tunnel port")
                .unwrap_or(DEFAULT_AGENT_PORT);
            self.out.agent_port = Some(agent_port);
            let nets = self.cidrs(&env.agent.cidrs, "agent.cidrs");
            if nets.is_empty() && !env.agent.cidrs.is_empty() {
                // Fail closed: bad CIDRs must not widen the rule to every source.
                self.problem(
                    "agent.cidrs",
                    "the agent tunnel rule is left out until its CIDRs are fixed".into(),
                );
                return;
            }
            let (from, who) = if nets.is_empty() {
                (None, "from anywhere (mTLS authenticates agents)")
            } else {
                (Some(ip_peers(&nets)), "from the agents' addresses")
            };
            self.push_ingress(
                IngressRule {
                    from,
                    ports: Some(vec![PolicyPort::number("TCP", agent_port)]),
                },
                format!("agent tunnel (agent.enabled): agents dial in on TCP {agent_port} {who}; the chart's template never opens this port"),
            );
        }
    }

    fn egress(&mut self, env: &Environment) {
        let family = env.ip_family;
        self.origin = "egress".into();
        // The posture's general rule comes first, then what it does not cover.
        match &env.egress {
            EgressPosture::InternetHttps => {
                self.push_egress(internet_rule(family), internet_reason(family));
            }
            EgressPosture::Explicit => {}
            EgressPosture::Proxy { cidrs, port } => {
                let nets = self.cidrs(cidrs, "egress.cidrs");
                let port = self.port(port, "egress.port", "the egress proxy port");
                if nets.is_empty() {
                    self.problem(
                        "egress.cidrs",
                        "the egress proxy posture needs the proxy's address (a CIDR)".into(),
                    );
                }
                if let (false, Some(port)) = (nets.is_empty(), port) {
                    self.push_egress(
                        EgressRule {
                            to: Some(ip_peers(&nets)),
                            ports: Some(vec![PolicyPort::number("TCP", port)]),
                        },
                        "egress proxy: the IdP, AWS APIs and public EKS endpoints are reached through it (set HTTPS_PROXY and NO_PROXY on the pod)".into(),
                    );
                }
            }
        }
        let mut dests: Vec<Destination> = Vec::new();
        self.idp_destination(env, &mut dests);
        self.aws_destination(env, &mut dests);
        self.cluster_destinations(env, &mut dests);
        for d in dests.into_iter().filter(|d| !d.nets.is_empty()) {
            let needed = match &env.egress {
                EgressPosture::InternetHttps => {
                    d.port != 443 || d.nets.iter().any(cidr::blocked_by_private_except)
                }
                EgressPosture::Explicit => true,
                EgressPosture::Proxy { .. } => !d.public,
            };
            if needed {
                self.push_destination(d);
            }
        }
        self.credentials(env);
        self.dns(env);
    }

    fn push_destination(&mut self, d: Destination) {
        self.origin = d.origin;
        self.push_egress(
            EgressRule {
                to: Some(ip_peers(&d.nets)),
                ports: Some(vec![PolicyPort::number("TCP", d.port)]),
            },
            d.reason,
        );
    }

    fn idp_destination(&mut self, env: &Environment, dests: &mut Vec<Destination>) {
        let host = issuer_host(&env.idp.issuer);
        let host = if host.is_empty() {
            "the OIDC issuer"
        } else {
            host
        };
        match &env.idp.reach {
            IdpReach::Internet => {}
            IdpReach::Cidrs { cidrs } => {
                let nets = self.cidrs(cidrs, "idp.cidrs");
                dests.push(Destination {
                    reason: format!(
                        "OIDC issuer {host}: discovery at start-up, then token and JWKS"
                    ),
                    origin: "idp.cidrs".into(),
                    nets,
                    port: 443,
                    public: false,
                });
            }
            IdpReach::InCluster {
                namespace,
                pod_labels,
                port,
            } => {
                let ns = self.namespace_labels(namespace, "idp.namespace");
                let pods = self.labels(pod_labels, "idp.podLabels");
                let port = self.port(port, "idp.port", "the IdP port");
                if let (Some(ns), Some(port)) = (ns, port) {
                    self.origin = "idp.namespace".into();
                    let peer = Peer {
                        namespace_selector: Some(LabelSelector::labels(ns)),
                        pod_selector: (!pods.is_empty()).then(|| LabelSelector::labels(pods)),
                        ip_block: None,
                    };
                    self.push_egress(
                        EgressRule {
                            to: Some(vec![peer]),
                            ports: Some(vec![PolicyPort::number("TCP", port)]),
                        },
                        format!("in-cluster IdP in namespace {namespace} ({host}): discovery, token and JWKS on the pods' port {port}"),
                    );
                }
            }
        }
    }

    fn aws_destination(&mut self, env: &Environment, dests: &mut Vec<Destination>) {
        let mut uses: Vec<&str> = Vec::new();
        if env.aws.credentials == Credentials::Irsa {
            uses.push("STS AssumeRoleWithWebIdentity (IRSA)");
        }
        if env
            .clusters
            .iter()
            .any(|c| matches!(c, Cluster::Eks { .. }))
        {
            uses.push("EKS DescribeCluster");
        }
        if env.secrets_mode == SecretsMode::Native {
            uses.push("Secrets Manager / SSM (secrets.mode: native)");
        }
        if uses.is_empty() {
            return;
        }
        let nets = self.cidrs(&env.aws.api_cidrs, "aws.apiCidrs");
        let (public, via) = match env.aws.api_access {
            AwsApiAccess::Public => (true, "public regional endpoints"),
            AwsApiAccess::VpcEndpoints => (false, "VPC interface endpoints"),
        };
        dests.push(Destination {
            reason: format!(
                "AWS APIs in {} via {via}: {}",
                env.aws.region,
                uses.join(", ")
            ),
            origin: "aws.apiCidrs".into(),
            nets,
            port: 443,
            public,
        });
    }

    fn cluster_destinations(&mut self, env: &Environment, dests: &mut Vec<Destination>) {
        for (i, c) in env.clusters.iter().enumerate() {
            let path = format!("clusters[{i}]");
            let name = c.name();
            match c {
                Cluster::Eks {
                    endpoint, cidrs, ..
                } => {
                    let nets = self.cidrs(cidrs, &format!("{path}.cidrs"));
                    let (public, which) = match endpoint {
                        EndpointAccess::Public => (true, "public endpoint"),
                        EndpointAccess::Private => (false, "private endpoint"),
                        EndpointAccess::PublicAndPrivate => {
                            (false, "private endpoint (public and private access)")
                        }
                    };
                    dests.push(Destination {
                        reason: format!(
                            "EKS cluster {name}: apiserver {which}, exec and watch streams"
                        ),
                        origin: format!("{path}.cidrs"),
                        nets,
                        port: 443,
                        public,
                    });
                }
                Cluster::InCluster { cidrs, port, .. } => {
                    let nets = self.cidrs(cidrs, &format!("{path}.cidrs"));
                    let port = self
                        .port(port, &format!("{path}.port"), "the apiserver port")
                        .unwrap_or(443);
                    dests.push(Destination {
                        reason: format!("in-cluster backend {name}: the apiserver endpoints behind the kubernetes Service (policies see them after DNAT)"),
                        origin: format!("{path}.cidrs"),
                        nets,
                        port,
                        public: false,
                    });
                }
                Cluster::Kubeconfig {
                    server,
                    cidrs,
                    port,
                    ..
                } => {
                    let nets = self.cidrs(cidrs, &format!("{path}.cidrs"));
                    let port = self
                        .port(port, &format!("{path}.port"), "the apiserver port")
                        .unwrap_or(443);
                    let server = if server.is_empty() {
                        "its server"
                    } else {
                        server
                    };
                    dests.push(Destination {
                        reason: format!("kubeconfig cluster {name}: {server}"),
                        origin: format!("{path}.cidrs"),
                        nets,
                        port,
                        public: false,
                    });
                }
                Cluster::Agent { .. } => {}
            }
        }
    }

    fn credentials(&mut self, env: &Environment) {
        let family = env.ip_family;
        self.origin = "aws.credentials".into();
        match env.aws.credentials {
            Credentials::PodIdentity => self.push_egress(
                host_rule(family, POD_IDENTITY_V4, POD_IDENTITY_V6, &[("TCP", 80)]),
                "EKS Pod Identity agent (podIdentity.enabled): AWS credentials over HTTP, TCP 80"
                    .into(),
            ),
            Credentials::NodeRole => self.push_egress(
                host_rule(family, IMDS_V4, IMDS_V6, &[("TCP", 80)]),
                "node role via IMDS: this also exposes the node's own credentials to the pod"
                    .into(),
            ),
            Credentials::Irsa | Credentials::None => {}
        }
    }

    fn dns(&mut self, env: &Environment) {
        let dns_ports: &[(&str, u16)] = &[("UDP", 53), ("TCP", 53)];
        self.origin = "dns".into();
        match env.dns {
            Dns::KubeDns => {}
            Dns::Coredns => {
                let peer = Peer {
                    namespace_selector: Some(LabelSelector::labels(Labels::from([(
                        NAMESPACE_NAME_LABEL.to_owned(),
                        "kube-system".to_owned(),
                    )]))),
                    pod_selector: Some(LabelSelector::labels(Labels::from([(
                        "k8s-app".to_owned(),
                        "coredns".to_owned(),
                    )]))),
                    ip_block: None,
                };
                self.push_egress(
                    EgressRule {
                        to: Some(vec![peer]),
                        ports: Some(ports(dns_ports)),
                    },
                    "DNS pods labelled k8s-app: coredns, which the chart's kube-dns rule misses".into(),
                );
            }
            Dns::NodeLocal => self.push_egress(
                EgressRule {
                    to: Some(vec![Peer::ip_block(NODELOCAL_DNS, vec![])]),
                    ports: Some(ports(dns_ports)),
                },
                "NodeLocal DNSCache on 169.254.20.10 (host network): the chart's kube-dns rule does not match it".into(),
            ),
            Dns::GkeCloudDns => self.push_egress(
                EgressRule {
                    to: Some(vec![Peer::ip_block(GKE_CLOUD_DNS, vec![])]),
                    ports: Some(ports(dns_ports)),
                },
                "GKE Cloud DNS answers on 169.254.169.254:53: the chart's kube-dns rule does not match it".into(),
            ),
        }
    }

    /// An imported rule, exactly as it was: no validation, no deduplication.
    fn verbatim(&mut self, i: usize, rule: &VerbatimRule) {
        self.origin = format!("verbatim[{i}]");
        let reason = "imported rule, kept verbatim".to_owned();
        match rule {
            VerbatimRule::FromNamespaces(labels) => {
                self.out.values.ingress.from_namespaces.push(labels.clone());
                self.out.notes.from_namespaces.push(reason);
                self.out.origins.from_namespaces.push(self.origin.clone());
            }
            VerbatimRule::Ingress(r) => self.push_ingress(r.clone(), reason),
            VerbatimRule::Egress(r) => self.push_egress(r.clone(), reason),
        }
    }

    fn custom(&mut self, i: usize, rule: &CustomRule) {
        let path = format!("custom[{i}]");
        self.origin.clone_from(&path);
        let mut peers: Vec<Peer> = Vec::new();
        for (j, peer) in rule.peers.iter().enumerate() {
            let ppath = format!("{path}.peers[{j}]");
            match peer {
                CustomPeer::IpBlock { cidr, except } => {
                    let Some(block) = self.ip_block(cidr, except, &ppath) else {
                        continue;
                    };
                    peers.push(block);
                }
                CustomPeer::Selector {
                    namespace_labels,
                    pod_labels,
                } => {
                    if namespace_labels.is_none() && pod_labels.is_none() {
                        self.problem(
                            &ppath,
                            "a selector peer needs a namespace selector, a pod selector or both"
                                .into(),
                        );
                        continue;
                    }
                    let ns = namespace_labels.as_ref().map(|l| {
                        LabelSelector::labels(self.labels(l, &format!("{ppath}.namespaceLabels")))
                    });
                    let pods = pod_labels.as_ref().map(|l| {
                        LabelSelector::labels(self.labels(l, &format!("{ppath}.podLabels")))
                    });
                    peers.push(Peer {
                        namespace_selector: ns.map(empty_selector_as_braces),
                        pod_selector: pods.map(empty_selector_as_braces),
                        ip_block: None,
                    });
                }
            }
        }
        let mut rule_ports: Vec<PolicyPort> = Vec::new();
        for (j, p) in rule.ports.iter().enumerate() {
            if let Some(port) = self.custom_port(p, &format!("{path}.ports[{j}]")) {
                if !rule_ports.contains(&port) {
                    rule_ports.push(port);
                }
            }
        }
        // A rule whose every peer (or port) was bad must not widen into "every peer"
        // (or "every port"): leave the whole rule out until it is fixed.
        if (!rule.peers.is_empty() && peers.is_empty())
            || (!rule.ports.is_empty() && rule_ports.is_empty())
        {
            self.problem(
                &path,
                "this rule is left out until its peers and ports are fixed: without them it would allow everything".into(),
            );
            return;
        }
        let peers = (!peers.is_empty()).then_some(peers);
        let rule_ports = (!rule_ports.is_empty()).then_some(rule_ports);
        let reason = if rule.note.trim().is_empty() {
            "custom rule".to_owned()
        } else {
            rule.note.trim().to_owned()
        };
        match rule.direction {
            Direction::Ingress => self.push_ingress(
                IngressRule {
                    from: peers,
                    ports: rule_ports,
                },
                reason,
            ),
            Direction::Egress => self.push_egress(
                EgressRule {
                    to: peers,
                    ports: rule_ports,
                },
                reason,
            ),
        }
    }

    fn ip_block(&mut self, cidr: &str, except: &CidrList, path: &str) -> Option<Peer> {
        let cidr_path = format!("{path}.cidr");
        let outer = match parse_cidr(cidr) {
            Ok(c) => {
                if let Some(typed) = c.typed {
                    self.out.normalised.push(Normalised {
                        path: cidr_path,
                        typed,
                        normalised: c.net.to_string(),
                    });
                }
                c.net
            }
            Err(e) => {
                self.problem(&cidr_path, e.to_string());
                return None;
            }
        };
        let except_path = format!("{path}.except");
        let mut kept: Vec<String> = Vec::new();
        for inner in self.cidrs(except, &except_path) {
            if !(outer.contains(&inner) && inner.prefix_len() > outer.prefix_len()) {
                self.problem(
                    &except_path,
                    format!("except '{inner}' must be a strict subset of cidr '{outer}' (same family, inside it, longer prefix)"),
                );
                continue;
            }
            kept.push(inner.to_string());
        }
        Some(Peer::ip_block(outer.to_string(), kept))
    }

    fn custom_port(&mut self, p: &crate::model::CustomPort, path: &str) -> Option<PolicyPort> {
        let protocol = p.protocol.trim().to_ascii_uppercase();
        let protocol = if protocol.is_empty() {
            "TCP".to_owned()
        } else {
            protocol
        };
        if !matches!(protocol.as_str(), "TCP" | "UDP" | "SCTP") {
            self.problem(
                &format!("{path}.protocol"),
                format!("invalid protocol '{}': use TCP, UDP or SCTP", p.protocol),
            );
            return None;
        }
        let text = p.port.as_str().trim();
        let port = if text.is_empty() {
            None
        } else if text.bytes().all(|b| b.is_ascii_digit()) {
            match text.parse::<u32>() {
                Ok(n) if (1..=65535).contains(&n) => Some(PortValue::Number(i64::from(n))),
                _ => {
                    self.problem(
                        &format!("{path}.port"),
                        format!("invalid port '{text}': a port number must be from 1 to 65535"),
                    );
                    return None;
                }
            }
        } else {
            match names::port_name(text) {
                Ok(()) => Some(PortValue::Name(text.to_owned())),
                Err(e) => {
                    self.problem(&format!("{path}.port"), e.to_string());
                    return None;
                }
            }
        };
        let end_text = p.end_port.as_str().trim();
        let end_port = if end_text.is_empty() {
            None
        } else {
            let start = match &port {
                Some(PortValue::Number(n)) => *n,
                _ => {
                    self.problem(
                        &format!("{path}.endPort"),
                        format!("endPort '{end_text}' needs a numeric port to start the range"),
                    );
                    return None;
                }
            };
            match end_text.parse::<i64>() {
                Ok(e) if e >= start && e <= 65535 => Some(e),
                _ => {
                    self.problem(
                        &format!("{path}.endPort"),
                        format!("invalid endPort '{end_text}': it must be a number from the port ({start}) to 65535"),
                    );
                    return None;
                }
            }
        };
        Some(PolicyPort {
            protocol: Some(protocol),
            port,
            end_port,
        })
    }
}

/// Keeps an explicitly empty selector as `{}` (every namespace / every pod).
fn empty_selector_as_braces(sel: LabelSelector) -> LabelSelector {
    if sel.is_empty() {
        LabelSelector::default()
    } else {
        sel
    }
}

fn ip_peers(nets: &[IpNet]) -> Vec<Peer> {
    nets.iter()
        .map(|n| Peer::ip_block(n.to_string(), vec![]))
        .collect()
}

fn ports(list: &[(&str, u16)]) -> Vec<PolicyPort> {
    list.iter()
        .map(|(proto, port)| PolicyPort::number(proto, *port))
        .collect()
}

fn host_rule(family: IpFamily, v4: &str, v6: &str, port_list: &[(&str, u16)]) -> EgressRule {
    let mut to = Vec::new();
    if family.v4() {
        to.push(Peer::ip_block(v4, vec![]));
    }
    if family.v6() {
        to.push(Peer::ip_block(v6, vec![]));
    }
    EgressRule {
        to: Some(to),
        ports: Some(ports(port_list)),
    }
}

/// The docs' "all internet HTTPS but no in-cluster traffic" rule, per family.
pub fn internet_rule(family: IpFamily) -> EgressRule {
    let mut to = Vec::new();
    if family.v4() {
        to.push(Peer::ip_block(
            "0.0.0.0/0",
            cidr::RFC1918.iter().map(|s| s.to_string()).collect(),
        ));
    }
    if family.v6() {
        to.push(Peer::ip_block(
            "::/0",
            cidr::IPV6_PRIVATE.iter().map(|s| s.to_string()).collect(),
        ));
    }
    EgressRule {
        to: Some(to),
        ports: Some(vec![PolicyPort::number("TCP", 443)]),
    }
}

fn internet_reason(family: IpFamily) -> String {
    let what = match family {
        IpFamily::Ipv4 => "except RFC1918",
        IpFamily::Ipv6 => "except unique-local and link-local IPv6",
        IpFamily::DualStack => "except RFC1918 and private IPv6",
    };
    format!(
        "IdP, AWS APIs and public EKS endpoints: all internet HTTPS {what} (no in-cluster traffic)"
    )
}

/// The host of an issuer URL (`https://host[:port]/path` -> `host`).
pub fn issuer_host(issuer: &str) -> &str {
    let rest = issuer.trim();
    let rest = rest
        .strip_prefix("https://")
        .or_else(|| rest.strip_prefix("http://"))
        .unwrap_or(rest);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host_port = rest.get(..end).unwrap_or(rest);
    // Keep IPv6 literals whole; drop a :port.
    if host_port.starts_with('[') {
        return host_port
            .find(']')
            .and_then(|i| host_port.get(..=i))
            .unwrap_or(host_port);
    }
    host_port.split(':').next().unwrap_or(host_port)
}

fn describe_labels(map: &Labels) -> String {
    map.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_hosts() {
        let cases = [
            (
                "https://example.okta.com/oauth2/default",
                "example.okta.com",
            ),
            (
                "https://login.example.com:8443/realms/x",
                "login.example.com",
            ),
            ("example.com", "example.com"),
            ("https://[2001:db8::1]:443/x", "[2001:db8::1]"),
            ("", ""),
        ];
        for (url, host) in cases {
            assert_eq!(issuer_host(url), host, "{url}");
        }
    }
}
