//! The root component.

use yew::prelude::*;

use crate::analyze;
use crate::ui::state::State;

/// The configurator.
#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    let analysis = use_memo(state.env.clone(), analyze);
    html! {
        <div class="pnp">
            <header class="pnp-header">
                <h1 class="pnp-title">{ "Periscope NetworkPolicy configurator" }</h1>
            </header>
            <section class="pnp-preview" aria-label="Generated values">
                <h2 class="pnp-h2">{ "values.yaml" }</h2>
                <pre class="pnp-yaml" data-testid="values-yaml"><code>{ analysis.values_yaml.clone() }</code></pre>
            </section>
        </div>
    }
}
