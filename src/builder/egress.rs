//! The egress half of the builder: the posture's general rule, then every destination
//! it does not cover, credentials and DNS.

use super::*;

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
    pub(super) fn egress(&mut self, env: &Environment) {
        let family = env.ip_family;
        self.origin = "egress".into();
        // With Cilium the companion CiliumNetworkPolicy reaches public hosts by name
        // (`crate::cilium`): no internet-wide rule, and every destination with CIDRs
        // gets its own rule, as in the explicit posture.
        let cilium = env.cni == Cni::Cilium;
        // The posture's general rule comes first, then what it does not cover.
        match &env.egress {
            EgressPosture::InternetHttps if cilium => {}
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
                        InputError::Incomplete(
                            "the egress proxy posture needs the proxy's address (a CIDR)",
                        ),
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
        for mut d in dests.into_iter().filter(|d| !d.nets.is_empty()) {
            // A list filled from a published ranges file says which file, and how old.
            if let Some(note) = env.ranges.iter().find(|n| n.field == d.origin) {
                d.reason = format!("{}; {}", d.reason, note.sentence());
            }
            let needed = match &env.egress {
                EgressPosture::InternetHttps => {
                    cilium || d.port != 443 || d.nets.iter().any(cidr::blocked_by_private_except)
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
                    port: issuer_port(&env.idp.issuer),
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
                // An empty pod port follows the issuer URL's port.
                let port = if port.is_empty() {
                    Some(issuer_port(&env.idp.issuer))
                } else {
                    self.port(port, "idp.port", "the IdP port")
                };
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

/// The TCP port of an issuer URL: the explicit one, else 443 for https and 80 for http
/// (443 when there is no usable URL).
///
/// ```
/// use periscope_netpol::builder::issuer_port;
/// assert_eq!(issuer_port("http://keycloak.auth.svc:8080/realms/x"), 8080);
/// assert_eq!(issuer_port("http://keycloak.auth.svc/realms/x"), 80);
/// assert_eq!(issuer_port(""), 443);
/// ```
pub fn issuer_port(issuer: &str) -> u16 {
    crate::hosts::endpoint(issuer).map_or(443, |e| e.port)
}
