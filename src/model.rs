//! The Environment: everything the operator tells us about their cluster.
//!
//! Fields hold the user's input *as typed* (CIDR lists and ports are text), so the form
//! never throws typing away; the builder parses them and reports bad entries instead of
//! refusing the whole Environment. Every field has a default so that a partial ENV_FILE
//! (YAML or JSON) or share link fills in the rest.

use serde::{Deserialize, Serialize};

mod clusters;
mod custom;
mod ingress;
mod provenance;
mod verbatim;

pub use crate::text::{CidrList, Label, PortText};
pub use clusters::{Cluster, EndpointAccess};
pub use custom::{CustomPeer, CustomPort, CustomRule, Direction};
pub use ingress::{Controller, IngressSource};
pub use provenance::{Publisher, RangesNote};
pub use verbatim::VerbatimRule;

/// Everything the configurator knows about the operator's environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Environment {
    /// The Helm release and the chart values that shape names and ports.
    pub release: Release,
    /// `networkPolicy.enabled`.
    pub enabled: bool,
    /// Who reaches Periscope's `http` port.
    pub ingress: Vec<IngressSource>,
    /// The agent tunnel (`agent.enabled`), which the chart's template never opens.
    pub agent: AgentTunnel,
    /// The OIDC issuer and how the pod reaches it.
    pub idp: Idp,
    /// How Periscope gets AWS credentials and reaches AWS APIs.
    pub aws: Aws,
    /// The clusters Periscope manages.
    pub clusters: Vec<Cluster>,
    /// `secrets.mode`.
    pub secrets_mode: SecretsMode,
    /// How outbound traffic leaves the pod.
    pub egress: EgressPosture,
    /// Which DNS the pod resolves through.
    pub dns: Dns,
    /// The cluster's IP family.
    pub ip_family: IpFamily,
    /// Raw rules the operator adds by hand.
    pub custom: Vec<CustomRule>,
    /// Imported rules the form cannot express, emitted unchanged after every other rule.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub verbatim: Vec<VerbatimRule>,
    /// The CNI, when its own policy kind adds to the chart's NetworkPolicy. Left out of
    /// share links and files when generic, so format v1 keeps its meaning.
    #[serde(skip_serializing_if = "Cni::is_generic")]
    pub cni: Cni,
    /// CIDR fields filled from published ranges files, for the values' comments.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<RangesNote>,
}

impl Default for Environment {
    fn default() -> Self {
        Self {
            release: Release::default(),
            enabled: true,
            ingress: vec![IngressSource::Controller {
                controller: Controller::IngressNginx,
                namespace: Controller::IngressNginx.default_namespace().to_owned(),
            }],
            agent: AgentTunnel::default(),
            idp: Idp::default(),
            aws: Aws::default(),
            clusters: vec![Cluster::default()],
            secrets_mode: SecretsMode::default(),
            egress: EgressPosture::default(),
            dns: Dns::default(),
            ip_family: IpFamily::default(),
            custom: Vec::new(),
            verbatim: Vec::new(),
            cni: Cni::default(),
            ranges: Vec::new(),
        }
    }
}

/// The Helm release and the chart values that change names and ports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Release {
    /// The Helm release name (`helm install <name>`).
    pub name: String,
    /// The namespace the release is installed in.
    pub namespace: String,
    /// The chart's `nameOverride`.
    pub name_override: String,
    /// The chart's `fullnameOverride`.
    pub fullname_override: String,
    /// The chart version (`helm.sh/chart` label).
    pub chart_version: String,
    /// The chart's appVersion (`app.kubernetes.io/version` label).
    pub app_version: String,
    /// `service.port`: the only port the chart's ingress rules open.
    pub service_port: PortText,
}

impl Default for Release {
    fn default() -> Self {
        Self {
            name: "periscope".into(),
            namespace: "periscope".into(),
            name_override: String::new(),
            fullname_override: String::new(),
            chart_version: "1.0.0".into(),
            app_version: "1.0.0".into(),
            service_port: PortText::from(8080),
        }
    }
}

/// The agent tunnel (`agent.enabled`): agents dial in over mTLS on a second port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct AgentTunnel {
    /// `agent.enabled`.
    pub enabled: bool,
    /// The port of `agent.listenAddr`.
    pub port: PortText,
    /// Where agents connect from (NLB subnets or the agents' egress IPs).
    pub cidrs: CidrList,
}

impl Default for AgentTunnel {
    fn default() -> Self {
        Self {
            enabled: false,
            port: PortText::from(8443),
            cidrs: CidrList::default(),
        }
    }
}

