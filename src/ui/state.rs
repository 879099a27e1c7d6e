//! The one reducer: every change to the form is an [`Action`] on [`State`].
//!
//! The reducer only edits the Environment (what the user typed, kept as typed); it never
//! validates. Switching a choice (IdP reach, egress posture) parks the other choice's
//! fields so switching back restores what the user had typed.

use std::rc::Rc;

use yew::Reducible;

use crate::check::CheckInput;
use crate::model::{
    AwsApiAccess, CidrList, Cluster, Controller, Credentials, CustomPeer, CustomPort, CustomRule,
    Direction, Dns, EgressPosture, EndpointAccess, Environment, IdpReach, IngressSource, IpFamily,
    Label, PortText, SecretsMode,
};
use crate::presets;
use crate::remedy::{self, Remedy};

/// What the user told us, plus what the form needs to never lose it.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The Environment being edited.
    pub env: Environment,
    /// The Environment last loaded (default, preset): edits are measured against it.
    pub baseline: Environment,
    /// A preset waiting for the user to confirm discarding their edits.
    pub pending_preset: Option<&'static str>,
    /// Choices the user switched away from, restored when they switch back.
    pub parked: Parked,
    /// Values the user pasted to check.
    pub check: CheckInput,
    /// The Environment before the last Reset, until the next edit (one-step undo).
    pub undo: Option<Box<Environment>>,
}

impl Default for State {
    fn default() -> Self {
        State::with_env(Environment::default())
    }
}

impl State {
    /// A state starting from `env`, with nothing edited yet.
    pub fn with_env(env: Environment) -> Self {
        State {
            baseline: env.clone(),
            env,
            pending_preset: None,
            parked: Parked::default(),
            check: CheckInput::default(),
            undo: None,
        }
    }

    /// Whether the user changed anything since the last load.
    pub fn is_edited(&self) -> bool {
        self.env != self.baseline
    }
}

/// Alternatives of one-of choices that are not selected now.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parked {
    /// IdP reaches by kind.
    pub idp: Vec<IdpReach>,
    /// The proxy posture's fields.
    pub proxy: Option<EgressPosture>,
}

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

/// The backend of a new cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `eks`.
    Eks,
    /// `in-cluster`.
    InCluster,
    /// `kubeconfig`.
    Kubeconfig,
    /// Agent-backed.
    Agent,
}

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

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        if next == *self {
            // Unchanged: hand back the same Rc so Yew skips the re-render.
            return self;
        }
        Rc::new(next)
    }
}

fn set_label(labels: &mut [Label], j: usize, part: LabelPart, v: String) {
    if let Some(l) = labels.get_mut(j) {
        match part {
            LabelPart::Key => l.key = v,
            LabelPart::Value => l.value = v,
        }
    }
}

fn remove_at<T>(list: &mut Vec<T>, i: usize) {
    if i < list.len() {
        list.remove(i);
    }
}

