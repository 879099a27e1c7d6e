//! The root component: the reducer, the effects (as hooks) and the layout. The form's
//! sections and the preview are components of their own, so a keystroke re-renders the
//! section typed in and the output, not the whole form.

use std::rc::Rc;

use yew::prelude::*;

use crate::analysis::analyze_with;
use crate::check::check;
use crate::fields::FieldPath;
use crate::ui::components::aws_section::AwsSection;
use crate::ui::components::banner::{banner, BannerProps};
use crate::ui::components::check_section::CheckSection;
use crate::ui::components::checklist::{checklist, ChecklistProps};
use crate::ui::components::clusters_section::ClustersSection;
use crate::ui::components::custom_rules_section::CustomRulesSection;
use crate::ui::components::dispatch::to_action;
use crate::ui::components::dns_section::DnsSection;
use crate::ui::components::egress_section::EgressSection;
use crate::ui::components::findings_panel::{findings_panel, FindingsPanelProps};
use crate::ui::components::idp_section::IdpSection;
use crate::ui::components::import_panel::ImportPanel;
use crate::ui::components::ingress_section::IngressSection;
use crate::ui::components::presets_row::{presets_row, PresetsRowProps};
use crate::ui::components::preview::{FindingCounts, Preview, RuleSelection};
use crate::ui::components::ranges_panel::RangesPanel;
use crate::ui::components::release_section::ReleaseSection;
use crate::ui::components::share_bar::{share_bar, ShareBarProps};
use crate::ui::components::verbatim_rules::VerbatimRules;
use crate::ui::components::what_if::WhatIf;
use crate::ui::errors::FieldErrors;
use crate::ui::hooks::{use_import, use_ranges, use_share_link};
use crate::ui::options::MountOptions;
use crate::ui::part::Part;
use crate::ui::persist::{self, use_autosave, Boot};
use crate::ui::state::{Action, State};
use crate::verify;

/// Props of [`App`].
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// What the host page asked for.
    #[prop_or_default]
    pub options: MountOptions,
    /// Where to start. `None` (in the browser): the page's share link, else the autosave,
    /// else the preset, read on the first render. The build's native render of the
    /// static first view gives the preset's start ([`Boot::preset`]), so that rendering
    /// the app touches no browser API.
    #[prop_or_default]
    pub boot: Option<Rc<Boot>>,
}

