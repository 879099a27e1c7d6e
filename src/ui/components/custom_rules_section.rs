//! Custom rules: raw ingress and egress rules written by hand.

use yew::prelude::*;

use crate::fields::FieldPath;
use crate::model::{CustomPeer, CustomPort, CustomRule, Direction};
use crate::ui::errors::FieldErrors;
use crate::ui::part::Part;
use crate::ui::state::{Action, LabelList, PeerAt, PeerKind, PortAt, PortPart, SelectorSide};

use super::choice::{choice, ChoiceProps, Opt};
use super::dispatch::to_action;
use super::field::{checkbox, text_field, CheckboxProps, FieldProps};
use super::labels_editor::{labels_editor, LabelsEditorProps};
use super::rich::rich;
use super::section::section;

/// Props of [`CustomRulesSection`].
#[derive(Properties, PartialEq, Clone)]
pub struct CustomRulesSectionProps {
    /// The rules.
    pub rules: Part<Vec<CustomRule>>,
    /// Inline errors about the rules.
    pub errors: FieldErrors,
    /// Dispatches form actions.
    pub on_action: Callback<Action>,
}

fn selector(
    at: PeerAt,
    side: SelectorSide,
    labels: &Option<Vec<crate::model::Label>>,
    errors: &FieldErrors,
    act: &Callback<Action>,
) -> Html {
    let (what, hint) = match side {
        SelectorSide::Namespace => (
            "Namespace selector",
            "Off: the policy's own namespace. On with no labels: every namespace.",
        ),
        SelectorSide::Pod => ("Pod selector", "Off: every pod of the selected namespaces."),
    };
    let list = LabelList::Peer(at, side);
    html! {
        <div class="pnp-selector">
            { checkbox(&CheckboxProps {
                path: list.path().key("on"),
                label: format!("{what} (rule {} peer {})", at.rule + 1, at.peer + 1).into(),
                checked: labels.is_some(),
                hint,
                on_toggle: act.reform(move |on| Action::SetPeerSelector(at, side, on)),
            }) }
            if let Some(labels) = labels {
                { labels_editor(&LabelsEditorProps {
                    list,
                    legend: format!("{what} labels").into(),
                    labels,
                    errors,
                    on_action: act,
                }) }
            }
        </div>
    }
}

fn peer(at: PeerAt, p: &CustomPeer, errors: &FieldErrors, act: &Callback<Action>) -> Html {
    let (i, j) = (at.rule, at.peer);
    let base = at.path();
    let body = match p {
        CustomPeer::IpBlock { cidr, except } => {
            let cp = base.key("cidr");
            let ep = base.key("except");
            html! { <div class="pnp-grid">
                { text_field(&FieldProps {
                    label: format!("Rule {} peer {} CIDR", i + 1, j + 1).into(),
                    value: cidr.clone().into(),
                    errors: errors.at(&cp),
                    path: cp,
                    placeholder: "10.0.0.0/16".into(),
                    on_input: act.reform(move |v| Action::SetPeerCidr(at, v)),
                    hint: "An ipBlock: one CIDR.",
                    ..Default::default()
                }) }
                { text_field(&FieldProps {
                    label: format!("Rule {} peer {} except", i + 1, j + 1).into(),
                    value: except.as_str().to_owned().into(),
                    errors: errors.at(&ep),
                    path: ep,
                    multiline: true,
                    on_input: act.reform(move |v| Action::SetPeerExcept(at, v)),
                    hint: "Sub-ranges to leave out (strictly inside the CIDR).",
                    ..Default::default()
                }) }
            </div> }
        }
        CustomPeer::Selector {
            namespace_labels,
            pod_labels,
        } => html! { <>
            { selector(at, SelectorSide::Namespace, namespace_labels, errors, act) }
            { selector(at, SelectorSide::Pod, pod_labels, errors, act) }
            <ul class="pnp-errors">{ for errors.at(&base).into_iter().map(|e| html!{ <li>{ e }</li> }) }</ul>
        </> },
    };
    html! {
        <div class="pnp-subcard" id={base.dom_id()}>
            { body }
            <button type="button" class="pnp-btn pnp-btn-small" onclick={act.reform(move |_: MouseEvent| Action::RemoveCustomPeer(at))}
                aria-label={format!("Remove rule {} peer {}", i + 1, j + 1)}>{ "Remove peer" }</button>
        </div>
    }
}

