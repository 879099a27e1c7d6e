//! Every finding code, its severity and what it means, in one table: the README's
//! reference, and what the tests hold the checks to.

use super::Severity;

/// One entry of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// The stable code.
    pub code: &'static str,
    /// Its severity (every code has exactly one).
    pub severity: Severity,
    /// What it says, in one line.
    pub summary: &'static str,
}

const fn code(code: &'static str, severity: Severity, summary: &'static str) -> Code {
    Code {
        code,
        severity,
        summary,
    }
}

use Severity::{Error, Info, Warning};

/// Every code a check can produce, by topic.
pub const CATALOG: [Code; 43] = [
    code(
        "input-invalid",
        Error,
        "an input is not valid and is left out of the values",
    ),
    code(
        "api-invalid",
        Error,
        "the API server would reject the NetworkPolicy",
    ),
    code(
        "name-not-a-string",
        Error,
        "the chart prints a name unquoted that YAML reads as a number, boolean or null",
    ),
    code(
        "chart-value-invalid",
        Error,
        "a chart value the policy depends on has the wrong type or is out of range",
    ),
    code(
        "values-no-network-policy",
        Warning,
        "the values file has no networkPolicy block (or a misspelt one): nothing is checked",
    ),
    code(
        "unknown-key",
        Warning,
        "a key nothing reads: the chart ignores it, the API server drops it",
    ),
    code(
        "policy-disabled",
        Info,
        "networkPolicy.enabled is false: nothing is enforced",
    ),
    code(
        "ingress-none",
        Warning,
        "nothing opens service.port: Periscope is unreachable",
    ),
    code(
        "ingress-every-namespace",
        Warning,
        "an empty namespace selector admits every namespace",
    ),
    code(
        "ingress-open-all",
        Warning,
        "an ingress rule admits every source on every port",
    ),
    code(
        "lb-namespace-only",
        Warning,
        "a load balancer with IP targets is admitted only by namespace rules",
    ),
    code(
        "egress-open-all",
        Warning,
        "an egress rule allows every destination on every port, IMDS included",
    ),
    code(
        "egress-internet-https",
        Info,
        "an egress rule reaches the whole internet on TCP 443",
    ),
    code(
        "rule-all-peers",
        Warning,
        "a rule with ports but no peers opens them to everyone",
    ),
    code(
        "rule-all-ports",
        Warning,
        "a rule with peers but no ports opens every port to them",
    ),
    code("rule-redundant", Info, "a rule another rule already covers"),
    code(
        "rule-redundant-skipped",
        Info,
        "too many rules in one direction to check them for rule-redundant",
    ),
    code("sctp-port", Info, "SCTP, which some CNIs do not enforce"),
    code(
        "end-port",
        Info,
        "an endPort range, which some CNIs do not enforce",
    ),
    code(
        "ip-family-mismatch",
        Warning,
        "rules of the other IP family match nothing",
    ),
    code(
        "idp-unreachable",
        Error,
        "nothing allows the issuer's port (the URL's, or 443 / 80) to the OIDC issuer: Periscope exits",
    ),
    code(
        "idp-not-given",
        Info,
        "no OIDC issuer given: IdP egress not checked",
    ),
    code(
        "idp-unverified",
        Warning,
        "no rule can be shown to reach the OIDC issuer's host and port; some might",
    ),
    code(
        "auth0-ip-list",
        Warning,
        "Auth0's published IPs are its outbound addresses, not its endpoints",
    ),
    code(
        "aws-api-unreachable",
        Warning,
        "nothing allows TCP 443 to STS / EKS DescribeCluster",
    ),
    code(
        "aws-api-unverified",
        Warning,
        "no rule can be shown to reach STS (IRSA) / EKS DescribeCluster; some might",
    ),
    code(
        "secrets-unreachable",
        Error,
        "secrets.mode native without TCP 443 to Secrets Manager / SSM: Periscope exits",
    ),
    code(
        "secrets-unverified",
        Warning,
        "secrets.mode native: no rule can be shown to reach Secrets Manager / SSM; some might",
    ),
    code(
        "private-endpoint-blocked",
        Warning,
        "a private endpoint (EKS private access, VPC endpoints) is not allowed",
    ),
    code(
        "apiserver-unreachable",
        Error,
        "the in-cluster backend's apiserver endpoints are not allowed",
    ),
    code(
        "cluster-unreachable",
        Warning,
        "a managed cluster's apiserver is not allowed",
    ),
    code(
        "cluster-unverified",
        Warning,
        "no rule can be shown to reach a cluster's apiserver; some might",
    ),
    code(
        "eks-endpoint-pinned",
        Warning,
        "public EKS endpoint IPs pinned as /32 rotate",
    ),
    code(
        "pod-identity-blocked",
        Error,
        "Pod Identity without TCP 80 to the agent 169.254.170.23",
    ),
    code(
        "imds-blocked",
        Error,
        "the node role without TCP 80 to IMDS 169.254.169.254",
    ),
    code(
        "imds-exposed",
        Warning,
        "the pod can reach IMDS and the node's credentials",
    ),
    code(
        "agent-port-closed",
        Error,
        "the agent tunnel is enabled but its port is not opened",
    ),
    code(
        "dns-blocked",
        Error,
        "the resolver in use (NodeLocal, GKE Cloud DNS, coredns) is not allowed",
    ),
    code(
        "label-key-typo",
        Warning,
        "a selector's label key is a near miss of a well-known key: it selects nothing",
    ),
    code(
        "cidr-host-bits",
        Warning,
        "a CIDR with host bits set means the whole network",
    ),
    code(
        "cidr-normalised",
        Info,
        "a CIDR is written in its canonical form",
    ),
    code("cidr-duplicate", Warning, "a CIDR or block is listed twice"),
    code(
        "cidr-overlap",
        Info,
        "a CIDR lies inside another entry of the same list",
    ),
];

/// The catalog entry of a code.
pub fn lookup(code: &str) -> Option<&'static Code> {
    CATALOG.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        for (i, c) in CATALOG.iter().enumerate() {
            assert!(
                c.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                c.code
            );
            assert_eq!(
                CATALOG.iter().position(|d| d.code == c.code),
                Some(i),
                "{} twice",
                c.code
            );
        }
        assert_eq!(
            lookup("dns-blocked").map(|c| c.severity),
            Some(Severity::Error)
        );
        assert!(lookup("nope").is_none());
    }
}
