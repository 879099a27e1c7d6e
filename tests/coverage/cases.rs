//! The checklist's cases: an edit of the docs-minimum Environment and the status one
//! item must then have.

use periscope_netpol::model::*;

use super::{cidrs, Kind};

/// An edit of the Environment.
pub type Edit = fn(&mut Environment);

/// (what, edit, feature, kind, text in by/why, path)
pub type Case = (
    &'static str,
    Edit,
    &'static str,
    Kind,
    &'static str,
    &'static str,
);

/// Every case.
pub fn cases() -> Vec<Case> {
    vec![
        (
            "internet posture covers the IdP",
            |_| {},
            "OIDC discovery",
            Kind::Covered,
            "egress rule 1: IdP, AWS APIs",
            "idp.reach",
        ),
        (
            "explicit posture without IdP CIDRs",
            |e| e.egress = EgressPosture::Explicit,
            "OIDC discovery",
            Kind::Missing,
            "explicit posture",
            "idp.reach",
        ),
        (
            "explicit posture with IdP CIDRs",
            |e| {
                e.egress = EgressPosture::Explicit;
                e.idp.reach = IdpReach::Cidrs {
                    cidrs: cidrs("198.51.100.0/24"),
                };
            },
            "OIDC discovery",
            Kind::Covered,
            "OIDC issuer acme.okta.com",
            "idp.cidrs",
        ),
        (
            "IdP CIDRs left empty",
            |e| e.idp.reach = IdpReach::Cidrs { cidrs: cidrs("") },
            "OIDC discovery",
            Kind::Missing,
            "no CIDRs",
            "idp.cidrs",
        ),
        (
            "proxy posture",
            |e| {
                e.egress = EgressPosture::Proxy {
                    cidrs: cidrs("10.0.1.10/32"),
                    port: PortText::from(3128),
                }
            },
            "OIDC discovery",
            Kind::Covered,
            "rides the egress proxy (egress rule 1)",
            "idp.reach",
        ),
        (
            "proxy posture without a proxy address",
            |e| {
                e.egress = EgressPosture::Proxy {
                    cidrs: cidrs(""),
                    port: PortText::from(3128),
                }
            },
            "OIDC discovery",
            Kind::Missing,
            "proxy",
            "idp.reach",
        ),
        (
            "in-cluster IdP",
            |e| {
                e.idp.reach = IdpReach::InCluster {
                    namespace: "keycloak".into(),
                    pod_labels: vec![Label::new("app", "kc")],
                    port: PortText::from(8080),
                }
            },
            "OIDC discovery",
            Kind::Covered,
            "in-cluster IdP",
            "idp.namespace",
        ),
        (
            "IRSA and an EKS cluster",
            |_| {},
            "AWS STS / EKS DescribeCluster",
            Kind::Covered,
            "egress rule 1",
            "aws.apiCidrs",
        ),
        (
            "no AWS use",
            |e| {
                e.aws.credentials = Credentials::None;
                e.clusters.clear();
            },
            "AWS STS / EKS DescribeCluster",
            Kind::NotNeeded,
            "no IRSA",
            "aws.apiCidrs",
        ),
        (
            "VPC endpoints without CIDRs",
            |e| e.aws.api_access = AwsApiAccess::VpcEndpoints,
            "AWS STS / EKS DescribeCluster",
            Kind::Missing,
            "RFC 1918 except",
            "aws.apiCidrs",
        ),
        (
            "native secrets via VPC endpoints",
            |e| {
                e.secrets_mode = SecretsMode::Native;
                e.aws.api_access = AwsApiAccess::VpcEndpoints;
                e.aws.api_cidrs = cidrs("10.0.64.0/20");
            },
            "Secrets Manager / SSM",
            Kind::Covered,
            "VPC interface endpoints",
            "aws.apiCidrs",
        ),
        (
            "kubernetes secrets",
            |_| {},
            "Secrets Manager / SSM",
            Kind::NotNeeded,
            "secrets.mode is kubernetes",
            "secretsMode",
        ),
        (
            "Pod Identity",
            |e| e.aws.credentials = Credentials::PodIdentity,
            "EKS Pod Identity agent",
            Kind::Covered,
            "egress rule 2: EKS Pod Identity agent",
            "aws.credentials",
        ),
        (
            "node role",
            |e| e.aws.credentials = Credentials::NodeRole,
            "Instance metadata (node role)",
            Kind::Covered,
            "node role via IMDS",
            "aws.credentials",
        ),
        (
            "public EKS endpoint",
            |_| {},
            "Cluster prod apiserver",
            Kind::Covered,
            "egress rule 1",
            "clusters[0].cidrs",
        ),
        (
            "private EKS endpoint without CIDRs",
            |e| {
                e.clusters = vec![Cluster::Eks {
                    name: "prod".into(),
                    region: "us-east-1".into(),
                    endpoint: EndpointAccess::Private,
                    cidrs: cidrs(""),
                }]
            },
            "Cluster prod apiserver",
            Kind::Missing,
            "RFC 1918 except",
            "clusters[0].cidrs",
        ),
        (
            "in-cluster backend without CIDRs",
            |e| {
                e.clusters = vec![Cluster::InCluster {
                    name: "local".into(),
                    cidrs: cidrs(""),
                    port: PortText::from(6443),
                }]
            },
            "Cluster local apiserver",
            Kind::Missing,
            "private endpoint",
            "clusters[0].cidrs",
        ),
        (
            "in-cluster backend with CIDRs",
            |e| {
                e.clusters = vec![Cluster::InCluster {
                    name: "local".into(),
                    cidrs: cidrs("10.0.12.34/32"),
                    port: PortText::from(6443),
                }]
            },
            "Cluster local apiserver",
            Kind::Covered,
            "in-cluster backend local",
            "clusters[0].cidrs",
        ),
        (
            "agent cluster without the tunnel",
            |e| {
                e.clusters = vec![Cluster::Agent {
                    name: "edge".into(),
                }]
            },
            "Cluster edge (agent)",
            Kind::Missing,
            "agent tunnel",
            "agent.enabled",
        ),
        (
            "agent cluster with the tunnel",
            |e| {
                e.clusters = vec![Cluster::Agent {
                    name: "edge".into(),
                }];
                e.agent.enabled = true;
            },
            "Cluster edge (agent)",
            Kind::Covered,
            "rides the inbound agent tunnel",
            "agent.enabled",
        ),
        (
            "agent tunnel off",
            |_| {},
            "Agent tunnel",
            Kind::NotNeeded,
            "agent.enabled is false",
            "agent.enabled",
        ),
        (
            "agent tunnel from anywhere",
            |e| e.agent.enabled = true,
            "Agent tunnel",
            Kind::Covered,
            "ingress rule 1: agent tunnel",
            "agent.cidrs",
        ),
        (
            "agent tunnel with bad CIDRs",
            |e| {
                e.agent.enabled = true;
                e.agent.cidrs = cidrs("nope");
            },
            "Agent tunnel",
            Kind::Missing,
            "no ingress rule opens TCP 8443",
            "agent.cidrs",
        ),
        (
            "kube-dns",
            |_| {},
            "DNS",
            Kind::Covered,
            "the chart's kube-dns rule",
            "dns",
        ),
        (
            "NodeLocal DNSCache",
            |e| e.dns = Dns::NodeLocal,
            "DNS",
            Kind::Covered,
            "NodeLocal DNSCache",
            "dns",
        ),
        (
            "coredns",
            |e| e.dns = Dns::Coredns,
            "DNS",
            Kind::Covered,
            "k8s-app: coredns",
            "dns",
        ),
        (
            "GKE Cloud DNS",
            |e| e.dns = Dns::GkeCloudDns,
            "DNS",
            Kind::Covered,
            "GKE Cloud DNS",
            "dns",
        ),
        (
            "ingress-nginx",
            |_| {},
            "Ingress from ingress-nginx",
            Kind::Covered,
            "fromNamespaces entry 1",
            "ingress[0].namespace",
        ),
        (
            "load balancer without CIDRs",
            |e| e.ingress = vec![IngressSource::LoadBalancer { cidrs: cidrs("") }],
            "Ingress from the load balancer",
            Kind::Missing,
            "no CIDRs",
            "ingress[0].cidrs",
        ),
        (
            "load balancer with CIDRs",
            |e| {
                e.ingress = vec![IngressSource::LoadBalancer {
                    cidrs: cidrs("10.0.0.0/20"),
                }]
            },
            "Ingress from the load balancer",
            Kind::Covered,
            "ingress rule 1: load balancer",
            "ingress[0].cidrs",
        ),
        (
            "namespace labels",
            |e| {
                e.ingress = vec![IngressSource::Namespace {
                    labels: vec![Label::new("team", "ops")],
                }]
            },
            "Ingress from namespaces labelled team=ops",
            Kind::Covered,
            "fromNamespaces entry 1",
            "ingress[0].labels",
        ),
        (
            "port-forward only",
            |e| e.ingress = vec![IngressSource::PortForwardOnly],
            "kubectl port-forward",
            Kind::NotNeeded,
            "kubelet",
            "ingress[0]",
        ),
        (
            "disabled policy enforces nothing",
            |e| {
                e.enabled = false;
                e.egress = EgressPosture::Explicit;
            },
            "OIDC discovery",
            Kind::Covered,
            "nothing is enforced",
            "idp.reach",
        ),
        (
            "IPv6 Pod Identity",
            |e| {
                e.aws.credentials = Credentials::PodIdentity;
                e.ip_family = IpFamily::Ipv6;
            },
            "EKS Pod Identity agent",
            Kind::Covered,
            "EKS Pod Identity agent",
            "aws.credentials",
        ),
    ]
}
