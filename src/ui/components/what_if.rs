//! The what-if tester: "Can Periscope reach …?" and "Can … reach Periscope?", answered
//! by the core's [`Explainer`] with the rule that decides it, and a one-click fix when
//! the traffic is denied.
//!
//! The fields are kept as typed in this component's state: a bad question shows what is
//! wrong with which field and loses nothing.

use std::net::IpAddr;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::explain::{Answer, Explainer, Question, QuestionError};
use crate::model::Environment;
use crate::reach::Way;
use crate::ui::part::Part;
use crate::ui::state::Action;

/// Props of [`WhatIf`].
#[derive(Properties, PartialEq, Clone)]
pub struct WhatIfProps {
    /// The Environment the questions are asked of.
    pub env: Part<Environment>,
    /// Applies the fix.
    pub on_action: Callback<Action>,
    /// Highlights a rule in the values preview (its values path).
    pub on_select_rule: Callback<AttrValue>,
}

/// The fields, as typed.
#[derive(Debug, Clone, PartialEq)]
struct Form {
    way: Way,
    remote: String,
    port: String,
    protocol: String,
    ns_labels: String,
    pod_labels: String,
}

/// Which field a question error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bad {
    Remote,
    Port,
    Protocol,
    NsLabels,
    PodLabels,
}

fn bad_field(e: &QuestionError) -> Bad {
    match e {
        QuestionError::BadPort { .. } => Bad::Port,
        QuestionError::BadProtocol { .. } => Bad::Protocol,
        QuestionError::BadLabel { label, .. } if label.starts_with("pod:") => Bad::PodLabels,
        QuestionError::BadLabel { .. } => Bad::NsLabels,
        _ => Bad::Remote,
    }
}

impl Form {
    /// The question the fields ask. Ingress labels become `NS,k=v,pod:k=v`.
    fn question(&self) -> Result<Question, QuestionError> {
        let mut remote = self.remote.trim().to_owned();
        if self.way == Way::Ingress && remote.parse::<IpAddr>().is_err() {
            let labels = |text: &str, prefix: &str| -> String {
                text.split(',')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| format!(",{prefix}{l}"))
                    .collect()
            };
            remote.push_str(&labels(&self.ns_labels, ""));
            remote.push_str(&labels(&self.pod_labels, "pod:"));
        }
        if remote.is_empty() {
            return Err(QuestionError::Empty);
        }
        Question::from_parts(self.way, &remote, &self.port, &self.protocol)
    }
}

/// A labelled text input bound to one field of the form.
fn text_input(
    form: &UseStateHandle<Form>,
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    invalid: bool,
    get: fn(&Form) -> &String,
    set: fn(&mut Form, String),
) -> Html {
    let oninput = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                let mut next = (*form).clone();
                set(&mut next, i.value());
                form.set(next);
            }
        })
    };
    let hint_id = format!("{id}-hint");
    html! {
        <div class="pnp-field">
            <label class="pnp-label" for={id}>{ label }</label>
            <input class="pnp-input" type="text" {id} value={get(form).clone()} {oninput}
                aria-describedby={hint_id.clone()} aria-invalid={invalid.then_some("true")}
                autocomplete="off" spellcheck="false" />
            <p class="pnp-hint" id={hint_id}>{ hint }</p>
        </div>
    }
}

