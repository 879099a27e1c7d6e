//! Release: the Helm release and the chart values that shape names and ports.

use yew::prelude::*;

use crate::fields::FieldPath;
use crate::model::Release;
use crate::ui::errors::FieldErrors;
use crate::ui::part::Part;
use crate::ui::state::{Action, ReleaseField};

use super::field::{checkbox, text_field, CheckboxProps, FieldProps};
use super::section::section;

/// Props of [`ReleaseSection`].
#[derive(Properties, PartialEq, Clone)]
pub struct ReleaseSectionProps {
    /// The release.
    pub release: Part<Release>,
    /// `networkPolicy.enabled`.
    pub enabled: bool,
    /// The NetworkPolicy's name as the chart computes it.
    pub fullname: AttrValue,
    /// Inline errors about the release.
    pub errors: FieldErrors,
    /// Dispatches form actions.
    pub on_action: Callback<Action>,
}

/// The release section.
#[component]
pub fn ReleaseSection(props: &ReleaseSectionProps) -> Html {
    #[cfg(feature = "render-count")]
    crate::ui::render_count::count("release");
    let r = &*props.release;
    let release = FieldPath::key_of("release");
    let set = |field: ReleaseField| {
        props
            .on_action
            .reform(move |v: String| Action::SetRelease(field, v))
    };
    let field =
        |key: &str, label: &'static str, value: &str, field: ReleaseField, hint: &'static str| {
            let path = release.key(key);
            text_field(&FieldProps {
                label: label.into(),
                value: value.to_owned().into(),
                errors: props.errors.at(&path),
                path,
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
                path: FieldPath::key_of("enabled"),
                label: "Enable the NetworkPolicy (networkPolicy.enabled)".into(),
                checked: props.enabled,
                on_toggle: props.on_action.reform(Action::SetEnabled),
                hint: "Off by default in the chart: nothing is enforced until this is on.",
            }) }
            <div class="pnp-grid">
                { field("name", "Release name", &r.name, ReleaseField::Name,
                    "The name you pass to `helm install <name>`.") }
                { field("namespace", "Namespace", &r.namespace, ReleaseField::Namespace,
                    "Where the release lives (`helm install -n`).") }
                { text_field(&FieldProps {
                    path: release.key("servicePort"),
                    label: "Service port (service.port)".into(),
                    value: r.service_port.as_str().to_owned().into(),
                    errors: props.errors.at(&release.key("servicePort")),
                    inputmode: Some(AttrValue::from("numeric")),
                    on_input: set(ReleaseField::ServicePort),
                    hint: "The only port the chart's ingress rules open. Default 8080.",
                    ..Default::default()
                }) }
                { field("nameOverride", "nameOverride", &r.name_override, ReleaseField::NameOverride,
                    "Leave empty unless your values set it.") }
                { field("fullnameOverride", "fullnameOverride", &r.fullname_override, ReleaseField::FullnameOverride,
                    "Replaces the computed name entirely.") }
                { field("chartVersion", "Chart version", &r.chart_version, ReleaseField::ChartVersion,
                    "From `helm list`; only changes labels.") }
                { field("appVersion", "App version", &r.app_version, ReleaseField::AppVersion,
                    "The chart's appVersion; only changes labels.") }
            </div>
        </> },
    )
}
