//! What the Kubernetes API server rejects in a NetworkPolicy (facts §3), checked on the
//! `networkPolicy` values so that nothing bad reaches `helm install`.

use std::fmt;

use ipnet::IpNet;

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

/// A CIDR as the API server reads it: `addr/len`, both required.
/// Returns the network and whether host bits were set.
///
/// ```
/// use periscope_netpol::validate::parse_api_cidr;
/// assert_eq!(parse_api_cidr("10.1.2.3/8").unwrap().1, true);
/// assert!(parse_api_cidr("10.0.0.1").is_err());
/// ```
pub fn parse_api_cidr(s: &str) -> Result<(IpNet, bool), String> {
    if !s.contains('/') {
        return Err(format!(
            "'{s}' is not a CIDR: it needs a prefix length, e.g. '{s}/32'"
        ));
    }
    match s.parse::<IpNet>() {
        Ok(n) => Ok((n.trunc(), n != n.trunc())),
        Err(_) => Err(match crate::cidr::parse_cidr(s) {
            Err(e) => e.to_string(),
            Ok(_) => format!("invalid CIDR '{s}': write it without spaces or leading zeros"),
        }),
    }
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
    for (i, labels) in values.ingress.from_namespaces.iter().enumerate() {
        v.labels(
            labels,
            &format!("networkPolicy.ingress.fromNamespaces[{i}]"),
        );
    }
    for (i, r) in values.ingress.extra.iter().enumerate() {
        v.rule(
            r.view(),
            &format!("networkPolicy.ingress.extra[{i}]"),
            "from",
        );
    }
    for (i, r) in values.egress.extra.iter().enumerate() {
        v.rule(r.view(), &format!("networkPolicy.egress.extra[{i}]"), "to");
    }
    v.errors
}

#[derive(Default)]
struct Validator {
    errors: Vec<ApiError>,
}

impl Validator {
    fn err(&mut self, path: String, message: String) {
        self.errors.push(ApiError { path, message });
    }

    fn labels(&mut self, labels: &Labels, path: &str) {
        for (k, val) in labels {
            if let Err(e) = names::label_key(k) {
                self.err(format!("{path}.{k}"), e.to_string());
            }
            if let Err(e) = names::label_value(val) {
                self.err(format!("{path}.{k}"), e.to_string());
            }
        }
    }

    fn rule(&mut self, rule: RuleView<'_>, path: &str, peers_key: &str) {
        for (i, p) in rule.peers.unwrap_or_default().iter().enumerate() {
            self.peer(p, &format!("{path}.{peers_key}[{i}]"));
        }
        for (i, p) in rule.ports.unwrap_or_default().iter().enumerate() {
            self.port(p, &format!("{path}.ports[{i}]"));
        }
    }

    fn peer(&mut self, p: &Peer, path: &str) {
        let selectors = p.pod_selector.is_some() || p.namespace_selector.is_some();
        match (&p.ip_block, selectors) {
            (None, false) => self.err(
                path.to_owned(),
                "a peer must set podSelector, namespaceSelector or ipBlock".into(),
            ),
            (Some(_), true) => self.err(
                path.to_owned(),
                "ipBlock cannot be combined with podSelector or namespaceSelector in one peer: make them separate peers".into(),
            ),
            _ => {}
        }
        if let Some(s) = &p.pod_selector {
            self.selector(s, &format!("{path}.podSelector"));
        }
        if let Some(s) = &p.namespace_selector {
            self.selector(s, &format!("{path}.namespaceSelector"));
        }
        let Some(block) = &p.ip_block else { return };
        let cidr_path = format!("{path}.ipBlock.cidr");
        let outer = match parse_api_cidr(&block.cidr) {
            Ok((net, _)) => Some(net),
            Err(e) => {
                self.err(cidr_path, e);
                None
            }
        };
        for (i, ex) in block
            .except
            .as_deref()
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let ex_path = format!("{path}.ipBlock.except[{i}]");
            let inner = match parse_api_cidr(ex) {
                Ok((net, _)) => net,
                Err(e) => {
                    self.err(ex_path, e);
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

    fn selector(&mut self, s: &LabelSelector, path: &str) {
        if let Some(m) = &s.match_labels {
            self.labels(m, &format!("{path}.matchLabels"));
        }
        for (i, r) in s
            .match_expressions
            .as_deref()
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let p = format!("{path}.matchExpressions[{i}]");
            if let Err(e) = names::label_key(&r.key) {
                self.err(format!("{p}.key"), e.to_string());
            }
            let values = r.values.as_deref().unwrap_or_default();
            match r.operator.as_str() {
                "In" | "NotIn" if values.is_empty() => self.err(
                    format!("{p}.values"),
                    format!("operator '{}' needs at least one value", r.operator),
                ),
                "Exists" | "DoesNotExist" if !values.is_empty() => self.err(
                    format!("{p}.values"),
                    format!("operator '{}' takes no values", r.operator),
                ),
                "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
                other => self.err(
                    format!("{p}.operator"),
                    format!("invalid operator '{other}': use In, NotIn, Exists or DoesNotExist"),
                ),
            }
            for (j, val) in values.iter().enumerate() {
                if let Err(e) = names::label_value(val) {
                    self.err(format!("{p}.values[{j}]"), e.to_string());
                }
            }
        }
    }

    fn port(&mut self, p: &PolicyPort, path: &str) {
        if let Some(proto) = &p.protocol {
            if !matches!(proto.as_str(), "TCP" | "UDP" | "SCTP") {
                self.err(
                    format!("{path}.protocol"),
                    format!("invalid protocol '{proto}': must be exactly TCP, UDP or SCTP (case-sensitive)"),
                );
            }
        }
        let start = match &p.port {
            Some(PortValue::Number(n)) => {
                if !(1..=65535).contains(n) {
                    self.err(
                        format!("{path}.port"),
                        format!("invalid port {n}: must be from 1 to 65535"),
                    );
                }
                Some(*n)
            }
            Some(PortValue::Name(name)) => {
                if let Err(e) = names::port_name(name) {
                    self.err(format!("{path}.port"), e.to_string());
                }
                None
            }
            None => None,
        };
        if let Some(end) = p.end_port {
            match (&p.port, start) {
                (None, _) => self.err(
                    format!("{path}.endPort"),
                    format!("endPort {end} needs a numeric port"),
                ),
                (Some(PortValue::Name(name)), _) => self.err(
                    format!("{path}.endPort"),
                    format!("endPort {end} cannot be used with the named port '{name}'"),
                ),
                (_, Some(start)) if end < start => self.err(
                    format!("{path}.endPort"),
                    format!("endPort {end} must not be less than port {start}"),
                ),
                _ if end > 65535 => self.err(
                    format!("{path}.endPort"),
                    format!("endPort {end} must not be more than 65535"),
                ),
                _ => {}
            }
        }
    }
}
