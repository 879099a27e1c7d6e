//! Who reaches Periscope's `http` port: the ingress controllers and the kinds of source.
//! Split from `model.rs` by area, as one of the Environment's larger parts.

use serde::{Deserialize, Serialize};

use super::{CidrList, Label};

/// An ingress controller whose namespace is the usual source of Periscope's traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Controller {
    /// kubernetes/ingress-nginx.
    IngressNginx,
    /// Traefik.
    Traefik,
    /// HAProxy Kubernetes Ingress Controller.
    Haproxy,
    /// Contour (Project Contour).
    Contour,
    /// Kong Ingress Controller.
    Kong,
    /// Istio ingress gateway.
    IstioGateway,
    /// Envoy Gateway.
    EnvoyGateway,
}

impl Controller {
    /// Every controller, in the order the form lists them.
    pub const ALL: [Controller; 7] = [
        Controller::IngressNginx,
        Controller::Traefik,
        Controller::Haproxy,
        Controller::Contour,
        Controller::Kong,
        Controller::IstioGateway,
        Controller::EnvoyGateway,
    ];

    /// The namespace the controller's own install docs use.
    pub fn default_namespace(self) -> &'static str {
        match self {
            Controller::IngressNginx => "ingress-nginx",
            Controller::Traefik => "traefik",
            Controller::Haproxy => "haproxy-controller",
            Controller::Contour => "projectcontour",
            Controller::Kong => "kong",
            Controller::IstioGateway => "istio-ingress",
            Controller::EnvoyGateway => "envoy-gateway-system",
        }
    }

    /// A human name for comments and the form.
    pub fn label(self) -> &'static str {
        match self {
            Controller::IngressNginx => "ingress-nginx",
            Controller::Traefik => "Traefik",
            Controller::Haproxy => "HAProxy",
            Controller::Contour => "Contour",
            Controller::Kong => "Kong",
            Controller::IstioGateway => "Istio gateway",
            Controller::EnvoyGateway => "Envoy Gateway",
        }
    }
}

/// One source of traffic to Periscope's `http` port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum IngressSource {
    /// An ingress controller running in `namespace`.
    Controller {
        /// Which controller.
        controller: Controller,
        /// The namespace it runs in.
        namespace: String,
    },
    /// Any namespace whose labels match all of these.
    Namespace {
        /// The namespace's labels (`namespaceSelector.matchLabels`).
        labels: Vec<Label>,
    },
    /// A load balancer with IP targets (AWS ALB/NLB): traffic comes from VPC addresses.
    LoadBalancer {
        /// The VPC or subnet CIDRs the load balancer sends from.
        cidrs: CidrList,
    },
    /// No in-cluster ingress: operators use `kubectl port-forward`.
    PortForwardOnly,
}
