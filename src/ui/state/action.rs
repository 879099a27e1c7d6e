//! The [`Action`] enum and the small enums naming the part of the form an action edits.
//!
//! Kept apart from the reducer so the vocabulary the components speak can be read in one
//! place; `state` re-exports every item, so callers keep using `ui::state::Action` and co.

use crate::fields::FieldPath;
use crate::fill::Fill;
pub use crate::fill::Loaded;
use crate::model::{
    AwsApiAccess, Cni, Controller, Credentials, Direction, Dns, EgressPosture, EndpointAccess,
    Environment, IdpReach, IpFamily, Publisher, SecretsMode,
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

/// A custom rule's peer: `custom[rule].peers[peer]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerAt {
    /// The rule's index.
    pub rule: usize,
    /// The peer's index in the rule.
    pub peer: usize,
}

/// A custom rule's port: `custom[rule].ports[port]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortAt {
    /// The rule's index.
    pub rule: usize,
    /// The port's index in the rule.
    pub port: usize,
}

/// The kind of a new custom peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeerKind {
    /// An `ipBlock`.
    IpBlock,
    /// Namespace and pod selectors.
    Selector,
}

/// One of the form's label lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelList {
    /// A namespace ingress source's labels: `ingress[i].labels`.
    Ingress(usize),
    /// The in-cluster IdP's pod labels: `idp.podLabels`.
    IdpPods,
    /// A selector of a custom peer: `custom[i].peers[j].namespaceLabels` or `podLabels`.
    Peer(PeerAt, SelectorSide),
}

/// One label of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelAt {
    /// The list.
    pub list: LabelList,
    /// The label's index in the list.
    pub index: usize,
}

impl PeerAt {
    /// The peer's field path.
    pub fn path(self) -> FieldPath {
        FieldPath::key_of("custom")
            .at(self.rule)
            .key("peers")
            .at(self.peer)
    }
}

impl PortAt {
    /// The port's field path.
    pub fn path(self) -> FieldPath {
        FieldPath::key_of("custom")
            .at(self.rule)
            .key("ports")
            .at(self.port)
    }
}

impl SelectorSide {
    /// The selector's key in a peer's path.
    pub fn key(self) -> &'static str {
        match self {
            SelectorSide::Namespace => "namespaceLabels",
            SelectorSide::Pod => "podLabels",
        }
    }
}

impl LabelList {
    /// The list's field path.
    pub fn path(self) -> FieldPath {
        match self {
            LabelList::Ingress(i) => FieldPath::key_of("ingress").at(i).key("labels"),
            LabelList::IdpPods => FieldPath::key_of("idp").key("podLabels"),
            LabelList::Peer(peer, side) => peer.path().key(side.key()),
        }
    }

    /// Label `index` of this list.
    pub fn at(self, index: usize) -> LabelAt {
        LabelAt { list: self, index }
    }
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
    /// The checker's AWS region (where the loaded ranges place STS and EKS).
    SetCheckAwsRegion(String),
    /// Override the credential path the values imply.
    SetCheckCredentials(Option<Credentials>),
    /// Apply a fix to the checked values.
    ApplyCheckFix(Remedy),
    /// Drop every fix applied to the checked values.
    UndoCheckFixes,
    /// Replace the whole Environment and make it the new baseline (share link).
    Load(Box<Environment>),
    /// Load an Environment imported from a values file. A values file cannot say which
    /// CNI the cluster runs, so the form's choice stays.
    LoadImported(Box<Environment>),
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
    /// Add a peer to a custom rule.
    AddCustomPeer(usize, PeerKind),
    /// Remove a peer.
    RemoveCustomPeer(PeerAt),
    /// An ipBlock peer's CIDR.
    SetPeerCidr(PeerAt, String),
    /// An ipBlock peer's except list.
    SetPeerExcept(PeerAt, String),
    /// Turn a selector peer's namespace or pod selector on or off.
    SetPeerSelector(PeerAt, SelectorSide, bool),
    /// Add a port to a custom rule.
    AddCustomPort(usize),
    /// Remove a port.
    RemoveCustomPort(PortAt),
    /// Edit a port.
    SetCustomPort(PortAt, PortPart, String),
    /// Add an empty label to a list.
    AddLabel(LabelList),
    /// Remove a label.
    RemoveLabel(LabelAt),
    /// Edit a label.
    SetLabel(LabelAt, LabelPart, String),
    /// The CNI (Cilium adds a CiliumNetworkPolicy).
    SetCni(Cni),
    /// Fill a CIDR field from a published ranges file.
    FillCidrs(Box<Fill>),
    /// A published ranges file was read: the checks use it from now on.
    LoadRanges(Loaded),
    /// Put a loaded ranges file away.
    ForgetRanges(Publisher),
    /// The Okta cells the organization is in (empty: any).
    SetOktaCells(Vec<String>),
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
