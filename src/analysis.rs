//! The one entry point of the core: Environment -> everything the UI and CLI show.

use crate::builder::{self, RuleNotes};
use crate::chart;
use crate::coverage::{self, CoverageItem};
use crate::lint::{self, Context, Finding};
use crate::model::Environment;
use crate::netindex::NetIndex;
use crate::ranges::Published;
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
    analyze_with(env, &Published::default())
}

/// [`analyze`] with published ranges loaded: the CIDRs given for the AWS APIs, public
/// EKS endpoints and an Okta issuer are compared with the files' prefixes (all allowed:
/// `ranges-verified`; some: `ranges-partial`; none: the need's "unreachable" finding).
///
/// ```
/// use std::sync::Arc;
/// use periscope_netpol::analysis::analyze_with;
/// use periscope_netpol::model::{EgressPosture, Environment};
/// use periscope_netpol::ranges::{read_aws, Published};
/// let aws = read_aws(r#"{"syncToken":"1","createDate":"2026-12-01-00-00-00","prefixes":[
///   {"ip_prefix":"198.51.100.0/24","region":"eu-west-1","service":"AMAZON"},
///   {"ip_prefix":"203.0.113.0/24","region":"eu-west-1","service":"AMAZON"}]}"#).unwrap();
/// let published = Published { aws: Some(Arc::new(aws)), ..Published::default() };
/// let mut env = Environment { egress: EgressPosture::Explicit, clusters: vec![], ..Environment::default() };
/// env.aws.region = "eu-west-1".into();
/// env.aws.api_cidrs = "198.51.100.0/24".into();
/// let a = analyze_with(&env, &published);
/// let partial = a.findings.iter().find(|f| f.code == "ranges-partial").unwrap();
/// assert!(partial.title.ends_with("the rules allow only 1 of its 2 prefixes"), "{}", partial.title);
/// env.aws.api_cidrs = "8.8.8.0/24".into();
/// let a = analyze_with(&env, &published);
/// assert!(a.findings.iter().any(|f| f.code == "aws-api-unreachable"));
/// ```
pub fn analyze_with(env: &Environment, published: &Published) -> Analysis {
    let built = builder::build(env);
    // The findings and the checklist ask the same questions of the same values: the
    // Context and the parsed ipBlocks are made once for both.
    let ctx = Context::from_environment_with(env, &built, published);
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
