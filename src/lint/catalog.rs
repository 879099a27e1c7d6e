//! Every finding code, its severity and what it means, in one table: the README's
//! reference, and what the tests hold the checks to.

use super::Severity;

/// One entry of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// The code as an enum.
    pub id: FindingCode,
    /// The stable code, as it is written.
    pub code: &'static str,
    /// Its severity (every code has exactly one).
    pub severity: Severity,
    /// What it says, in one line.
    pub summary: &'static str,
}

use Severity::{Error, Info, Warning};

/// Declares [`FindingCode`] and [`CATALOG`] from one table, so a code's text, severity
/// and meaning are written once.
macro_rules! catalog {
    ($($variant:ident = $code:literal, $severity:ident, $summary:literal;)*) => {
        /// A finding's stable code. Its severity and meaning live only in this table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum FindingCode {
            $(
                #[doc = $summary]
                $variant,
            )*
        }

        impl FindingCode {
            /// The code as it is written (`pod-identity-blocked`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(FindingCode::$variant => $code,)*
                }
            }

            /// Its severity.
            pub const fn severity(self) -> Severity {
                match self {
                    $(FindingCode::$variant => $severity,)*
                }
            }

            /// What it says, in one line.
            pub const fn summary(self) -> &'static str {
                match self {
                    $(FindingCode::$variant => $summary,)*
                }
            }
        }

        /// Every code a check can produce, by topic.
        pub const CATALOG: &[Code] = &[
            $(Code {
                id: FindingCode::$variant,
                code: $code,
                severity: $severity,
                summary: $summary,
            },)*
        ];
    };
}

catalog! {
    InputInvalid = "input-invalid", Error, "an input is not valid and is left out of the values";
    ApiInvalid = "api-invalid", Error, "the API server would reject the NetworkPolicy";
    NameNotAString = "name-not-a-string", Error, "the chart prints a name unquoted that YAML reads as a number, boolean or null";
    ChartValueInvalid = "chart-value-invalid", Error, "a chart value the policy depends on has the wrong type or is out of range";
    ValuesNoNetworkPolicy = "values-no-network-policy", Warning, "the values file has no networkPolicy block (or a misspelt one): nothing is checked";
    UnknownKey = "unknown-key", Warning, "a key nothing reads: the chart ignores it, the API server drops it";
    PolicyDisabled = "policy-disabled", Info, "networkPolicy.enabled is false: nothing is enforced";
    IngressNone = "ingress-none", Warning, "nothing opens service.port: Periscope is unreachable";
    IngressEveryNamespace = "ingress-every-namespace", Warning, "an empty namespace selector admits every namespace";
    IngressOpenAll = "ingress-open-all", Warning, "an ingress rule admits every source on every port";
    LbNamespaceOnly = "lb-namespace-only", Warning, "a load balancer with IP targets is admitted only by namespace rules";
    EgressOpenAll = "egress-open-all", Warning, "an egress rule allows every destination on every port, IMDS included";
    EgressInternetHttps = "egress-internet-https", Info, "an egress rule reaches the whole internet on TCP 443";
    RuleAllPeers = "rule-all-peers", Warning, "a rule with ports but no peers opens them to everyone";
    RuleAllPorts = "rule-all-ports", Warning, "a rule with peers but no ports opens every port to them";
    RuleRedundant = "rule-redundant", Info, "a rule another rule already covers";
    RuleRedundantSkipped = "rule-redundant-skipped", Info, "too many rules in one direction to check them for rule-redundant";
    SctpPort = "sctp-port", Info, "SCTP, which some CNIs do not enforce";
    EndPort = "end-port", Info, "an endPort range, which some CNIs do not enforce";
    IpFamilyMismatch = "ip-family-mismatch", Warning, "rules of the other IP family match nothing";
    IdpUnreachable = "idp-unreachable", Error, "nothing allows the issuer's port (the URL's, or 443 / 80) to the OIDC issuer: Periscope exits";
    IdpNotGiven = "idp-not-given", Info, "no OIDC issuer given: IdP egress not checked";
    IdpUnverified = "idp-unverified", Warning, "no rule can be shown to reach the OIDC issuer's host and port; some might";
    Auth0IpList = "auth0-ip-list", Warning, "Auth0's published IPs are its outbound addresses, not its endpoints";
    AwsApiUnreachable = "aws-api-unreachable", Warning, "nothing allows TCP 443 to STS / EKS DescribeCluster";
    AwsApiUnverified = "aws-api-unverified", Warning, "no rule can be shown to reach STS (IRSA) / EKS DescribeCluster; some might";
    SecretsUnreachable = "secrets-unreachable", Error, "secrets.mode native without TCP 443 to Secrets Manager / SSM: Periscope exits";
    SecretsUnverified = "secrets-unverified", Warning, "secrets.mode native: no rule can be shown to reach Secrets Manager / SSM; some might";
    PrivateEndpointBlocked = "private-endpoint-blocked", Warning, "a private endpoint (EKS private access, VPC endpoints) is not allowed";
    ApiserverUnreachable = "apiserver-unreachable", Error, "the in-cluster backend's apiserver endpoints are not allowed";
    ClusterUnreachable = "cluster-unreachable", Warning, "a managed cluster's apiserver is not allowed";
    ClusterUnverified = "cluster-unverified", Warning, "no rule can be shown to reach a cluster's apiserver; some might";
    RangesVerified = "ranges-verified", Info, "the rules allow every prefix a published ranges file gives for a need";
    RangesPartial = "ranges-partial", Warning, "the rules allow only some of the prefixes a published ranges file gives for a need";
    EksEndpointPinned = "eks-endpoint-pinned", Warning, "public EKS endpoint IPs pinned as /32 rotate";
    PodIdentityBlocked = "pod-identity-blocked", Error, "Pod Identity without TCP 80 to the agent 169.254.170.23";
    ImdsBlocked = "imds-blocked", Error, "the node role without TCP 80 to IMDS 169.254.169.254";
    ImdsExposed = "imds-exposed", Warning, "the pod can reach IMDS and the node's credentials";
    AgentPortClosed = "agent-port-closed", Error, "the agent tunnel is enabled but its port is not opened";
    DnsBlocked = "dns-blocked", Error, "the resolver in use (NodeLocal, GKE Cloud DNS, coredns) is not allowed";
    CiliumUnion = "cilium-union", Info, "Cilium on: the NetworkPolicy and the CiliumNetworkPolicy both select the pod and Cilium allows the union of their allows";
    CiliumNameMissing = "cilium-name-missing", Warning, "a public name the Environment needs is not in the CiliumNetworkPolicy's toFQDNs";
    CiliumInvalid = "cilium-invalid", Error, "the API server or Cilium would reject the CiliumNetworkPolicy";
    LabelKeyTypo = "label-key-typo", Warning, "a selector's label key is a near miss of a well-known key: it selects nothing";
    CidrHostBits = "cidr-host-bits", Warning, "a CIDR with host bits set means the whole network";
    CidrNormalised = "cidr-normalised", Info, "a CIDR is written in its canonical form";
    CidrDuplicate = "cidr-duplicate", Warning, "a CIDR or block is listed twice";
    CidrOverlap = "cidr-overlap", Info, "a CIDR lies inside another entry of the same list";
}

impl std::fmt::Display for FindingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Codes compare with their text, so a test can say `f.code == "idp-unreachable"`.
impl PartialEq<&str> for FindingCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<FindingCode> for &str {
    fn eq(&self, other: &FindingCode) -> bool {
        *self == other.as_str()
    }
}

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