/// The configurator.
#[component]
pub fn App(props: &AppProps) -> Html {
    let use_hash = props.options.use_hash;
    let boot = {
        let options = props.options.clone();
        let given = props.boot.clone();
        use_memo((), move |_| match given {
            Some(boot) => Boot::clone(&boot),
            None => persist::boot(&options),
        })
    };
    let state = {
        let env = boot.env.clone();
        use_reducer(move || State::with_env(env))
    };
    // One callback for the whole life of the app, so that it never makes a section's
    // props differ.
    let act: Callback<Action> = {
        let dispatcher = state.dispatcher();
        use_callback((), move |a: Action, ()| dispatcher.dispatch(a))
    };
    let saved = {
        let act = act.clone();
        let on_link = use_callback((), move |env, ()| act.emit(Action::Load(env)));
        use_autosave(&state.env, &boot, use_hash, on_link)
    };
    let share = use_share_link(&state.env);
    let import = use_import(state.dispatcher());
    let ranges = use_ranges(state.dispatcher());
    let import_open = use_state(|| false);

    let analysis = use_memo(
        (state.env.clone(), state.published.clone()),
        |(env, published)| analyze_with(env, published),
    );
    let errors = use_memo(analysis.clone(), |a| {
        FieldErrors::from_findings(&a.findings)
    });
    let checked = use_memo(state.check.clone(), |c| Rc::new(check(c)));
    let verify_text = use_memo((analysis.clone(), state.env.clone()), |(a, env)| {
        let mut text = verify::commands(&a.namespace, &a.fullname, a.service_port);
        if a.cilium_yaml.is_some() {
            text += &verify::cilium_commands(&a.namespace, &crate::cilium::policy_name(env));
        }
        text
    });
    let counts = use_memo(analysis.clone(), |a| {
        a.findings
            .iter()
            .map(|f| f.severity)
            .collect::<FindingCounts>()
    });
    let on_focus = Callback::from(|path: FieldPath| crate::ui::focus::focus_path(&path));
    // The rule the diagram or the tester selected, highlighted in the values.
    let selected = use_state(|| None::<RuleSelection>);
    let on_select_rule = {
        let selected = selected.clone();
        Callback::from(move |path: AttrValue| {
            let seq = selected.as_ref().map_or(0, |s| s.seq.wrapping_add(1));
            selected.set(Some(RuleSelection { path, seq }));
        })
    };
    let on_reset = {
        let (act, status) = (act.clone(), share.status.setter());
        Callback::from(move |()| {
            act.emit(Action::Reset);
            status.set("Reset to the defaults.".to_owned());
        })
    };
    let on_undo = {
        let (act, status) = (act.clone(), share.status.setter());
        Callback::from(move |()| {
            act.emit(Action::UndoReset);
            status.set("Reset undone.".to_owned());
        })
    };
    let on_toggle_import = {
        let open = import_open.clone();
        Callback::from(move |()| open.set(!*open))
    };
    let env = &state.env;
    let posture = Part::new(env, |e| &e.egress);
    html! {
        <div class="pnp">
            <header class="pnp-header">
                <h1 class="pnp-title">{ "Periscope NetworkPolicy configurator" }</h1>
                <p class="pnp-sub">{ "Describe your cluster; paste the values. Nothing leaves your browser." }</p>
            </header>
            if let Some(why) = (*saved.link_error).clone() {
                { banner(&BannerProps {
                    testid: "link-error".into(),
                    title: "This link could not be opened.".into(),
                    message: format!("{why}. The page shows your last saved configuration (or the defaults) instead; the link stays in the address bar until you change something.").into(),
                    on_dismiss: { let s = saved.link_error.setter(); Callback::from(move |()| s.set(None)) },
                }) }
            }
            if let Some(why) = (*saved.storage_error).clone() {
                { banner(&BannerProps {
                    testid: "storage-error".into(),
                    title: "Autosave is off.".into(),
                    message: format!("{why}. Everything else works; use Copy link to keep this configuration.").into(),
                    on_dismiss: { let s = saved.storage_error.setter(); Callback::from(move |()| s.set(None)) },
                }) }
            }
            { share_bar(&ShareBarProps {
                share_links: use_hash,
                can_undo: state.undo.is_some(),
                import_open: *import_open,
                status: AttrValue::from((*share.status).clone()),
                on_copy_link: share.on_copy,
                on_toggle_import: on_toggle_import.clone(),
                on_reset,
                on_undo,
            }) }
            if *import_open {
                <ImportPanel status={import.status} on_import={import.on_import}
                    on_file_error={import.on_file_error} on_close={on_toggle_import} />
            }
            { presets_row(&PresetsRowProps {
                pending: state.pending_preset,
                on_choose: to_action(&act, Action::ChoosePreset),
                on_confirm: to_action(&act, |_| Action::ConfirmPreset),
                on_cancel: to_action(&act, |_| Action::CancelPreset),
            }) }
            <div class="pnp-layout">
                <div class="pnp-main">
                <form class="pnp-form" aria-label="Your environment" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    <ReleaseSection release={Part::new(env, |e| &e.release)} enabled={env.enabled}
                        fullname={AttrValue::from(analysis.fullname.clone())}
                        errors={errors.within(&["release", "enabled"])} on_action={act.clone()} />
                    <IngressSection sources={Part::new(env, |e| &e.ingress)} agent={Part::new(env, |e| &e.agent)}
                        errors={errors.within(&["ingress", "agent"])} on_action={act.clone()} />
                    <IdpSection idp={Part::new(env, |e| &e.idp)} posture={posture.clone()}
                        errors={errors.within(&["idp"])} on_action={act.clone()} />
                    <AwsSection aws={Part::new(env, |e| &e.aws)} secrets_mode={env.secrets_mode}
                        posture={posture.clone()} errors={errors.within(&["aws", "secretsMode"])}
                        on_action={act.clone()} />
                    <ClustersSection clusters={Part::new(env, |e| &e.clusters)} posture={posture.clone()}
                        errors={errors.within(&["clusters"])} on_action={act.clone()} />
                    <EgressSection posture={posture.clone()} cni={env.cni} errors={errors.within(&["egress"])} on_action={act.clone()} />
                    <RangesPanel status={ranges.status} published={state.published.clone()}
                        clusters={Part::new(env, |e| &e.clusters)} notes={Part::new(env, |e| &e.ranges)}
                        region={AttrValue::from(env.aws.region.clone())}
                        aws_public={env.aws.api_access == crate::model::AwsApiAccess::Public}
                        explicit={*posture == crate::model::EgressPosture::Explicit}
                        on_file={ranges.on_file} on_text={ranges.on_text} on_action={act.clone()} />
                    <DnsSection dns={env.dns} ip_family={env.ip_family} on_action={act.clone()} />
                    <CustomRulesSection rules={Part::new(env, |e| &e.custom)}
                        errors={errors.within(&["custom"])} on_action={act.clone()} />
                    <VerbatimRules rules={Part::new(env, |e| &e.verbatim)} on_action={act.clone()} />
                </form>
                <CheckSection input={state.check.clone()} result={(*checked).clone()} on_action={act.clone()} />
                </div>
                <aside class="pnp-output" aria-label="Generated policy">
                    <Preview values_yaml={AttrValue::from(analysis.values_yaml.clone())}
                        manifest_yaml={AttrValue::from(analysis.manifest_yaml.clone())}
                        verify_text={AttrValue::from((*verify_text).clone())}
                        cilium_yaml={analysis.cilium_yaml.clone().map(AttrValue::from)}
                        counts={*counts} env={Part::new(env, |e| e)}
                        selected={(*selected).clone()} on_select_rule={on_select_rule.clone()}
                        on_focus={on_focus.clone()} />
                    { findings_panel(&FindingsPanelProps {
                        findings: &analysis.findings,
                        on_focus: on_focus.clone(),
                        on_remedy: to_action(&act, Action::ApplyRemedy),
                        testid: "findings".into(),
                        title: "Warnings".into(),
                    }) }
                    { checklist(&ChecklistProps { items: &analysis.coverage, on_focus }) }
                    <WhatIf env={Part::new(env, |e| e)} on_action={act.clone()} {on_select_rule} />
                </aside>
            </div>
        </div>
    }
}
