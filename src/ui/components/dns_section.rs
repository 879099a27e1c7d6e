//! DNS and IP family.

use yew::prelude::*;

use crate::fields::dom_id;
use crate::model::{Dns, IpFamily};
use crate::ui::state::Action;

use super::choice::{Choice, Opt};
use super::section::Section;

/// Props of [`DnsSection`].
#[derive(Properties, PartialEq, Clone)]
pub struct DnsSectionProps {
    /// DNS.
    pub dns: Dns,
    /// IP family.
    pub ip_family: IpFamily,
    /// Dispatches form actions.
    pub on_action: Callback<Action>,
}

/// The DNS and IP family section.
#[component]
pub fn DnsSection(props: &DnsSectionProps) -> Html {
    let act = &props.on_action;
    let dns = vec![
        Opt::new(
            "kube-dns",
            "kube-dns",
            "Pods labelled k8s-app: kube-dns (the chart's own rule).",
        ),
        Opt::new(
            "coredns",
            "CoreDNS label",
            "DNS pods labelled k8s-app: coredns instead.",
        ),
        Opt::new(
            "node-local",
            "NodeLocal DNSCache",
            "169.254.20.10 on the node.",
        ),
        Opt::new("gke-cloud-dns", "GKE Cloud DNS", "169.254.169.254:53."),
    ];
    let dns_sel = match props.dns {
        Dns::KubeDns => "kube-dns",
        Dns::Coredns => "coredns",
        Dns::NodeLocal => "node-local",
        Dns::GkeCloudDns => "gke-cloud-dns",
    };
    let on_dns = act.reform(|k: &'static str| {
        Action::SetDns(match k {
            "coredns" => Dns::Coredns,
            "node-local" => Dns::NodeLocal,
            "gke-cloud-dns" => Dns::GkeCloudDns,
            _ => Dns::KubeDns,
        })
    });
    let fam = vec![
        Opt::new("ipv4", "IPv4", ""),
        Opt::new("ipv6", "IPv6", ""),
        Opt::new("dual-stack", "Dual-stack", ""),
    ];
    let fam_sel = match props.ip_family {
        IpFamily::Ipv4 => "ipv4",
        IpFamily::Ipv6 => "ipv6",
        IpFamily::DualStack => "dual-stack",
    };
    let on_fam = act.reform(|k: &'static str| {
        Action::SetIpFamily(match k {
            "ipv6" => IpFamily::Ipv6,
            "dual-stack" => IpFamily::DualStack,
            _ => IpFamily::Ipv4,
        })
    });
    html! {
        <Section id="sec-dns" title="DNS and IP family"
            intro={html!{ <>{ "Find DNS with " }<code>{ "kubectl -n kube-system get pods -o wide | grep -i dns" }</code>{ "." }</> }}>
            <Choice id={dom_id("dns")} label="DNS" options={dns} selected={dns_sel} on_choose={on_dns} />
            <Choice id={dom_id("ipFamily")} label="IP family" options={fam} selected={fam_sel} on_choose={on_fam}
                hint={html!{ "The AWS VPC CNI ignores rules of the other family." }} />
        </Section>
    }
}
