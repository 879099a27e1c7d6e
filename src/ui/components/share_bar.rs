//! The toolbar above the form: Copy link, Import values.yaml, Reset and its Undo.

use yew::prelude::*;

/// Props of [`share_bar`].
#[derive(PartialEq, Clone)]
pub struct ShareBarProps {
    /// Whether share links are on (`data-share-links`); off hides Copy link.
    pub share_links: bool,
    /// Whether a Reset can be undone.
    pub can_undo: bool,
    /// Whether the import panel is open.
    pub import_open: bool,
    /// The last outcome of Copy link, Reset or Undo, read out politely.
    pub status: AttrValue,
    /// Copy the link to this configuration.
    pub on_copy_link: Callback<()>,
    /// Open or close the import panel.
    pub on_toggle_import: Callback<()>,
    /// Return to the defaults.
    pub on_reset: Callback<()>,
    /// Undo the last Reset.
    pub on_undo: Callback<()>,
}

/// The toolbar.
pub fn share_bar(props: &ShareBarProps) -> Html {
    let click = |cb: &Callback<()>| cb.reform(|_: MouseEvent| ());
    html! {
        <div class="pnp-sharebar" role="toolbar" aria-label="Configuration">
            if props.share_links {
                <button type="button" class="pnp-btn pnp-btn-primary" data-testid="copy-link"
                    onclick={click(&props.on_copy_link)}>{ "Copy link" }</button>
            }
            <button type="button" class="pnp-btn" data-testid="import-open"
                aria-expanded={if props.import_open { "true" } else { "false" }}
                onclick={click(&props.on_toggle_import)}>{ "Import values.yaml" }</button>
            <button type="button" class="pnp-btn pnp-btn-danger" data-testid="reset"
                onclick={click(&props.on_reset)}>{ "Reset" }</button>
            if props.can_undo {
                <button type="button" class="pnp-btn" data-testid="undo-reset"
                    onclick={click(&props.on_undo)}>{ "Undo reset" }</button>
            }
            <span class="pnp-sharebar-status" role="status" aria-live="polite" data-testid="share-status">
                { props.status.clone() }
            </span>
        </div>
    }
}
