//! Checking values the operator already has: the CLI's `check`, in the browser.
//!
//! The pasted text is never rewritten: one-click fixes are kept as a list and applied to
//! the parsed values, and the fixed values are shown beside the untouched text.

use crate::builder::RuleNotes;
use crate::import::{self, ImportError};
use crate::lint::{self, ChartFlags, Context, Finding};
use crate::model::Credentials;
use crate::ranges::Published;
use crate::remedy::{self, Remedy};
use crate::render;

/// What the operator gave the checker.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckInput {
    /// The pasted values file (whole chart values or the `networkPolicy` block).
    pub text: String,
    /// What the file cannot say.
    pub flags: ChartFlags,
    /// The credential path, when the operator overrides what the file implies.
    pub credentials: Option<Credentials>,
    /// Fixes applied so far, in order.
    pub fixes: Vec<Remedy>,
    /// Published ranges files loaded, to compare the rules with.
    pub published: Published,
    /// The AWS region of STS and the other APIs; empty: the first `clusters[].region`.
    pub aws_region: String,
}

/// What the checker found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckResult {
    /// Why the text could not be read, if it could not.
    pub error: Option<ImportError>,
    /// The values with the fixes applied, as a `networkPolicy:` block.
    pub fixed_yaml: String,
    /// The findings on the fixed values.
    pub findings: Vec<Finding>,
    /// The credential path the checks assumed.
    pub credentials: Credentials,
}

/// Checks pasted values.
///
/// ```
/// use periscope_netpol::check::{check, CheckInput};
/// use periscope_netpol::model::Credentials;
/// let input = CheckInput {
///     text: "networkPolicy:\n  enabled: true\n".into(),
///     credentials: Some(Credentials::PodIdentity),
///     ..CheckInput::default()
/// };
/// let r = check(&input);
/// assert!(r.findings.iter().any(|f| f.code == "pod-identity-blocked"));
/// let bad = check(&CheckInput { text: "a: [".into(), ..CheckInput::default() });
/// assert!(bad.error.is_some());
/// ```
pub fn check(input: &CheckInput) -> CheckResult {
    if input.text.trim().is_empty() {
        return CheckResult::default();
    }
    let doc = match import::parse_document(&input.text) {
        Ok(doc) => doc,
        Err(e) => return failed(e),
    };
    let values = match import::document_values(&input.text, &doc) {
        Ok(v) => v,
        Err(e) => return failed(e),
    };
    let mut ctx = Context::from_chart_values(&doc, &input.flags);
    if let Some(c) = input.credentials {
        ctx.credentials = c;
    }
    // The ranges place what the Context needs, the override included.
    let ctx = ctx.with_chart_ranges(&doc, &input.aws_region, &input.published);
    let fixed = input
        .fixes
        .iter()
        .fold(values, |v, r| remedy::apply_to_values(&v, r));
    CheckResult {
        error: None,
        fixed_yaml: render::values_yaml(&fixed, &RuleNotes::default()),
        findings: lint::document_findings(&doc, &fixed, &ctx),
        credentials: ctx.credentials,
    }
}

fn failed(e: ImportError) -> CheckResult {
    CheckResult {
        error: Some(e),
        ..CheckResult::default()
    }
}
