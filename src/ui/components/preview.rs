//! The output pane: values.yaml, the rendered NetworkPolicy, the verify commands and the
//! traffic diagram as ARIA tabs, with Copy and Download.
//!
//! It shows and hands out exactly the text it is given: Copy puts the active tab's text
//! on the clipboard, Download saves the values text byte for byte.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use web_sys::{Element, HtmlElement, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use crate::diagram;
use crate::fields::FieldPath;
use crate::highlight::rule_span;
use crate::lint::Severity;
use crate::model::Environment;
use crate::ui::browser::{self, BrowserError};
use crate::ui::components::diagram_view::DiagramView;
use crate::ui::components::yaml_view::highlighted;
use crate::ui::part::Part;

/// The name Download gives the values file.
pub const VALUES_FILE_NAME: &str = "periscope-networkpolicy-values.yaml";

/// The media type of the download (RFC 9512).
const YAML_MIME: &str = "application/yaml";

/// The name Download gives the CiliumNetworkPolicy on its tab.
pub const CILIUM_FILE_NAME: &str = "periscope-cilium-fqdn-policy.yaml";

/// The name Download gives the diagram on the Diagram tab.
pub const DIAGRAM_FILE_NAME: &str = "periscope-netpol-diagram.svg";

/// The width the downloaded diagram is laid out for (the wide layout).
const DIAGRAM_FILE_WIDTH: u32 = 1280;

/// How long a success message stays in the status line.
const STATUS_MS: u32 = 2_000;

/// Shown when the text could not be copied but was selected instead.
const SELECTED_HINT: &str = "the text is selected, press Ctrl+C (⌘C)";

/// The preview's tabs, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PreviewTab {
    /// The `networkPolicy:` values to paste.
    #[default]
    Values,
    /// The NetworkPolicy the chart renders from them.
    Manifest,
    /// Commands that check the deployed policy.
    Verify,
    /// The traffic diagram.
    Diagram,
    /// The CiliumNetworkPolicy (only with the Cilium choice).
    Cilium,
}

impl PreviewTab {
    /// Every tab, in display order.
    pub const ALL: [PreviewTab; 5] = [
        PreviewTab::Values,
        PreviewTab::Manifest,
        PreviewTab::Cilium,
        PreviewTab::Verify,
        PreviewTab::Diagram,
    ];

    /// The tab's visible label.
    pub fn label(self) -> &'static str {
        match self {
            PreviewTab::Values => "values.yaml",
            PreviewTab::Manifest => "Rendered NetworkPolicy",
            PreviewTab::Verify => "Verify",
            PreviewTab::Diagram => "Diagram",
            PreviewTab::Cilium => "CiliumNetworkPolicy",
        }
    }

    /// The tab's short name, used in DOM ids and test ids.
    pub fn slug(self) -> &'static str {
        match self {
            PreviewTab::Values => "values",
            PreviewTab::Manifest => "manifest",
            PreviewTab::Verify => "verify",
            PreviewTab::Diagram => "diagram",
            PreviewTab::Cilium => "cilium",
        }
    }

    /// The tab of `shown` an arrow, Home or End key moves to (wrapping), if the key is
    /// one of those.
    fn after_key(self, key: &str, shown: &[PreviewTab]) -> Option<PreviewTab> {
        let i = shown.iter().position(|t| *t == self).unwrap_or(0);
        let n = shown.len().max(1);
        let to = match key {
            "ArrowRight" => (i + 1) % n,
            "ArrowLeft" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return None,
        };
        shown.get(to).copied()
    }
}

/// How many findings of each severity there are, for the tab badges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FindingCounts {
    /// Findings of severity Error.
    pub errors: usize,
    /// Findings of severity Warning.
    pub warnings: usize,
    /// Findings of severity Info.
    pub infos: usize,
}