/// The tester panel.
#[component]
pub fn WhatIf(props: &WhatIfProps) -> Html {
    let form = use_state(|| Form {
        way: Way::Egress,
        remote: String::new(),
        port: "443".into(),
        protocol: "TCP".into(),
        ns_labels: String::new(),
        pod_labels: String::new(),
    });
    let asked = use_state(|| None::<Result<Question, QuestionError>>);
    // The answer follows the Environment: after the fix it turns to allowed.
    let answer = use_memo(
        (props.env.clone(), (*asked).clone()),
        |(env, asked)| match asked {
            Some(Ok(q)) => Some(Explainer::from_environment(env).explain(q)),
            _ => None,
        },
    );
    let onsubmit = {
        let (form, asked, env, select) = (
            form.clone(),
            asked.clone(),
            props.env.clone(),
            props.on_select_rule.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let question = form.question();
            if let Ok(q) = &question {
                if let Some(rule) = Explainer::from_environment(&env).explain(q).answer.rule() {
                    select.emit(rule.values_path().into());
                }
            }
            asked.set(Some(question));
        })
    };
    let set_way = |way: Way| {
        let form = form.clone();
        Callback::from(move |_: Event| {
            let mut next = (*form).clone();
            next.way = way;
            form.set(next);
        })
    };
    let on_protocol = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                let mut next = (*form).clone();
                next.protocol = s.value();
                form.set(next);
            }
        })
    };
    let error = match &*asked {
        Some(Err(e)) => Some(e.clone()),
        _ => None,
    };
    let bad = error.as_ref().map(bad_field);
    let egress = form.way == Way::Egress;
    let radio = |way: Way, label: &'static str| {
        html! {
            <label class={classes!("pnp-option", (form.way == way).then_some("pnp-option-on"))}>
                <input type="radio" name="pnp-whatif-way" checked={form.way == way}
                    onchange={set_way(way)} />
                <span class="pnp-option-label">{ label }</span>
            </label>
        }
    };
    let result = answer.as_ref().as_ref().map(|x| {
        let text = x.text();
        // The lines under the headline, without the CLI's two-space indent.
        let detail: String = text
            .lines()
            .skip(1)
            .map(|l| format!("{}\n", l.strip_prefix("  ").unwrap_or(l)))
            .collect();
        let show_rule = x.answer.rule().map(|rule| {
            let path = AttrValue::from(rule.values_path());
            let onclick = props.on_select_rule.reform(move |_: MouseEvent| path.clone());
            html! {
                <button type="button" class="pnp-btn pnp-btn-small" data-testid="whatif-show-rule"
                    {onclick}>{ format!("Show {} in values.yaml", rule.values_path()) }</button>
            }
        });
        let fix = x.answer.remedy().map(|r| {
            let r = r.clone();
            let onclick = props.on_action.reform(move |_: MouseEvent| Action::ApplyRemedy(r.clone()));
            html! {
                <button type="button" class="pnp-btn pnp-btn-small pnp-btn-primary"
                    data-testid="whatif-fix" {onclick}>{ "Add the narrowest rule" }</button>
            }
        });
        let unresolved = matches!(x.answer, Answer::Unresolved { .. });
        html! {
            <div class="pnp-whatif-answer" data-testid="whatif-answer" data-verdict={x.answer.verdict()}>
                <p class="pnp-whatif-headline" data-testid="whatif-headline">
                    <strong>{ x.headline() }</strong>
                </p>
                <pre class="pnp-whatif-text" data-testid="whatif-text">{ detail }</pre>
                if unresolved {
                    <p class="pnp-hint">{ "The tester cannot resolve host names offline: ask again with the IP address." }</p>
                }
                <div class="pnp-whatif-actions">{ show_rule }{ fix }</div>
            </div>
        }
    });
    html! {
        <section class="pnp-whatif" aria-labelledby="pnp-whatif-h" data-testid="whatif">
            <h2 class="pnp-h2" id="pnp-whatif-h">{ "What if…" }</h2>
            <form {onsubmit} aria-label="Ask the policy">
                <fieldset class="pnp-field pnp-choice">
                    <legend class="pnp-label">{ "Question" }</legend>
                    <div class="pnp-choice-options">
                        { radio(Way::Egress, "Can Periscope reach …?") }
                        { radio(Way::Ingress, "Can … reach Periscope?") }
                    </div>
                </fieldset>
                if egress {
                    { text_input(&form, "pnp-whatif-remote", "IP address or host name",
                        "e.g. 10.20.3.4 or acme.okta.com", bad == Some(Bad::Remote),
                        |f| &f.remote, |f, v| f.remote = v) }
                } else {
                    { text_input(&form, "pnp-whatif-remote", "Namespace or IP address",
                        "e.g. monitoring or 10.0.4.7", bad == Some(Bad::Remote),
                        |f| &f.remote, |f, v| f.remote = v) }
                    { text_input(&form, "pnp-whatif-ns-labels", "Namespace labels (optional)",
                        "key=value, comma-separated", bad == Some(Bad::NsLabels),
                        |f| &f.ns_labels, |f, v| f.ns_labels = v) }
                    { text_input(&form, "pnp-whatif-pod-labels", "Pod labels (optional)",
                        "key=value, comma-separated; empty: any pod", bad == Some(Bad::PodLabels),
                        |f| &f.pod_labels, |f, v| f.pod_labels = v) }
                }
                <div class="pnp-row">
                    { text_input(&form, "pnp-whatif-port", "Port", "1 to 65535",
                        bad == Some(Bad::Port), |f| &f.port, |f, v| f.port = v) }
                    <div class="pnp-field">
                        <label class="pnp-label" for="pnp-whatif-protocol">{ "Protocol" }</label>
                        <select class="pnp-input pnp-select" id="pnp-whatif-protocol" onchange={on_protocol}
                            aria-invalid={(bad == Some(Bad::Protocol)).then_some("true")}>
                            { for ["TCP", "UDP", "SCTP"].into_iter().map(|p| html! {
                                <option value={p} selected={form.protocol == p}>{ p }</option>
                            }) }
                        </select>
                    </div>
                </div>
                <button type="submit" class="pnp-btn pnp-btn-primary" data-testid="whatif-ask">{ "Ask" }</button>
            </form>
            <div aria-live="polite">
                if let Some(e) = error {
                    <p class="pnp-whatif-error" role="alert" data-testid="whatif-error">
                        { format!("Cannot ask: {e}") }
                    </p>
                }
                { result.unwrap_or_default() }
            </div>
        </section>
    }
}
