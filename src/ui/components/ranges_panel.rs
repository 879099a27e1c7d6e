//! "Published IP ranges": load AWS's or Okta's ranges file (picked, dropped or pasted),
//! pick regions and services (or cells), and fill CIDR fields with the aggregated list.
//! The file stays in memory for the checks; nothing is fetched.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlOptionElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::fill::{self, Fill, FillTarget, Source};
use crate::model::{Cluster, Publisher, RangesNote};
use crate::ranges::{AwsRanges, OktaRanges, Published, RangesError, Selection};
use crate::ui::hooks::RangesStatus;
use crate::ui::part::Part;
use crate::ui::state::Action;

use super::rich::rich;
use super::section::section;

/// Props of [`RangesPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct RangesPanelProps {
    /// Where reading the last file stands.
    pub status: RangesStatus,
    /// The files read.
    pub published: Published,
    /// The clusters (which endpoint fields can be filled).
    pub clusters: Part<Vec<Cluster>>,
    /// The notes of the fields filled so far.
    pub notes: Part<Vec<RangesNote>>,
    /// Periscope's AWS region (the regions picked at first).
    pub region: AttrValue,
    /// Whether the AWS APIs are reached at their public endpoints (not VPC endpoints).
    pub aws_public: bool,
    /// Whether the posture uses the CIDR fields (explicit CIDRs).
    pub explicit: bool,
    /// Read a picked or dropped file.
    pub on_file: Callback<web_sys::File>,
    /// Read pasted text.
    pub on_text: Callback<String>,
    /// Dispatches form actions.
    pub on_action: Callback<Action>,
}

/// The values picked in a `<select multiple>`.
fn picked(e: &Event) -> Vec<String> {
    let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else {
        return Vec::new();
    };
    let options = select.options();
    (0..options.length())
        .filter_map(|i| options.item(i))
        .filter_map(|o| o.dyn_into::<HtmlOptionElement>().ok())
        .filter(HtmlOptionElement::selected)
        .map(|o| o.value())
        .collect()
}

/// A `<select multiple>` of `all`, with `chosen` selected.
fn multi<S: AsRef<str>>(
    id: &'static str,
    label: &'static str,
    all: &[S],
    chosen: &[String],
    onchange: Callback<Event>,
) -> Html {
    html! {
        <div class="pnp-field">
            <label class="pnp-label" for={id}>{ label }</label>
            <select {id} class="pnp-input pnp-select pnp-multi" multiple=true size="6"
                data-testid={id} {onchange}>
                { for all.iter().map(|v| {
                    let v = v.as_ref();
                    html! { <option value={v.to_owned()} selected={chosen.iter().any(|c| c == v)}>{ v }</option> }
                }) }
            </select>
        </div>
    }
}

/// A file's selection, made once per pick (a memo), shared by the line and the buttons.
type Picked = Rc<Option<Result<Selection, RangesError>>>;

/// The fill buttons of a selection, or why there is nothing to fill. A button makes its
/// list when clicked, not on every render.
fn fill_buttons(
    targets: &[(FillTarget, String)],
    selection: &Picked,
    source: &Source,
    act: &Callback<Action>,
) -> Html {
    match &**selection {
        None => Html::default(),
        Some(Err(e)) => {
            html! { <p class="pnp-hint" data-testid="ranges-selection">{ format!("Nothing to fill: {e}") }</p> }
        }
        Some(Ok(sel)) => {
            html! { <>
                <p class="pnp-hint" data-testid="ranges-selection">{ fill::summary(&source.picked, sel) }</p>
                if targets.is_empty() {
                    <p class="pnp-hint" data-testid="ranges-no-target">{ "No field here holds public AWS addresses: the AWS APIs use VPC endpoints and no EKS cluster uses its public endpoint. The checks still use the file." }</p>
                }
                <div class="pnp-row">
                    { for targets.iter().map(|(target, label)| {
                        let (target, selection, source, act) = (*target, selection.clone(), source.clone(), act.clone());
                        let onclick = Callback::from(move |_: MouseEvent| {
                            if let Some(Ok(sel)) = &*selection {
                                act.emit(Action::FillCidrs(Box::new(Fill::new(target, sel, &source))));
                            }
                        });
                        html! {
                            <button type="button" class="pnp-btn" data-testid={format!("fill-{}", target.field())}
                                {onclick}>{ format!("Fill {label}") }</button>
                        }
                    }) }
                </div>
            </> }
        }
    }
}

