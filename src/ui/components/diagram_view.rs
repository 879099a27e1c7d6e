//! The preview's Diagram tab: the core's traffic diagram as SVG, with a text list of the
//! same nodes for screen readers and keyboards.
//!
//! The SVG is markup our own core wrote (it escapes every text), put in place through
//! [`browser::set_markup`]; its stylesheet is adopted by the document rather than
//! written in the markup, which a strict Content-Security-Policy (`style-src 'self'`)
//! would block. Clicks are delegated: the closest element with `data-node`
//! says what was clicked (`data-expands`, `data-rule`, `data-field`), in the drawing
//! and in the list alike.

use std::collections::BTreeSet;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::diagram::{diagram, Diagram, Node, NARROW_BELOW, STYLE};
use crate::fields::FieldPath;
use crate::model::Environment;
use crate::ui::browser;
use crate::ui::part::Part;

/// The width the narrow layout is drawn for, and the wide one's.
const NARROW_PX: u32 = 390;
const WIDE_PX: u32 = 1280;

/// Props of [`DiagramView`].
#[derive(Properties, PartialEq, Clone)]
pub struct DiagramViewProps {
    /// The Environment to draw.
    pub env: Part<Environment>,
    /// The "+N more" groups drawn whole.
    pub expanded: BTreeSet<String>,
    /// A "+N more" node was clicked: draw its group whole.
    pub on_expand: Callback<String>,
    /// A node with a rule was clicked: select the rule (its values path).
    pub on_select_rule: Callback<AttrValue>,
    /// A node without a rule was clicked: focus its field.
    pub on_focus: Callback<FieldPath>,
}

/// Whether the element is narrower than the wide layout needs.
fn is_narrow(el: &Element) -> bool {
    el.client_width() > 0 && (el.client_width() as u32) < NARROW_BELOW
}

/// What a click on (or inside) `target` asks for, read from the closest `data-node`.
enum Pick {
    Expand(String),
    Rule(String),
    Field(String),
}

fn pick(target: &Element) -> Option<Pick> {
    let node = target.closest("[data-node]").ok().flatten()?;
    let attr = |name: &str| node.get_attribute(name);
    attr("data-expands")
        .map(Pick::Expand)
        .or_else(|| attr("data-rule").map(Pick::Rule))
        .or_else(|| attr("data-field").map(Pick::Field))
}

/// One line of the text list; a node that links somewhere is a button.
fn list_item(n: &Node) -> Html {
    let sentence = n.sentence();
    let action = if n.expands.is_some() {
        Some("show all")
    } else if n.rule.is_some() {
        Some("show rule")
    } else if n.field.is_some() {
        Some("go to field")
    } else {
        None
    };
    html! {
        <li data-verdict={n.verdict.map(|v| v.as_str())}>
            { sentence }
            if let Some(action) = action {
                { " " }
                <button type="button" class="pnp-btn pnp-btn-small" data-node={n.id.clone()}
                    data-rule={n.rule.clone()} data-field={n.field.clone()}
                    data-expands={n.expands.clone()}
                    aria-label={format!("{}: {action}", n.label)}>{ action }</button>
            }
        </li>
    }
}

fn text_list(d: &Diagram) -> Html {
    html! {
        <details class="pnp-diagram-list" data-testid="diagram-list">
            <summary>{ "The diagram as a list" }</summary>
            <h3 class="pnp-h3">{ "Who reaches Periscope" }</h3>
            <ul>{ for d.ingress.iter().map(list_item) }</ul>
            <h3 class="pnp-h3">{ "What Periscope reaches" }</h3>
            <ul>{ for d.egress.iter().map(list_item) }</ul>
        </details>
    }
}

/// The diagram, drawn for the width of its container.
#[component]
pub fn DiagramView(props: &DiagramViewProps) -> Html {
    let holder = use_node_ref();
    let narrow = use_state_eq(|| false);
    let failed = use_state_eq(|| None::<String>);
    {
        // Follow the container's width: the layout changes below NARROW_BELOW.
        let (holder, narrow) = (holder.clone(), narrow.clone());
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = holder.cast::<Element>() {
                    narrow.set(is_narrow(&el));
                }
            };
            measure();
            let listener =
                web_sys::window().map(|w| EventListener::new(&w, "resize", move |_| measure()));
            move || drop(listener)
        });
    }
    let drawn = use_memo(
        (props.env.clone(), props.expanded.clone()),
        |(env, expanded)| diagram(env, expanded),
    );
    let svg = use_memo((drawn.clone(), *narrow), |(d, narrow)| {
        d.to_svg_in_page(if *narrow { NARROW_PX } else { WIDE_PX })
    });
    {
        let (holder, failed) = (holder.clone(), failed.clone());
        use_effect_with(svg, move |svg| {
            if let Some(el) = holder.cast::<Element>() {
                let drawn =
                    browser::adopt_style_once(STYLE).and_then(|()| browser::set_markup(&el, svg));
                failed.set(drawn.err().map(|e| e.to_string()));
            }
        });
    }
    let onclick = {
        let (expand, rule, focus) = (
            props.on_expand.clone(),
            props.on_select_rule.clone(),
            props.on_focus.clone(),
        );
        Callback::from(move |e: MouseEvent| {
            let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
            match target.as_ref().and_then(pick) {
                Some(Pick::Expand(group)) => expand.emit(group),
                Some(Pick::Rule(path)) => rule.emit(path.into()),
                Some(Pick::Field(path)) => focus.emit(FieldPath::from(path.as_str())),
                None => {}
            }
        })
    };
    html! {
        <div class="pnp-diagram" data-testid="diagram" {onclick}>
            if let Some(why) = (*failed).clone() {
                <p class="pnp-diagram-error" role="alert">
                    { format!("The drawing cannot be shown on this page ({why}); the list below says the same.") }
                </p>
            }
            <div class="pnp-diagram-svg" ref={holder} data-testid="diagram-svg"></div>
            { text_list(&drawn) }
        </div>
    }
}
