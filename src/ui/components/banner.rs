//! A dismissible alert banner across the top of the widget.

use yew::prelude::*;

/// Props of [`banner`].
#[derive(PartialEq, Clone)]
pub struct BannerProps {
    /// The `data-testid` of the banner (its dismiss button gets `<id>-dismiss`).
    pub testid: AttrValue,
    /// A short heading, e.g. "This link could not be opened".
    pub title: AttrValue,
    /// What went wrong and what happened instead.
    pub message: AttrValue,
    /// Close the banner.
    pub on_dismiss: Callback<()>,
}

/// A `role="alert"` banner with a close button.
pub fn banner(props: &BannerProps) -> Html {
    html! {
        <div class="pnp-banner" role="alert" data-testid={props.testid.clone()}>
            <strong class="pnp-banner-title">{ props.title.clone() }</strong>
            <span class="pnp-banner-message">{ props.message.clone() }</span>
            <button type="button" class="pnp-btn pnp-btn-small"
                data-testid={format!("{}-dismiss", props.testid)}
                aria-label="Dismiss"
                onclick={props.on_dismiss.reform(|_: MouseEvent| ())}>{ "Dismiss" }</button>
        </div>
    }
}
