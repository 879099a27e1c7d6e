//! The one entry point of the core: Environment -> everything the UI and CLI show.

use crate::builder::{self, RuleNotes};
use crate::chart;
use crate::coverage::{self, CoverageItem};
use crate::lint::{self, Context, Finding};
use crate::model::Environment;
use crate::netindex::NetIndex;
use crate::render;
use crate::values::Values;

/// Everything derived from an Environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The `networkPolicy` values.
    pub values: Values,
    /// Why each rule is there.
    pub notes: RuleNotes,
    /// The `networkPolicy:` block to paste.
    pub values_yaml: String,
    /// The NetworkPolicy the chart renders.
    pub manifest_yaml: String,
    /// The NetworkPolicy's name (the chart's fullname).
    pub fullname: String,
    /// The release namespace.
    pub namespace: String,
    /// `service.port` as used.
    pub service_port: u16,
    /// The warnings panel, sorted by severity then path.
    pub findings: Vec<Finding>,
    /// The "What this policy allows" checklist.
    pub coverage: Vec<CoverageItem>,
    /// The companion CiliumNetworkPolicy (`crate::cilium`), when `env.cni` is Cilium.
    pub cilium_yaml: Option<String>,
}

/// Builds, renders and lints an Environment. Pure and total: never panics.
///
/// ```
/// use periscope_netpol::{analyze, model::Environment};
/// let a = analyze(&Environment::default());
/// assert!(a.values_yaml.contains("cidr: 0.0.0.0/0"));
/// assert_eq!(a.fullname, "periscope");
/// assert!(a.coverage.iter().any(|c| c.feature == "DNS"));
/// ```
pub fn analyze(env: &Environment) -> Analysis {
    let built = builder::build(env);
    // The findings and the checklist ask the same questions of the same values: the
    // Context and the parsed ipBlocks are made once for both.
    let ctx = Context::from_environment(env, &built);
    let index = NetIndex::new(&built.values);
    let findings = lint::environment_findings_with(env, &built, &ctx, &index);
    let coverage = coverage::coverage_with(env, &built, &ctx, &index);
    let values_yaml = render::values_yaml_noting(&built.values, &built.notes, &built.problems);
    let cilium_yaml = ctx.companion.as_ref().map(crate::cilium::to_yaml);
    Analysis {
        cilium_yaml,
        manifest_yaml: render::manifest_yaml(&built.values, &env.release, built.service_port),
        values_yaml,
        fullname: chart::fullname(&env.release),
        namespace: env.release.namespace.clone(),
        service_port: built.service_port,
        values: built.values,
        notes: built.notes,
        findings,
        coverage,
    }
}

/// The values file with the related chart values around the `networkPolicy:` block, for
/// `helm template <release> periscope -f <file>` (the CLI's `render --with-related`).
/// Made on demand: the app never shows it, so [`analyze`] does not make it on every edit.
///
/// ```
/// use periscope_netpol::{analysis::related_yaml, analyze, model::Environment};
/// let env = Environment::default();
/// let related = related_yaml(&env);
/// assert!(related.starts_with("service:\n  port: 8080\n"));
/// assert!(related.ends_with(&analyze(&env).values_yaml));
/// ```
pub fn related_yaml(env: &Environment) -> String {
    let built = builder::build(env);
    render::related_yaml(env, &built)
}
