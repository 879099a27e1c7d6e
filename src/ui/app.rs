//! The root component: the form on one side, the live preview on the other.

use std::rc::Rc;

use yew::prelude::*;

use crate::analyze;
use crate::check::check;
use crate::import::{import_environment, Imported};
use crate::share::{self, MAX_FRAGMENT_CHARS};
use crate::ui::browser;
use crate::ui::components::aws_section::{aws_section, AwsSectionProps};
use crate::ui::components::banner::{banner, BannerProps};
use crate::ui::components::check_section::{check_section, CheckSectionProps};
use crate::ui::components::checklist::{checklist, ChecklistProps};
use crate::ui::components::clusters_section::{clusters_section, ClustersSectionProps};
use crate::ui::components::custom_rules_section::{custom_rules_section, CustomRulesSectionProps};
use crate::ui::components::dispatch::to_action;
use crate::ui::components::dns_section::{dns_section, DnsSectionProps};
use crate::ui::components::egress_section::{egress_section, EgressSectionProps};
use crate::ui::components::findings_panel::{findings_panel, FindingsPanelProps};
use crate::ui::components::idp_section::{idp_section, IdpSectionProps};
use crate::ui::components::import_panel::{ImportPanel, ImportStatus};
use crate::ui::components::ingress_section::{ingress_section, IngressSectionProps};
use crate::ui::components::presets_row::{presets_row, PresetsRowProps};
use crate::ui::components::preview::{FindingCounts, Preview};
use crate::ui::components::release_section::{release_section, ReleaseSectionProps};
use crate::ui::components::share_bar::{share_bar, ShareBarProps};
use crate::ui::components::verbatim_rules::{verbatim_rules, VerbatimRulesProps};
use crate::ui::errors::FieldErrors;
use crate::ui::location;
use crate::ui::options::MountOptions;
use crate::ui::persist::{self, Boot, PersistEvent};
use crate::ui::state::{Action, State};
use crate::verify;

