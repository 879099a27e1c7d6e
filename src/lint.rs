//! Findings: data about an invalid, broken or too-open policy, for the warnings panel
//! and the CLI's `check`.
//!
//! Every check runs on the `networkPolicy` values plus a [`Context`] (what the rest of
//! the chart values say the pod needs). [`values_findings`] is that alone, for a values
//! file we did not generate; [`environment_findings`] builds the Context from an
//! Environment, runs the same checks on the generated values, points rule findings at
//! the form field that made the rule, and adds what only an Environment can tell
//! (how CIDRs were typed, which issuer host, which EKS endpoint).

mod catalog;
mod cidrs;
mod context;
mod exposure;
mod home;
mod idp;
mod infer;
mod label_keys;
mod maybe;
mod needs;
mod redundant;
pub mod shape;
mod unverified;
#[cfg(test)]
mod verdict;

pub use catalog::{lookup, Code, FindingCode, CATALOG};
pub use context::{Backend, ChartFlags, ClusterNeed, Context, Dest, Paths, Proxy, Verdict};
pub use home::{home_summary, Home, Shown};
pub use label_keys::{near_miss, WELL_KNOWN_KEYS};
pub use redundant::MAX_REDUNDANCY_RULES;

use crate::builder::{Built, RuleNotes};
use crate::model::Environment;
use crate::netindex::NetIndex;
use crate::remedy::Remedy;
use crate::validate::{self, ApiError};
use crate::values::Values;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The API server rejects it, an input was left out, or Periscope breaks.
    Error,
    /// Something is likely broken, or too open.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// Lowercase name, for the CLI and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Its stable code, e.g. `pod-identity-blocked`.
    pub code: FindingCode,
    /// How bad it is: always `code.severity()`, kept here for the renderers.
    pub severity: Severity,
    /// The Environment field (from an Environment) or values path (from a values file).
    pub path: String,
    /// One line: what is wrong.
    pub title: String,
    /// Why it matters.
    pub detail: String,
    /// One line: what to do, when there is something to do.
    pub fix: Option<String>,
    /// A one-click mechanical fix, when there is one.
    pub remedy: Option<Remedy>,
}

impl Finding {
    /// A finding without fix or remedy; its severity is the catalog's.
    pub fn new(
        code: FindingCode,
        path: impl Into<String>,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Finding {
            code,
            severity: code.severity(),
            path: path.into(),
            title: title.into(),
            detail: detail.into(),
            fix: None,
            remedy: None,
        }
    }

    /// With a one-line fix.
    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    /// With a one-click remedy.
    pub fn with_remedy(mut self, remedy: Remedy) -> Self {
        self.remedy = Some(remedy);
        self
    }
}

/// Every finding for a values block we did not generate, given what the rest of the
/// chart values (and the operator's flags) say. Sorted by severity, then path.
///
/// ```
/// use periscope_netpol::lint::{values_findings, Context};
/// use periscope_netpol::import::parse_values;
/// let v = parse_values("networkPolicy: {enabled: true}").unwrap();
/// let f = values_findings(&v, &Context::default());
/// assert!(f.iter().any(|f| f.code == "ingress-none"));
/// ```
pub fn values_findings(values: &Values, ctx: &Context) -> Vec<Finding> {
    let index = NetIndex::new(values);
    let mut out = api_findings(values);
    out.extend(policy_findings(&index, ctx));
    out.extend(cidrs::values_hygiene(&index));
    finish(out)
}

/// Every finding for a chart values file `doc` (merge keys applied) whose block reads as
/// `values`: its shape ([`shape::shape_findings`]), then the values' own. A file without
/// a `networkPolicy` block is reported as such, not judged as the chart's defaults.
pub fn document_findings(doc: &serde_yaml::Value, values: &Values, ctx: &Context) -> Vec<Finding> {
    let block = crate::import::block_at(doc);
    let mut out = shape::shape_findings(doc, block);
    if block != crate::import::BlockAt::Missing {
        out.extend(values_findings(values, ctx));
    }
    finish(out)
}

/// Every finding for an Environment and what the builder made of it, paths pointing at
/// Environment fields. Sorted by severity, then path.
pub fn environment_findings(env: &Environment, built: &Built) -> Vec<Finding> {
    let ctx = Context::from_environment(env, built);
    environment_findings_with(env, built, &ctx, &NetIndex::new(&built.values))
}

/// [`environment_findings`] with the Context of `env` and the index of `built.values`
/// already made (the analysis shares them with the checklist).
pub fn environment_findings_with(
    env: &Environment,
    built: &Built,
    ctx: &Context,
    index: &NetIndex<'_>,
) -> Vec<Finding> {
    let mut out = input_findings(built);
    if let Err(e) = crate::names::release_name(&env.release.name) {
        out.push(Finding::new(
            FindingCode::InputInvalid,
            "release.name",
            e.to_string(),
            "helm install refuses this release name.",
        ));
    }
    out.extend(printed_name_findings(env));
    let mut shared = api_findings(index.values());
    shared.extend(policy_findings(index, ctx));
    for mut f in shared {
        f.path = env_path(&f.path, &built.origins);
        out.push(f);
    }
    out.extend(cidrs::environment_hygiene(env, built));
    out.extend(cidrs::environment_only(env));
    if let Some(policy) = &ctx.companion {
        out.extend(crate::cilium::findings(env, policy));
    }
    finish(out)
}