impl State {
    /// Applies one action in place (the reducer's body, usable natively).
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Reset => {
                let before = std::mem::take(&mut self.env);
                self.reset_to(Environment::default());
                if before != self.env {
                    self.undo = Some(Box::new(before));
                }
            }
            Action::UndoReset => {
                if let Some(before) = self.undo.take() {
                    self.reset_to(*before);
                }
            }
            other => {
                let before = self.env.clone();
                self.edit(other);
                if self.env != before {
                    // The undo offer lasts until the next change.
                    self.undo = None;
                }
            }
        }
    }

    fn edit(&mut self, action: Action) {
        let env = &mut self.env;
        match action {
            Action::Reset | Action::UndoReset => {}
            Action::Load(e) => {
                self.reset_to(*e);
            }
            Action::RemoveVerbatim(i) => remove_at(&mut env.verbatim, i),
            Action::ApplyRemedy(r) => *env = remedy::apply(env, &r),
            Action::SetCheckText(t) => {
                if t != self.check.text {
                    self.check.text = t;
                    // Fixes were made for the old text.
                    self.check.fixes.clear();
                }
            }
            Action::SetCheckFlag(flag, on) => {
                let f = &mut self.check.flags;
                match flag {
                    CheckFlag::NodeLocalDns => f.nodelocal_dns = on,
                    CheckFlag::GkeCloudDns => f.gke_cloud_dns = on,
                    CheckFlag::EksPrivateEndpoint => f.eks_private_endpoint = on,
                    CheckFlag::AlbIpTargets => f.alb_ip_targets = on,
                    CheckFlag::PortForwardOnly => f.port_forward_only = on,
                }
            }
            Action::SetCheckIpFamily(fam) => self.check.flags.ip_family = fam,
            Action::SetCheckCredentials(c) => self.check.credentials = c,
            Action::ApplyCheckFix(r) => {
                if !self.check.fixes.contains(&r) {
                    self.check.fixes.push(r);
                }
            }
            Action::UndoCheckFixes => self.check.fixes.clear(),
            Action::ChoosePreset(id) => {
                if self.is_edited() {
                    self.pending_preset = Some(id);
                } else if let Some(p) = presets::find(id) {
                    self.reset_to((p.build)());
                }
            }
            Action::ConfirmPreset => {
                if let Some(p) = self.pending_preset.and_then(presets::find) {
                    self.reset_to((p.build)());
                }
            }
            Action::CancelPreset => self.pending_preset = None,
            Action::SetEnabled(v) => env.enabled = v,
            Action::SetRelease(field, v) => {
                let r = &mut env.release;
                match field {
                    ReleaseField::Name => r.name = v,
                    ReleaseField::Namespace => r.namespace = v,
                    ReleaseField::NameOverride => r.name_override = v,
                    ReleaseField::FullnameOverride => r.fullname_override = v,
                    ReleaseField::ChartVersion => r.chart_version = v,
                    ReleaseField::AppVersion => r.app_version = v,
                    ReleaseField::ServicePort => r.service_port = PortText(v),
                }
            }
            Action::AddIngress(kind) => {
                // Port-forward-only means "nothing else": it replaces the list, and any
                // real source replaces it.
                if kind == IngressKind::PortForwardOnly {
                    env.ingress = vec![IngressSource::PortForwardOnly];
                    return;
                }
                env.ingress
                    .retain(|s| !matches!(s, IngressSource::PortForwardOnly));
                env.ingress.push(match kind {
                    IngressKind::Controller => IngressSource::Controller {
                        controller: Controller::IngressNginx,
                        namespace: Controller::IngressNginx.default_namespace().into(),
                    },
                    IngressKind::Namespace => IngressSource::Namespace {
                        labels: vec![Label::new("kubernetes.io/metadata.name", "")],
                    },
                    IngressKind::LoadBalancer => IngressSource::LoadBalancer {
                        cidrs: CidrList::default(),
                    },
                    IngressKind::PortForwardOnly => IngressSource::PortForwardOnly,
                });
            }
            Action::RemoveIngress(i) => remove_at(&mut env.ingress, i),
            Action::SetIngressController(i, c) => {
                if let Some(IngressSource::Controller {
                    controller,
                    namespace,
                }) = env.ingress.get_mut(i)
                {
                    if namespace.as_str() == controller.default_namespace() || namespace.is_empty()
                    {
                        *namespace = c.default_namespace().into();
                    }
                    *controller = c;
                }
            }
            Action::SetIngressNamespace(i, v) => {
                if let Some(IngressSource::Controller { namespace, .. }) = env.ingress.get_mut(i) {
                    *namespace = v;
                }
            }
            Action::SetIngressCidrs(i, v) => {
                if let Some(IngressSource::LoadBalancer { cidrs }) = env.ingress.get_mut(i) {
                    *cidrs = CidrList(v);
                }
            }
            Action::AddIngressLabel(i) => {
                if let Some(IngressSource::Namespace { labels }) = env.ingress.get_mut(i) {
                    labels.push(Label::default());
                }
            }
            Action::RemoveIngressLabel(i, j) => {
                if let Some(IngressSource::Namespace { labels }) = env.ingress.get_mut(i) {
                    remove_at(labels, j);
                }
            }
            Action::SetIngressLabel(i, j, part, v) => {
                if let Some(IngressSource::Namespace { labels }) = env.ingress.get_mut(i) {
                    set_label(labels, j, part, v);
                }
            }
            Action::SetAgentEnabled(v) => env.agent.enabled = v,
            Action::SetAgentPort(v) => env.agent.port = PortText(v),
            Action::SetAgentCidrs(v) => env.agent.cidrs = CidrList(v),
            Action::SetIssuer(v) => env.idp.issuer = v,
            Action::SetIdpReach(kind) => self.set_reach(kind),
            Action::SetIdpCidrs(v) => {
                if let IdpReach::Cidrs { cidrs } = &mut env.idp.reach {
                    *cidrs = CidrList(v);
                }
            }
            Action::SetIdpNamespace(v) => {
                if let IdpReach::InCluster { namespace, .. } = &mut env.idp.reach {
                    *namespace = v;
                }
            }
            Action::SetIdpPort(v) => {
                if let IdpReach::InCluster { port, .. } = &mut env.idp.reach {
                    *port = PortText(v);
                }
            }
            Action::AddIdpLabel => {
                if let IdpReach::InCluster { pod_labels, .. } = &mut env.idp.reach {
                    pod_labels.push(Label::default());
                }
            }
            Action::RemoveIdpLabel(j) => {
                if let IdpReach::InCluster { pod_labels, .. } = &mut env.idp.reach {
                    remove_at(pod_labels, j);
                }
            }
            Action::SetIdpLabel(j, part, v) => {
                if let IdpReach::InCluster { pod_labels, .. } = &mut env.idp.reach {
                    set_label(pod_labels, j, part, v);
                }
            }
            Action::SetCredentials(c) => env.aws.credentials = c,
            Action::SetAwsRegion(v) => env.aws.region = v,
            Action::SetAwsApiAccess(a) => env.aws.api_access = a,
            Action::SetAwsApiCidrs(v) => env.aws.api_cidrs = CidrList(v),
            Action::AddCluster(b) => {
                let n = env.clusters.len() + 1;
                let region = env.aws.region.clone();
                env.clusters.push(match b {
                    Backend::Eks => Cluster::Eks {
                        name: format!("cluster-{n}"),
                        region,
                        endpoint: EndpointAccess::Public,
                        cidrs: CidrList::default(),
                    },
                    Backend::InCluster => Cluster::InCluster {
                        name: "in-cluster".into(),
                        cidrs: CidrList::default(),
                        port: PortText::from(443),
                    },
                    Backend::Kubeconfig => Cluster::Kubeconfig {
                        name: format!("cluster-{n}"),
                        server: String::new(),
                        cidrs: CidrList::default(),
                        port: PortText::from(443),
                    },
                    Backend::Agent => Cluster::Agent {
                        name: format!("agent-{n}"),
                    },
                });
            }
            Action::RemoveCluster(i) => remove_at(&mut env.clusters, i),
            Action::SetCluster(i, field, v) => {
                if let Some(c) = env.clusters.get_mut(i) {
                    set_cluster_field(c, field, v);
                }
            }
            Action::SetClusterEndpoint(i, e) => {
                if let Some(Cluster::Eks { endpoint, .. }) = env.clusters.get_mut(i) {
                    *endpoint = e;
                }
            }
            Action::SetSecretsMode(m) => env.secrets_mode = m,
            Action::SetPosture(kind) => self.set_posture(kind),
            Action::SetProxyCidrs(v) => {
                if let EgressPosture::Proxy { cidrs, .. } = &mut env.egress {
                    *cidrs = CidrList(v);
                }
            }
            Action::SetProxyPort(v) => {
                if let EgressPosture::Proxy { port, .. } = &mut env.egress {
                    *port = PortText(v);
                }
            }
            Action::SetDns(d) => env.dns = d,
            Action::SetIpFamily(f) => env.ip_family = f,
            Action::AddCustomRule(direction) => env.custom.push(CustomRule {
                direction,
                note: String::new(),
                peers: vec![CustomPeer::IpBlock {
                    cidr: String::new(),
                    except: CidrList::default(),
                }],
                ports: vec![CustomPort::default()],
            }),
            Action::RemoveCustomRule(i) => remove_at(&mut env.custom, i),
            Action::SetCustomDirection(i, d) => {
                if let Some(r) = env.custom.get_mut(i) {
                    r.direction = d;
                }
            }
            Action::SetCustomNote(i, v) => {
                if let Some(r) = env.custom.get_mut(i) {
                    r.note = v;
                }
            }
            Action::AddCustomPeer(i, ip_block) => {
                if let Some(r) = env.custom.get_mut(i) {
                    r.peers.push(if ip_block {
                        CustomPeer::IpBlock {
                            cidr: String::new(),
                            except: CidrList::default(),
                        }
                    } else {
                        CustomPeer::Selector {
                            namespace_labels: Some(vec![Label::new(
                                "kubernetes.io/metadata.name",
                                "",
                            )]),
                            pod_labels: None,
                        }
                    });
                }
            }
            Action::RemoveCustomPeer(i, j) => {
                if let Some(r) = env.custom.get_mut(i) {
                    remove_at(&mut r.peers, j);
                }
            }
            Action::SetPeerCidr(i, j, v) => {
                if let Some(CustomPeer::IpBlock { cidr, .. }) = peer_mut(env, i, j) {
                    *cidr = v;
                }
            }
            Action::SetPeerExcept(i, j, v) => {
                if let Some(CustomPeer::IpBlock { except, .. }) = peer_mut(env, i, j) {
                    *except = CidrList(v);
                }
            }
            Action::SetPeerSelector(i, j, side, on) => {
                if let Some(sel) = selector_mut(env, i, j, side) {
                    match (on, sel.is_some()) {
                        (true, false) => *sel = Some(Vec::new()),
                        (false, true) => *sel = None,
                        _ => {}
                    }
                }
            }
            Action::AddPeerLabel(i, j, side) => {
                if let Some(Some(labels)) = selector_mut(env, i, j, side) {
                    labels.push(Label::default());
                }
            }
            Action::RemovePeerLabel(i, j, side, k) => {
                if let Some(Some(labels)) = selector_mut(env, i, j, side) {
                    remove_at(labels, k);
                }
            }
            Action::SetPeerLabel(i, j, side, k, part, v) => {
                if let Some(Some(labels)) = selector_mut(env, i, j, side) {
                    set_label(labels, k, part, v);
                }
            }
            Action::AddCustomPort(i) => {
                if let Some(r) = env.custom.get_mut(i) {
                    r.ports.push(CustomPort::default());
                }
            }
            Action::RemoveCustomPort(i, j) => {
                if let Some(r) = env.custom.get_mut(i) {
                    remove_at(&mut r.ports, j);
                }
            }
            Action::SetCustomPort(i, j, part, v) => {
                if let Some(p) = env.custom.get_mut(i).and_then(|r| r.ports.get_mut(j)) {
                    match part {
                        PortPart::Protocol => p.protocol = v,
                        PortPart::Port => p.port = PortText(v),
                        PortPart::EndPort => p.end_port = PortText(v),
                    }
                }
            }
        }
    }

    /// Loads an Environment as the new baseline; the checker's input stays.
    fn reset_to(&mut self, env: Environment) {
        let check = std::mem::take(&mut self.check);
        *self = State::with_env(env);
        self.check = check;
    }

    fn set_reach(&mut self, kind: ReachKind) {
        let current = ReachKind::of(&self.env.idp.reach);
        if current == kind {
            return;
        }
        let parked = std::mem::replace(&mut self.env.idp.reach, IdpReach::Internet);
        self.parked.idp.retain(|r| ReachKind::of(r) != current);
        if current != ReachKind::Internet {
            self.parked.idp.push(parked);
        }
        let restored = self
            .parked
            .idp
            .iter()
            .position(|r| ReachKind::of(r) == kind)
            .map(|i| self.parked.idp.remove(i));
        self.env.idp.reach = restored.unwrap_or(match kind {
            ReachKind::Internet => IdpReach::Internet,
            ReachKind::Cidrs => IdpReach::Cidrs {
                cidrs: CidrList::default(),
            },
            ReachKind::InCluster => IdpReach::InCluster {
                namespace: "keycloak".into(),
                pod_labels: vec![Label::new("app.kubernetes.io/name", "keycloak")],
                port: PortText::from(8080),
            },
        });
    }

    fn set_posture(&mut self, kind: PostureKind) {
        let current = PostureKind::of(&self.env.egress);
        if current == kind {
            return;
        }
        let old = std::mem::take(&mut self.env.egress);
        if current == PostureKind::Proxy {
            self.parked.proxy = Some(old);
        }
        self.env.egress = match kind {
            PostureKind::InternetHttps => EgressPosture::InternetHttps,
            PostureKind::Explicit => EgressPosture::Explicit,
            PostureKind::Proxy => self.parked.proxy.take().unwrap_or(EgressPosture::Proxy {
                cidrs: CidrList::default(),
                port: PortText::from(3128),
            }),
        };
    }
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