impl FromIterator<Severity> for FindingCounts {
    fn from_iter<I: IntoIterator<Item = Severity>>(iter: I) -> Self {
        let mut counts = FindingCounts::default();
        for severity in iter {
            match severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }
}

/// Props of [`Preview`].
#[derive(Properties, PartialEq, Clone)]
pub struct PreviewProps {
    /// The `networkPolicy:` values (`Analysis::values_yaml`).
    pub values_yaml: AttrValue,
    /// The rendered NetworkPolicy (`Analysis::manifest_yaml`).
    pub manifest_yaml: AttrValue,
    /// The verify commands (`verify::commands`).
    pub verify_text: AttrValue,
    /// The CiliumNetworkPolicy, when the Cilium choice is on (its tab shows only then).
    #[prop_or_default]
    pub cilium_yaml: Option<AttrValue>,
    /// Findings per severity, shown as badges on the values tab.
    #[prop_or_default]
    pub counts: FindingCounts,
    /// The Environment, for the Diagram tab.
    pub env: Part<Environment>,
    /// The rule to highlight in the values (a new `seq` shows the values tab again).
    #[prop_or_default]
    pub selected: Option<RuleSelection>,
    /// A diagram node asked to select its rule (its values path).
    pub on_select_rule: Callback<AttrValue>,
    /// A diagram node asked to focus its field.
    pub on_focus: Callback<FieldPath>,
}

/// A rule to highlight in the values, by its values path (`networkPolicy.egress.extra[2]`).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSelection {
    /// The rule's values path.
    pub path: AttrValue,
    /// Counts the selections, so that selecting the same rule again shows it again.
    pub seq: u32,
}

/// The status line's message and the timer that clears it.
#[derive(Clone)]
struct Status {
    message: UseStateHandle<AttrValue>,
    timer: Rc<RefCell<Option<Timeout>>>,
}

impl Status {
    /// Shows `message`; a transient one is cleared after [`STATUS_MS`].
    fn show(&self, message: String, transient: bool) {
        self.message.set(message.into());
        // Replacing the old timer drops (cancels) it, so it cannot clear this message.
        let timer = transient.then(|| {
            let message = self.message.clone();
            Timeout::new(STATUS_MS, move || message.set(AttrValue::default()))
        });
        *self.timer.borrow_mut() = timer;
    }

    fn clear(&self) {
        *self.timer.borrow_mut() = None;
        self.message.set(AttrValue::default());
    }
}