/// The regions and services of an AWS file, listed once per file (not per render: the
/// file has thousands of prefixes).
#[derive(Default)]
struct PickerLists {
    regions: Vec<String>,
    services: Vec<String>,
}

/// What is picked in the AWS file, and the callbacks of its pickers.
struct AwsPicks<'a> {
    regions: &'a [String],
    services: &'a [String],
    on_regions: Callback<Event>,
    on_services: Callback<Event>,
}

/// The AWS file's pickers and fill buttons.
fn aws_pick(
    ranges: &AwsRanges,
    lists: &PickerLists,
    picks: AwsPicks<'_>,
    selection: &Picked,
    targets: &[(FillTarget, String)],
    act: &Callback<Action>,
) -> Html {
    let AwsPicks {
        regions: chosen_regions,
        services,
        on_regions,
        on_services,
    } = picks;
    let source = Source {
        publisher: Publisher::Aws,
        create_date: ranges.create_date.clone(),
        sync_token: ranges.sync_token.clone(),
        picked: format!(
            "{} in {}",
            services.join(" and "),
            chosen_regions.join(" and ")
        ),
    };
    html! {
        <div class="pnp-ranges-file" data-testid="ranges-aws">
            <div class="pnp-grid">
                { multi("ranges-regions", "Regions", &lists.regions, chosen_regions, on_regions) }
                { multi("ranges-services", "Services", &lists.services, services, on_services) }
            </div>
            <p class="pnp-hint">{ rich("STS, EKS's API and Secrets Manager live in `AMAZON` in Periscope's region; public EKS cluster endpoints in `EC2` in the cluster's region.") }</p>
            { fill_buttons(targets, selection, &source, act) }
        </div>
    }
}

/// The Okta file's cell picker and fill button.
fn okta_pick(
    ranges: &OktaRanges,
    cells: &[String],
    selection: &Picked,
    act: &Callback<Action>,
) -> Html {
    let source = Source {
        publisher: Publisher::Okta,
        picked: if cells.is_empty() {
            "every cell".to_owned()
        } else {
            cells.join(" and ")
        },
        ..Source::default()
    };
    let on_cells = act.reform(|e: Event| Action::SetOktaCells(picked(&e)));
    html! {
        <div class="pnp-ranges-file" data-testid="ranges-okta">
            { multi("ranges-cells", "Your Okta cell", &ranges.cell_names(), cells, on_cells) }
            <p class="pnp-hint">{ "Your org's cell is on its Okta admin page (OK1 is us_cell_1, EU1 emea_cell_1). With no cell picked, the checks assume any cell." }</p>
            { fill_buttons(&fill::targets(&[], false, Publisher::Okta), selection, &source, act) }
        </div>
    }
}

fn status_line(status: &RangesStatus) -> Html {
    match status {
        RangesStatus::Idle => html! {},
        RangesStatus::Reading { name } => html! {
            <p class="pnp-hint" role="status" data-testid="ranges-status" aria-busy="true">{ format!("Reading {name}…") }</p>
        },
        RangesStatus::Parsing { name, bytes } => html! {
            <p class="pnp-hint" role="status" data-testid="ranges-status" aria-busy="true">{ format!("Parsing {name} ({bytes} bytes)…") }</p>
        },
        RangesStatus::Read { name, summary, ms } => html! {
            <p class="pnp-hint" role="status" data-testid="ranges-status" data-parse-ms={ms.to_string()}>
                { format!("Read {name}: {summary}, in {ms} ms.") }
            </p>
        },
        RangesStatus::Failed(why) => html! {
            <p class="pnp-errors" role="alert" data-testid="ranges-error">{ why.clone() }</p>
        },
    }
}

