//! "Check values you already have": paste a values file, see every finding, apply fixes.

use std::rc::Rc;

use yew::prelude::*;

use crate::check::{CheckInput, CheckResult};
use crate::fields::FieldPath;
use crate::model::{Credentials, IpFamily};
use crate::ui::keys::Keyed;
use crate::ui::state::{Action, CheckFlag};

use super::choice::{choice, ChoiceProps, Opt};
use super::dispatch::to_action;
use super::field::{checkbox, text_field, CheckboxProps, FieldProps};
use super::findings_panel::{findings_panel, FindingsPanelProps};
use super::rich::rich;
use super::section::section;

/// Props of [`CheckSection`].
#[derive(Properties, PartialEq, Clone)]
pub struct CheckSectionProps {
    /// What was pasted and chosen.
    pub input: Rc<CheckInput>,
    /// What the checker found.
    pub result: Rc<CheckResult>,
    /// Dispatches actions.
    pub on_action: Callback<Action>,
}

/// The checker for existing values.
#[component]
pub fn CheckSection(props: &CheckSectionProps) -> Html {
    #[cfg(feature = "render-count")]
    crate::ui::render_count::count("check");
    let act = &props.on_action;
    let check = FieldPath::key_of("check");
    let input = &props.input;
    let r = &props.result;
    // "As the file says", then every credential path.
    let creds: Vec<Opt> = std::iter::once(Opt::new("file", "As the file says", ""))
        .chain(Credentials::options())
        .collect();
    let selected = input.credentials.map_or("file", Keyed::key);
    let on_creds = to_action(act, |k: &'static str| {
        Action::SetCheckCredentials(Credentials::from_key(k))
    });
    let on_fam = to_action(act, |k: &'static str| {
        Action::SetCheckIpFamily(IpFamily::from_key(k).unwrap_or_default())
    });
    let f = input.flags;
    let flag = |key: &str, label: &'static str, on: bool, which: CheckFlag| {
        html! {
            { checkbox(&CheckboxProps {
                path: check.key(key),
                label: label.into(),
                checked: on,
                on_toggle: act.reform(move |v| Action::SetCheckFlag(which, v)),
                ..Default::default()
            }) }
        }
    };
    let errors: Vec<AttrValue> = r
        .error
        .iter()
        .map(|e| AttrValue::from(e.to_string()))
        .collect();
    let has_text = !input.text.trim().is_empty();
    section(
        "sec-check",
        "Check values you already have",
        rich("Paste a values.yaml (the whole chart values or just the networkPolicy block). It is checked as it is; fixes are applied to a copy below."),
        html! { <>
            { text_field(&FieldProps {
                path: check.key("text"),
                label: "Values to check".into(),
                multiline: true,
                value: input.text.clone().into(),
                errors,
                placeholder: "networkPolicy:\n  enabled: true\n  …".into(),
                on_input: to_action(act, Action::SetCheckText),
                hint: "podIdentity, serviceAccount annotations (IRSA), agent, secrets.mode, clusters[].backend, service.port and auth.oidc.issuer are read from a whole file.",
                ..Default::default()
            }) }
            { choice(&ChoiceProps {
                path: check.key("credentials"),
                label: "AWS credential path".into(),
                compact: true,
                options: creds,
                selected,
                on_choose: on_creds,
                hint: "Override what the file implies, e.g. to see what enabling Pod Identity needs.",
            }) }
            <div class="pnp-grid">
                { flag("nodelocal", "NodeLocal DNSCache", f.nodelocal_dns, CheckFlag::NodeLocalDns) }
                { flag("gke", "GKE Cloud DNS", f.gke_cloud_dns, CheckFlag::GkeCloudDns) }
                { flag("eksPrivate", "EKS private endpoint access", f.eks_private_endpoint, CheckFlag::EksPrivateEndpoint) }
                { flag("alb", "ALB / NLB with IP targets", f.alb_ip_targets, CheckFlag::AlbIpTargets) }
                { flag("portForward", "Port-forward only", f.port_forward_only, CheckFlag::PortForwardOnly) }
            </div>
            if input.published.aws.is_some() {
                { text_field(&FieldProps {
                    path: check.key("awsRegion"),
                    label: "AWS region of STS and EKS".into(),
                    value: input.aws_region.clone().into(),
                    placeholder: "the first clusters[].region".into(),
                    on_input: to_action(act, Action::SetCheckAwsRegion),
                    hint: "Where the loaded ip-ranges.json places STS, EKS's API and Secrets Manager. Empty: the region of the file's first cluster.",
                    ..Default::default()
                }) }
            }
            { choice(&ChoiceProps {
                path: check.key("ipFamily"),
                label: "Cluster IP family".into(),
                compact: true,
                options: IpFamily::options(),
                selected: input.flags.ip_family.key(),
                on_choose: on_fam,
                ..Default::default()
            }) }
            if has_text && r.error.is_none() {
                { findings_panel(&FindingsPanelProps {
                    testid: "check-findings".into(),
                    title: "Findings for these values".into(),
                    findings: &r.findings,
                    on_focus: Callback::from(|_| crate::ui::focus::focus_path(&FieldPath::key_of("check").key("text"))),
                    on_remedy: to_action(act, Action::ApplyCheckFix),
                }) }
                <div class="pnp-card-head">
                    <h3 class="pnp-h3">{ format!("Checked values ({} fix{} applied)", input.fixes.len(), if input.fixes.len() == 1 { "" } else { "es" }) }</h3>
                    if !input.fixes.is_empty() {
                        <button type="button" class="pnp-btn pnp-btn-small" onclick={to_action(act, |_: MouseEvent| Action::UndoCheckFixes)}>{ "Undo fixes" }</button>
                    }
                </div>
                <pre class="pnp-yaml" data-testid="check-yaml" tabindex="0"><code>{ r.fixed_yaml.clone() }</code></pre>
            }
        </> },
    )
}