/// The OIDC issuer (`auth.oidc.issuer`) and how the pod reaches it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Idp {
    /// The issuer URL, e.g. `https://example.okta.com/oauth2/default`.
    pub issuer: String,
    /// How the pod reaches the issuer host.
    pub reach: IdpReach,
}

impl Default for Idp {
    fn default() -> Self {
        Self {
            issuer: String::new(),
            reach: IdpReach::Internet,
        }
    }
}

/// How the pod reaches the OIDC issuer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum IdpReach {
    /// Through the posture's internet or proxy rule.
    Internet,
    /// Through explicit CIDRs of the issuer host, TCP 443.
    Cidrs {
        /// The issuer's published ranges.
        cidrs: CidrList,
    },
    /// A Service in this cluster, e.g. Keycloak.
    InCluster {
        /// The IdP's namespace.
        namespace: String,
        /// Labels of the IdP's pods.
        pod_labels: Vec<Label>,
        /// The pods' target port (after the Service).
        port: PortText,
    },
}

/// Where Periscope's AWS SDK gets credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Credentials {
    /// EKS Pod Identity (`podIdentity.enabled`): agent at 169.254.170.23 TCP 80.
    PodIdentity,
    /// IRSA: STS `AssumeRoleWithWebIdentity` over TCP 443.
    #[default]
    Irsa,
    /// The node role via IMDS 169.254.169.254 TCP 80.
    NodeRole,
    /// No AWS credentials (no EKS clusters, no native secrets).
    None,
}

/// How the pod reaches AWS APIs (STS, EKS DescribeCluster, Secrets Manager / SSM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AwsApiAccess {
    /// Public regional endpoints.
    #[default]
    Public,
    /// VPC interface endpoints (private IPs in the VPC).
    VpcEndpoints,
}

/// AWS credentials and API access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Aws {
    /// The credential path.
    pub credentials: Credentials,
    /// The region of Periscope's STS and API calls.
    pub region: String,
    /// Public endpoints or VPC interface endpoints.
    pub api_access: AwsApiAccess,
    /// CIDRs of the AWS API endpoints: the published ranges (explicit posture) or the
    /// subnets of the VPC interface endpoints.
    pub api_cidrs: CidrList,
}

impl Default for Aws {
    fn default() -> Self {
        Self {
            credentials: Credentials::default(),
            region: "us-east-1".into(),
            api_access: AwsApiAccess::default(),
            api_cidrs: CidrList::default(),
        }
    }
}

/// `secrets.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretsMode {
    /// The chart's default: Kubernetes Secrets mounted into the pod.
    #[default]
    Kubernetes,
    /// AWS Secrets Manager / SSM read at start-up over TCP 443.
    Native,
}

/// How outbound traffic leaves the pod.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum EgressPosture {
    /// The docs' minimum: 0.0.0.0/0 except RFC1918, TCP 443.
    #[default]
    InternetHttps,
    /// Only the CIDRs given per destination.
    Explicit,
    /// Everything public goes through an egress proxy.
    Proxy {
        /// The proxy's address range.
        cidrs: CidrList,
        /// The proxy's port.
        port: PortText,
    },
}

/// Which DNS the pod resolves through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dns {
    /// Pods labelled `k8s-app: kube-dns` (the chart's own rule).
    #[default]
    KubeDns,
    /// DNS pods labelled `k8s-app: coredns` (some distributions).
    Coredns,
    /// NodeLocal DNSCache on 169.254.20.10.
    NodeLocal,
    /// GKE Cloud DNS on 169.254.169.254:53.
    GkeCloudDns,
}

/// The cluster's CNI, as far as the output depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cni {
    /// Any CNI that enforces NetworkPolicy: only the chart's policy is emitted.
    #[default]
    Generic,
    /// Cilium: a `CiliumNetworkPolicy` with DNS-aware (`toFQDNs`) egress is emitted next
    /// to the chart's NetworkPolicy, which then leaves out its internet-wide rule.
    Cilium,
}

impl Cni {
    /// Whether this is the default (nothing but the chart's policy).
    pub fn is_generic(&self) -> bool {
        *self == Cni::Generic
    }
}

/// The cluster's IP family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IpFamily {
    /// IPv4 only.
    #[default]
    Ipv4,
    /// IPv6 only.
    Ipv6,
    /// Dual-stack.
    DualStack,
}

impl IpFamily {
    /// Whether pods use IPv4.
    pub fn v4(self) -> bool {
        matches!(self, IpFamily::Ipv4 | IpFamily::DualStack)
    }

    /// Whether pods use IPv6.
    pub fn v6(self) -> bool {
        matches!(self, IpFamily::Ipv6 | IpFamily::DualStack)
    }
}
