//! The what-if tester's questions as typed: `HOST_OR_IP:PORT[/PROTO]` for egress and
//! `NAMESPACE[,k=v...][,pod:k=v...]:PORT[/PROTO]` or `IP:PORT[/PROTO]` for ingress.
//! IPv6 addresses are written in brackets (`[fd00::1]:443`), as in URLs.

use std::fmt;
use std::net::IpAddr;

use crate::names;
use crate::reach::{Protocol, Way};
use crate::values::Labels;

/// One question: can this packet pass?
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// "Can Periscope reach …?" (egress) or "Can … reach Periscope?" (ingress).
    pub way: Way,
    /// The other end, as asked.
    pub remote: Asked,
    /// The transport protocol (TCP unless given).
    pub protocol: Protocol,
    /// The destination port.
    pub port: u16,
}

/// The other end of a question, as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    /// An address.
    Ip(IpAddr),
    /// A host name (egress only), lowercase, without a trailing dot.
    Host(String),
    /// Pods of a namespace (ingress only).
    Namespace {
        /// The namespace's name.
        name: String,
        /// Its labels besides `kubernetes.io/metadata.name`, which it always carries.
        labels: Labels,
        /// The pods' labels (empty: any pod of the namespace).
        pod_labels: Labels,
    },
}

impl fmt::Display for Asked {
    /// The remote as the question wrote it (IPv6 without brackets).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Asked::Ip(ip) => write!(f, "{ip}"),
            Asked::Host(h) => f.write_str(h),
            Asked::Namespace {
                name,
                labels,
                pod_labels,
            } => {
                write!(f, "namespace {name}")?;
                for (k, v) in labels {
                    write!(f, ", {k}={v}")?;
                }
                if !pod_labels.is_empty() {
                    f.write_str(", pods")?;
                    for (k, v) in pod_labels {
                        write!(f, " {k}={v}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// Why a question cannot be asked; each variant names the bad input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum QuestionError {
    /// Nothing was typed.
    Empty,
    /// No `:PORT` at the end.
    MissingPort {
        /// The question as typed.
        input: String,
    },
    /// The port is not a number from 1 to 65535.
    BadPort {
        /// The port as typed.
        port: String,
    },
    /// The protocol is not TCP, UDP or SCTP.
    BadProtocol {
        /// The protocol as typed.
        protocol: String,
    },
    /// Not an IP address nor a valid host name.
    BadHost {
        /// The host as typed.
        host: String,
    },
    /// An IPv6 address without brackets: its colons cannot be told from the port's.
    UnbracketedIpv6 {
        /// The question as typed.
        input: String,
    },
    /// Not a valid namespace name.
    BadNamespace {
        /// The name as typed.
        namespace: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A label that is not `key=value` with a valid key and value.
    BadLabel {
        /// The label as typed.
        label: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl fmt::Display for QuestionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuestionError::Empty => f.write_str("nothing to ask: type HOST:PORT"),
            QuestionError::MissingPort { input } => {
                write!(f, "'{input}' has no port: end it with :PORT, e.g. :443")
            }
            QuestionError::BadPort { port } => {
                write!(f, "invalid port '{port}': enter a number from 1 to 65535")
            }
            QuestionError::BadProtocol { protocol } => {
                write!(f, "unknown protocol '{protocol}': use tcp, udp or sctp")
            }
            QuestionError::BadHost { host } => {
                write!(f, "'{host}' is neither an IP address nor a host name")
            }
            QuestionError::UnbracketedIpv6 { input } => write!(
                f,
                "'{input}' looks like an IPv6 address: write it in brackets, e.g. [fd00::1]:443"
            ),
            QuestionError::BadNamespace { namespace, reason } => {
                write!(f, "invalid namespace '{namespace}': {reason}")
            }
            QuestionError::BadLabel { label, reason } => {
                write!(f, "invalid label '{label}': {reason}")
            }
        }
    }
}

impl std::error::Error for QuestionError {}

impl Question {
    /// A question from the tester panel's separate fields: the remote (an IP, IPv6 with
    /// or without brackets, a host name for egress, or `NAMESPACE[,k=v...][,pod:k=v...]`
    /// for ingress), the port, and the protocol (empty for TCP). Errors name the field's
    /// text as [`parse_egress`] and [`parse_ingress`] do.
    ///
    /// ```
    /// use periscope_netpol::explain::{Asked, Question, QuestionError};
    /// use periscope_netpol::reach::{Protocol, Way};
    /// let q = Question::from_parts(Way::Egress, "fd00::1", "53", "UDP").unwrap();
    /// assert_eq!((q.remote, q.port, q.protocol), (Asked::Ip("fd00::1".parse().unwrap()), 53, Protocol::Udp));
    /// let e = Question::from_parts(Way::Ingress, "monitoring", "http", "");
    /// assert_eq!(e, Err(QuestionError::BadPort { port: "http".into() }));
    /// ```
    pub fn from_parts(
        way: Way,
        remote: &str,
        port: &str,
        protocol: &str,
    ) -> Result<Question, QuestionError> {
        let remote = remote.trim();
        let remote = match remote.parse::<IpAddr>() {
            Ok(IpAddr::V6(v6)) => format!("[{v6}]"),
            _ => remote.to_owned(),
        };
        let (port, protocol) = (port.trim(), protocol.trim());
        if port.is_empty() || port.contains(['/', ':']) {
            return Err(QuestionError::BadPort {
                port: port.to_owned(),
            });
        }
        let text = if protocol.is_empty() {
            format!("{remote}:{port}")
        } else {
            format!("{remote}:{port}/{protocol}")
        };
        match way {
            Way::Egress => parse_egress(&text),
            Way::Ingress => parse_ingress(&text),
        }
    }
}

/// Splits `REST:PORT[/PROTO]` into the rest, the port and the protocol. With
/// `labels`, a remote holding a comma is a label list (whose `pod:` has a colon), never
/// an unbracketed IPv6 address.
fn split_port(input: &str, labels: bool) -> Result<(&str, u16, Protocol), QuestionError> {
    let (rest, protocol) = match input.rsplit_once('/') {
        Some((rest, proto)) => {
            let protocol = match proto.to_ascii_lowercase().as_str() {
                "tcp" => Protocol::Tcp,
                "udp" => Protocol::Udp,
                "sctp" => Protocol::Sctp,
                _ => {
                    return Err(QuestionError::BadProtocol {
                        protocol: proto.to_owned(),
                    })
                }
            };
            (rest, protocol)
        }
        None => (input, Protocol::Tcp),
    };
    let Some((remote, port)) = rest.rsplit_once(':') else {
        return Err(QuestionError::MissingPort {
            input: input.to_owned(),
        });
    };
    // `fd00::1:443` cannot be split; `[fd00::1]:443` can.
    if remote.contains(':') && !remote.starts_with('[') && !(labels && remote.contains(',')) {
        return Err(QuestionError::UnbracketedIpv6 {
            input: input.to_owned(),
        });
    }
    let port =
        port.parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| QuestionError::BadPort {
                port: port.to_owned(),
            })?;
    Ok((remote, port, protocol))
}

/// A bracketed IPv6 address or a bare IPv4 one; `Ok(None)` when it is neither.
fn ip_of(remote: &str) -> Result<Option<IpAddr>, QuestionError> {
    if let Some(inner) = remote.strip_prefix('[') {
        return match inner.strip_suffix(']').map(str::parse::<IpAddr>) {
            Some(Ok(ip @ IpAddr::V6(_))) => Ok(Some(ip)),
            _ => Err(QuestionError::BadHost {
                host: remote.to_owned(),
            }),
        };
    }
    Ok(remote.parse::<IpAddr>().ok())
}

/// Whether `host` is a DNS name (RFC 1123 labels).
fn is_host_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Parses "Can Periscope reach …?": `HOST_OR_IP:PORT[/PROTO]`.
///
/// ```
/// use periscope_netpol::explain::{parse_egress, Asked, QuestionError};
/// use periscope_netpol::reach::Protocol;
/// let q = parse_egress("[fd00::1]:53/udp").unwrap();
/// assert_eq!((q.remote, q.port, q.protocol), (Asked::Ip("fd00::1".parse().unwrap()), 53, Protocol::Udp));
/// assert_eq!(parse_egress("Auth.Example.com.:443").unwrap().remote, Asked::Host("auth.example.com".into()));
/// assert_eq!(parse_egress("10.0.0.1:99999"), Err(QuestionError::BadPort { port: "99999".into() }));
/// ```
pub fn parse_egress(input: &str) -> Result<Question, QuestionError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(QuestionError::Empty);
    }
    let (remote, port, protocol) = split_port(input, false)?;
    let remote = match ip_of(remote)? {
        Some(ip) => Asked::Ip(ip),
        None => {
            let host = remote.trim_end_matches('.').to_ascii_lowercase();
            if !is_host_name(&host) {
                return Err(QuestionError::BadHost {
                    host: remote.to_owned(),
                });
            }
            Asked::Host(host)
        }
    };
    Ok(Question {
        way: Way::Egress,
        remote,
        protocol,
        port,
    })
}

/// Parses "Can … reach Periscope?": `IP:PORT[/PROTO]`, or
/// `NAMESPACE[,k=v...][,pod:k=v...]:PORT[/PROTO]` (namespace labels, then pod labels
/// prefixed `pod:`).
///
/// ```
/// use periscope_netpol::explain::{parse_ingress, Asked};
/// let q = parse_ingress("monitoring,team=obs,pod:app=prometheus:8080").unwrap();
/// let Asked::Namespace { name, labels, pod_labels } = q.remote else { panic!() };
/// assert_eq!(name, "monitoring");
/// assert_eq!(labels.get("team").map(String::as_str), Some("obs"));
/// assert_eq!(pod_labels.get("app").map(String::as_str), Some("prometheus"));
/// assert!(parse_ingress("Bad_NS:8080").is_err());
/// ```
pub fn parse_ingress(input: &str) -> Result<Question, QuestionError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(QuestionError::Empty);
    }
    // Pod labels hold a colon (`pod:k=v`): take the port from the end first.
    let (remote, port, protocol) = split_port(input, true)?;
    let question = |remote| Question {
        way: Way::Ingress,
        remote,
        protocol,
        port,
    };
    if let Some(ip) = ip_of(remote)? {
        return Ok(question(Asked::Ip(ip)));
    }
    let mut parts = remote.split(',').map(str::trim);
    let name = parts.next().unwrap_or_default();
    names::namespace(name).map_err(|e| QuestionError::BadNamespace {
        namespace: name.to_owned(),
        reason: e.to_string(),
    })?;
    let mut labels = Labels::new();
    let mut pod_labels = Labels::new();
    for part in parts {
        let (target, pair) = match part.strip_prefix("pod:") {
            Some(pair) => (&mut pod_labels, pair),
            None => (&mut labels, part),
        };
        let bad = |reason: String| QuestionError::BadLabel {
            label: part.to_owned(),
            reason,
        };
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| bad("write it as key=value".into()))?;
        names::label_key(k).map_err(|e| bad(e.to_string()))?;
        names::label_value(v).map_err(|e| bad(e.to_string()))?;
        target.insert(k.to_owned(), v.to_owned());
    }
    Ok(question(Asked::Namespace {
        name: name.to_owned(),
        labels,
        pod_labels,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_table() {
        let ok = [
            (
                "10.20.3.4:443",
                Way::Egress,
                "10.20.3.4",
                443,
                Protocol::Tcp,
            ),
            (
                "10.20.3.4:53/UDP",
                Way::Egress,
                "10.20.3.4",
                53,
                Protocol::Udp,
            ),
            (
                "[2600::1]:443/sctp",
                Way::Egress,
                "2600::1",
                443,
                Protocol::Sctp,
            ),
            (
                "sts.us-east-1.amazonaws.com:443",
                Way::Egress,
                "sts.us-east-1.amazonaws.com",
                443,
                Protocol::Tcp,
            ),
            (
                " 10.0.0.9:8080 ",
                Way::Ingress,
                "10.0.0.9",
                8080,
                Protocol::Tcp,
            ),
            (
                "ingress-nginx:8080",
                Way::Ingress,
                "namespace ingress-nginx",
                8080,
                Protocol::Tcp,
            ),
            (
                "mon,team=a,pod:app=p:9090/tcp",
                Way::Ingress,
                "namespace mon, team=a, pods app=p",
                9090,
                Protocol::Tcp,
            ),
        ];
        for (input, way, remote, port, proto) in ok {
            let q = match way {
                Way::Egress => parse_egress(input),
                Way::Ingress => parse_ingress(input),
            }
            .unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(
                (q.remote.to_string().as_str(), q.port, q.protocol),
                (remote, port, proto),
                "{input}"
            );
        }
        let bad: [(&str, bool, QuestionError); 9] = [
            ("", true, QuestionError::Empty),
            (
                "10.0.0.1",
                true,
                QuestionError::MissingPort {
                    input: "10.0.0.1".into(),
                },
            ),
            (
                "10.0.0.1:0",
                true,
                QuestionError::BadPort { port: "0".into() },
            ),
            (
                "10.0.0.1:443/icmp",
                true,
                QuestionError::BadProtocol {
                    protocol: "icmp".into(),
                },
            ),
            (
                "fd00::1:443",
                true,
                QuestionError::UnbracketedIpv6 {
                    input: "fd00::1:443".into(),
                },
            ),
            (
                "[10.0.0.1]:443",
                true,
                QuestionError::BadHost {
                    host: "[10.0.0.1]".into(),
                },
            ),
            (
                "bad_host:443",
                true,
                QuestionError::BadHost {
                    host: "bad_host".into(),
                },
            ),
            (
                "ns,team:8080",
                false,
                QuestionError::BadLabel {
                    label: "team".into(),
                    reason: "write it as key=value".into(),
                },
            ),
            (
                "ns,team=a:x",
                false,
                QuestionError::BadPort { port: "x".into() },
            ),
        ];
        for (input, egress, want) in bad {
            let got = if egress {
                parse_egress(input)
            } else {
                parse_ingress(input)
            };
            assert_eq!(got, Err(want), "{input}");
        }
        assert!(matches!(
            parse_ingress("Bad_NS:1"),
            Err(QuestionError::BadNamespace { .. })
        ));
    }
}
