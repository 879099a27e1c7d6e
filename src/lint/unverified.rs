//! Start-up dependencies no rule can be shown to reach: AWS APIs (STS for IRSA, EKS
//! DescribeCluster), Secrets Manager / SSM in native mode, and each cluster's apiserver.
//! "Unknown" is not silent for what stops Periscope: a warning names the dependency, its
//! host and port, the rules that might reach it, and how to make it certain.

use super::context::{Backend, ClusterNeed, Context, Dest};
use super::maybe::{candidates, rules_phrase};
use super::Finding;
use crate::lint::FindingCode;
use crate::model::Credentials;
use crate::netindex::NetIndex;

/// `sts.<region>.amazonaws.com`, with a placeholder when the region is not known.
fn aws_host(service: &str, region: &str) -> String {
    let region = if region.trim().is_empty() {
        "<region>"
    } else {
        region.trim()
    };
    crate::hosts::aws_host(service, region)
}

/// How to make an AWS endpoint certain, by where it is expected to live.
fn aws_fix(dest: &Dest) -> &'static str {
    if matches!(dest, Dest::Private { .. }) {
        "Make it certain: allow the subnets of the VPC interface endpoints on TCP 443."
    } else {
        "Make it certain: allow the region's published ranges (ip-ranges.json, service AMAZON) on TCP 443, or use VPC interface endpoints and allow their subnets."
    }
}

/// `aws-api-unverified` and `secrets-unverified`.
pub(super) fn aws(index: &NetIndex<'_>, ctx: &Context, out: &mut Vec<Finding>) {
    let maybe = rules_phrase(&candidates(index.values(), ctx, &ctx.aws));
    let ranges = format!(
        "{}{}",
        super::home::note(index, &ctx.aws),
        ctx.aws_ranges_gap
    );
    if ctx.secrets_native {
        let hosts = format!(
            "{} and {}",
            aws_host("secretsmanager", &ctx.region),
            aws_host("ssm", &ctx.region)
        );
        out.push(warning(
            FindingCode::SecretsUnverified,
            &ctx.paths.secrets,
            format!("Secrets Manager / SSM ({hosts}, TCP 443)"),
            "secrets.mode is native: Periscope reads its secrets from AWS at start-up and exits when it cannot.",
            &maybe,
            &ranges,
            aws_fix(&ctx.aws),
        ));
    }
    if !ctx.needs_aws_apis() {
        return;
    }
    let mut uses = Vec::new();
    if ctx.credentials == Credentials::Irsa {
        uses.push(format!("STS for IRSA ({})", aws_host("sts", &ctx.region)));
    }
    if ctx.clusters.iter().any(|c| c.backend == Backend::Eks) {
        uses.push(format!(
            "EKS DescribeCluster ({})",
            aws_host("eks", &ctx.region)
        ));
    }
    out.push(warning(
        FindingCode::AwsApiUnverified,
        &ctx.paths.aws_apis,
        format!("{} on TCP 443", uses.join(" and ")),
        "Without STS the pod has no AWS credentials, and EKS clusters start with DescribeCluster: every EKS cluster fails to load.",
        &maybe,
        &ranges,
        aws_fix(&ctx.aws),
    ));
}

/// `cluster-unverified`: a cluster's public apiserver that some rule might reach.
pub(super) fn cluster(
    index: &NetIndex<'_>,
    ctx: &Context,
    c: &ClusterNeed,
    out: &mut Vec<Finding>,
) {
    // A private rule on the port is how a values file allows a private endpoint (EKS
    // private access, the in-cluster apiserver); nothing in the file can say more, so a
    // warning there could never be silenced.
    if matches!(c.dest, Dest::Unknown | Dest::Private { .. }) {
        return;
    }
    let fix = "Make it certain: allow the apiserver's CIDRs on TCP 443, or all internet HTTPS for a public endpoint.";
    let name = if c.name.is_empty() {
        "(unnamed)"
    } else {
        c.name.as_str()
    };
    let maybe = rules_phrase(&candidates(index.values(), ctx, &c.dest));
    out.push(warning(
        FindingCode::ClusterUnverified,
        &c.path,
        format!("the apiserver of cluster {name} on TCP {}", c.dest.port()),
        "Periscope lists, watches and execs through this apiserver.",
        &maybe,
        &super::home::note(index, &c.dest),
        fix,
    ));
}

/// An "unverified" warning: what cannot be shown reached, why it matters, the rules that
/// might reach it, and how to make it certain.
fn warning(
    code: FindingCode,
    path: &str,
    what: String,
    why: &str,
    maybe: &str,
    more: &str,
    fix: &str,
) -> Finding {
    Finding::new(
        code,
        path,
        format!("Cannot show that any rule reaches {what}"),
        format!("{why} {maybe} might carry the traffic, but nothing shows that it does.{more}"),
    )
    .with_fix(fix)
}
