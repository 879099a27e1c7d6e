//! The hosts an Environment or a chart values file names (the OIDC issuer, a kubeconfig
//! server): where a URL points, on which port, and what kind of host it is. The checks
//! reason with the class: an in-cluster Service is never reached by an internet rule, a
//! link-local agent never by a rule that leaves out 169.254.0.0/16.

use std::net::IpAddr;

use ipnet::IpNet;

/// The regional endpoint of an AWS service: `sts.eu-west-1.amazonaws.com`.
///
/// ```
/// assert_eq!(periscope_netpol::hosts::aws_host("eks", "eu-west-1"), "eks.eu-west-1.amazonaws.com");
/// ```
pub fn aws_host(service: &str, region: &str) -> String {
    format!("{service}.{region}.amazonaws.com")
}

/// What kind of host a name or address is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostClass {
    /// A public name or address: reached through the internet rule, a proxy or its CIDRs.
    Public,
    /// A Service (or pod) in this cluster: `name.ns.svc`, `name.ns.svc.<cluster domain>`,
    /// or a bare name, which the pod's DNS search path resolves in its own namespace.
    InCluster {
        /// The namespace the name says (`None`: Periscope's own namespace).
        namespace: Option<String>,
    },
    /// A link-local address (169.254.0.0/16, fe80::/10): node-local agents.
    LinkLocal(IpAddr),
    /// A private address (RFC 1918, unique-local IPv6, CGNAT) or a private name
    /// (`.internal`, `.lan`, `.home.arpa`).
    Private(Option<IpAddr>),
    /// The pod itself (`localhost`, 127.0.0.0/8, ::1): no policy applies.
    Loopback,
}

impl HostClass {
    /// A few words for titles: "a public host", "a Service in namespace auth".
    pub fn describe(&self) -> String {
        match self {
            HostClass::Public => "a public host".into(),
            HostClass::InCluster {
                namespace: Some(ns),
            } => {
                format!("a Service in namespace {ns}")
            }
            HostClass::InCluster { namespace: None } => {
                "a Service in Periscope's own namespace".into()
            }
            HostClass::LinkLocal(_) => "a link-local address".into(),
            HostClass::Private(_) => "a private host".into(),
            HostClass::Loopback => "the pod itself".into(),
        }
    }
}

/// A host and TCP port a URL points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The host as written, without brackets around an IPv6 literal.
    pub host: String,
    /// The explicit port, or the scheme's (443 for https, 80 for http).
    pub port: u16,
    /// Whether the URL wrote the port.
    pub explicit_port: bool,
    /// The host's class.
    pub class: HostClass,
}

impl Endpoint {
    /// The host's address as a /32 or /128, when the URL names an IP literal.
    pub fn net(&self) -> Option<IpNet> {
        let addr: IpAddr = self.host.parse().ok()?;
        Some(IpNet::from(addr))
    }
}

