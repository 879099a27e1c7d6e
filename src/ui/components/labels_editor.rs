//! A list of `key: value` labels with add and remove.

use yew::prelude::*;

use crate::model::Label;
use crate::ui::errors::FieldErrors;
use crate::ui::state::{Action, LabelList, LabelPart};

use super::field::{text_field, FieldProps};

/// Props of [`labels_editor`].
pub struct LabelsEditorProps<'a> {
    /// Which list of the form.
    pub list: LabelList,
    /// What the labels select, for the legend ("Namespace labels").
    pub legend: AttrValue,
    /// The labels as typed.
    pub labels: &'a [Label],
    /// Inline errors.
    pub errors: &'a FieldErrors,
    /// Dispatches form actions.
    pub on_action: &'a Callback<Action>,
}

/// Editable labels.
pub fn labels_editor(props: &LabelsEditorProps<'_>) -> Html {
    let list = props.list;
    let path = list.path();
    let act = props.on_action;
    let on_add = act.reform(move |_: MouseEvent| Action::AddLabel(list));
    html! {
        <fieldset class="pnp-labels" id={path.dom_id()}>
            <legend class="pnp-label">{ props.legend.clone() }</legend>
            { for props.labels.iter().enumerate().map(|(i, l)| {
                let at = list.at(i);
                let (key, value) = (path.at(i).key("key"), path.at(i).key("value"));
                html! {
                    <div class="pnp-row pnp-label-row">
                        { text_field(&FieldProps {
                            label: format!("{} {} key", props.legend, i + 1).into(),
                            value: l.key.clone().into(),
                            errors: props.errors.at(&key),
                            path: key,
                            placeholder: "kubernetes.io/metadata.name".into(),
                            on_input: act.reform(move |v| Action::SetLabel(at, LabelPart::Key, v)),
                            ..Default::default()
                        }) }
                        { text_field(&FieldProps {
                            label: format!("{} {} value", props.legend, i + 1).into(),
                            value: l.value.clone().into(),
                            errors: props.errors.at(&value),
                            path: value,
                            on_input: act.reform(move |v| Action::SetLabel(at, LabelPart::Value, v)),
                            ..Default::default()
                        }) }
                        <button type="button" class="pnp-btn pnp-btn-icon"
                            onclick={act.reform(move |_: MouseEvent| Action::RemoveLabel(at))}
                            aria-label={format!("Remove {} {}", props.legend, i + 1)}>{ "✕" }</button>
                    </div>
                }
            }) }
            <ul class="pnp-errors">
                { for props.errors.at(&path).into_iter().map(|e| html! { <li>{ e }</li> }) }
            </ul>
            <button type="button" class="pnp-btn pnp-btn-small" onclick={on_add}>{ "+ Add label" }</button>
        </fieldset>
    }
}
