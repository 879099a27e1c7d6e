//! The reducer's edits to the checker, presets, release, ingress, IdP, AWS, egress and
//! DNS, and the one-of switches (IdP reach, egress posture) that park what they replace.
//!
//! The cluster and custom-rule lists are edited in `lists`, to keep each file
//! to one part of the form.

use super::lists::{self, remove_at, set_label};
use super::{Action, CheckFlag, IngressKind, PostureKind, ReachKind, ReleaseField, State};
use crate::model::{CidrList, Controller, EgressPosture, IdpReach, IngressSource, Label, PortText};
use crate::presets;
use crate::remedy;

impl State {
    /// Applies one action to the Environment or the checker, without the undo bookkeeping
    /// of [`State::apply`].
    pub(super) fn edit(&mut self, action: Action) {
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
            list @ (Action::AddCluster(..)
            | Action::RemoveCluster(..)
            | Action::SetCluster(..)
            | Action::SetClusterEndpoint(..)
            | Action::AddCustomRule(..)
            | Action::RemoveCustomRule(..)
            | Action::SetCustomDirection(..)
            | Action::SetCustomNote(..)
            | Action::AddCustomPeer(..)
            | Action::RemoveCustomPeer(..)
            | Action::SetPeerCidr(..)
            | Action::SetPeerExcept(..)
            | Action::SetPeerSelector(..)
            | Action::AddPeerLabel(..)
            | Action::RemovePeerLabel(..)
            | Action::SetPeerLabel(..)
            | Action::AddCustomPort(..)
            | Action::RemoveCustomPort(..)
            | Action::SetCustomPort(..)) => lists::edit(env, list),
        }
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
                // Empty: the builder and the checks use the issuer URL's port.
                port: PortText::default(),
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