/// Where a URL points: host, port (explicit, else 443 for `https` and 80 for `http`; a
/// URL without a scheme is taken as https) and class. `None` without a host or with a
/// port that is not a TCP port.
///
/// ```
/// use periscope_netpol::hosts::{endpoint, HostClass};
/// let e = endpoint("http://keycloak.auth.svc.cluster.local:8080/realms/x").unwrap();
/// assert_eq!((e.host.as_str(), e.port, e.explicit_port), ("keycloak.auth.svc.cluster.local", 8080, true));
/// assert_eq!(e.class, HostClass::InCluster { namespace: Some("auth".into()) });
/// assert_eq!(endpoint("https://acme.okta.com/oauth2/default").unwrap().port, 443);
/// assert_eq!(endpoint("http://idp.example.com/").unwrap().port, 80);
/// assert!(endpoint("https://idp.example.com:99999/").is_none());
/// assert!(endpoint("").is_none());
/// ```
pub fn endpoint(url: &str) -> Option<Endpoint> {
    let url = url.trim();
    let (default_port, rest) = match url.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => (80, rest),
        Some((_, rest)) => (443, rest),
        None => (443, url),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or(rest);
    // Drop `user:pass@`.
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = if let Some(v6) = host_port.strip_prefix('[') {
        let (host, after) = v6.split_once(']')?;
        (host, after.strip_prefix(':'))
    } else {
        match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    if host.is_empty() {
        return None;
    }
    let explicit_port = port.is_some();
    let port = match port {
        Some(p) => p.parse::<u16>().ok().filter(|p| *p > 0)?,
        None => default_port,
    };
    Some(Endpoint {
        host: host.to_owned(),
        port,
        explicit_port,
        class: classify(host),
    })
}

/// Names that resolve only inside a private network.
const PRIVATE_SUFFIXES: [&str; 3] = [".internal", ".lan", ".home.arpa"];

/// The class of a host name or IP literal.
///
/// ```
/// use periscope_netpol::hosts::{classify, HostClass};
/// assert_eq!(classify("keycloak"), HostClass::InCluster { namespace: None });
/// assert_eq!(classify("kc.auth.svc"), HostClass::InCluster { namespace: Some("auth".into()) });
/// assert_eq!(classify("acme.okta.com"), HostClass::Public);
/// assert!(matches!(classify("169.254.170.23"), HostClass::LinkLocal(_)));
/// assert!(matches!(classify("10.0.0.5"), HostClass::Private(Some(_))));
/// ```
pub fn classify(host: &str) -> HostClass {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    if let Ok(addr) = host.parse::<IpAddr>() {
        return classify_addr(addr);
    }
    if host == "localhost" || host.ends_with(".localhost") {
        return HostClass::Loopback;
    }
    let labels: Vec<&str> = host.split('.').collect();
    // `<service>.<namespace>.svc[.<cluster domain>]`, or a pod's `<ip>.<namespace>.pod...`.
    let kind_at = labels
        .iter()
        .enumerate()
        .skip(2)
        .find(|(_, l)| matches!(**l, "svc" | "pod"))
        .map(|(i, _)| i);
    if let Some(i) = kind_at {
        let namespace = i
            .checked_sub(1)
            .and_then(|j| labels.get(j))
            .map(|s| (*s).to_owned());
        return HostClass::InCluster { namespace };
    }
    if labels.len() == 1 {
        return HostClass::InCluster { namespace: None };
    }
    if host.ends_with(".cluster.local") {
        return HostClass::InCluster { namespace: None };
    }
    if PRIVATE_SUFFIXES.iter().any(|s| host.ends_with(s)) {
        return HostClass::Private(None);
    }
    HostClass::Public
}

fn classify_addr(addr: IpAddr) -> HostClass {
    let net = IpNet::from(addr);
    let link_local = match addr {
        IpAddr::V4(a) => a.is_link_local(),
        IpAddr::V6(a) => (a.segments().first().copied().unwrap_or(0) & 0xffc0) == 0xfe80,
    };
    if addr.is_loopback() {
        HostClass::Loopback
    } else if link_local {
        HostClass::LinkLocal(addr)
    } else if crate::cidr::is_private(&net) {
        HostClass::Private(Some(addr))
    } else {
        HostClass::Public
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_ports() {
        // (url, host, port, explicit)
        let cases = [
            (
                "https://acme.okta.com/oauth2/default",
                "acme.okta.com",
                443,
                false,
            ),
            ("http://keycloak:8080/realms/x", "keycloak", 8080, true),
            ("HTTP://Idp.Example.com", "Idp.Example.com", 80, false),
            ("https://[fd00::1]:8443/x", "fd00::1", 8443, true),
            ("https://[2001:db8::1]/x", "2001:db8::1", 443, false),
            ("idp.example.com:9000", "idp.example.com", 9000, true),
            (
                "https://u:p@idp.example.com:444?x",
                "idp.example.com",
                444,
                true,
            ),
        ];
        for (url, host, port, explicit) in cases {
            let e = endpoint(url).unwrap_or_else(|| panic!("{url}"));
            assert_eq!(
                (e.host.as_str(), e.port, e.explicit_port),
                (host, port, explicit),
                "{url}"
            );
        }
        for url in [
            "",
            "https://",
            "https://:443/",
            "https://h:0/",
            "https://h:x/",
            "https://[::1",
        ] {
            assert!(endpoint(url).is_none(), "{url}");
        }
    }

    #[test]
    fn classes() {
        let in_ns = |ns: &str| HostClass::InCluster {
            namespace: Some(ns.into()),
        };
        let cases = [
            ("keycloak.auth.svc", in_ns("auth")),
            ("keycloak.auth.svc.cluster.local", in_ns("auth")),
            ("keycloak.auth.svc.corp.example", in_ns("auth")),
            ("10-1-2-3.auth.pod.cluster.local", in_ns("auth")),
            ("keycloak", HostClass::InCluster { namespace: None }),
            ("svc.example.com", HostClass::Public),
            ("login.svc.example.com", HostClass::Public),
            ("acme.okta.com", HostClass::Public),
            ("52.1.2.3", HostClass::Public),
            ("idp.corp.internal", HostClass::Private(None)),
            ("localhost", HostClass::Loopback),
            ("127.0.0.1", HostClass::Loopback),
        ];
        for (host, want) in cases {
            assert_eq!(classify(host), want, "{host}");
        }
        assert!(matches!(classify("10.0.0.1"), HostClass::Private(Some(_))));
        assert!(matches!(classify("fd00::1"), HostClass::Private(Some(_))));
        assert!(matches!(
            classify("169.254.169.254"),
            HostClass::LinkLocal(_)
        ));
        assert!(matches!(classify("fe80::1"), HostClass::LinkLocal(_)));
    }
}