/// How long the "Importing…" state shows before the parse starts, so it paints first.
const IMPORT_DELAY_MS: u32 = 30;

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
    let link_error = use_state(|| boot.link_error.clone());
    let storage_error = use_state(|| boot.storage_error.clone());
    let import_open = use_state(|| false);
    let import_status = use_state(ImportStatus::default);
    let share_status = use_state(String::new);
    {
        let dispatcher = state.dispatcher();
        let link_error = link_error.setter();
        let storage_error = storage_error.setter();
        let on_event = Callback::from(move |e: PersistEvent| match e {
            PersistEvent::LinkOpened(env) => dispatcher.dispatch(Action::Load(env)),
            PersistEvent::LinkError(why) => link_error.set(Some(why)),
            PersistEvent::StorageError(why) => storage_error.set(Some(why)),
        });
        persist::use_persistence(&state.env, &boot, use_hash, on_event);
    }
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
    let on_copy_link = {
        let env = state.env.clone();
        let status = share_status.setter();
        Callback::from(move |()| {
            let fragment = share::encode(&env);
            if fragment.len() > MAX_FRAGMENT_CHARS {
                status.set(format!(
                    "This configuration is too large for a link ({} characters; the limit is {MAX_FRAGMENT_CHARS}). It is still saved in this browser.",
                    fragment.len()
                ));
                return;
            }
            let Some(link) = location::link_to(&fragment) else {
                return;
            };
            // The address bar shows the link at once, whatever the clipboard does.
            let _ = location::replace_fragment(Some(&fragment));
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                status.set(match browser::copy_text(&link).await {
                    Ok(()) => "Link copied.".to_owned(),
                    Err(e) => format!("Could not copy ({e}): copy the link from the address bar."),
                });
            });
        })
    };
    let on_reset = {
        let dispatcher = state.dispatcher();
        let status = share_status.setter();
        Callback::from(move |()| {
            dispatcher.dispatch(Action::Reset);
            status.set("Reset to the defaults.".to_owned());
        })
    };
    let on_undo = {
        let dispatcher = state.dispatcher();
        let status = share_status.setter();
        Callback::from(move |()| {
            dispatcher.dispatch(Action::UndoReset);
            status.set("Reset undone.".to_owned());
        })
    };
    let on_toggle_import = {
        let open = import_open.clone();
        Callback::from(move |()| open.set(!*open))
    };
    let on_import = {
        let dispatcher = state.dispatcher();
        let status = import_status.setter();
        Callback::from(move |text: String| {
            status.set(ImportStatus::Busy);
            let (dispatcher, status) = (dispatcher.clone(), status.clone());
            // Let the page paint "Importing…" before the parse takes the thread.
            gloo::timers::callback::Timeout::new(
                IMPORT_DELAY_MS,
                move || match import_environment(&text) {
                    Ok(Imported {
                        env,
                        mapped,
                        verbatim,
                        notes,
                    }) => {
                        dispatcher.dispatch(Action::Load(Box::new(env)));
                        status.set(ImportStatus::Done {
                            mapped,
                            verbatim,
                            notes,
                        });
                    }
                    Err(e) => status.set(ImportStatus::Failed(e.to_string())),
                },
            )
            .forget();
        })
    };
    let on_import_file_error = {
        let status = import_status.setter();
        Callback::from(move |why: String| status.set(ImportStatus::Failed(why)))
    };
    let env = &state.env;
    html! {
        <div class="pnp">
            <header class="pnp-header">
                <h1 class="pnp-title">{ "Periscope NetworkPolicy configurator" }</h1>
                <p class="pnp-sub">{ "Describe your cluster; paste the values. Nothing leaves your browser." }</p>
            </header>
            if let Some(why) = (*link_error).clone() {
                { banner(&BannerProps {
                    testid: "link-error".into(),
                    title: "This link could not be opened.".into(),
                    message: format!("{why}. The page shows your last saved configuration (or the defaults) instead; the link stays in the address bar until you change something.").into(),
                    on_dismiss: { let s = link_error.setter(); Callback::from(move |()| s.set(None)) },
                }) }
            }
            if let Some(why) = (*storage_error).clone() {
                { banner(&BannerProps {
                    testid: "storage-error".into(),
                    title: "Autosave is off.".into(),
                    message: format!("{why}. Everything else works; use Copy link to keep this configuration.").into(),
                    on_dismiss: { let s = storage_error.setter(); Callback::from(move |()| s.set(None)) },
                }) }
            }
            { share_bar(&ShareBarProps {
                share_links: use_hash,
                can_undo: state.undo.is_some(),
                import_open: *import_open,
                status: AttrValue::from((*share_status).clone()),
                on_copy_link,
                on_toggle_import: on_toggle_import.clone(),
                on_reset,
                on_undo,
            }) }
            if *import_open {
                <ImportPanel status={(*import_status).clone()} on_import={on_import}
                    on_file_error={on_import_file_error} on_close={on_toggle_import} />
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
                    { release_section(&ReleaseSectionProps { release: &env.release, enabled: env.enabled,
                        fullname: analysis.fullname.clone().into(), errors: &errors, on_action: &act }) }
                    { ingress_section(&IngressSectionProps { sources: &env.ingress, agent: &env.agent,
                        errors: &errors, on_action: &act }) }
                    { idp_section(&IdpSectionProps { idp: &env.idp, posture: &env.egress,
                        errors: &errors, on_action: &act }) }
                    { aws_section(&AwsSectionProps { aws: &env.aws, secrets_mode: env.secrets_mode,
                        posture: &env.egress, errors: &errors, on_action: &act }) }
                    { clusters_section(&ClustersSectionProps { clusters: &env.clusters, posture: &env.egress,
                        errors: &errors, on_action: &act }) }
                    { egress_section(&EgressSectionProps { posture: &env.egress, errors: &errors, on_action: &act }) }
                    { dns_section(&DnsSectionProps { dns: env.dns, ip_family: env.ip_family, on_action: &act }) }
                    { custom_rules_section(&CustomRulesSectionProps { rules: &env.custom, errors: &errors, on_action: &act }) }
                    { verbatim_rules(&VerbatimRulesProps { rules: &env.verbatim, on_remove: to_action(&act, Action::RemoveVerbatim) }) }
                </form>
                { check_section(&CheckSectionProps { input: &state.check, result: &checked, on_action: &act }) }
                </div>
                <aside class="pnp-output" aria-label="Generated policy">
                    <Preview values_yaml={AttrValue::from(analysis.values_yaml.clone())}
                        manifest_yaml={AttrValue::from(analysis.manifest_yaml.clone())}
                        verify_text={AttrValue::from((*verify_text).clone())}
                        counts={*counts} />
                    { findings_panel(&FindingsPanelProps {
                        findings: &analysis.findings,
                        on_focus: on_focus.clone(),
                        on_remedy: to_action(&act, Action::ApplyRemedy),
                        testid: "findings".into(),
                        title: "Warnings".into(),
                    }) }
                    { checklist(&ChecklistProps { items: &analysis.coverage, on_focus }) }
                </aside>
            </div>
        </div>
    }
}
