//! A one-of choice as a group of radio buttons (or a compact select).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::fields::FieldPath;

use super::rich::rich;

/// One option of a [`choice`].
#[derive(Clone, PartialEq)]
pub struct Opt {
    /// Stable key.
    pub key: &'static str,
    /// Visible label.
    pub label: &'static str,
    /// One-line explanation (radio style only).
    pub hint: &'static str,
}

impl Opt {
    /// An option.
    pub const fn new(key: &'static str, label: &'static str, hint: &'static str) -> Self {
        Opt { key, label, hint }
    }
}

/// Props of [`choice`].
#[derive(PartialEq, Clone, Default)]
pub struct ChoiceProps {
    /// The field the choice edits: its DOM id is the path's (radio inputs get
    /// `<id>-<key>`).
    pub path: FieldPath,
    /// The legend or label.
    pub label: AttrValue,
    /// The options.
    pub options: Vec<Opt>,
    /// The selected key.
    pub selected: &'static str,
    /// A `<select>` instead of radio buttons.
    pub compact: bool,
    /// What the choice is for.
    pub hint: &'static str,
    /// Called with the chosen key.
    pub on_choose: Callback<&'static str>,
}

/// A one-of choice (a plain view function, like [`super::field::text_field`]).
pub fn choice(props: &ChoiceProps) -> Html {
    let id = AttrValue::from(props.path.dom_id());
    let hint_id = format!("{}-hint", id);
    if props.compact {
        let options = props.options.clone();
        let on_choose = props.on_choose.clone();
        let onchange = Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                let v = s.value();
                if let Some(o) = options.iter().find(|o| o.key == v) {
                    on_choose.emit(o.key);
                }
            }
        });
        return html! {
            <div class="pnp-field">
                <label class="pnp-label" for={id.clone()}>{ props.label.clone() }</label>
                <select id={id.clone()} class="pnp-input pnp-select" {onchange}
                    aria-describedby={hint_id.clone()}>
                    { for props.options.iter().map(|o| html! {
                        <option value={o.key} selected={o.key == props.selected}>{ o.label }</option>
                    }) }
                </select>
                <p class="pnp-hint" id={hint_id}>{ rich(props.hint) }</p>
            </div>
        };
    }
    html! {
        <fieldset class="pnp-field pnp-choice" id={id.clone()} aria-describedby={hint_id.clone()}>
            <legend class="pnp-label">{ props.label.clone() }</legend>
            <div class="pnp-choice-options">
                { for props.options.iter().map(|o| {
                    let option_id = format!("{id}-{}", o.key);
                    let key = o.key;
                    let on_choose = props.on_choose.clone();
                    let onchange = Callback::from(move |e: Event| {
                        if e.target_dyn_into::<HtmlInputElement>().is_some_and(|i| i.checked()) {
                            on_choose.emit(key);
                        }
                    });
                    html! {
                        <label class={classes!("pnp-option", (o.key == props.selected).then_some("pnp-option-on"))} for={option_id.clone()}>
                            <input type="radio" id={option_id} name={id.clone()} value={o.key}
                                checked={o.key == props.selected} {onchange} />
                            <span class="pnp-option-label">{ o.label }</span>
                            if !o.hint.is_empty() {
                                <span class="pnp-option-hint">{ o.hint }</span>
                            }
                        </label>
                    }
                }) }
            </div>
            <p class="pnp-hint" id={hint_id}>{ rich(props.hint) }</p>
        </fieldset>
    }
}
