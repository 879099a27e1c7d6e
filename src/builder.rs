//! Environment -> Values: every input that needs traffic becomes the rule it needs.
//!
//! Bad entries never stop the build: each is reported as an [`InputProblem`] with the
//! field path it came from and left out, so the valid rest keeps flowing into the preview.

use std::collections::BTreeSet;

use ipnet::IpNet;

use crate::cidr::{self, parse_cidr};
use crate::model::{
    AwsApiAccess, CidrList, Cluster, Cni, Credentials, CustomPeer, CustomRule, Direction, Dns,
    EgressPosture, EndpointAccess, Environment, IdpReach, IngressSource, IpFamily, Label, PortText,
    SecretsMode, VerbatimRule,
};
use crate::names;
use crate::values::{
    EgressRule, IngressRule, LabelSelector, Labels, Peer, PolicyPort, PortValue, Values,
};

mod custom;
mod egress;
mod input_error;

use crate::fields::FieldPath;
pub use egress::{internet_rule, issuer_host, issuer_port};
pub use input_error::InputError;

/// An entry the builder had to leave out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    /// The Environment field it came from, e.g. `clusters[1].cidrs`.
    pub path: FieldPath,
    /// What is wrong, with the bad input.
    pub cause: InputError,
}

impl InputProblem {
    /// What is wrong, naming the bad input.
    pub fn message(&self) -> String {
        self.cause.to_string()
    }
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

impl Builder {
    fn problem(&mut self, path: &str, cause: impl Into<InputError>) {
        self.out.problems.push(InputProblem {
            path: FieldPath::from(path),
            cause: cause.into(),
        });
    }

    /// Parses a port box; empty or bad text is a problem.
    fn port(&mut self, text: &PortText, path: &str, what: &str) -> Option<u16> {
        match text.number() {
            Some(n) if n > 0 => Some(n),
            _ => {
                let cause = if text.is_empty() {
                    InputError::EmptyPort(what.to_owned())
                } else {
                    InputError::BadPort {
                        what: what.to_owned(),
                        text: text.as_str().to_owned(),
                    }
                };
                self.problem(path, cause);
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
                    nets.push(c.net);
                }
                Err(e) => self.problem(path, e),
            }
        }
        // Keep the first of each network, found with a set (long lists stay O(n log n);
        // a B-tree, since std's hash keys are fixed on wasm32).
        let mut seen = BTreeSet::new();
        nets.retain(|n| seen.insert(*n));
        nets
    }

    /// Validated labels as a map; bad or repeated keys are problems and left out.
    fn labels(&mut self, labels: &[Label], path: &str) -> Labels {
        let mut map = Labels::new();
        for (i, l) in labels.iter().enumerate() {
            let p = format!("{path}[{i}]");
            if let Err(e) = names::label_key(&l.key) {
                self.problem(&format!("{p}.key"), e);
                continue;
            }
            if let Err(e) = names::label_value(&l.value) {
                self.problem(&format!("{p}.value"), e);
                continue;
            }
            if map.contains_key(&l.key) {
                self.problem(
                    &format!("{p}.key"),
                    InputError::DuplicateLabelKey(l.key.clone()),
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
                self.problem(path, e);
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
                            InputError::Incomplete("a namespace source needs at least one valid label; an empty one would admit every namespace"),
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
                            InputError::Incomplete("a load balancer source needs the VPC or subnet CIDRs it sends from"),
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
                    InputError::Incomplete(
                        "the agent tunnel rule is left out until its CIDRs are fixed",
                    ),
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
}

fn ip_peers(nets: &[IpNet]) -> Vec<Peer> {
    nets.iter()
        .map(|n| Peer::ip_block(n.to_string(), vec![]))
        .collect()
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
