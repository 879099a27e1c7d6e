//! DNS and IP family.

use yew::prelude::*;

use crate::fields::FieldPath;
use crate::model::{Dns, IpFamily};
use crate::ui::state::Action;

use crate::ui::keys::Keyed;

use super::choice::{choice, ChoiceProps};
use super::dispatch::to_action;
use super::rich::rich;
use super::section::section;

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
    #[cfg(feature = "render-count")]
    crate::ui::render_count::count("dns");
    let act = &props.on_action;
    let on_dns = to_action(act, |k: &'static str| {
        Action::SetDns(Dns::from_key(k).unwrap_or_default())
    });
    let on_fam = act
        .reform(|k: &'static str| Action::SetIpFamily(IpFamily::from_key(k).unwrap_or_default()));
    section(
        "sec-dns",
        "DNS and IP family",
        rich("Find DNS with `kubectl -n kube-system get pods -o wide | grep -i dns`."),
        html! { <>
            { choice(&ChoiceProps {
                path: FieldPath::key_of("dns"),
                label: "DNS".into(),
                options: Dns::options(),
                selected: props.dns.key(),
                on_choose: on_dns,
                ..Default::default()
            }) }
            { choice(&ChoiceProps {
                path: FieldPath::key_of("ipFamily"),
                label: "IP family".into(),
                options: IpFamily::options(),
                selected: props.ip_family.key(),
                on_choose: on_fam,
                hint: "The AWS VPC CNI ignores rules of the other family.",
                ..Default::default()
            }) }
        </> },
    )
}
