//! The reducer's edits to the checker, presets, release, ingress, IdP, AWS, egress and
//! DNS, and the one-of switches (IdP reach, egress posture) that park what they replace.
//!
//! The cluster and custom-rule lists are edited in `lists`, to keep each file
//! to one part of the form.

use std::rc::Rc;

use super::lists::{self, remove_at};
use super::{Action, CheckFlag, IngressKind, Loaded, PostureKind, ReachKind, ReleaseField, State};
use crate::check::CheckInput;
use crate::fill::{self, FillTarget};
use crate::model::Publisher;
use crate::model::{
    CidrList, Controller, EgressPosture, Environment, IdpReach, IngressSource, Label, PortText,
};
use crate::presets;
use crate::remedy;

impl State {
    /// Applies one action to the Environment or the checker, without the undo bookkeeping
    /// of [`State::apply`]. Only the part the action edits is copied.
    pub(super) fn edit(&mut self, action: Action) {
        match action {
            Action::Reset | Action::UndoReset => {}
            Action::Load(e) => self.reset_to(Rc::new(*e)),
            Action::LoadImported(mut e) => {
                e.cni = self.env.cni;
                self.reset_to(Rc::new(*e));
            }
            Action::SetCheckText(text) => {
                if text != self.check.text {
                    let c = &self.check;
                    // A new input rather than a copy of the old one: the old text can be
                    // megabytes. Fixes were made for the old text.
                    self.check = Rc::new(CheckInput {
                        text,
                        flags: c.flags,
                        credentials: c.credentials,
                        fixes: Vec::new(),
                        published: c.published.clone(),
                        aws_region: c.aws_region.clone(),
                    });
                }
            }
            Action::SetCheckFlag(flag, on) => {
                let f = &mut Rc::make_mut(&mut self.check).flags;
                match flag {
                    CheckFlag::NodeLocalDns => f.nodelocal_dns = on,
                    CheckFlag::GkeCloudDns => f.gke_cloud_dns = on,
                    CheckFlag::EksPrivateEndpoint => f.eks_private_endpoint = on,
                    CheckFlag::AlbIpTargets => f.alb_ip_targets = on,
                    CheckFlag::PortForwardOnly => f.port_forward_only = on,
                }
            }
            Action::SetCheckIpFamily(fam) => Rc::make_mut(&mut self.check).flags.ip_family = fam,
            Action::SetCheckAwsRegion(r) => {
                if r != self.check.aws_region {
                    Rc::make_mut(&mut self.check).aws_region = r;
                }
            }
            Action::SetCheckCredentials(c) => Rc::make_mut(&mut self.check).credentials = c,
            Action::ApplyCheckFix(r) => {
                if !self.check.fixes.contains(&r) {
                    Rc::make_mut(&mut self.check).fixes.push(r);
                }
            }
            Action::UndoCheckFixes => {
                if !self.check.fixes.is_empty() {
                    Rc::make_mut(&mut self.check).fixes.clear();
                }
            }
            Action::ChoosePreset(id) => {
                if self.is_edited() {
                    self.pending_preset = Some(id);
                } else if let Some(p) = presets::find(id) {
                    self.reset_to(Rc::new((p.build)()));
                }
            }
            Action::ConfirmPreset => {
                if let Some(p) = self.pending_preset.and_then(presets::find) {
                    self.reset_to(Rc::new((p.build)()));
                }
            }
            Action::CancelPreset => self.pending_preset = None,
            Action::SetIdpReach(kind) => self.set_reach(kind),
            Action::FillCidrs(f) => {
                if f.target == FillTarget::Idp {
                    self.set_reach(ReachKind::Cidrs);
                }
                fill::apply(Rc::make_mut(&mut self.env), &f);
            }
            Action::LoadRanges(loaded) => {
                match loaded {
                    Loaded::Aws(r) => self.published.aws = Some(r),
                    Loaded::Okta(r) => self.published.okta = Some(r),
                }
                self.published_changed();
            }
            Action::ForgetRanges(publisher) => {
                match publisher {
                    Publisher::Aws => self.published.aws = None,
                    Publisher::Okta => self.published.okta = None,
                }
                self.published_changed();
            }
            Action::SetOktaCells(cells) => {
                if cells != self.published.okta_cells {
                    self.published.okta_cells = cells;
                    self.published_changed();
                }
            }
            Action::SetPosture(kind) => self.set_posture(kind),
            other => edit_env(Rc::make_mut(&mut self.env), other),
        }
    }
}

/// Applies an action that edits only the Environment.
fn edit_env(env: &mut Environment, action: Action) {
    match action {
        Action::RemoveVerbatim(i) => remove_at(&mut env.verbatim, i),
        Action::ApplyRemedy(r) => *env = remedy::apply(env, &r),
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
                if namespace.as_str() == controller.default_namespace() || namespace.is_empty() {
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
        Action::SetAgentEnabled(v) => env.agent.enabled = v,
        Action::SetAgentPort(v) => env.agent.port = PortText(v),
        Action::SetAgentCidrs(v) => env.agent.cidrs = CidrList(v),
        Action::SetIssuer(v) => env.idp.issuer = v,
        Action::SetIdpCidrs(v) => {
            if let IdpReach::Cidrs { cidrs } = &mut env.idp.reach {
                *cidrs = CidrList(v);
                fill::forget(env, &FillTarget::Idp.field());
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
        Action::SetCredentials(c) => env.aws.credentials = c,
        Action::SetAwsRegion(v) => env.aws.region = v,
        Action::SetAwsApiAccess(a) => env.aws.api_access = a,
        Action::SetAwsApiCidrs(v) => {
            env.aws.api_cidrs = CidrList(v);
            fill::forget(env, &FillTarget::AwsApi.field());
        }
        Action::SetCni(c) => env.cni = c,
        Action::SetSecretsMode(m) => env.secrets_mode = m,
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
        list => lists::edit(env, list),
    }
}

impl State {
    /// The loaded ranges changed: the checker's input follows.
    fn published_changed(&mut self) {
        Rc::make_mut(&mut self.check).published = self.published.clone();
    }

    fn set_reach(&mut self, kind: ReachKind) {
        let current = ReachKind::of(&self.env.idp.reach);
        if current == kind {
            return;
        }
        let (env, parked) = (Rc::make_mut(&mut self.env), &mut self.parked);
        let left = std::mem::replace(&mut env.idp.reach, IdpReach::Internet);
        parked.idp.retain(|r| ReachKind::of(r) != current);
        if current != ReachKind::Internet {
            parked.idp.push(left);
        }
        let restored = parked
            .idp
            .iter()
            .position(|r| ReachKind::of(r) == kind)
            .map(|i| parked.idp.remove(i));
        env.idp.reach = restored.unwrap_or(match kind {
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
        let (env, parked) = (Rc::make_mut(&mut self.env), &mut self.parked);
        let old = std::mem::take(&mut env.egress);
        if current == PostureKind::Proxy {
            parked.proxy = Some(old);
        }
        env.egress = match kind {
            PostureKind::InternetHttps => EgressPosture::InternetHttps,
            PostureKind::Explicit => EgressPosture::Explicit,
            PostureKind::Proxy => parked.proxy.take().unwrap_or(EgressPosture::Proxy {
                cidrs: CidrList::default(),
                port: PortText::from(3128),
            }),
        };
    }
}
