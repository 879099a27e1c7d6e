//! The output pane: values.yaml, the rendered NetworkPolicy and the verify commands as
//! ARIA tabs, with Copy and Download.
//!
//! It shows and hands out exactly the text it is given: Copy puts the active tab's text
//! on the clipboard, Download saves the values text byte for byte.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::lint::Severity;
use crate::ui::browser::{self, BrowserError};
use crate::ui::components::yaml_view::highlighted;

/// The name Download gives the values file.
pub const VALUES_FILE_NAME: &str = "periscope-networkpolicy-values.yaml";

/// The media type of the download (RFC 9512).
const YAML_MIME: &str = "application/yaml";

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
}

impl PreviewTab {
    /// Every tab, in display order.
    pub const ALL: [PreviewTab; 3] = [PreviewTab::Values, PreviewTab::Manifest, PreviewTab::Verify];

    /// The tab's visible label.
    pub fn label(self) -> &'static str {
        match self {
            PreviewTab::Values => "values.yaml",
            PreviewTab::Manifest => "Rendered NetworkPolicy",
            PreviewTab::Verify => "Verify",
        }
    }

    /// The tab's short name, used in DOM ids and test ids.
    pub fn slug(self) -> &'static str {
        match self {
            PreviewTab::Values => "values",
            PreviewTab::Manifest => "manifest",
            PreviewTab::Verify => "verify",
        }
    }

    /// The tab an arrow, Home or End key moves to (wrapping), if the key is one of those.
    fn after_key(self, key: &str) -> Option<PreviewTab> {
        let i = Self::ALL.iter().position(|t| *t == self).unwrap_or(0);
        let n = Self::ALL.len();
        let to = match key {
            "ArrowRight" => (i + 1) % n,
            "ArrowLeft" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return None,
        };
        Self::ALL.get(to).copied()
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
    /// Findings per severity, shown as badges on the values tab.
    #[prop_or_default]
    pub counts: FindingCounts,
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
    let active = use_state_eq(PreviewTab::default);
    let status = Status {
        message: use_state_eq(AttrValue::default),
        timer: use_mut_ref(|| None::<Timeout>),
    };
    let tab_refs = [use_node_ref(), use_node_ref(), use_node_ref()];
    let pre_refs = [use_node_ref(), use_node_ref(), use_node_ref()];
    let index = |tab: PreviewTab| PreviewTab::ALL.iter().position(|t| *t == tab).unwrap_or(0);
    let pre_ref = pre_refs.get(index(*active)).cloned().unwrap_or_default();
    let text_of = |tab: PreviewTab| match tab {
        PreviewTab::Values => props.values_yaml.clone(),
        PreviewTab::Manifest => props.manifest_yaml.clone(),
        PreviewTab::Verify => props.verify_text.clone(),
    };

    // Tokenising a big document is the costly part: redo it only when the shown text
    // changes (the Verify tab is not highlighted).
    let yaml = use_memo(
        (*active != PreviewTab::Verify).then(|| text_of(*active)),
        |text| text.as_ref().map(highlighted).unwrap_or_default(),
    );
    let select = {
        let (active, status) = (active.clone(), status.clone());
        Callback::from(move |tab: PreviewTab| {
            if *active != tab {
                status.clear();
                active.set(tab);
            }
        })
    };
    let onkeydown = {
        let (active, select, tab_refs) = (*active, select.clone(), tab_refs.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(to) = active.after_key(&e.key()) else {
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
    let on_download = {
        let (text, status) = (props.values_yaml.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            match browser::download_text(VALUES_FILE_NAME, YAML_MIME, &text) {
                Ok(()) => status.show(format!("Downloaded {VALUES_FILE_NAME}"), true),
                Err(e) => status.show(format!("Download failed: {e}"), false),
            }
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
                    { for PreviewTab::ALL.into_iter().zip(tab_refs.iter()).map(tab_button) }
                </div>
                <div class="pnp-pv-actions">
                    <button type="button" class="pnp-btn" data-testid="copy" onclick={on_copy}>
                        { "Copy" }
                    </button>
                    <button type="button" class="pnp-btn" data-testid="download"
                        onclick={on_download}>{ "Download values.yaml" }</button>
                </div>
            </div>
            <p class="pnp-pv-status" role="status" data-testid="copy-status">
                { (*status.message).clone() }
            </p>
            { for PreviewTab::ALL.into_iter().zip(pre_refs.iter()).map(panel) }
        </div>
    }
}
