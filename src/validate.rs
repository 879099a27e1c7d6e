//! What the Kubernetes API server rejects in a NetworkPolicy (facts §3), checked on the
//! `networkPolicy` values so that nothing bad reaches `helm install`.

use std::fmt;

use ipnet::IpNet;

use crate::cidr::{self, CidrError};
use crate::names;
use crate::values::{LabelSelector, Labels, Peer, PolicyPort, PortValue, RuleView, Values};

/// One thing the API server would reject, at a values path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The values path, e.g. `networkPolicy.egress.extra[0].to[0].ipBlock.except[1]`.
    pub path: String,
    /// What is wrong, naming the bad input.
    pub message: String,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A CIDR as the API server reads it: `addr/len`, both required, nothing around it and
/// no leading zeros ([`cidr::parse_exact`]). Returns the network and whether host bits
/// were set.
///
/// ```
/// use periscope_netpol::validate::parse_api_cidr;
/// assert_eq!(parse_api_cidr("10.1.2.3/8").unwrap().1, true);
/// assert!(parse_api_cidr("10.0.0.1").is_err());
/// assert!(parse_api_cidr("010.0.0.0/8").unwrap_err().to_string().contains("leading zero"));
/// ```
pub fn parse_api_cidr(s: &str) -> Result<(IpNet, bool), CidrError> {
    let n = cidr::parse_exact(s)?;
    Ok((n.trunc(), n != n.trunc()))
}

/// Checks the values against the API server's NetworkPolicy validation.
///
/// ```
/// use periscope_netpol::values::{Values, EgressRule, Peer};
/// use periscope_netpol::validate::validate;
/// let mut v = Values::default();
/// v.egress.extra.push(EgressRule { to: Some(vec![Peer::ip_block("10.0.0.0/8", vec!["10.0.0.0/8".into()])]), ports: None });
/// let errs = validate(&v);
/// assert_eq!(errs[0].path, "networkPolicy.egress.extra[0].to[0].ipBlock.except[0]");
/// ```
pub fn validate(values: &Values) -> Vec<ApiError> {
    let mut v = Validator::default();
    let from_namespaces = Path::Root("networkPolicy.ingress.fromNamespaces");
    for (i, labels) in values.ingress.from_namespaces.iter().enumerate() {
        v.labels(labels, Path::Index(&from_namespaces, i));
    }
    let ingress = Path::Root("networkPolicy.ingress.extra");
    for (i, r) in values.ingress.extra.iter().enumerate() {
        v.rule(r.view(), Path::Index(&ingress, i), "from");
    }
    let egress = Path::Root("networkPolicy.egress.extra");
    for (i, r) in values.egress.extra.iter().enumerate() {
        v.rule(r.view(), Path::Index(&egress, i), "to");
    }
    v.errors
}

/// A values path, written out only when an error names it (most rules have none).
#[derive(Clone, Copy)]
enum Path<'a> {
    /// A whole path.
    Root(&'a str),
    /// `parent[i]`.
    Index(&'a Path<'a>, usize),
    /// `parent.key`.
    Key(&'a Path<'a>, &'a str),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root(s) => f.write_str(s),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
        }
    }
}

#[derive(Default)]
struct Validator {
    errors: Vec<ApiError>,
}

impl Validator {
    fn err(&mut self, path: Path<'_>, message: String) {
        self.errors.push(ApiError {
            path: path.to_string(),
            message,
        });
    }

    fn labels(&mut self, labels: &Labels, path: Path<'_>) {
        for (k, val) in labels {
            if let Err(e) = names::label_key(k) {
                self.err(Path::Key(&path, k), e.to_string());
            }
            if let Err(e) = names::label_value(val) {
                self.err(Path::Key(&path, k), e.to_string());
            }
        }
    }

    fn rule(&mut self, rule: RuleView<'_>, path: Path<'_>, peers_key: &str) {
        let peers = Path::Key(&path, peers_key);
        for (i, p) in rule.peers.unwrap_or_default().iter().enumerate() {
            self.peer(p, Path::Index(&peers, i));
        }
        let ports = Path::Key(&path, "ports");
        for (i, p) in rule.ports.unwrap_or_default().iter().enumerate() {
            self.port(p, Path::Index(&ports, i));
        }
    }

