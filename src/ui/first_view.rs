//! The static first view, rendered at build time without a browser: the app's first
//! render as HTML, through Yew's server-side rendering (`yew/ssr`, native builds only;
//! the wasm has none of it).
//!
//! The app starts from the host page's preset here ([`Boot::preset`]): no share link, no
//! autosave. Only the first render is rendered, as in the browser before any effect runs,
//! and the app reads nothing from the browser while it renders, so this is exactly the
//! DOM the wasm's first render creates. `scripts/prerender.mjs` turns the HTML into
//! `periscope-netpol-first.js`.

use std::rc::Rc;

use serde::Serialize;

use crate::presets::PRESETS;
use crate::ui::app::{App, AppProps};
use crate::ui::options::MountOptions;
use crate::ui::persist::Boot;

/// The first views of one share-link setting (`data-share-links` on or off).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Views {
    /// The default view (no `data-preset`), as HTML: the mount element's children.
    pub html: String,
    /// The presets whose first view is exactly that one.
    pub same: Vec<&'static str>,
}

/// What `periscope-netpol-prerender` prints as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirstViews {
    /// Every preset id, in the order of the presets row.
    pub presets: Vec<&'static str>,
    /// Share links on (the default).
    pub on: Views,
    /// `data-share-links="off"`.
    pub off: Views,
}

/// The app's first render for these mount options, as HTML without Yew's hydration
/// markers.
pub async fn render(options: MountOptions) -> String {
    let boot = Some(Rc::new(Boot::preset(&options)));
    yew::LocalServerRenderer::<App>::with_props(AppProps { options, boot })
        .hydratable(false)
        .render()
        .await
}

async fn views(use_hash: bool) -> Views {
    let options = |preset| MountOptions {
        preset,
        use_hash,
        ..MountOptions::default()
    };
    let html = render(options(None)).await;
    let mut same = Vec::new();
    for p in &PRESETS {
        if render(options(Some(p.id))).await == html {
            same.push(p.id);
        }
    }
    Views { html, same }
}

/// Renders every first view, on a single-threaded runtime (what
/// [`yew::LocalServerRenderer`] needs natively: a tokio `LocalSet`).
pub fn first_views() -> std::io::Result<FirstViews> {
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let local = tokio::task::LocalSet::new();
    Ok(local.block_on(&runtime, async {
        FirstViews {
            presets: PRESETS.iter().map(|p| p.id).collect(),
            on: views(true).await,
            off: views(false).await,
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_default_view_natively() {
        let views = first_views().unwrap();
        for v in [&views.on, &views.off] {
            assert!(
                v.html.starts_with("<div class=\"pnp\">"),
                "{}",
                &v.html[..80]
            );
            assert!(v.html.contains("data-testid=\"values-yaml\""));
            assert!(v.html.contains("networkPolicy:"));
            assert!(!v.html.contains("<!--"), "no hydration markers");
            assert_eq!(v.same, ["docs-minimum"]);
        }
        assert_ne!(
            views.on.html, views.off.html,
            "only share links on offer Copy link"
        );
        assert_eq!(views.presets.len(), PRESETS.len());
    }
}
