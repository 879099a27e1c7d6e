//! A titled form section.

use yew::prelude::*;

/// A titled group of controls: `id` is the anchor, `intro` one line under the heading.
///
/// A plain function rather than a component: it has no state, and every component type
/// costs its own copy of Yew's lifecycle code in the wasm.
pub fn section(id: &'static str, title: &'static str, intro: Html, children: Html) -> Html {
    let heading = format!("{id}-h");
    html! {
        <section class="pnp-section" {id} aria-labelledby={heading.clone()}>
            <h2 class="pnp-h2" id={heading}>{ title }</h2>
            <p class="pnp-intro">{ intro }</p>
            { children }
        </section>
    }
}