/// The published ranges section.
#[component]
pub fn RangesPanel(props: &RangesPanelProps) -> Html {
    let dragging = use_state_eq(|| false);
    let text_ref = use_node_ref();
    let regions = use_state(|| None::<Vec<String>>);
    let services = use_state(|| vec!["AMAZON".to_owned()]);
    let lists = use_memo(props.published.aws.clone(), |r| {
        let owned = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect();
        r.as_deref()
            .map_or_else(PickerLists::default, |r| PickerLists {
                regions: owned(r.regions()),
                services: owned(r.services()),
            })
    });
    // Until the user picks, Periscope's own region (when the file has it).
    let chosen_regions: Vec<String> = (*regions).clone().unwrap_or_else(|| {
        lists
            .regions
            .iter()
            .filter(|r| **r == props.region.as_str())
            .cloned()
            .collect()
    });
    let aws_selection = use_memo(
        (
            props.published.aws.clone(),
            chosen_regions.clone(),
            (*services).clone(),
        ),
        |(r, regions, services)| {
            let regions: Vec<&str> = regions.iter().map(String::as_str).collect();
            let services: Vec<&str> = services.iter().map(String::as_str).collect();
            r.as_ref().map(|r| r.select(&regions, &services))
        },
    );
    let okta_selection = use_memo(
        (
            props.published.okta.clone(),
            props.published.okta_cells.clone(),
        ),
        |(r, cells)| {
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            r.as_ref().map(|r| r.select(&cells))
        },
    );
    let on_regions = {
        let regions = regions.clone();
        Callback::from(move |e: Event| regions.set(Some(picked(&e))))
    };
    let on_services = {
        let services = services.clone();
        Callback::from(move |e: Event| services.set(picked(&e)))
    };
    let on_pick = {
        let on_file = props.on_file.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = crate::ui::browser::take_picked_file(&e) {
                on_file.emit(file);
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // Without this the browser opens the dropped file instead.
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let (dragging, on_file) = (dragging.clone(), props.on_file.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                on_file.emit(file);
            }
        })
    };
    let on_read = {
        let (text_ref, on_text) = (text_ref.clone(), props.on_text.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = text_ref.cast::<HtmlTextAreaElement>() {
                on_text.emit(area.value());
            }
        })
    };
    let busy = matches!(
        props.status,
        RangesStatus::Reading { .. } | RangesStatus::Parsing { .. }
    );
    let forget = |p: Publisher| {
        props
            .on_action
            .reform(move |_: MouseEvent| Action::ForgetRanges(p))
    };
    let notes = props
        .notes
        .iter()
        .map(|n| html! { <li>{ format!("{}: {}", n.field, n.sentence()) }</li> })
        .collect::<Html>();
    section(
        "sec-ranges",
        "Published IP ranges",
        rich("Load AWS's `ip-ranges.json` or Okta's `ip_ranges.json` (download them yourself: nothing is fetched). Fill CIDR fields with the aggregated list; while a file is loaded the checks use it to tell whether the rules reach STS, EKS and the issuer."),
        html! { <>
            <div class={classes!("pnp-drop", dragging.then_some("pnp-drop-on"))} data-testid="ranges-drop"
                {ondragover} {ondragleave} {ondrop} aria-busy={busy.to_string()}>
                <p class="pnp-hint">{ "Drop a ranges file here, or" }</p>
                <input id="pnp-ranges-file" type="file" accept=".json,application/json"
                    data-testid="ranges-file" onchange={on_pick} disabled={busy}
                    aria-label="Choose a ranges file" />
            </div>
            <details class="pnp-ranges-paste">
                <summary>{ "or paste the file's text" }</summary>
                <textarea class="pnp-textarea pnp-mono" rows="5" spellcheck="false"
                    data-testid="ranges-text" aria-label="Ranges file text" ref={text_ref} />
                <button type="button" class="pnp-btn" data-testid="ranges-read" disabled={busy}
                    onclick={on_read}>{ "Read" }</button>
            </details>
            { status_line(&props.status) }
            if !props.explicit {
                <p class="pnp-hint" data-testid="ranges-posture">{ rich("The filled fields are used by the Explicit CIDRs posture (and VPC endpoints); with another posture they only feed the checks.") }</p>
            }
            if let Some(r) = &props.published.aws {
                <div class="pnp-card-head">
                    <h3 class="pnp-h3" data-testid="ranges-aws-file">{ format!("AWS ip-ranges.json of {} (syncToken {})", r.create_date, r.sync_token) }</h3>
                    <button type="button" class="pnp-btn" data-testid="ranges-forget-aws"
                        onclick={forget(Publisher::Aws)}>{ "Put away" }</button>
                </div>
                { aws_pick(r, &lists, AwsPicks { regions: &chosen_regions, services: &services, on_regions, on_services },
                    &aws_selection, &fill::targets(&props.clusters, props.aws_public, Publisher::Aws), &props.on_action) }
            }
            if let Some(r) = &props.published.okta {
                <div class="pnp-card-head">
                    <h3 class="pnp-h3">{ "Okta ip_ranges.json" }</h3>
                    <button type="button" class="pnp-btn" data-testid="ranges-forget-okta"
                        onclick={forget(Publisher::Okta)}>{ "Put away" }</button>
                </div>
                { okta_pick(r, &props.published.okta_cells, &okta_selection, &props.on_action) }
            }
            if !props.notes.is_empty() {
                <ul class="pnp-hint" data-testid="ranges-notes">{ notes }</ul>
            }
        </> },
    )
}
