//! The presets row: one click fills the whole form for a typical setup.

use yew::prelude::*;

use crate::presets::PRESETS;

/// Props of [`presets_row`].
#[derive(PartialEq, Clone)]
pub struct PresetsRowProps {
    /// A preset waiting for confirmation, if any.
    pub pending: Option<&'static str>,
    /// Choose a preset.
    pub on_choose: Callback<&'static str>,
    /// Discard the edits and load the pending preset.
    pub on_confirm: Callback<()>,
    /// Keep the edits.
    pub on_cancel: Callback<()>,
}

/// The presets row.
pub fn presets_row(props: &PresetsRowProps) -> Html {
    let pending = props
        .pending
        .and_then(|id| PRESETS.iter().find(|p| p.id == id));
    html! {
        <nav class="pnp-presets" aria-label="Presets">
            <span class="pnp-presets-label">{ "Start from:" }</span>
            { for PRESETS.iter().map(|p| {
                let id = p.id;
                let onclick = props.on_choose.reform(move |_: MouseEvent| id);
                html! {
                    <button type="button" class="pnp-btn pnp-preset" title={p.summary}
                        data-testid={format!("preset-{}", p.id)} {onclick}>{ p.label }</button>
                }
            }) }
            if let Some(p) = pending {
                <div class="pnp-confirm" role="alertdialog" aria-live="assertive" aria-label="Discard your edits?" data-testid="preset-confirm">
                    <span>{ format!("Replace your edits with “{}”?", p.label) }</span>
                    <button type="button" class="pnp-btn pnp-btn-danger" data-testid="preset-confirm-yes"
                        onclick={props.on_confirm.reform(|_: MouseEvent| ())}>{ "Replace" }</button>
                    <button type="button" class="pnp-btn" data-testid="preset-confirm-no"
                        onclick={props.on_cancel.reform(|_: MouseEvent| ())}>{ "Keep my edits" }</button>
                </div>
            }
        </nav>
    }
}
