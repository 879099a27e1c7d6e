//! The root component: the form on one side, the live preview on the other.

use yew::prelude::*;

use crate::analyze;
use crate::check::check;
use crate::presets;
use crate::ui::components::preview::{FindingCounts, Preview};
use crate::ui::components::{
    aws_section::AwsSection, check_section::CheckSection, checklist::Checklist,
    clusters_section::ClustersSection, custom_rules_section::CustomRulesSection,
    dns_section::DnsSection, egress_section::EgressSection, findings_panel::FindingsPanel,
    idp_section::IdpSection, ingress_section::IngressSection, presets_row::PresetsRow,
    release_section::ReleaseSection,
};
use crate::ui::errors::FieldErrors;
use crate::ui::options::MountOptions;
use crate::ui::state::{Action, State};
use crate::verify;

/// Props of [`App`].
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// What the host page asked for.
    #[prop_or_default]
    pub options: MountOptions,
}

/// The configurator.
#[component]
pub fn App(props: &AppProps) -> Html {
    let preset = props.options.preset;
    let state = use_reducer(move || {
        State::with_env(
            preset
                .and_then(presets::find)
                .map(|p| (p.build)())
                .unwrap_or_default(),
        )
    });
    let analysis = use_memo(state.env.clone(), analyze);
    let errors = use_memo(analysis.clone(), |a| {
        FieldErrors::from_findings(&a.findings)
    });
    let act: Callback<Action> = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };
    let checked = use_memo(state.check.clone(), check);
    let verify_text = use_memo(analysis.clone(), |a| {
        verify::commands(&a.namespace, &a.fullname, a.service_port)
    });
    let counts = use_memo(analysis.clone(), |a| {
        a.findings
            .iter()
            .map(|f| f.severity)
            .collect::<FindingCounts>()
    });
    let on_focus = Callback::from(|path: String| crate::ui::focus::focus_path(&path));
    let env = &state.env;
    let errors = (*errors).clone();
    html! {
        <div class="pnp" data-theme={props.options.theme.map(|t| t.as_str())}>
            <header class="pnp-header">
                <h1 class="pnp-title">{ "Periscope NetworkPolicy configurator" }</h1>
                <p class="pnp-sub">{ "Describe your cluster; paste the values. Nothing leaves your browser." }</p>
            </header>
            <PresetsRow pending={state.pending_preset}
                on_choose={act.reform(Action::ChoosePreset)}
                on_confirm={act.reform(|_| Action::ConfirmPreset)}
                on_cancel={act.reform(|_| Action::CancelPreset)} />
            <div class="pnp-layout">
                <div class="pnp-main">
                <form class="pnp-form" aria-label="Your environment" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    <ReleaseSection release={env.release.clone()} enabled={env.enabled}
                        fullname={analysis.fullname.clone()} errors={errors.clone()} on_action={act.clone()} />
                    <IngressSection sources={env.ingress.clone()} agent={env.agent.clone()}
                        errors={errors.clone()} on_action={act.clone()} />
                    <IdpSection idp={env.idp.clone()} posture={env.egress.clone()}
                        errors={errors.clone()} on_action={act.clone()} />
                    <AwsSection aws={env.aws.clone()} secrets_mode={env.secrets_mode} posture={env.egress.clone()}
                        errors={errors.clone()} on_action={act.clone()} />
                    <ClustersSection clusters={env.clusters.clone()} posture={env.egress.clone()}
                        errors={errors.clone()} on_action={act.clone()} />
                    <EgressSection posture={env.egress.clone()} errors={errors.clone()} on_action={act.clone()} />
                    <DnsSection dns={env.dns} ip_family={env.ip_family} on_action={act.clone()} />
                    <CustomRulesSection rules={env.custom.clone()} errors={errors.clone()} on_action={act.clone()} />
                </form>
                <CheckSection input={state.check.clone()} result={(*checked).clone()} on_action={act.clone()} />
                </div>
                <aside class="pnp-output" aria-label="Generated policy">
                    <Preview values_yaml={AttrValue::from(analysis.values_yaml.clone())}
                        manifest_yaml={AttrValue::from(analysis.manifest_yaml.clone())}
                        verify_text={AttrValue::from((*verify_text).clone())}
                        counts={*counts} />
                    <FindingsPanel findings={analysis.findings.clone()} on_focus={on_focus.clone()}
                        on_remedy={act.reform(Action::ApplyRemedy)} />
                    <Checklist items={analysis.coverage.clone()} on_focus={on_focus} />
                </aside>
            </div>
        </div>
    }
}
