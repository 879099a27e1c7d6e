//! Typical setups that fill the whole form in one click. `www/examples/` holds the same
//! Environments as files, and a test keeps the two equal.
//!
//! Addresses are documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) or
//! private VPC ranges: replace them with your own.

use crate::model::{
    AgentTunnel, Aws, AwsApiAccess, CidrList, Cluster, Controller, Credentials, Dns, EgressPosture,
    EndpointAccess, Environment, Idp, IdpReach, IngressSource, Label, PortText, SecretsMode,
};

/// A preset: a stable id (also the example file's name), a label and its Environment.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// Stable id, used in share links, data attributes and `www/examples/<id>.yaml`.
    pub id: &'static str,
    /// Button label.
    pub label: &'static str,
    /// One-line description.
    pub summary: &'static str,
    /// The Environment it fills in.
    pub build: fn() -> Environment,
}

/// Every preset, in the order of the presets row.
pub const PRESETS: [Preset; 5] = [
    Preset {
        id: "docs-minimum",
        label: "Docs minimum",
        summary: "ingress-nginx + all internet HTTPS, as in the chart docs",
        build: docs_minimum,
    },
    Preset {
        id: "eks-okta-explicit",
        label: "EKS + Okta, explicit CIDRs",
        summary: "Pod Identity, Okta and AWS by published ranges, private EKS endpoint",
        build: eks_okta_explicit,
    },
    Preset {
        id: "in-cluster-keycloak",
        label: "In-cluster Keycloak",
        summary: "Keycloak in the same cluster, Periscope managing its own cluster",
        build: in_cluster_keycloak,
    },
    Preset {
        id: "multi-cluster-agents",
        label: "Multi-cluster with agents",
        summary: "ALB ingress, agent tunnel, EKS and kubeconfig clusters",
        build: multi_cluster_agents,
    },
    Preset {
        id: "regulated-proxy",
        label: "Regulated, egress proxy",
        summary: "everything public through a proxy, VPC endpoints, native secrets",
        build: regulated_proxy,
    },
];

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

fn controller(c: Controller) -> IngressSource {
    IngressSource::Controller {
        controller: c,
        namespace: c.default_namespace().to_owned(),
    }
}

fn cidrs(list: &[&str]) -> CidrList {
    CidrList::from_entries(list)
}

/// The docs' "Minimum useful values": ingress-nginx + internet HTTPS.
pub fn docs_minimum() -> Environment {
    Environment::default()
}

/// EKS with Pod Identity and Okta, every destination by explicit CIDRs.
pub fn eks_okta_explicit() -> Environment {
    Environment {
        idp: Idp {
            issuer: "https://acme.okta.com/oauth2/default".into(),
            reach: IdpReach::Cidrs {
                cidrs: cidrs(&["198.51.100.0/24", "203.0.113.0/24"]),
            },
        },
        aws: Aws {
            credentials: Credentials::PodIdentity,
            region: "us-east-1".into(),
            api_access: AwsApiAccess::Public,
            api_cidrs: cidrs(&["192.0.2.0/24"]),
        },
        clusters: vec![Cluster::Eks {
            name: "prod".into(),
            region: "us-east-1".into(),
            endpoint: EndpointAccess::Private,
            cidrs: cidrs(&["10.20.0.0/16"]),
        }],
        egress: EgressPosture::Explicit,
        ..Environment::default()
    }
}

/// Keycloak in the hosting cluster; Periscope manages that same cluster.
pub fn in_cluster_keycloak() -> Environment {
    Environment {
        ingress: vec![controller(Controller::Traefik)],
        idp: Idp {
            issuer: "https://keycloak.example.com/realms/periscope".into(),
            reach: IdpReach::InCluster {
                namespace: "keycloak".into(),
                pod_labels: vec![Label::new("app.kubernetes.io/name", "keycloak")],
                port: PortText::from(8080),
            },
        },
        aws: Aws {
            credentials: Credentials::None,
            ..Aws::default()
        },
        clusters: vec![Cluster::InCluster {
            name: "local".into(),
            cidrs: cidrs(&["10.0.12.34/32", "10.0.45.67/32"]),
            port: PortText::from(443),
        }],
        ..Environment::default()
    }
}

/// An ALB in front, agents dialling in, EKS and kubeconfig clusters.
pub fn multi_cluster_agents() -> Environment {
    Environment {
        ingress: vec![IngressSource::LoadBalancer {
            cidrs: cidrs(&["10.0.0.0/20", "10.0.16.0/20"]),
        }],
        agent: AgentTunnel {
            enabled: true,
            port: PortText::from(8443),
            cidrs: cidrs(&["10.0.0.0/16"]),
        },
        idp: Idp {
            issuer: "https://login.example.com".into(),
            reach: IdpReach::Internet,
        },
        clusters: vec![
            Cluster::Eks {
                name: "prod".into(),
                region: "us-east-1".into(),
                endpoint: EndpointAccess::Public,
                cidrs: CidrList::default(),
            },
            Cluster::Kubeconfig {
                name: "onprem".into(),
                server: "https://k8s.onprem.example.com:6443".into(),
                cidrs: cidrs(&["192.168.10.0/24"]),
                port: PortText::from(6443),
            },
            Cluster::Agent {
                name: "edge-1".into(),
            },
            Cluster::Agent {
                name: "edge-2".into(),
            },
        ],
        ..Environment::default()
    }
}

/// Everything public through an egress proxy; AWS through VPC endpoints.
pub fn regulated_proxy() -> Environment {
    Environment {
        idp: Idp {
            issuer: "https://sso.example.com/oauth2".into(),
            reach: IdpReach::Internet,
        },
        aws: Aws {
            credentials: Credentials::PodIdentity,
            region: "eu-central-1".into(),
            api_access: AwsApiAccess::VpcEndpoints,
            api_cidrs: cidrs(&["10.50.16.0/20"]),
        },
        clusters: vec![Cluster::Eks {
            name: "prod".into(),
            region: "eu-central-1".into(),
            endpoint: EndpointAccess::Private,
            cidrs: cidrs(&["10.50.32.0/20", "10.50.48.0/20"]),
        }],
        secrets_mode: SecretsMode::Native,
        egress: EgressPosture::Proxy {
            cidrs: cidrs(&["10.50.1.10/32"]),
            port: PortText::from(3128),
        },
        dns: Dns::NodeLocal,
        ..Environment::default()
    }
}
