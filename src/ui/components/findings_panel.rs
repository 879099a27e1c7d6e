//! The warnings panel: findings grouped by severity, each with why and how to fix it.

use yew::prelude::*;

use crate::fields::FieldPath;

use crate::lint::{Finding, Severity, CATALOG};
use crate::remedy::Remedy;

/// Props of [`findings_panel`].
pub struct FindingsPanelProps<'a> {
    /// The findings, sorted by severity.
    pub findings: &'a [Finding],
    /// Scroll to and focus the control of an Environment path.
    pub on_focus: Callback<FieldPath>,
    /// Apply a one-click fix.
    pub on_remedy: Callback<Remedy>,
    /// Prefix of ids and test ids, so the panel can appear twice on a page.
    pub testid: AttrValue,
    /// The heading.
    pub title: AttrValue,
}

fn group_label(s: Severity, n: usize) -> String {
    let noun = match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

fn finding(i: usize, f: &Finding, props: &FindingsPanelProps<'_>) -> Html {
    let path = FieldPath::from(f.path.as_str());
    let focus = props.on_focus.reform(move |_: MouseEvent| path.clone());
    let remedy = f.remedy.clone().map(|r| {
        let label = r.label();
        let onclick = props.on_remedy.reform(move |_: MouseEvent| r.clone());
        html! {
            <button type="button" class="pnp-btn pnp-btn-small pnp-btn-primary" {onclick}
                data-testid={format!("fix-{}", f.code)}>{ label }</button>
        }
    });
    html! {
        <li class={classes!("pnp-finding", format!("pnp-sev-{}", f.severity.as_str()))}
            data-testid={format!("finding-{}", f.code)} data-code={f.code.as_str()} key={format!("{i}-{}", f.code)}>
            <button type="button" class="pnp-finding-title" onclick={focus}
                title={format!("Go to {}", f.path)}>
                <span class="pnp-sev-badge">{ f.severity.as_str() }</span>
                { f.title.clone() }
            </button>
            <p class="pnp-finding-detail">{ f.detail.clone() }</p>
            if let Some(fix) = &f.fix {
                <p class="pnp-finding-fix"><strong>{ "Fix: " }</strong>{ fix.clone() }</p>
            }
            { remedy.unwrap_or_default() }
            <code class="pnp-finding-code">{ f.code.as_str() }</code>
        </li>
    }
}

/// The findings panel (an aria-live region, so screen readers hear it change).
pub fn findings_panel(props: &FindingsPanelProps<'_>) -> Html {
    let groups = [Severity::Error, Severity::Warning, Severity::Info];
    let total = props.findings.len();
    let t = &props.testid;
    let heading = format!("pnp-{t}-h");
    html! {
        <section class="pnp-findings" aria-labelledby={heading.clone()} data-testid={t.clone()}>
            <h2 class="pnp-h2" id={heading}>{ props.title.clone() }</h2>
            <div aria-live="polite" aria-atomic="false">
                if total == 0 {
                    <div class="pnp-findings-empty" data-testid={format!("{t}-empty")}>
                        <p>{ "No findings: this policy passes every check." }</p>
                        <details>
                            <summary>{ format!("What was checked ({})", CATALOG.len()) }</summary>
                            <ul class="pnp-checked">
                                { for CATALOG.iter().map(|c| html! { <li><code>{ c.code }</code>{ " " }{ c.summary }</li> }) }
                            </ul>
                        </details>
                    </div>
                }
                { for groups.iter().map(|&s| {
                    let items: Vec<(usize, &Finding)> = props.findings.iter().enumerate().filter(|(_, f)| f.severity == s).collect();
                    if items.is_empty() {
                        return Html::default();
                    }
                    html! {
                        <div class={classes!("pnp-group", format!("pnp-group-{}", s.as_str()))}
                            data-testid={format!("{t}-{}", s.as_str())}>
                            <h3 class="pnp-h3">{ group_label(s, items.len()) }</h3>
                            <ul class="pnp-finding-list">
                                { for items.iter().map(|(i, f)| finding(*i, f, props)) }
                            </ul>
                        </div>
                    }
                }) }
            </div>
        </section>
    }
}
