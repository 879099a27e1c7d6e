//! "Import values.yaml": paste a values file or pick one; the app does the reading.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::import::MAX_IMPORT_BYTES;

/// Where an import stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ImportStatus {
    /// Nothing imported yet.
    #[default]
    Idle,
    /// Reading the file or parsing the text.
    Busy,
    /// Imported: how many rules became inputs, how many stayed verbatim, and notes.
    Done {
        /// Rules mapped back to form inputs.
        mapped: usize,
        /// Rules kept verbatim.
        verbatim: usize,
        /// What the operator should know.
        notes: Vec<String>,
    },
    /// Refused, with the reason (line and column, or path and what was expected).
    Failed(String),
}

/// Props of [`ImportPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct ImportPanelProps {
    /// Where the import stands.
    pub status: ImportStatus,
    /// Import this text.
    pub on_import: Callback<String>,
    /// A file could not be read (too large, unreadable), with the reason.
    pub on_file_error: Callback<String>,
    /// Close the panel.
    pub on_close: Callback<()>,
}

/// The import panel.
#[component]
pub fn ImportPanel(props: &ImportPanelProps) -> Html {
    let text_ref = use_node_ref();
    let on_submit = {
        let text_ref = text_ref.clone();
        let on_import = props.on_import.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = text_ref.cast::<HtmlTextAreaElement>() {
                on_import.emit(area.value());
            }
        })
    };
    let on_file = {
        let on_import = props.on_import.clone();
        let on_error = props.on_file_error.clone();
        Callback::from(move |e: Event| {
            let Some(file) = crate::ui::browser::take_picked_file(&e) else {
                return;
            };
            // Whole bytes as an integer: formatting the f64 would link float printing (~10 KB).
            let size = file.size() as u64;
            if size > MAX_IMPORT_BYTES as u64 {
                on_error.emit(format!(
                    "the file {} is {size} bytes; the limit is {MAX_IMPORT_BYTES} bytes",
                    file.name()
                ));
                return;
            }
            let (on_import, on_error) = (on_import.clone(), on_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(text) => on_import.emit(text.as_string().unwrap_or_default()),
                    Err(_) => on_error.emit(format!("cannot read the file {}", file.name())),
                }
            });
        })
    };
    let busy = props.status == ImportStatus::Busy;
    html! {
        <section class="pnp-card pnp-import" aria-label="Import values.yaml" data-testid="import-panel">
            <h2 class="pnp-h">{ "Import values.yaml" }</h2>
            <p class="pnp-hint">{ format!(
                "Paste a whole chart values file, or just its networkPolicy block (with or without the key), up to {} KiB. Rules the form cannot express are kept verbatim.",
                MAX_IMPORT_BYTES / 1024
            ) }</p>
            <label class="pnp-label" for="pnp-import-text">{ "Values" }</label>
            <textarea id="pnp-import-text" class="pnp-textarea pnp-mono" rows="8" spellcheck="false"
                data-testid="import-text" ref={text_ref} />
            <div class="pnp-row">
                <label class="pnp-label" for="pnp-import-file">{ "or a file" }</label>
                <input id="pnp-import-file" type="file" accept=".yaml,.yml,.json,text/yaml"
                    data-testid="import-file" onchange={on_file} />
            </div>
            <div class="pnp-row">
                <button type="button" class="pnp-btn pnp-btn-primary" data-testid="import-submit"
                    disabled={busy} onclick={on_submit}>{ "Import" }</button>
                <button type="button" class="pnp-btn" data-testid="import-close"
                    onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
            </div>
            { status_view(&props.status) }
        </section>
    }
}

fn status_view(status: &ImportStatus) -> Html {
    match status {
        ImportStatus::Idle => html! {},
        ImportStatus::Busy => html! {
            <p class="pnp-hint" role="status" data-testid="import-status">{ "Importing…" }</p>
        },
        ImportStatus::Failed(why) => html! {
            <p class="pnp-errors" role="alert" data-testid="import-error">{ format!("Not imported: {why}") }</p>
        },
        ImportStatus::Done {
            mapped,
            verbatim,
            notes,
        } => html! {
            <div role="status" data-testid="import-status">
                <p class="pnp-hint">{ format!(
                    "Imported: {mapped} rules filled the form, {verbatim} kept verbatim."
                ) }</p>
                if !notes.is_empty() {
                    <ul class="pnp-hint" data-testid="import-notes">
                        { for notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                    </ul>
                }
            </div>
        },
    }
}
