//! The one entry point of the core: Environment -> everything the UI and CLI show.

use crate::builder::{self, RuleNotes};
use crate::chart;
use crate::coverage::{self, CoverageItem};
use crate::lint::{self, Finding};
use crate::model::Environment;
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
    /// The values file with the related chart values.
    pub related_yaml: String,
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
    let findings = lint::environment_findings(env, &built);
    let coverage = coverage::coverage(env, &built);
    Analysis {
        values_yaml: render::values_yaml(&built.values, &built.notes),
        manifest_yaml: render::manifest_yaml(&built.values, &env.release, built.service_port),
        related_yaml: render::related_yaml(env, &built),
        fullname: chart::fullname(&env.release),
        namespace: env.release.namespace.clone(),
        service_port: built.service_port,
        values: built.values,
        notes: built.notes,
        findings,
        coverage,
    }
}