/// The names the chart's template prints unquoted (`{{ .Release.Name }}` and the name
/// helpers; facts §1) that a YAML reader takes for a number, boolean or null: release
/// `yes` gives `app.kubernetes.io/instance: yes`, which Kubernetes reads as `true`, and
/// `helm install` fails because labels are strings. The preview shows it as printed.
fn printed_name_findings(env: &Environment) -> Vec<Finding> {
    use crate::yaml::go::{quoting, Quoting};
    let r = &env.release;
    // (the field to fix, what the chart prints, where)
    let mut printed = vec![(
        "release.name",
        r.name.clone(),
        "label app.kubernetes.io/instance",
    )];
    if !r.name_override.is_empty() {
        printed.push((
            "release.nameOverride",
            crate::chart::name(r),
            "label app.kubernetes.io/name",
        ));
    }
    let fullname_field = if r.fullname_override.is_empty() {
        "release.name"
    } else {
        "release.fullnameOverride"
    };
    printed.push((fullname_field, crate::chart::fullname(r), "metadata.name"));
    let mut out = Vec::new();
    for (field, value, place) in printed {
        // An empty name has its own finding; single quotes or a literal block mean it is
        // no name at all, which the name checks report.
        if value.is_empty() || quoting(&value) != Quoting::Double {
            continue;
        }
        if out.iter().any(|f: &Finding| f.path == field) {
            continue;
        }
        out.push(
            Finding::new(FindingCode::NameNotAString,
                field,
                format!("The chart prints {place}: {value} unquoted, and YAML reads {value} as a number, boolean or null."),
                "The chart's template writes names with {{ }} and no quote, so Kubernetes gets a non-string where it needs a string, and helm install fails.",
            )
            .with_fix("Use a name that is not a number, true/false, yes/no, on/off, y/n or null."),
        );
    }
    out
}

/// The checks on values plus context that both entry points share.
fn policy_findings(index: &NetIndex<'_>, ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    if !index.values().enabled {
        out.push(exposure::disabled(ctx));
        return out;
    }
    out.extend(exposure::findings(index, ctx));
    out.extend(needs::findings(index, ctx));
    out.extend(redundant::redundant_rules(index));
    out.extend(label_keys::findings(index.values()));
    out
}

/// Findings about the input the builder could not use.
pub fn input_findings(built: &Built) -> Vec<Finding> {
    built
        .problems
        .iter()
        .map(|p| {
            Finding::new(
                FindingCode::InputInvalid,
                p.path.to_string(),
                p.message(),
                "This entry is left out of the generated values until it is fixed.",
            )
        })
        .collect()
}

/// Findings for everything the API server would reject in the values.
pub fn api_findings(values: &Values) -> Vec<Finding> {
    validate::validate(values)
        .into_iter()
        .map(|ApiError { path, message }| {
            Finding::new(FindingCode::ApiInvalid,
                path,
                message,
                "The chart's schema does not check networkPolicy rules: helm install succeeds and the API server rejects the NetworkPolicy.",
            )
        })
        .collect()
}

/// Points a values path of a generated rule at the Environment field that made it.
fn env_path(path: &str, origins: &RuleNotes) -> String {
    let lists: [(&str, &[String]); 3] = [
        ("networkPolicy.egress.extra[", &origins.egress_extra),
        ("networkPolicy.ingress.extra[", &origins.ingress_extra),
        (
            "networkPolicy.ingress.fromNamespaces[",
            &origins.from_namespaces,
        ),
    ];
    for (prefix, list) in lists {
        let Some(rest) = path.strip_prefix(prefix) else {
            continue;
        };
        let index = rest.split(']').next().and_then(|n| n.parse::<usize>().ok());
        if let Some(origin) = index.and_then(|i| list.get(i)).filter(|o| !o.is_empty()) {
            return origin.clone();
        }
    }
    path.to_owned()
}

/// Sorts by severity, then path, then code, and drops repeats.
fn finish(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by(|a, b| {
        (a.severity, &a.path, a.code.as_str(), &a.title).cmp(&(
            b.severity,
            &b.path,
            b.code.as_str(),
            &b.title,
        ))
    });
    findings.dedup_by(|a, b| a.code == b.code && a.path == b.path && a.title == b.title);
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_paths_follow_origins() {
        let origins = RuleNotes {
            from_namespaces: vec!["ingress[0]".into()],
            ingress_extra: vec![],
            egress_extra: vec!["egress".into(), "custom[3]".into()],
        };
        let cases = [
            (
                "networkPolicy.egress.extra[1].to[0].ipBlock.cidr",
                "custom[3]",
            ),
            ("networkPolicy.egress.extra[0]", "egress"),
            (
                "networkPolicy.egress.extra[7]",
                "networkPolicy.egress.extra[7]",
            ),
            ("networkPolicy.ingress.fromNamespaces[0].x", "ingress[0]"),
            (
                "networkPolicy.ingress.extra[0]",
                "networkPolicy.ingress.extra[0]",
            ),
            ("aws.credentials", "aws.credentials"),
        ];
        for (path, want) in cases {
            assert_eq!(env_path(path, &origins), want, "{path}");
        }
    }

    #[test]
    fn findings_sort_by_severity_then_path_and_dedup() {
        // The severity is the code's: an error code and an info code.
        let f = |code, path: &str| Finding::new(code, path, "t", "d");
        let out = finish(vec![
            f(FindingCode::PolicyDisabled, "a"),
            f(FindingCode::InputInvalid, "b"),
            f(FindingCode::InputInvalid, "a"),
            f(FindingCode::InputInvalid, "a"),
        ]);
        let got: Vec<_> = out.iter().map(|f| (f.severity, f.path.as_str())).collect();
        assert_eq!(
            got,
            [
                (Severity::Error, "a"),
                (Severity::Error, "b"),
                (Severity::Info, "a")
            ]
        );
    }
}