    fn peer(&mut self, p: &Peer, path: Path<'_>) {
        let selectors = p.pod_selector.is_some() || p.namespace_selector.is_some();
        match (&p.ip_block, selectors) {
            (None, false) => self.err(
                path,
                "a peer must set podSelector, namespaceSelector or ipBlock".into(),
            ),
            (Some(_), true) => self.err(
                path,
                "ipBlock cannot be combined with podSelector or namespaceSelector in one peer: make them separate peers".into(),
            ),
            _ => {}
        }
        if let Some(s) = &p.pod_selector {
            self.selector(s, Path::Key(&path, "podSelector"));
        }
        if let Some(s) = &p.namespace_selector {
            self.selector(s, Path::Key(&path, "namespaceSelector"));
        }
        let Some(block) = &p.ip_block else { return };
        let ip_block = Path::Key(&path, "ipBlock");
        let outer = match parse_api_cidr(&block.cidr) {
            Ok((net, _)) => Some(net),
            Err(e) => {
                self.err(Path::Key(&ip_block, "cidr"), e.to_string());
                None
            }
        };
        let except = Path::Key(&ip_block, "except");
        for (i, ex) in block
            .except
            .as_deref()
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let ex_path = Path::Index(&except, i);
            let inner = match parse_api_cidr(ex) {
                Ok((net, _)) => net,
                Err(e) => {
                    self.err(ex_path, e.to_string());
                    continue;
                }
            };
            let Some(outer) = outer else { continue };
            let same_family = matches!(
                (outer, inner),
                (IpNet::V4(_), IpNet::V4(_)) | (IpNet::V6(_), IpNet::V6(_))
            );
            if !same_family {
                self.err(
                    ex_path,
                    format!(
                        "except '{ex}' is not the same IP family as cidr '{}'",
                        block.cidr
                    ),
                );
            } else if !outer.contains(&inner) {
                self.err(
                    ex_path,
                    format!("except '{ex}' is not inside cidr '{}'", block.cidr),
                );
            } else if inner.prefix_len() <= outer.prefix_len() {
                self.err(
                    ex_path,
                    format!(
                        "except '{ex}' must be a strict subset of cidr '{}' (a longer prefix)",
                        block.cidr
                    ),
                );
            }
        }
    }

    fn selector(&mut self, s: &LabelSelector, path: Path<'_>) {
        if let Some(m) = &s.match_labels {
            self.labels(m, Path::Key(&path, "matchLabels"));
        }
        let expressions = Path::Key(&path, "matchExpressions");
        for (i, r) in s
            .match_expressions
            .as_deref()
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let p = Path::Index(&expressions, i);
            if let Err(e) = names::label_key(&r.key) {
                self.err(Path::Key(&p, "key"), e.to_string());
            }
            let values = r.values.as_deref().unwrap_or_default();
            match r.operator.as_str() {
                "In" | "NotIn" if values.is_empty() => self.err(
                    Path::Key(&p, "values"),
                    format!("operator '{}' needs at least one value", r.operator),
                ),
                "Exists" | "DoesNotExist" if !values.is_empty() => self.err(
                    Path::Key(&p, "values"),
                    format!("operator '{}' takes no values", r.operator),
                ),
                "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
                other => self.err(
                    Path::Key(&p, "operator"),
                    format!("invalid operator '{other}': use In, NotIn, Exists or DoesNotExist"),
                ),
            }
            let values_path = Path::Key(&p, "values");
            for (j, val) in values.iter().enumerate() {
                if let Err(e) = names::label_value(val) {
                    self.err(Path::Index(&values_path, j), e.to_string());
                }
            }
        }
    }

    fn port(&mut self, p: &PolicyPort, path: Path<'_>) {
        if let Some(proto) = &p.protocol {
            if !matches!(proto.as_str(), "TCP" | "UDP" | "SCTP") {
                self.err(
                    Path::Key(&path, "protocol"),
                    format!("invalid protocol '{proto}': must be exactly TCP, UDP or SCTP (case-sensitive)"),
                );
            }
        }
        let start = match &p.port {
            Some(PortValue::Number(n)) => {
                if !(1..=65535).contains(n) {
                    self.err(
                        Path::Key(&path, "port"),
                        format!("invalid port {n}: must be from 1 to 65535"),
                    );
                }
                Some(*n)
            }
            Some(PortValue::Name(name)) => {
                if let Err(e) = names::port_name(name) {
                    self.err(Path::Key(&path, "port"), e.to_string());
                }
                None
            }
            None => None,
        };
        if let Some(end) = p.end_port {
            match (&p.port, start) {
                (None, _) => self.err(
                    Path::Key(&path, "endPort"),
                    format!("endPort {end} needs a numeric port"),
                ),
                (Some(PortValue::Name(name)), _) => self.err(
                    Path::Key(&path, "endPort"),
                    format!("endPort {end} cannot be used with the named port '{name}'"),
                ),
                (_, Some(start)) if end < start => self.err(
                    Path::Key(&path, "endPort"),
                    format!("endPort {end} must not be less than port {start}"),
                ),
                _ if end > 65535 => self.err(
                    Path::Key(&path, "endPort"),
                    format!("endPort {end} must not be more than 65535"),
                ),
                _ => {}
            }
        }
    }
}
