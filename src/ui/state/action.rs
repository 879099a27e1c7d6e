//! The [`Action`] enum and the small enums naming the part of the form an action edits.
//!
//! Kept apart from the reducer so the vocabulary the components speak can be read in one
//! place; `state` re-exports every item, so callers keep using `ui::state::Action` and co.

use crate::model::{
    AwsApiAccess, Controller, Credentials, Direction, Dns, EgressPosture, EndpointAccess,
    Environment, IdpReach, IpFamily, SecretsMode,
};
use crate::remedy::Remedy;

/// One part of a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelPart {
    /// The key.
    Key,
    /// The value.
    Value,
}

/// Which selector of a custom peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectorSide {
    /// `namespaceSelector`.
    Namespace,
    /// `podSelector`.
    Pod,
}

/// One part of a custom port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortPart {
    /// `protocol`.
    Protocol,
    /// `port`.
    Port,
    /// `endPort`.
    EndPort,
}

/// The kind of a new ingress source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IngressKind {
    /// An ingress controller.
    Controller,
    /// A namespace by labels.
    Namespace,
    /// A load balancer with IP targets.
    LoadBalancer,
    /// Port-forward only.
    PortForwardOnly,
}

/// The backend of a new cluster: the core's [`crate::lint::Backend`].
pub use crate::lint::Backend;

/// The kind of IdP reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReachKind {
    /// Through the posture's general rule.
    Internet,
    /// Explicit CIDRs.
    Cidrs,
    /// An in-cluster Service.
    InCluster,
}

/// The kind of egress posture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostureKind {
    /// Internet HTTPS.
    InternetHttps,
    /// Explicit CIDRs.
    Explicit,
    /// Egress proxy.
    Proxy,
}

/// A field of the release section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseField {
    /// Release name.
    Name,
    /// Namespace.
    Namespace,
    /// `nameOverride`.
    NameOverride,
    /// `fullnameOverride`.
    FullnameOverride,
    /// Chart version.
    ChartVersion,
    /// appVersion.
    AppVersion,
    /// `service.port`.
    ServicePort,
}

/// A text field of a cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterField {
    /// Name.
    Name,
    /// EKS region.
    Region,
    /// CIDRs.
    Cidrs,
    /// Port.
    Port,
    /// Kubeconfig server URL.
    Server,
}

/// A fact about the cluster that a values file cannot tell the checker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFlag {
    /// NodeLocal DNSCache.
    NodeLocalDns,
    /// GKE Cloud DNS.
    GkeCloudDns,
    /// EKS private endpoint access.
    EksPrivateEndpoint,
    /// ALB / NLB with IP targets.
    AlbIpTargets,
    /// Port-forward only.
    PortForwardOnly,
}