/// What to tell the user when the clipboard write failed: select the text instead.
fn fall_back_to_selection(pre: &NodeRef, err: &BrowserError) -> String {
    let why = match err {
        BrowserError::ClipboardMissing => "The clipboard is not available here",
        _ => "Clipboard access was refused",
    };
    let selected = pre
        .cast::<Element>()
        .ok_or(BrowserError::NoDocument)
        .and_then(|el| browser::select_contents(&el));
    match selected {
        Ok(()) => format!("{why}: {SELECTED_HINT}"),
        Err(e) => format!("{why} and {e}: select the text and press Ctrl+C (⌘C)"),
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn badges(counts: FindingCounts) -> Html {
    let badge = |n: usize, one: &str| {
        (n > 0).then(|| {
            html! {
                <span class={classes!("pnp-badge", format!("pnp-badge-{one}"))}
                    data-testid={format!("tab-badge-{one}s")}>{ plural(n, one) }</span>
            }
        })
    };
    html! {
        <>
            { badge(counts.errors, "error") }
            { badge(counts.warnings, "warning") }
            { badge(counts.infos, "info") }
        </>
    }
}

/// The tabbed output pane with Copy and Download.
#[component]
pub fn Preview(props: &PreviewProps) -> Html {
    let chosen = use_state_eq(PreviewTab::default);
    let shown: Vec<PreviewTab> = PreviewTab::ALL
        .into_iter()
        .filter(|t| *t != PreviewTab::Cilium || props.cilium_yaml.is_some())
        .collect();
    // The Cilium tab goes when the choice is switched off: the values show instead.
    let current = if shown.contains(&*chosen) {
        *chosen
    } else {
        PreviewTab::Values
    };
    let active = &current;
    let status = Status {
        message: use_state_eq(AttrValue::default),
        timer: use_mut_ref(|| None::<Timeout>),
    };
    let expanded = use_state_eq(BTreeSet::<String>::new);
    let tab_refs = [
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    ];
    let pre_refs = [
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    ];
    let index = |tab: PreviewTab| PreviewTab::ALL.iter().position(|t| *t == tab).unwrap_or(0);
    let pre_ref = pre_refs.get(index(*active)).cloned().unwrap_or_default();
    let text_of = |tab: PreviewTab| match tab {
        PreviewTab::Values => props.values_yaml.clone(),
        PreviewTab::Manifest => props.manifest_yaml.clone(),
        PreviewTab::Cilium => props.cilium_yaml.clone().unwrap_or_default(),
        PreviewTab::Verify | PreviewTab::Diagram => props.verify_text.clone(),
    };
    {
        // A new selection shows the values tab.
        let chosen = chosen.clone();
        use_effect_with(props.selected.clone(), move |selected| {
            if selected.is_some() {
                chosen.set(PreviewTab::Values);
            }
        });
    }
    {
        // Then scroll the highlighted rule into view.
        let pre = pre_refs.first().cloned().unwrap_or_default();
        use_effect_with((props.selected.clone(), *active), move |(selected, _)| {
            let mark = selected
                .as_ref()
                .and(pre.cast::<Element>())
                .and_then(|pre| pre.query_selector(".pnp-rule-hl").ok().flatten());
            if let Some(mark) = mark {
                let opts = ScrollIntoViewOptions::new();
                opts.set_block(ScrollLogicalPosition::Nearest);
                mark.scroll_into_view_with_scroll_into_view_options(&opts);
            }
        });
    }

    // Tokenising a big document is the costly part: redo it only when the shown text
    // changes (the Verify tab is not highlighted).
    let highlight = matches!(
        *active,
        PreviewTab::Values | PreviewTab::Manifest | PreviewTab::Cilium
    );
    let rule = (*active == PreviewTab::Values)
        .then(|| props.selected.as_ref().map(|s| s.path.clone()))
        .flatten();
    let yaml = use_memo(
        (highlight.then(|| text_of(*active)), rule),
        |(text, rule)| {
            let Some(text) = text else {
                return Html::default();
            };
            match rule.as_ref().and_then(|r| Some((r, rule_span(text, r)?))) {
                Some((rule, span)) => {
                    let part = |from: usize, to: usize| {
                        AttrValue::from(text.get(from..to).unwrap_or_default().to_owned())
                    };
                    html! {
                        <>
                            { highlighted(&part(0, span.start)) }
                            <mark class="pnp-rule-hl" data-testid="rule-highlight"
                                data-rule={rule.clone()}>{ highlighted(&part(span.start, span.end)) }</mark>
                            { highlighted(&part(span.end, text.len())) }
                        </>
                    }
                }
                None => highlighted(text),
            }
        },
    );
    let select = {
        let (active, chosen, status) = (*active, chosen.clone(), status.clone());
        Callback::from(move |tab: PreviewTab| {
            if active != tab {
                status.clear();
                chosen.set(tab);
            }
        })
    };
    let onkeydown = {
        let (active, select, tab_refs) = (*active, select.clone(), tab_refs.clone());
        let shown = shown.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(to) = active.after_key(&e.key(), &shown) else {
                return;
            };
            e.prevent_default();
            select.emit(to);
            let to_ref = tab_refs.get(index(to));
            if let Some(el) = to_ref.and_then(|r| r.cast::<HtmlElement>()) {
                // Focus failing only loses the roving focus, never the selection.
                let _ = el.focus();
            }
        })
    };
    let on_copy = {
        let (text, pre, status) = (text_of(*active), pre_ref.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            let (text, pre, status) = (text.clone(), pre.clone(), status.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy_text(&text).await {
                    Ok(()) => status.show("Copied".to_owned(), true),
                    Err(err) => status.show(fall_back_to_selection(&pre, &err), false),
                }
            });
        })
    };
    // The Cilium tab downloads its policy; every other tab the values.
    let (file_name, file_text) = match *active {
        PreviewTab::Cilium => (CILIUM_FILE_NAME, text_of(PreviewTab::Cilium)),
        _ => (VALUES_FILE_NAME, props.values_yaml.clone()),
    };
    let on_download = {
        let (text, status) = (file_text, status.clone());
        Callback::from(move |_: MouseEvent| {
            match browser::download_text(file_name, YAML_MIME, &text) {
                Ok(()) => status.show(format!("Downloaded {file_name}"), true),
                Err(e) => status.show(format!("Download failed: {e}"), false),
            }
        })
    };
    let on_download_svg = {
        let (env, expanded, status) = (props.env.clone(), expanded.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            let svg = diagram::svg(&env, &expanded, DIAGRAM_FILE_WIDTH);
            match browser::download_text(DIAGRAM_FILE_NAME, "image/svg+xml", &svg) {
                Ok(()) => status.show(format!("Downloaded {DIAGRAM_FILE_NAME}"), true),
                Err(e) => status.show(format!("Download failed: {e}"), false),
            }
        })
    };
    let on_expand = {
        let expanded = expanded.clone();
        Callback::from(move |group: String| {
            let mut more = (*expanded).clone();
            more.insert(group);
            expanded.set(more);
        })
    };

    let tab_button = |(tab, tab_ref): (PreviewTab, &NodeRef)| {
        let selected = *active == tab;
        let slug = tab.slug();
        let onclick = select.reform(move |_: MouseEvent| tab);
        html! {
            <button type="button" role="tab" ref={tab_ref.clone()}
                id={format!("pnp-tab-{slug}")} data-testid={format!("tab-{slug}")}
                class={classes!("pnp-tab", selected.then_some("pnp-tab-active"))}
                aria-selected={selected.to_string()} aria-controls={format!("pnp-panel-{slug}")}
                tabindex={if selected { "0" } else { "-1" }} {onclick}>
                <span class="pnp-tab-label">{ tab.label() }</span>
                if tab == PreviewTab::Values { { badges(props.counts) } }
            </button>
        }
    };
    let panel = |(tab, pre_ref): (PreviewTab, &NodeRef)| {
        let selected = *active == tab;
        let slug = tab.slug();
        let body = match tab {
            _ if !selected => Html::default(),
            PreviewTab::Verify => html! {
                <pre class="pnp-yaml pnp-verify" data-testid="verify-commands" tabindex="0"
                    ref={pre_ref.clone()}><code>{ props.verify_text.clone() }</code></pre>
            },
            PreviewTab::Diagram => html! {
                <DiagramView env={props.env.clone()} expanded={(*expanded).clone()}
                    on_expand={on_expand.clone()} on_select_rule={props.on_select_rule.clone()}
                    on_focus={props.on_focus.clone()} />
            },
            _ => html! {
                <pre class="pnp-yaml" data-testid={format!("{slug}-yaml")} tabindex="0"
                    ref={pre_ref.clone()}><code>{ (*yaml).clone() }</code></pre>
            },
        };
        html! {
            <div role="tabpanel" class="pnp-tabpanel" id={format!("pnp-panel-{slug}")}
                aria-labelledby={format!("pnp-tab-{slug}")} hidden={!selected}>{ body }</div>
        }
    };

    html! {
        <div class="pnp-pv">
            <div class="pnp-pv-bar">
                <div role="tablist" class="pnp-tabs" aria-label="Generated output" {onkeydown}>
                    { for PreviewTab::ALL.into_iter().zip(tab_refs.iter()).filter(|(t, _)| shown.contains(t)).map(tab_button) }
                </div>
                <div class="pnp-pv-actions">
                    if *active == PreviewTab::Diagram {
                        <button type="button" class="pnp-btn" data-testid="download-svg"
                            onclick={on_download_svg}>{ "Download SVG" }</button>
                    } else {
                        <button type="button" class="pnp-btn" data-testid="copy" onclick={on_copy}>
                            { "Copy" }
                        </button>
                        <button type="button" class="pnp-btn" data-testid="download"
                            onclick={on_download}>{ if *active == PreviewTab::Cilium { "Download policy" } else { "Download values.yaml" } }</button>
                    }
                </div>
            </div>
            <p class="pnp-pv-status" role="status" data-testid="copy-status">
                { (*status.message).clone() }
            </p>
            { for PreviewTab::ALL.into_iter().zip(pre_refs.iter()).filter(|(t, _)| shown.contains(t)).map(panel) }
        </div>
    }
}
