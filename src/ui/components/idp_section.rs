//! Identity provider: the OIDC issuer and how the pod reaches it.

use yew::prelude::*;

use crate::fields::FieldPath;
use crate::model::{EgressPosture, Idp, IdpReach};
use crate::ui::errors::FieldErrors;
use crate::ui::part::Part;
use crate::ui::state::{Action, LabelList, ReachKind};

use super::choice::{choice, ChoiceProps, Opt};
use super::dispatch::to_action;
use super::field::{text_field, FieldProps};
use super::labels_editor::{labels_editor, LabelsEditorProps};
use super::rich::rich;
use super::section::section;

/// Props of [`IdpSection`].
#[derive(Properties, PartialEq, Clone)]
pub struct IdpSectionProps {
    /// The IdP.
    pub idp: Part<Idp>,
    /// The posture, to word the "internet" choice.
    pub posture: Part<EgressPosture>,
    /// Inline errors.
    pub errors: FieldErrors,
    /// Dispatches form actions.
    pub on_action: Callback<Action>,
}

/// The identity provider section.
#[component]
pub fn IdpSection(props: &IdpSectionProps) -> Html {
    #[cfg(feature = "render-count")]
    crate::ui::render_count::count("idp");
    let act = &props.on_action;
    let idp = FieldPath::key_of("idp");
    let general = match &*props.posture {
        EgressPosture::InternetHttps => "Covered by the internet-HTTPS rule.",
        EgressPosture::Explicit => "Nothing allows it in the explicit posture: pick CIDRs instead.",
        EgressPosture::Proxy { .. } => "Through the egress proxy.",
    };
    let options = vec![
        Opt::new("internet", "Public issuer", general),
        Opt::new(
            "cidrs",
            "Issuer CIDRs",
            "Its published ranges on TCP 443 (Okta publishes them per cell).",
        ),
        Opt::new(
            "in-cluster",
            "In-cluster Service",
            "e.g. Keycloak in this cluster: namespace and pod labels.",
        ),
    ];
    let selected = match ReachKind::of(&props.idp.reach) {
        ReachKind::Internet => "internet",
        ReachKind::Cidrs => "cidrs",
        ReachKind::InCluster => "in-cluster",
    };
    let on_choose = to_action(act, |k: &'static str| {
        Action::SetIdpReach(match k {
            "cidrs" => ReachKind::Cidrs,
            "in-cluster" => ReachKind::InCluster,
            _ => ReachKind::Internet,
        })
    });
    let body = match &props.idp.reach {
        IdpReach::Internet => Html::default(),
        IdpReach::Cidrs { cidrs } => html! {
            { text_field(&FieldProps {
                path: idp.key("cidrs"),
                label: "Issuer CIDRs".into(),
                multiline: true,
                value: cidrs.as_str().to_owned().into(),
                errors: props.errors.at(&idp.key("cidrs")),
                on_input: to_action(act, Action::SetIdpCidrs),
                placeholder: "198.51.100.0/24".into(),
                hint: "Okta: the ip_ranges of your cell. Auth0's published list is its outbound addresses, not its login endpoints.",
                ..Default::default()
            }) }
        },
        IdpReach::InCluster {
            namespace,
            pod_labels,
            port,
        } => html! {
            <>
                <div class="pnp-grid">
                    { text_field(&FieldProps {
                        path: idp.key("namespace"),
                        label: "IdP namespace".into(),
                        value: namespace.clone().into(),
                        errors: props.errors.at(&idp.key("namespace")),
                        on_input: to_action(act, Action::SetIdpNamespace),
                        hint: "Where the IdP runs: `kubectl get pods -A | grep keycloak`",
                        ..Default::default()
                    }) }
                    { text_field(&FieldProps {
                        path: idp.key("port"),
                        label: "IdP pod port".into(),
                        value: port.as_str().to_owned().into(),
                        errors: props.errors.at(&idp.key("port")),
                        inputmode: Some(AttrValue::from("numeric")),
                        on_input: to_action(act, Action::SetIdpPort),
                        placeholder: crate::builder::issuer_port(&props.idp.issuer).to_string().into(),
                        hint: "The pods' targetPort, not the Service port: `kubectl get svc -n <ns> -o wide`. Empty: the issuer URL's port.",
                        ..Default::default()
                    }) }
                </div>
                { labels_editor(&LabelsEditorProps {
                    list: LabelList::IdpPods,
                    legend: "IdP pod labels".into(),
                    labels: pod_labels,
                    errors: &props.errors,
                    on_action: act,
                }) }
            </>
        },
    };
    section(
        "sec-idp",
        "Identity provider",
        rich("Periscope runs OIDC discovery at start-up and exits if it fails, then calls the token and JWKS endpoints."),
        html! { <>
            { text_field(&FieldProps {
                path: idp.key("issuer"),
                label: "OIDC issuer URL".into(),
                value: props.idp.issuer.clone().into(),
                errors: props.errors.at(&idp.key("issuer")),
                on_input: to_action(act, Action::SetIssuer),
                placeholder: "https://example.okta.com/oauth2/default".into(),
                hint: "The chart's `auth.oidc.issuer`.",
                ..Default::default()
            }) }
            { choice(&ChoiceProps {
                path: idp.key("reach"),
                label: "How the pod reaches the issuer".into(),
                options,
                selected,
                on_choose,
                ..Default::default()
            }) }
            { body }
        </> },
    )
}
