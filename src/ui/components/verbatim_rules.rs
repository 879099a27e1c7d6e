//! Imported rules the form cannot express, shown as the YAML they are emitted as.

use yew::prelude::*;

use crate::fields::FieldPath;
use crate::model::VerbatimRule;
use crate::ui::part::Part;
use crate::ui::state::Action;

/// Props of [`VerbatimRules`].
#[derive(Properties, PartialEq, Clone)]
pub struct VerbatimRulesProps {
    /// The rules.
    pub rules: Part<Vec<VerbatimRule>>,
    /// Dispatches form actions.
    pub on_action: Callback<Action>,
}

/// The most rules listed one by one; a huge import lists a count instead.
const MAX_LISTED: usize = 50;

/// The imported rules, read-only, each with a Remove button.
#[component]
pub fn VerbatimRules(props: &VerbatimRulesProps) -> Html {
    #[cfg(feature = "render-count")]
    crate::ui::render_count::count("verbatim");
    if props.rules.is_empty() {
        return html! {};
    }
    let more = props.rules.len().saturating_sub(MAX_LISTED);
    html! {
        <section class="pnp-section pnp-card" aria-label="Imported rules" data-testid="verbatim-rules">
            <h2 class="pnp-h">{ format!("Imported rules, kept verbatim ({})", props.rules.len()) }</h2>
            <p class="pnp-hint">{ "These come last in their lists, exactly as imported." }</p>
            { for props.rules.iter().take(MAX_LISTED).enumerate().map(|(i, rule)| {
                let yaml = crate::render::verbatim_yaml(rule);
                html! {
                    <div class="pnp-subcard" id={FieldPath::key_of("verbatim").at(i).dom_id()}>
                        <div class="pnp-card-head">
                            <span class="pnp-label">{ rule.list() }</span>
                            <button type="button" class="pnp-btn pnp-btn-small pnp-btn-danger"
                                aria-label={format!("Remove imported rule {}", i + 1)}
                                onclick={props.on_action.reform(move |_: MouseEvent| Action::RemoveVerbatim(i))}>{ "Remove" }</button>
                        </div>
                        <pre class="pnp-yaml pnp-mono">{ yaml }</pre>
                    </div>
                }
            }) }
            if more > 0 {
                <p class="pnp-hint">{ format!("…and {more} more.") }</p>
            }
        </section>
    }
}
