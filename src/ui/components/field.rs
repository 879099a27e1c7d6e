//! A labelled text input (or textarea) with its hint and inline errors.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::fields::FieldPath;

use super::rich::rich;

/// Props of [`text_field`].
#[derive(PartialEq, Clone, Default)]
pub struct FieldProps {
    /// The field the control edits: its DOM id is the path's.
    pub path: FieldPath,
    /// The visible label.
    pub label: AttrValue,
    /// What the control is for and where to find the value (`code` in backticks).
    pub hint: &'static str,
    /// The text as typed.
    pub value: AttrValue,
    /// Inline messages about this field's bad entries.
    pub errors: Vec<AttrValue>,
    /// A multi-line box (CIDR lists accept pastes of many entries).
    pub multiline: bool,
    /// Placeholder text.
    pub placeholder: AttrValue,
    /// `inputmode` (e.g. `numeric` for ports).
    pub inputmode: Option<AttrValue>,
    /// Called with the new text on every keystroke.
    pub on_input: Callback<String>,
}

/// A labelled text input with hint and inline errors. A plain view function, not a
/// component: a component per control costs its own lifecycle code in the wasm and a
/// scheduler round per control on the first render.
pub fn text_field(props: &FieldProps) -> Html {
    let id = AttrValue::from(props.path.dom_id());
    let hint_id = format!("{}-hint", id);
    let err_id = format!("{}-err", id);
    let invalid = !props.errors.is_empty();
    let described = if invalid {
        format!("{hint_id} {err_id}")
    } else {
        hint_id.clone()
    };
    let on_input = props.on_input.clone();
    let control = if props.multiline {
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                on_input.emit(t.value());
            }
        });
        let rows = props.value.lines().count().clamp(2, 8).to_string();
        html! {
            <textarea id={id.clone()} class="pnp-input pnp-textarea" rows={rows}
                value={props.value.clone()} {oninput} spellcheck="false" autocomplete="off"
                placeholder={props.placeholder.clone()}
                aria-invalid={invalid.to_string()} aria-describedby={described} />
        }
    } else {
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                on_input.emit(t.value());
            }
        });
        html! {
            <input id={id.clone()} class="pnp-input" type="text" value={props.value.clone()}
                {oninput} spellcheck="false" autocomplete="off"
                placeholder={props.placeholder.clone()} inputmode={props.inputmode.clone()}
                aria-invalid={invalid.to_string()} aria-describedby={described} />
        }
    };
    html! {
        <div class={classes!("pnp-field", invalid.then_some("pnp-field-invalid"))}>
            <label class="pnp-label" for={id.clone()}>{ props.label.clone() }</label>
            { control }
            <p class="pnp-hint" id={hint_id}>{ rich(props.hint) }</p>
            if invalid {
                <ul class="pnp-errors" id={err_id} data-testid={format!("{}-errors", id)}>
                    { for props.errors.iter().map(|e| html! { <li>{ e.clone() }</li> }) }
                </ul>
            }
        </div>
    }
}

/// Props of [`checkbox`].
#[derive(PartialEq, Clone, Default)]
pub struct CheckboxProps {
    /// The field the control edits: its DOM id is the path's.
    pub path: FieldPath,
    /// The visible label.
    pub label: AttrValue,
    /// What it does (`code` in backticks).
    pub hint: &'static str,
    /// Checked or not.
    pub checked: bool,
    /// Called with the new state.
    pub on_toggle: Callback<bool>,
}

/// A labelled checkbox with a hint.
pub fn checkbox(props: &CheckboxProps) -> Html {
    let id = AttrValue::from(props.path.dom_id());
    let on_toggle = props.on_toggle.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
            on_toggle.emit(t.checked());
        }
    });
    let hint_id = format!("{}-hint", id);
    html! {
        <div class="pnp-field pnp-check">
            <input id={id.clone()} type="checkbox" class="pnp-checkbox"
                checked={props.checked} {onchange} aria-describedby={hint_id.clone()} />
            <label class="pnp-label" for={id.clone()}>{ props.label.clone() }</label>
            <p class="pnp-hint" id={hint_id}>{ rich(props.hint) }</p>
        </div>
    }
}
