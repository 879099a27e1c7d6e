//! Custom rules: raw ingress and egress rules written by hand.

use yew::prelude::*;

use crate::fields::dom_id;
use crate::model::{CustomPeer, CustomPort, CustomRule, Direction};
use crate::ui::errors::FieldErrors;
use crate::ui::state::{Action, PortPart, SelectorSide};

use super::choice::{choice, ChoiceProps, Opt};
use super::dispatch::to_action;
use super::field::{checkbox, text_field, CheckboxProps, FieldProps};
use super::labels_editor::{labels_editor, LabelsEditorProps};
use super::rich::rich;
use super::section::section;

/// Props of [`custom_rules_section`].
pub struct CustomRulesSectionProps<'a> {
    /// The rules.
    pub rules: &'a [CustomRule],
    /// Inline errors.
    pub errors: &'a FieldErrors,
    /// Dispatches form actions.
    pub on_action: &'a Callback<Action>,
}

fn selector(
    i: usize,
    j: usize,
    side: SelectorSide,
    labels: &Option<Vec<crate::model::Label>>,
    errors: &FieldErrors,
    act: &Callback<Action>,
) -> Html {
    let (key, what, hint) = match side {
        SelectorSide::Namespace => (
            "namespaceLabels",
            "Namespace selector",
            "Off: the policy's own namespace. On with no labels: every namespace.",
        ),
        SelectorSide::Pod => (
            "podLabels",
            "Pod selector",
            "Off: every pod of the selected namespaces.",
        ),
    };
    let path = format!("custom[{i}].peers[{j}].{key}");
    html! {
        <div class="pnp-selector">
            { checkbox(&CheckboxProps {
                id: dom_id(&format!("{path}.on")).into(),
                label: format!("{what} (rule {} peer {})", i + 1, j + 1).into(),
                checked: labels.is_some(),
                hint,
                on_toggle: act.reform(move |on| Action::SetPeerSelector(i, j, side, on)),
            }) }
            if let Some(labels) = labels {
                { labels_editor(&LabelsEditorProps {
                    path: path.clone().into(),
                    legend: format!("{what} labels").into(),
                    labels,
                    errors,
                    on_add: act.reform(move |_| Action::AddPeerLabel(i, j, side)),
                    on_remove: act.reform(move |k| Action::RemovePeerLabel(i, j, side, k)),
                    on_set: act.reform(move |(k, part, v)| Action::SetPeerLabel(i, j, side, k, part, v)),
                }) }
            }
        </div>
    }
}

fn peer(i: usize, j: usize, p: &CustomPeer, errors: &FieldErrors, act: &Callback<Action>) -> Html {
    let base = format!("custom[{i}].peers[{j}]");
    let body = match p {
        CustomPeer::IpBlock { cidr, except } => {
            let cp = format!("{base}.cidr");
            let ep = format!("{base}.except");
            html! { <div class="pnp-grid">
                { text_field(&FieldProps {
                    id: dom_id(&cp).into(),
                    label: format!("Rule {} peer {} CIDR", i + 1, j + 1).into(),
                    value: cidr.clone().into(),
                    errors: errors.at(&cp),
                    placeholder: "10.0.0.0/16".into(),
                    on_input: act.reform(move |v| Action::SetPeerCidr(i, j, v)),
                    hint: "An ipBlock: one CIDR.",
                    ..Default::default()
                }) }
                { text_field(&FieldProps {
                    id: dom_id(&ep).into(),
                    label: format!("Rule {} peer {} except", i + 1, j + 1).into(),
                    value: except.as_str().to_owned().into(),
                    errors: errors.at(&ep),
                    multiline: true,
                    on_input: act.reform(move |v| Action::SetPeerExcept(i, j, v)),
                    hint: "Sub-ranges to leave out (strictly inside the CIDR).",
                    ..Default::default()
                }) }
            </div> }
        }
        CustomPeer::Selector {
            namespace_labels,
            pod_labels,
        } => html! { <>
            { selector(i, j, SelectorSide::Namespace, namespace_labels, errors, act) }
            { selector(i, j, SelectorSide::Pod, pod_labels, errors, act) }
            <ul class="pnp-errors">{ for errors.at(&base).into_iter().map(|e| html!{ <li>{ e }</li> }) }</ul>
        </> },
    };
    html! {
        <div class="pnp-subcard" id={dom_id(&base)}>
            { body }
            <button type="button" class="pnp-btn pnp-btn-small" onclick={act.reform(move |_: MouseEvent| Action::RemoveCustomPeer(i, j))}
                aria-label={format!("Remove rule {} peer {}", i + 1, j + 1)}>{ "Remove peer" }</button>
        </div>
    }
}