fn set_cluster_field(c: &mut Cluster, field: ClusterField, v: String) {
    match (c, field) {
        (
            Cluster::Eks { name, .. }
            | Cluster::InCluster { name, .. }
            | Cluster::Kubeconfig { name, .. }
            | Cluster::Agent { name },
            ClusterField::Name,
        ) => *name = v,
        (Cluster::Eks { region, .. }, ClusterField::Region) => *region = v,
        (
            Cluster::Eks { cidrs, .. }
            | Cluster::InCluster { cidrs, .. }
            | Cluster::Kubeconfig { cidrs, .. },
            ClusterField::Cidrs,
        ) => *cidrs = CidrList(v),
        (
            Cluster::InCluster { port, .. } | Cluster::Kubeconfig { port, .. },
            ClusterField::Port,
        ) => *port = PortText(v),
        (Cluster::Kubeconfig { server, .. }, ClusterField::Server) => *server = v,
        _ => {}
    }
}

fn peer_mut(env: &mut Environment, i: usize, j: usize) -> Option<&mut CustomPeer> {
    env.custom.get_mut(i).and_then(|r| r.peers.get_mut(j))
}

fn selector_mut(
    env: &mut Environment,
    i: usize,
    j: usize,
    side: SelectorSide,
) -> Option<&mut Option<Vec<Label>>> {
    match peer_mut(env, i, j)? {
        CustomPeer::Selector {
            namespace_labels,
            pod_labels,
        } => Some(match side {
            SelectorSide::Namespace => namespace_labels,
            SelectorSide::Pod => pod_labels,
        }),
        CustomPeer::IpBlock { .. } => None,
    }
}
