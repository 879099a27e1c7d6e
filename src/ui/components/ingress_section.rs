//! Ingress: who reaches Periscope, and the agent tunnel.

use yew::prelude::*;

use crate::fields::FieldPath;
use crate::model::{AgentTunnel, Controller, IngressSource};
use crate::ui::errors::FieldErrors;
use crate::ui::part::Part;
use crate::ui::state::{Action, IngressKind, LabelList};

use super::choice::{choice, ChoiceProps, Opt};
use super::dispatch::to_action;
use super::field::{checkbox, text_field, CheckboxProps, FieldProps};
use super::labels_editor::{labels_editor, LabelsEditorProps};
use super::rich::rich;
use super::section::section;

/// Props of [`IngressSection`].
#[derive(Properties, PartialEq, Clone)]
pub struct IngressSectionProps {
    /// The ingress sources.
    pub sources: Part<Vec<IngressSource>>,
    /// The agent tunnel.
    pub agent: Part<AgentTunnel>,
    /// Inline errors.
    pub errors: FieldErrors,
    /// Dispatches form actions.
    pub on_action: Callback<Action>,
}

fn controller_key(c: Controller) -> &'static str {
    match c {
        Controller::IngressNginx => "ingress-nginx",
        Controller::Traefik => "traefik",
        Controller::Haproxy => "haproxy",
        Controller::Contour => "contour",
        Controller::Kong => "kong",
        Controller::IstioGateway => "istio-gateway",
        Controller::EnvoyGateway => "envoy-gateway",
    }
}

fn source(i: usize, s: &IngressSource, errors: &FieldErrors, act: &Callback<Action>) -> Html {
    let path = FieldPath::key_of("ingress").at(i);
    let remove = act.reform(move |_: MouseEvent| Action::RemoveIngress(i));
    let (title, body) = match s {
        IngressSource::Controller {
            controller,
            namespace,
        } => {
            let options: Vec<Opt> = Controller::ALL
                .iter()
                .map(|c| Opt::new(controller_key(*c), c.label(), ""))
                .collect();
            let on_choose = act.reform(move |k: &'static str| {
                let c = Controller::ALL
                    .into_iter()
                    .find(|c| controller_key(*c) == k)
                    .unwrap_or(Controller::IngressNginx);
                Action::SetIngressController(i, c)
            });
            let ns_path = path.key("namespace");
            (
                "Ingress controller",
                html! { <div class="pnp-grid">
                    { choice(&ChoiceProps {
                        path: path.key("controller"),
                        label: "Controller".into(),
                        compact: true,
                        options,
                        selected: controller_key(*controller),
                        on_choose,
                        hint: "Its pods send the traffic, from their own namespace.",
                    }) }
                    { text_field(&FieldProps {
                        label: "Controller namespace".into(),
                        value: namespace.clone().into(),
                        errors: errors.at(&ns_path),
                        path: ns_path,
                        on_input: act.reform(move |v| Action::SetIngressNamespace(i, v)),
                        hint: "Check with `kubectl get pods -A -l app.kubernetes.io/component=controller`",
                        ..Default::default()
                    }) }
                </div> },
            )
        }
        IngressSource::Namespace { labels } => (
            "Namespace by labels",
            labels_editor(&LabelsEditorProps {
                list: LabelList::Ingress(i),
                legend: "Namespace labels".into(),
                labels,
                errors,
                on_action: act,
            }),
        ),
        IngressSource::LoadBalancer { cidrs } => {
            let p = path.key("cidrs");
            (
                "Load balancer with IP targets",
                text_field(&FieldProps {
                    label: "Load balancer source CIDRs".into(),
                    multiline: true,
                    value: cidrs.as_str().to_owned().into(),
                    errors: errors.at(&p),
                    path: p,
                    placeholder: "10.0.0.0/20, 10.0.16.0/20".into(),
                    on_input: act.reform(move |v| Action::SetIngressCidrs(i, v)),
                    hint: "AWS ALB/NLB with IP targets send from the VPC subnets: `aws ec2 describe-subnets`. Paste many, separated by commas, spaces or lines.",
                    ..Default::default()
                }),
            )
        }
        IngressSource::PortForwardOnly => (
            "Port-forward only",
            html! { <p class="pnp-hint">{ "No in-cluster ingress: operators use " }<code>{ "kubectl port-forward" }</code>{ ", which the policy does not filter." }</p> },
        ),
    };
    html! {
        <div class="pnp-card" id={path.dom_id()} data-testid={format!("ingress-{i}")}>
            <div class="pnp-card-head">
                <h3 class="pnp-h3">{ title }</h3>
                <button type="button" class="pnp-btn pnp-btn-small" onclick={remove}
                    aria-label={format!("Remove ingress source {}", i + 1)}>{ "Remove" }</button>
            </div>
            { body }
        </div>
    }
}

/// The ingress section.
#[component]
pub fn IngressSection(props: &IngressSectionProps) -> Html {
    #[cfg(feature = "render-count")]
    crate::ui::render_count::count("ingress");
    let act = &props.on_action;
    let agent = FieldPath::key_of("agent");
    let add = |k: IngressKind| act.reform(move |_: MouseEvent| Action::AddIngress(k));
    let a = &props.agent;
    section(
        "sec-ingress",
        "Ingress: who reaches Periscope",
        rich("Default deny: only the sources listed here reach the service port."),
        html! { <>
            { for props.sources.iter().enumerate().map(|(i, s)| source(i, s, &props.errors, act)) }
            if props.sources.is_empty() {
                <p class="pnp-empty">{ "No source: all ingress is denied." }</p>
            }
            <div class="pnp-add-row">
                <button type="button" class="pnp-btn" onclick={add(IngressKind::Controller)}>{ "+ Ingress controller" }</button>
                <button type="button" class="pnp-btn" onclick={add(IngressKind::Namespace)}>{ "+ Namespace by labels" }</button>
                <button type="button" class="pnp-btn" onclick={add(IngressKind::LoadBalancer)}>{ "+ Load balancer (IP targets)" }</button>
                <button type="button" class="pnp-btn" onclick={add(IngressKind::PortForwardOnly)}>{ "Port-forward only" }</button>
            </div>
            <div class="pnp-card">
                { checkbox(&CheckboxProps {
                    path: agent.key("enabled"),
                    label: "Agent tunnel (agent.enabled)".into(),
                    checked: a.enabled,
                    on_toggle: to_action(act, Action::SetAgentEnabled),
                    hint: "Agents in other clusters dial in over mTLS on a second port, through an NLB or TCP passthrough. The chart never opens this port.",
                }) }
                if a.enabled {
                    <div class="pnp-grid">
                        { text_field(&FieldProps {
                            path: agent.key("port"),
                            label: "Agent tunnel port".into(),
                            value: a.port.as_str().to_owned().into(),
                            errors: props.errors.at(&agent.key("port")),
                            inputmode: Some(AttrValue::from("numeric")),
                            on_input: to_action(act, Action::SetAgentPort),
                            hint: "The port of `agent.listenAddr` (default :8443).",
                            ..Default::default()
                        }) }
                        { text_field(&FieldProps {
                            path: agent.key("cidrs"),
                            label: "Agent source CIDRs".into(),
                            multiline: true,
                            value: a.cidrs.as_str().to_owned().into(),
                            errors: props.errors.at(&agent.key("cidrs")),
                            on_input: to_action(act, Action::SetAgentCidrs),
                            hint: "The NLB subnets or the agents' egress IPs. Empty allows any source (mTLS still authenticates).",
                            ..Default::default()
                        }) }
                    </div>
                }
            </div>
        </> },
    )
}
