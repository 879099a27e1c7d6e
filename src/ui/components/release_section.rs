//! Release: the Helm release and the chart values that shape names and ports.

use yew::prelude::*;

use crate::fields::dom_id;
use crate::model::Release;
use crate::ui::errors::FieldErrors;
use crate::ui::state::{Action, ReleaseField};

use super::field::{checkbox, text_field, CheckboxProps, FieldProps};
use super::section::section;

/// Props of [`release_section`].
pub struct ReleaseSectionProps<'a> {
    /// The release.
    pub release: &'a Release,
    /// `networkPolicy.enabled`.
    pub enabled: bool,
    /// The NetworkPolicy's name as the chart computes it.
    pub fullname: AttrValue,
    /// Inline errors.
    pub errors: &'a FieldErrors,
    /// Dispatches form actions.
    pub on_action: &'a Callback<Action>,
}

/// The release section.
pub fn release_section(props: &ReleaseSectionProps<'_>) -> Html {
    let r = &props.release;
    let set = |field: ReleaseField| {
        props
            .on_action
            .reform(move |v: String| Action::SetRelease(field, v))
    };
    let field =
        |path: &str, label: &'static str, value: &str, field: ReleaseField, hint: &'static str| {
            text_field(&FieldProps {
                id: dom_id(path).into(),
                label: label.into(),
                value: value.to_owned().into(),
                errors: props.errors.at(path),
                on_input: set(field),
                hint,
                ..Default::default()
            })
        };
    section(
        "sec-release",
        "Release",
        html! { <>{ "The NetworkPolicy will be named " }<code data-testid="fullname">{ props.fullname.clone() }</code>{ "." }</> },
        html! { <>
            { checkbox(&CheckboxProps {
                id: dom_id("enabled").into(),
                label: "Enable the NetworkPolicy (networkPolicy.enabled)".into(),
                checked: props.enabled,
                on_toggle: props.on_action.reform(Action::SetEnabled),
                hint: "Off by default in the chart: nothing is enforced until this is on.",
            }) }
            <div class="pnp-grid">
                { field("release.name", "Release name", &r.name, ReleaseField::Name,
                    "The name you pass to `helm install <name>`.") }
                { field("release.namespace", "Namespace", &r.namespace, ReleaseField::Namespace,
                    "Where the release lives (`helm install -n`).") }
                { text_field(&FieldProps {
                    id: dom_id("release.servicePort").into(),
                    label: "Service port (service.port)".into(),
                    value: r.service_port.as_str().to_owned().into(),
                    errors: props.errors.at("release.servicePort"),
                    inputmode: Some(AttrValue::from("numeric")),
                    on_input: set(ReleaseField::ServicePort),
                    hint: "The only port the chart's ingress rules open. Default 8080.",
                    ..Default::default()
                }) }
                { field("release.nameOverride", "nameOverride", &r.name_override, ReleaseField::NameOverride,
                    "Leave empty unless your values set it.") }
                { field("release.fullnameOverride", "fullnameOverride", &r.fullname_override, ReleaseField::FullnameOverride,
                    "Replaces the computed name entirely.") }
                { field("release.chartVersion", "Chart version", &r.chart_version, ReleaseField::ChartVersion,
                    "From `helm list`; only changes labels.") }
                { field("release.appVersion", "App version", &r.app_version, ReleaseField::AppVersion,
                    "The chart's appVersion; only changes labels.") }
            </div>
        </> },
    )
}