fn port(at: PortAt, p: &CustomPort, errors: &FieldErrors, act: &Callback<Action>) -> Html {
    let (i, j) = (at.rule, at.port);
    let base = at.path();
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
    let pp = base.key("port");
    let ep = base.key("endPort");
    html! {
        <div class="pnp-row pnp-port-row" id={base.dom_id()}>
            { choice(&ChoiceProps {
                path: base.key("protocol"),
                label: format!("Rule {} port {} protocol", i + 1, j + 1).into(),
                compact: true,
                options: protocols,
                selected,
                on_choose: act.reform(move |k: &'static str| Action::SetCustomPort(at, PortPart::Protocol, k.to_owned())),
                ..Default::default()
            }) }
            { text_field(&FieldProps {
                label: format!("Rule {} port {}", i + 1, j + 1).into(),
                value: p.port.as_str().to_owned().into(),
                errors: errors.at(&pp),
                path: pp,
                placeholder: "443 or https".into(),
                on_input: act.reform(move |v| Action::SetCustomPort(at, PortPart::Port, v)),
                hint: "A number or a named container port; empty for all.",
                ..Default::default()
            }) }
            { text_field(&FieldProps {
                label: format!("Rule {} port {} end port", i + 1, j + 1).into(),
                value: p.end_port.as_str().to_owned().into(),
                errors: errors.at(&ep),
                path: ep,
                inputmode: Some(AttrValue::from("numeric")),
                on_input: act.reform(move |v| Action::SetCustomPort(at, PortPart::EndPort, v)),
                hint: "Optional range end (endPort).",
                ..Default::default()
            }) }
            <button type="button" class="pnp-btn pnp-btn-icon" onclick={act.reform(move |_: MouseEvent| Action::RemoveCustomPort(at))}
                aria-label={format!("Remove rule {} port {}", i + 1, j + 1)}>{ "✕" }</button>
        </div>
    }
}

fn rule(i: usize, r: &CustomRule, errors: &FieldErrors, act: &Callback<Action>) -> Html {
    let path = FieldPath::key_of("custom").at(i);
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
    let np = path.key("note");
    html! {
        <div class="pnp-card" id={path.dom_id()} data-testid={format!("custom-{i}")}>
            <div class="pnp-card-head">
                <h3 class="pnp-h3">{ format!("Custom rule {}", i + 1) }</h3>
                <button type="button" class="pnp-btn pnp-btn-small" onclick={act.reform(move |_: MouseEvent| Action::RemoveCustomRule(i))}
                    aria-label={format!("Remove custom rule {}", i + 1)}>{ "Remove" }</button>
            </div>
            <ul class="pnp-errors">{ for errors.at(&path).into_iter().map(|e| html!{ <li>{ e }</li> }) }</ul>
            { choice(&ChoiceProps {
                path: path.key("direction"),
                label: "Direction".into(),
                options: dirs,
                selected: if r.direction == Direction::Ingress { "ingress" } else { "egress" },
                on_choose: on_dir,
                ..Default::default()
            }) }
            { text_field(&FieldProps {
                label: format!("Rule {} note", i + 1).into(),
                value: r.note.clone().into(),
                errors: errors.at(&np),
                path: np,
                on_input: act.reform(move |v| Action::SetCustomNote(i, v)),
                hint: "Why the rule exists: it becomes the comment above it.",
                ..Default::default()
            }) }
            <h4 class="pnp-h4">{ if r.direction == Direction::Ingress { "From" } else { "To" } }</h4>
            if r.peers.is_empty() {
                <p class="pnp-hint">{ "No peers: every source or destination." }</p>
            }
            { for r.peers.iter().enumerate().map(|(j, p)| peer(PeerAt { rule: i, peer: j }, p, errors, act)) }
            <div class="pnp-add-row">
                <button type="button" class="pnp-btn pnp-btn-small" onclick={act.reform(move |_: MouseEvent| Action::AddCustomPeer(i, PeerKind::IpBlock))}>{ "+ ipBlock peer" }</button>
                <button type="button" class="pnp-btn pnp-btn-small" onclick={act.reform(move |_: MouseEvent| Action::AddCustomPeer(i, PeerKind::Selector))}>{ "+ Selector peer" }</button>
            </div>
            <h4 class="pnp-h4">{ "Ports" }</h4>
            if r.ports.is_empty() {
                <p class="pnp-hint">{ "No ports: every port." }</p>
            }
            { for r.ports.iter().enumerate().map(|(j, p)| port(PortAt { rule: i, port: j }, p, errors, act)) }
            <button type="button" class="pnp-btn pnp-btn-small" onclick={act.reform(move |_: MouseEvent| Action::AddCustomPort(i))}>{ "+ Port" }</button>
        </div>
    }
}

/// The custom rules section.
#[component]
pub fn CustomRulesSection(props: &CustomRulesSectionProps) -> Html {
    #[cfg(feature = "render-count")]
    crate::ui::render_count::count("custom");
    let act = &props.on_action;
    section(
        "sec-custom",
        "Custom rules",
        rich("Anything else: a log shipper, a metrics scraper. Rendered verbatim into ingress.extra / egress.extra."),
        html! { <>
            { for props.rules.iter().enumerate().map(|(i, r)| rule(i, r, &props.errors, act)) }
            <div class="pnp-add-row">
                <button type="button" class="pnp-btn" onclick={to_action(act, |_: MouseEvent| Action::AddCustomRule(Direction::Egress))}>{ "+ Egress rule" }</button>
                <button type="button" class="pnp-btn" onclick={to_action(act, |_: MouseEvent| Action::AddCustomRule(Direction::Ingress))}>{ "+ Ingress rule" }</button>
            </div>
        </> },
    )
}
