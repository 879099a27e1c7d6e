//! The clusters Periscope manages (`clusters[]`) and how it reaches each apiserver.
//! Split from `model.rs` by area, as one of the Environment's larger parts.

use serde::{Deserialize, Serialize};

use super::{CidrList, PortText};

/// Which EKS endpoint Periscope talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndpointAccess {
    /// The public endpoint (AWS-owned public IPs that rotate).
    #[default]
    Public,
    /// The private endpoint (ENIs in the cluster VPC).
    Private,
    /// Both enabled; from inside the VPC the private one answers.
    PublicAndPrivate,
}

/// One cluster Periscope manages (`clusters[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "backend",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Cluster {
    /// `backend: eks`: DescribeCluster, then the cluster's apiserver on 443.
    Eks {
        /// The cluster's name in Periscope.
        #[serde(default)]
        name: String,
        /// The cluster's AWS region.
        #[serde(default)]
        region: String,
        /// Which endpoint Periscope reaches.
        #[serde(default)]
        endpoint: EndpointAccess,
        /// Endpoint CIDRs (private endpoint subnets, or public endpoint IPs).
        #[serde(default)]
        cidrs: CidrList,
    },
    /// `backend: in-cluster`: the hosting cluster's apiserver via the `kubernetes` Service.
    InCluster {
        /// The cluster's name in Periscope.
        #[serde(default)]
        name: String,
        /// The apiserver endpoint IPs (`kubectl get endpoints kubernetes`).
        #[serde(default)]
        cidrs: CidrList,
        /// The endpoints' port (443 on EKS, often 6443 elsewhere).
        #[serde(default = "https_port")]
        port: PortText,
    },
    /// `backend: kubeconfig`: whatever `server:` the kubeconfig names.
    Kubeconfig {
        /// The cluster's name in Periscope.
        #[serde(default)]
        name: String,
        /// The `server:` URL, for reference.
        #[serde(default)]
        server: String,
        /// The server's address range.
        #[serde(default)]
        cidrs: CidrList,
        /// The server's port.
        #[serde(default = "https_port")]
        port: PortText,
    },
    /// An agent-backed cluster: traffic rides the inbound tunnel, no egress.
    Agent {
        /// The cluster's name in Periscope.
        #[serde(default)]
        name: String,
    },
}

fn https_port() -> PortText {
    PortText::from(443)
}

impl Default for Cluster {
    fn default() -> Self {
        Cluster::Eks {
            name: "prod".into(),
            region: "us-east-1".into(),
            endpoint: EndpointAccess::Public,
            cidrs: CidrList::default(),
        }
    }
}

impl Cluster {
    /// The cluster's name in Periscope.
    pub fn name(&self) -> &str {
        match self {
            Cluster::Eks { name, .. }
            | Cluster::InCluster { name, .. }
            | Cluster::Kubeconfig { name, .. }
            | Cluster::Agent { name } => name,
        }
    }

    /// The chart's `clusters[].backend` value.
    pub fn backend(&self) -> &'static str {
        match self {
            Cluster::Eks { .. } => "eks",
            Cluster::InCluster { .. } => "in-cluster",
            Cluster::Kubeconfig { .. } => "kubeconfig",
            Cluster::Agent { .. } => "agent",
        }
    }
}