/// Everything the user can do to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Apply a finding's one-click fix to the Environment.
    ApplyRemedy(Remedy),
    /// The pasted values to check.
    SetCheckText(String),
    /// A fact the values cannot tell.
    SetCheckFlag(CheckFlag, bool),
    /// The IP family for the checker.
    SetCheckIpFamily(IpFamily),
    /// Override the credential path the values imply.
    SetCheckCredentials(Option<Credentials>),
    /// Apply a fix to the checked values.
    ApplyCheckFix(Remedy),
    /// Drop every fix applied to the checked values.
    UndoCheckFixes,
    /// Replace the whole Environment and make it the new baseline (import, share link).
    Load(Box<Environment>),
    /// Return to the defaults, keeping the current Environment for [`Action::UndoReset`].
    Reset,
    /// Bring back the Environment the last Reset replaced.
    UndoReset,
    /// Remove an imported verbatim rule.
    RemoveVerbatim(usize),
    /// Choose a preset: loads at once when nothing is edited, else asks first.
    ChoosePreset(&'static str),
    /// Discard the edits and load the pending preset.
    ConfirmPreset,
    /// Keep the edits.
    CancelPreset,
    /// `networkPolicy.enabled`.
    SetEnabled(bool),
    /// A release field.
    SetRelease(ReleaseField, String),
    /// Add an ingress source.
    AddIngress(IngressKind),
    /// Remove an ingress source.
    RemoveIngress(usize),
    /// Change a controller source's controller (its namespace follows when untouched).
    SetIngressController(usize, Controller),
    /// A controller source's namespace.
    SetIngressNamespace(usize, String),
    /// A load-balancer source's CIDRs.
    SetIngressCidrs(usize, String),
    /// Add a label to a namespace source.
    AddIngressLabel(usize),
    /// Remove a label from a namespace source.
    RemoveIngressLabel(usize, usize),
    /// Edit a label of a namespace source.
    SetIngressLabel(usize, usize, LabelPart, String),
    /// `agent.enabled`.
    SetAgentEnabled(bool),
    /// The agent port.
    SetAgentPort(String),
    /// The agents' CIDRs.
    SetAgentCidrs(String),
    /// The issuer URL.
    SetIssuer(String),
    /// How the IdP is reached.
    SetIdpReach(ReachKind),
    /// The IdP's CIDRs.
    SetIdpCidrs(String),
    /// The in-cluster IdP's namespace.
    SetIdpNamespace(String),
    /// The in-cluster IdP's port.
    SetIdpPort(String),
    /// Add an in-cluster IdP pod label.
    AddIdpLabel,
    /// Remove an in-cluster IdP pod label.
    RemoveIdpLabel(usize),
    /// Edit an in-cluster IdP pod label.
    SetIdpLabel(usize, LabelPart, String),
    /// The AWS credential path.
    SetCredentials(Credentials),
    /// The AWS region.
    SetAwsRegion(String),
    /// Public endpoints or VPC endpoints.
    SetAwsApiAccess(AwsApiAccess),
    /// AWS API CIDRs.
    SetAwsApiCidrs(String),
    /// Add a cluster.
    AddCluster(Backend),
    /// Remove a cluster.
    RemoveCluster(usize),
    /// Edit a text field of a cluster.
    SetCluster(usize, ClusterField, String),
    /// An EKS cluster's endpoint access.
    SetClusterEndpoint(usize, EndpointAccess),
    /// `secrets.mode`.
    SetSecretsMode(SecretsMode),
    /// The egress posture.
    SetPosture(PostureKind),
    /// The proxy's CIDRs.
    SetProxyCidrs(String),
    /// The proxy's port.
    SetProxyPort(String),
    /// DNS.
    SetDns(Dns),
    /// IP family.
    SetIpFamily(IpFamily),
    /// Add a custom rule.
    AddCustomRule(Direction),
    /// Remove a custom rule.
    RemoveCustomRule(usize),
    /// A custom rule's direction.
    SetCustomDirection(usize, Direction),
    /// A custom rule's note.
    SetCustomNote(usize, String),
    /// Add an ipBlock peer (`true`) or a selector peer (`false`).
    AddCustomPeer(usize, bool),
    /// Remove a peer.
    RemoveCustomPeer(usize, usize),
    /// An ipBlock peer's CIDR.
    SetPeerCidr(usize, usize, String),
    /// An ipBlock peer's except list.
    SetPeerExcept(usize, usize, String),
    /// Turn a selector peer's namespace or pod selector on or off.
    SetPeerSelector(usize, usize, SelectorSide, bool),
    /// Add a label to a selector.
    AddPeerLabel(usize, usize, SelectorSide),
    /// Remove a label from a selector.
    RemovePeerLabel(usize, usize, SelectorSide, usize),
    /// Edit a selector label.
    SetPeerLabel(usize, usize, SelectorSide, usize, LabelPart, String),
    /// Add a port to a custom rule.
    AddCustomPort(usize),
    /// Remove a port.
    RemoveCustomPort(usize, usize),
    /// Edit a port.
    SetCustomPort(usize, usize, PortPart, String),
}

impl ReachKind {
    /// The kind of a reach.
    pub fn of(r: &IdpReach) -> Self {
        match r {
            IdpReach::Internet => ReachKind::Internet,
            IdpReach::Cidrs { .. } => ReachKind::Cidrs,
            IdpReach::InCluster { .. } => ReachKind::InCluster,
        }
    }
}

impl PostureKind {
    /// The kind of a posture.
    pub fn of(p: &EgressPosture) -> Self {
        match p {
            EgressPosture::InternetHttps => PostureKind::InternetHttps,
            EgressPosture::Explicit => PostureKind::Explicit,
            EgressPosture::Proxy { .. } => PostureKind::Proxy,
        }
    }
}