fn port(i: usize, j: usize, p: &CustomPort, errors: &FieldErrors, act: &Callback<Action>) -> Html {
    let base = format!("custom[{i}].ports[{j}]");
    let protocols = vec![
        Opt::new("TCP", "TCP", ""),
        Opt::new("UDP", "UDP", ""),
        Opt::new("SCTP", "SCTP", ""),
    ];
    let selected = match p.protocol.to_ascii_uppercase().as_str() {
        "UDP" => "UDP",
        "SCTP" => "SCTP",
        _ => "TCP",
    };
    let pp = format!("{base}.port");
    let ep = format!("{base}.endPort");
    html! {
        <div class="pnp-row pnp-port-row" id={dom_id(&base)}>
            { choice(&ChoiceProps {
                id: dom_id(&format!("{base}.protocol")).into(),
                label: format!("Rule {} port {} protocol", i + 1, j + 1).into(),
                compact: true,
                options: protocols,
                selected,
                on_choose: act.reform(move |k: &'static str| Action::SetCustomPort(i, j, PortPart::Protocol, k.to_owned())),
                ..Default::default()
            }) }
            { text_field(&FieldProps {
                id: dom_id(&pp).into(),
                label: format!("Rule {} port {}", i + 1, j + 1).into(),
                value: p.port.as_str().to_owned().into(),
                errors: errors.at(&pp),
                placeholder: "443 or https".into(),
                on_input: act.reform(move |v| Action::SetCustomPort(i, j, PortPart::Port, v)),
                hint: "A number or a named container port; empty for all.",
                ..Default::default()
            }) }
            { text_field(&FieldProps {
                id: dom_id(&ep).into(),
                label: format!("Rule {} port {} end port", i + 1, j + 1).into(),
                value: p.end_port.as_str().to_owned().into(),
                errors: errors.at(&ep),
                inputmode: Some(AttrValue::from("numeric")),
                on_input: act.reform(move |v| Action::SetCustomPort(i, j, PortPart::EndPort, v)),
                hint: "Optional range end (endPort).",
                ..Default::default()
            }) }
            <button type="button" class="pnp-btn pnp-btn-icon" onclick={act.reform(move |_: MouseEvent| Action::RemoveCustomPort(i, j))}
                aria-label={format!("Remove rule {} port {}", i + 1, j + 1)}>{ "✕" }</button>
        </div>
    }
}

fn rule(i: usize, r: &CustomRule, errors: &FieldErrors, act: &Callback<Action>) -> Html {
    let path = format!("custom[{i}]");
    let dirs = vec![
        Opt::new("egress", "Egress", "egress.extra"),
        Opt::new("ingress", "Ingress", "ingress.extra"),
    ];
    let on_dir = act.reform(move |k: &'static str| {
        Action::SetCustomDirection(
            i,
            if k == "ingress" {
                Direction::Ingress
            } else {
                Direction::Egress
            },
        )
    });
    let np = format!("{path}.note");
    html! {
        <div class="pnp-card" id={dom_id(&path)} data-testid={format!("custom-{i}")}>
            <div class="pnp-card-head">
                <h3 class="pnp-h3">{ format!("Custom rule {}", i + 1) }</h3>
                <button type="button" class="pnp-btn pnp-btn-small" onclick={act.reform(move |_: MouseEvent| Action::RemoveCustomRule(i))}
                    aria-label={format!("Remove custom rule {}", i + 1)}>{ "Remove" }</button>
            </div>
            <ul class="pnp-errors">{ for errors.at(&path).into_iter().map(|e| html!{ <li>{ e }</li> }) }</ul>
            { choice(&ChoiceProps {
                id: dom_id(&format!("{path}.direction")).into(),
                label: "Direction".into(),
                options: dirs,
                selected: if r.direction == Direction::Ingress { "ingress" } else { "egress" },
                on_choose: on_dir,
                ..Default::default()
            }) }
            { text_field(&FieldProps {
                id: dom_id(&np).into(),
                label: format!("Rule {} note", i + 1).into(),
                value: r.note.clone().into(),
                errors: errors.at(&np),
                on_input: act.reform(move |v| Action::SetCustomNote(i, v)),
                hint: "Why the rule exists: it becomes the comment above it.",
                ..Default::default()
            }) }
            <h4 class="pnp-h4">{ if r.direction == Direction::Ingress { "From" } else { "To" } }</h4>
            if r.peers.is_empty() {
                <p class="pnp-hint">{ "No peers: every source or destination." }</p>
            }
            { for r.peers.iter().enumerate().map(|(j, p)| peer(i, j, p, errors, act)) }
            <div class="pnp-add-row">
                <button type="button" class="pnp-btn pnp-btn-small" onclick={act.reform(move |_: MouseEvent| Action::AddCustomPeer(i, true))}>{ "+ ipBlock peer" }</button>
                <button type="button" class="pnp-btn pnp-btn-small" onclick={act.reform(move |_: MouseEvent| Action::AddCustomPeer(i, false))}>{ "+ Selector peer" }</button>
            </div>
            <h4 class="pnp-h4">{ "Ports" }</h4>
            if r.ports.is_empty() {
                <p class="pnp-hint">{ "No ports: every port." }</p>
            }
            { for r.ports.iter().enumerate().map(|(j, p)| port(i, j, p, errors, act)) }
            <button type="button" class="pnp-btn pnp-btn-small" onclick={act.reform(move |_: MouseEvent| Action::AddCustomPort(i))}>{ "+ Port" }</button>
        </div>
    }
}

/// The custom rules section.
pub fn custom_rules_section(props: &CustomRulesSectionProps<'_>) -> Html {
    let act = &props.on_action;
    section(
        "sec-custom",
        "Custom rules",
        rich("Anything else: a log shipper, a metrics scraper. Rendered verbatim into ingress.extra / egress.extra."),
        html! { <>
            { for props.rules.iter().enumerate().map(|(i, r)| rule(i, r, props.errors, act)) }
            <div class="pnp-add-row">
                <button type="button" class="pnp-btn" onclick={to_action(act, |_: MouseEvent| Action::AddCustomRule(Direction::Egress))}>{ "+ Egress rule" }</button>
                <button type="button" class="pnp-btn" onclick={to_action(act, |_: MouseEvent| Action::AddCustomRule(Direction::Ingress))}>{ "+ Ingress rule" }</button>
            </div>
        </> },
    )
}
