//! A titled form section.

use yew::prelude::*;

/// Props of [`Section`].
#[derive(Properties, PartialEq, Clone)]
pub struct SectionProps {
    /// Anchor id.
    pub id: AttrValue,
    /// Heading.
    pub title: AttrValue,
    /// One line under the heading.
    #[prop_or_default]
    pub intro: Html,
    /// The controls.
    #[prop_or_default]
    pub children: Html,
}

/// A titled group of controls.
#[component]
pub fn Section(props: &SectionProps) -> Html {
    let heading = format!("{}-h", props.id);
    html! {
        <section class="pnp-section" id={props.id.clone()} aria-labelledby={heading.clone()}>
            <h2 class="pnp-h2" id={heading}>{ props.title.clone() }</h2>
            <p class="pnp-intro">{ props.intro.clone() }</p>
            { props.children.clone() }
        </section>
    }
}
