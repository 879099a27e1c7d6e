//! A list of `key: value` labels with add and remove.

use yew::prelude::*;

use crate::fields::dom_id;
use crate::model::Label;
use crate::ui::errors::FieldErrors;
use crate::ui::state::LabelPart;

use super::field::{text_field, FieldProps};

/// Props of [`labels_editor`].
pub struct LabelsEditorProps<'a> {
    /// The Environment path of the list, e.g. `ingress[0].labels`.
    pub path: AttrValue,
    /// What the labels select, for the legend ("Namespace labels").
    pub legend: AttrValue,
    /// The labels as typed.
    pub labels: &'a [Label],
    /// Inline errors.
    pub errors: &'a FieldErrors,
    /// Add an empty label.
    pub on_add: Callback<()>,
    /// Remove label `i`.
    pub on_remove: Callback<usize>,
    /// Edit label `i`.
    pub on_set: Callback<(usize, LabelPart, String)>,
}

/// Editable labels.
pub fn labels_editor(props: &LabelsEditorProps<'_>) -> Html {
    let on_add = props.on_add.reform(|_: MouseEvent| ());
    html! {
        <fieldset class="pnp-labels" id={dom_id(&props.path)}>
            <legend class="pnp-label">{ props.legend.clone() }</legend>
            { for props.labels.iter().enumerate().map(|(i, l)| {
                let base = format!("{}[{i}]", props.path);
                let set_key = props.on_set.reform(move |v: String| (i, LabelPart::Key, v));
                let set_val = props.on_set.reform(move |v: String| (i, LabelPart::Value, v));
                let remove = props.on_remove.reform(move |_: MouseEvent| i);
                html! {
                    <div class="pnp-row pnp-label-row">
                        { text_field(&FieldProps {
                            id: dom_id(&format!("{base}.key")).into(),
                            label: format!("{} {} key", props.legend, i + 1).into(),
                            value: l.key.clone().into(),
                            errors: props.errors.at(&format!("{base}.key")),
                            placeholder: "kubernetes.io/metadata.name".into(),
                            on_input: set_key,
                            ..Default::default()
                        }) }
                        { text_field(&FieldProps {
                            id: dom_id(&format!("{base}.value")).into(),
                            label: format!("{} {} value", props.legend, i + 1).into(),
                            value: l.value.clone().into(),
                            errors: props.errors.at(&format!("{base}.value")),
                            on_input: set_val,
                            ..Default::default()
                        }) }
                        <button type="button" class="pnp-btn pnp-btn-icon" onclick={remove}
                            aria-label={format!("Remove {} {}", props.legend, i + 1)}>{ "✕" }</button>
                    </div>
                }
            }) }
            <ul class="pnp-errors">
                { for props.errors.at(&props.path).into_iter().map(|e| html! { <li>{ e }</li> }) }
            </ul>
            <button type="button" class="pnp-btn pnp-btn-small" onclick={on_add}>{ "+ Add label" }</button>
        </fieldset>
    }
}
