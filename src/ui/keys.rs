//! The one table per model choice: its form key, label and hint, in display order.
//! Components build their options from these and map keys back through them, so a
//! choice is spelled once.

use crate::model::{Credentials, Dns, IpFamily};
use crate::ui::components::choice::Opt;

/// A model enum offered as a one-of choice.
pub trait Keyed: Copy + PartialEq + 'static {
    /// Every value with its option, in display order.
    const TABLE: &'static [(Self, Opt)];

    /// The options, for a `Choice`.
    fn options() -> Vec<Opt> {
        Self::TABLE.iter().map(|(_, o)| o.clone()).collect()
    }

    /// This value's key.
    fn key(self) -> &'static str {
        Self::TABLE
            .iter()
            .find(|(v, _)| *v == self)
            .map_or("", |(_, o)| o.key)
    }

    /// The value of a key.
    fn from_key(key: &str) -> Option<Self> {
        Self::TABLE
            .iter()
            .find(|(_, o)| o.key == key)
            .map(|(v, _)| *v)
    }
}

impl Keyed for IpFamily {
    const TABLE: &'static [(Self, Opt)] = &[
        (IpFamily::Ipv4, Opt::new("ipv4", "IPv4", "")),
        (IpFamily::Ipv6, Opt::new("ipv6", "IPv6", "")),
        (
            IpFamily::DualStack,
            Opt::new("dual-stack", "Dual-stack", ""),
        ),
    ];
}

impl Keyed for Credentials {
    const TABLE: &'static [(Self, Opt)] = &[
        (
            Credentials::PodIdentity,
            Opt::new(
                "pod-identity",
                "EKS Pod Identity",
                "Agent at 169.254.170.23, TCP 80 (podIdentity.enabled).",
            ),
        ),
        (
            Credentials::Irsa,
            Opt::new(
                "irsa",
                "IRSA",
                "STS AssumeRoleWithWebIdentity over TCP 443 (role-arn annotation).",
            ),
        ),
        (
            Credentials::NodeRole,
            Opt::new(
                "node-role",
                "Node role (IMDS)",
                "169.254.169.254 TCP 80: exposes the node's credentials.",
            ),
        ),
        (
            Credentials::None,
            Opt::new(
                "none",
                "None",
                "No AWS: no EKS clusters, no native secrets.",
            ),
        ),
    ];
}

impl Keyed for Dns {
    const TABLE: &'static [(Self, Opt)] = &[
        (
            Dns::KubeDns,
            Opt::new(
                "kube-dns",
                "kube-dns",
                "Pods labelled k8s-app: kube-dns (the chart's own rule).",
            ),
        ),
        (
            Dns::Coredns,
            Opt::new(
                "coredns",
                "CoreDNS label",
                "DNS pods labelled k8s-app: coredns instead.",
            ),
        ),
        (
            Dns::NodeLocal,
            Opt::new(
                "node-local",
                "NodeLocal DNSCache",
                "169.254.20.10 on the node.",
            ),
        ),
        (
            Dns::GkeCloudDns,
            Opt::new("gke-cloud-dns", "GKE Cloud DNS", "169.254.169.254:53."),
        ),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T: Keyed + std::fmt::Debug>() {
        for (v, o) in T::TABLE {
            assert_eq!(v.key(), o.key);
            assert_eq!(T::from_key(o.key), Some(*v));
        }
        assert_eq!(T::from_key("no-such-key"), None);
    }

    #[test]
    fn every_table_round_trips() {
        round_trips::<IpFamily>();
        round_trips::<Credentials>();
        round_trips::<Dns>();
    }
}
