//! Ingress: who reaches Periscope, and the agent tunnel.

use yew::prelude::*;

use crate::fields::dom_id;
use crate::model::{AgentTunnel, Controller, IngressSource};
use crate::ui::errors::FieldErrors;
use crate::ui::state::{Action, IngressKind};

use super::choice::{choice, ChoiceProps, Opt};
use super::dispatch::to_action;
use super::field::{checkbox, text_field, CheckboxProps, FieldProps};
use super::labels_editor::{labels_editor, LabelsEditorProps};
use super::rich::rich;
use super::section::section;

/// Props of [`ingress_section`].
pub struct IngressSectionProps<'a> {
    /// The ingress sources.
    pub sources: &'a [IngressSource],
    /// The agent tunnel.
    pub agent: &'a AgentTunnel,
    /// Inline errors.
    pub errors: &'a FieldErrors,
    /// Dispatches form actions.
    pub on_action: &'a Callback<Action>,
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
    let path = format!("ingress[{i}]");
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
            let ns_path = format!("{path}.namespace");
            (
                "Ingress controller",
                html! { <div class="pnp-grid">
                    { choice(&ChoiceProps {
                        id: dom_id(&format!("{path}.controller")).into(),
                        label: "Controller".into(),
                        compact: true,
                        options,
                        selected: controller_key(*controller),
                        on_choose,
                        hint: "Its pods send the traffic, from their own namespace.",
                    }) }
                    { text_field(&FieldProps {
                        id: dom_id(&ns_path).into(),
                        label: "Controller namespace".into(),
                        value: namespace.clone().into(),
                        errors: errors.at(&ns_path),
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
                path: format!("{path}.labels").into(),
                legend: "Namespace labels".into(),
                labels,
                errors,
                on_add: act.reform(move |_| Action::AddIngressLabel(i)),
                on_remove: act.reform(move |j| Action::RemoveIngressLabel(i, j)),
                on_set: act.reform(move |(j, part, v)| Action::SetIngressLabel(i, j, part, v)),
            }),
        ),
        IngressSource::LoadBalancer { cidrs } => {
            let p = format!("{path}.cidrs");
            (
                "Load balancer with IP targets",
                text_field(&FieldProps {
                    id: dom_id(&p).into(),
                    label: "Load balancer source CIDRs".into(),
                    multiline: true,
                    value: cidrs.as_str().to_owned().into(),
                    errors: errors.at(&p),
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
        <div class="pnp-card" id={dom_id(&path)} data-testid={format!("ingress-{i}")}>
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
pub fn ingress_section(props: &IngressSectionProps<'_>) -> Html {
    let act = &props.on_action;
    let add = |k: IngressKind| act.reform(move |_: MouseEvent| Action::AddIngress(k));
    let a = &props.agent;
    section(
        "sec-ingress",
        "Ingress: who reaches Periscope",
        rich("Default deny: only the sources listed here reach the service port."),
        html! { <>
            { for props.sources.iter().enumerate().map(|(i, s)| source(i, s, props.errors, act)) }
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
                    id: dom_id("agent.enabled").into(),
                    label: "Agent tunnel (agent.enabled)".into(),
                    checked: a.enabled,
                    on_toggle: to_action(act, Action::SetAgentEnabled),
                    hint: "Agents in other clusters dial in over mTLS on a second port, through an NLB or TCP passthrough. The chart never opens this port.",
                }) }
                if a.enabled {
                    <div class="pnp-grid">
                        { text_field(&FieldProps {
                            id: dom_id("agent.port").into(),
                            label: "Agent tunnel port".into(),
                            value: a.port.as_str().to_owned().into(),
                            errors: props.errors.at("agent.port"),
                            inputmode: Some(AttrValue::from("numeric")),
                            on_input: to_action(act, Action::SetAgentPort),
                            hint: "The port of `agent.listenAddr` (default :8443).",
                            ..Default::default()
                        }) }
                        { text_field(&FieldProps {
                            id: dom_id("agent.cidrs").into(),
                            label: "Agent source CIDRs".into(),
                            multiline: true,
                            value: a.cidrs.as_str().to_owned().into(),
                            errors: props.errors.at("agent.cidrs"),
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
