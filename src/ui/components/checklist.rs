//! "What this policy allows": the docs' feature table as live status.

use yew::prelude::*;

use crate::fields::FieldPath;

use crate::coverage::{CoverageItem, CoverageStatus};

/// Props of [`checklist`].
pub struct ChecklistProps<'a> {
    /// One item per feature and destination.
    pub items: &'a [CoverageItem],
    /// Scroll to and focus the control of an Environment path.
    pub on_focus: Callback<FieldPath>,
}

/// The checklist.
pub fn checklist(props: &ChecklistProps<'_>) -> Html {
    let missing = props
        .items
        .iter()
        .filter(|i| matches!(i.status, CoverageStatus::Missing { .. }))
        .count();
    html! {
        <section class="pnp-checklist" aria-labelledby="pnp-checklist-h" data-testid="checklist">
            <h2 class="pnp-h2" id="pnp-checklist-h">{ "What this policy allows" }</h2>
            <p class="pnp-intro">
                { if missing == 0 { "Everything Periscope needs is allowed.".to_owned() }
                  else { format!("{missing} needed connection{} blocked.", if missing == 1 { " is" } else { "s are" }) } }
            </p>
            <ul>
                { for props.items.iter().map(|item| {
                    let (class, mark, label, detail) = match &item.status {
                        CoverageStatus::Covered { by } => ("pnp-covered", "✓", "allowed", by.clone()),
                        CoverageStatus::NotNeeded { why } => ("pnp-notneeded", "–", "no rule needed", why.clone()),
                        CoverageStatus::Missing { why } => ("pnp-missing", "✗", "blocked", why.clone()),
                    };
                    let path = FieldPath::from(item.path.as_str());
                    let onclick = props.on_focus.reform(move |_: MouseEvent| path.clone());
                    html! {
                        <li class={class} data-status={label}>
                            <span class="pnp-check-mark" aria-hidden="true">{ mark }</span>
                            <span>
                                <button type="button" class="pnp-link" {onclick}>{ item.feature.clone() }</button>
                                <span class="pnp-visually-hidden">{ format!(" {label}") }</span>
                                { " " }<span class="pnp-check-target">{ item.target.clone() }</span>
                            </span>
                            <span class="pnp-check-detail">{ detail }</span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
