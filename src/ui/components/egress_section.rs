//! Egress posture: how outbound traffic leaves the pod.

use yew::prelude::*;

use crate::fields::FieldPath;
use crate::model::{Cni, EgressPosture};
use crate::ui::errors::FieldErrors;
use crate::ui::part::Part;
use crate::ui::state::{Action, PostureKind};

use super::choice::{choice, ChoiceProps, Opt};
use super::dispatch::to_action;
use super::field::{text_field, FieldProps};
use super::rich::rich;
use super::section::section;

/// Props of [`EgressSection`].
#[derive(Properties, PartialEq, Clone)]
pub struct EgressSectionProps {
    /// The posture.
    pub posture: Part<EgressPosture>,
    /// The CNI.
    pub cni: Cni,
    /// Inline errors.
    pub errors: FieldErrors,
    /// Dispatches form actions.
    pub on_action: Callback<Action>,
}

/// The egress posture section.
#[component]
pub fn EgressSection(props: &EgressSectionProps) -> Html {
    #[cfg(feature = "render-count")]
    crate::ui::render_count::count("egress");
    let egress = FieldPath::key_of("egress");
    let act = &props.on_action;
    let options = vec![
        Opt::new(
            "internet-https",
            "Internet HTTPS",
            "0.0.0.0/0 except RFC1918 on TCP 443: the docs' minimum.",
        ),
        Opt::new(
            "explicit",
            "Explicit CIDRs",
            "Only the CIDRs you give per destination. Tightest.",
        ),
        Opt::new(
            "proxy",
            "Egress proxy",
            "Everything public through a proxy (Squid, Envoy, a cloud egress gateway…).",
        ),
    ];
    let selected = match PostureKind::of(&props.posture) {
        PostureKind::InternetHttps => "internet-https",
        PostureKind::Explicit => "explicit",
        PostureKind::Proxy => "proxy",
    };
    let on_choose = to_action(act, |k: &'static str| {
        Action::SetPosture(match k {
            "explicit" => PostureKind::Explicit,
            "proxy" => PostureKind::Proxy,
            _ => PostureKind::InternetHttps,
        })
    });
    let cnis = vec![
        Opt::new(
            "generic",
            "Any CNI",
            "Only the chart's NetworkPolicy, which knows addresses, not names.",
        ),
        Opt::new(
            "cilium",
            "Cilium (FQDN-aware egress)",
            "Adds a CiliumNetworkPolicy that allows the IdP, STS, EKS and Secrets Manager by DNS name; the values drop the internet-wide rule.",
        ),
    ];
    let on_cni = to_action(act, |k: &'static str| {
        Action::SetCni(if k == "cilium" {
            Cni::Cilium
        } else {
            Cni::Generic
        })
    });
    section(
        "sec-egress",
        "Egress posture",
        rich("EKS endpoints are AWS IPs that rotate, so no per-cluster rule is stable: pick how wide the door is."),
        html! { <>
            { choice(&ChoiceProps {
                path: egress.clone(),
                label: "Posture".into(),
                options,
                selected,
                on_choose,
                ..Default::default()
            }) }
            if let EgressPosture::Proxy { cidrs, port } = &*props.posture {
                <div class="pnp-grid">
                    { text_field(&FieldProps {
                        path: egress.key("cidrs"),
                        label: "Proxy CIDRs".into(),
                        multiline: true,
                        value: cidrs.as_str().to_owned().into(),
                        errors: props.errors.at(&egress.key("cidrs")),
                        on_input: to_action(act, Action::SetProxyCidrs),
                        hint: "The proxy's address (a /32 for one host).",
                        ..Default::default()
                    }) }
                    { text_field(&FieldProps {
                        path: egress.key("port"),
                        label: "Proxy port".into(),
                        value: port.as_str().to_owned().into(),
                        errors: props.errors.at(&egress.key("port")),
                        inputmode: Some(AttrValue::from("numeric")),
                        on_input: to_action(act, Action::SetProxyPort),
                        hint: "Set `HTTPS_PROXY` and `NO_PROXY` on the pod.",
                        ..Default::default()
                    }) }
                </div>
            }
            { choice(&ChoiceProps {
                path: FieldPath::key_of("cni"),
                label: "CNI".into(),
                options: cnis,
                selected: if props.cni == Cni::Cilium { "cilium" } else { "generic" },
                on_choose: on_cni,
                hint: "Cilium's DNS proxy learns the names the pod looks up, so rules can name hosts whose addresses rotate.",
                ..Default::default()
            }) }
        </> },
    )
}
