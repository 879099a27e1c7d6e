//! The what-if tester: "Can Periscope reach 10.20.3.4 on 443?", "Can the monitoring
//! namespace reach Periscope on 8080?", answered with the rule that decides it.
//!
//! An [`Explainer`] holds a policy and what is known around it (a [`Context`]), made
//! from an Environment (the app) or a chart values file (the CLI). Its
//! [`Explainer::explain`] answers a [`Question`] (parsed by [`parse_egress`] or
//! [`parse_ingress`]) with an [`Explanation`]: allowed by a rule, denied (with the
//! nearest rule, why it does not match, and the narrowest rule that would allow it as a
//! one-click [`Remedy`]), or unresolved (a host name nothing known resolves offline).
//! Packets are judged by [`reach::decide`], host names through [`Context::verdict`]: the
//! same model as the warnings.

use ipnet::IpNet;

use crate::builder::{self, issuer_host, RuleNotes};
use crate::lint::{ChartFlags, Context, Dest, Verdict};
use crate::model::{Cluster, Environment};
use crate::reach::{self, Packet, PodTarget, Protocol, Remote, RuleRef, Site, Way};
use crate::remedy::Remedy;
use crate::values::Values;

use fix::{fix, fix_nets, with_port};

mod fix;
mod nearest;
mod question;
mod report;

pub(crate) use nearest::describe_ports;
pub use nearest::{Miss, Nearest};
pub use question::{parse_egress, parse_ingress, Asked, Question, QuestionError};
pub use report::JSON_VERSION;

/// A policy and what is known around it, ready for questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explainer {
    values: Values,
    ctx: Context,
    notes: RuleNotes,
    /// Host names of kubeconfig `server:` URLs, with their cluster's index.
    servers: Vec<(String, usize)>,
}

/// What a host name was resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// What the host is, e.g. "the OIDC issuer", "cluster prod's apiserver".
    pub what: String,
    /// The field that says where it lives (Environment path or values path).
    pub path: String,
}

/// The answer to a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A rule allows the traffic.
    Allowed {
        /// The rule (to highlight in the values preview).
        rule: RuleRef,
        /// The rule is the egress proxy's: the traffic goes through the proxy.
        via_proxy: bool,
    },
    /// No rule allows it.
    Denied {
        /// The rule that comes closest, and why it does not match.
        nearest: Option<Nearest>,
        /// The narrowest rule that allows it, when the remote's address or pods are known.
        fix: Option<Remedy>,
        /// Why, when there is no nearest rule to say it.
        reason: Option<String>,
    },
    /// The question cannot be answered offline.
    Unresolved {
        /// Why, and what to ask instead.
        reason: String,
    },
    /// `networkPolicy.enabled` is false: nothing is filtered.
    NotEnforced,
}

impl Answer {
    /// `allowed`, `denied`, `unresolved` or `not-enforced`.
    pub fn verdict(&self) -> &'static str {
        match self {
            Answer::Allowed { .. } => "allowed",
            Answer::Denied { .. } => "denied",
            Answer::Unresolved { .. } => "unresolved",
            Answer::NotEnforced => "not-enforced",
        }
    }

    /// Whether the traffic passes (`None` when that cannot be told).
    pub fn passes(&self) -> Option<bool> {
        match self {
            Answer::Allowed { .. } | Answer::NotEnforced => Some(true),
            Answer::Denied { .. } => Some(false),
            Answer::Unresolved { .. } => None,
        }
    }

    /// The rule to highlight: the deciding rule, or the nearest one when denied.
    pub fn rule(&self) -> Option<RuleRef> {
        match self {
            Answer::Allowed { rule, .. } => Some(*rule),
            Answer::Denied { nearest, .. } => nearest.as_ref().map(|n| n.rule),
            _ => None,
        }
    }

    /// The one-click fix, when denied and the remote is known.
    pub fn remedy(&self) -> Option<&Remedy> {
        match self {
            Answer::Denied { fix, .. } => fix.as_ref(),
            _ => None,
        }
    }
}

/// A question with its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The question.
    pub question: Question,
    /// What a host name was resolved to.
    pub resolved: Option<Resolved>,
    /// The answer.
    pub answer: Answer,
    /// Why each rule is there ([`RuleNotes`]), for naming rules in the text.
    pub notes: RuleNotes,
}

impl Explainer {
    /// The policy an Environment builds, with everything the Environment knows.
    ///
    /// ```
    /// use periscope_netpol::{explain::*, model::Environment};
    /// let x = Explainer::from_environment(&Environment::default());
    /// let yes = x.explain(&parse_egress("52.94.76.1:443").unwrap());
    /// assert_eq!(yes.answer.verdict(), "allowed");
    /// let no = x.explain(&parse_egress("10.20.3.4:443").unwrap());
    /// assert_eq!(no.answer.verdict(), "denied");
    /// assert!(no.answer.remedy().is_some());
    /// ```
    pub fn from_environment(env: &Environment) -> Explainer {
        Explainer::from_environment_with(env, &crate::ranges::Published::default())
    }

    /// [`Explainer::from_environment`] with published ranges loaded: host names resolve
    /// to the verdicts [`crate::analysis::analyze_with`] gives.
    pub fn from_environment_with(
        env: &Environment,
        published: &crate::ranges::Published,
    ) -> Explainer {
        let built = builder::build(env);
        let ctx = Context::from_environment_with(env, &built, published);
        let servers = env
            .clusters
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c {
                Cluster::Kubeconfig { server, .. } => {
                    crate::hosts::endpoint(server).map(|e| (e.host.to_ascii_lowercase(), i))
                }
                _ => None,
            })
            .collect();
        Explainer {
            values: built.values,
            ctx,
            notes: built.notes,
            servers,
        }
    }

    /// A values block and the rest of its chart values file (`doc`), with the flags that
    /// say what a values file cannot (as `check` reads them).
    pub fn from_chart_values(doc: &serde_yaml::Value, values: Values, flags: &ChartFlags) -> Self {
        Explainer::from_chart_values_with(doc, values, flags, "", &Default::default())
    }

    /// [`Explainer::from_chart_values`] with published ranges loaded, as `check` reads
    /// them ([`Context::from_chart_values_with`]).
    pub fn from_chart_values_with(
        doc: &serde_yaml::Value,
        values: Values,
        flags: &ChartFlags,
        aws_region: &str,
        published: &crate::ranges::Published,
    ) -> Self {
        Explainer {
            values,
            ctx: Context::from_chart_values_with(doc, flags, aws_region, published),
            notes: RuleNotes::default(),
            servers: Vec::new(),
        }
    }

    /// The values asked about.
    pub fn values(&self) -> &Values {
        &self.values
    }

    /// The Periscope pod as the policy sees it.
    pub fn site(&self) -> Site {
        Site {
            namespace: self.ctx.namespace.clone(),
            service_port: self.ctx.service_port,
            agent_port: self.ctx.agent_port,
        }
    }

    /// Answers a question.
    pub fn explain(&self, question: &Question) -> Explanation {
        let mut resolved = None;
        let answer = if !self.values.enabled {
            Answer::NotEnforced
        } else {
            match &question.remote {
                Asked::Ip(ip) => self.packet(question, Remote::Ip(*ip)),
                Asked::Namespace {
                    name,
                    labels,
                    pod_labels,
                } => {
                    let mut target = PodTarget::in_namespace(name, pod_labels.clone());
                    for (k, v) in labels {
                        target.namespace_labels.insert(k.clone(), v.clone());
                    }
                    self.packet(question, Remote::Pods(target))
                }
                Asked::Host(host) => match self.resolve(host) {
                    Some((r, dest)) => {
                        resolved = Some(r);
                        self.dest(question, &dest)
                    }
                    None => Answer::Unresolved {
                        reason: self.cannot_resolve(host),
                    },
                },
            }
        };
        Explanation {
            question: question.clone(),
            resolved,
            answer,
            notes: self.notes.clone(),
        }
    }

    fn cannot_resolve(&self, host: &str) -> String {
        let region = if self.ctx.region.is_empty() {
            String::new()
        } else {
            format!(", an AWS endpoint of {}", self.ctx.region)
        };
        format!(
            "the tester cannot resolve names offline: {host} is not the OIDC issuer{region} or a managed cluster; ask again with its IP address"
        )
    }

    /// A host name from what the Context knows: the issuer's host, the region's AWS
    /// endpoints, the clusters' names and kubeconfig servers.
    fn resolve(&self, host: &str) -> Option<(Resolved, Dest)> {
        let ctx = &self.ctx;
        let issuer = issuer_host(&ctx.issuer)
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim_end_matches('.')
            .to_ascii_lowercase();
        if !issuer.is_empty() && issuer == host {
            let r = resolved("the OIDC issuer", &ctx.paths.idp);
            return Some((r, ctx.idp.clone()));
        }
        // The region's endpoints; any region's when a values file does not say which.
        let region = ctx.region.to_ascii_lowercase();
        let in_region = |svc: &str| match host
            .strip_prefix(svc)
            .and_then(|h| h.strip_prefix('.'))
            .and_then(|h| h.strip_suffix(".amazonaws.com"))
        {
            Some(r) if region.is_empty() => !r.is_empty() && !r.contains('.'),
            Some(r) => r == region,
            None => false,
        };
        let aws = ["sts", "eks", "secretsmanager", "ssm"]
            .iter()
            .find(|svc| in_region(svc));
        if let Some(svc) = aws
            .copied()
            .or((host == "sts.amazonaws.com").then_some("sts"))
        {
            let what = match svc {
                "sts" => "AWS STS",
                "eks" => "the AWS EKS API",
                "secretsmanager" => "AWS Secrets Manager",
                _ => "AWS SSM",
            };
            return Some((resolved(what, &ctx.paths.aws_apis), ctx.aws.clone()));
        }
        let by_server = self
            .servers
            .iter()
            .find(|(h, _)| h == host)
            .and_then(|(_, i)| ctx.clusters.get(*i));
        let cluster = by_server.or_else(|| {
            ctx.clusters
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(host))
        })?;
        let what = format!("cluster {}'s apiserver", cluster.name);
        Some((resolved(&what, &cluster.path), cluster.dest.clone()))
    }

    /// One packet to or from a known remote.
    fn packet(&self, q: &Question, remote: Remote) -> Answer {
        let site = self.site();
        let packet = Packet {
            way: q.way,
            remote,
            protocol: q.protocol,
            port: q.port,
        };
        match reach::decide(&self.values, &site, &packet) {
            Some(rule) => Answer::Allowed {
                rule,
                via_proxy: false,
            },
            None => Answer::Denied {
                nearest: nearest::nearest(&self.values, &site, &packet),
                fix: Some(fix(q.way, std::slice::from_ref(&packet.remote), q)),
                reason: None,
            },
        }
    }

    /// A resolved host: its addresses or pods when known, else the Context's verdict.
    fn dest(&self, q: &Question, dest: &Dest) -> Answer {
        match dest {
            Dest::Nets { nets, .. } => {
                let family = self.ctx.ip_family;
                let nets: Vec<&IpNet> = nets
                    .iter()
                    .filter(|n| if reach::is_v4(n) { family.v4() } else { family.v6() })
                    .collect();
                if nets.is_empty() {
                    // As the warnings say: a need without addresses of the pod's family
                    // is blocked.
                    return Answer::Denied {
                        nearest: None,
                        fix: None,
                        reason: Some("no address of the pod's IP family is given for it, so no rule can allow it; give its CIDRs, or ask again with its IP address".into()),
                    };
                }
                let mut first = None;
                let mut blocked = Vec::new();
                for net in &nets {
                    match reach::egress_to_net(&self.values, net, q.protocol, q.port) {
                        Some(rule) => {
                            first.get_or_insert(rule);
                        }
                        None => blocked.push(**net),
                    }
                }
                match (blocked.first(), first) {
                    (None, Some(rule)) => Answer::Allowed {
                        rule,
                        via_proxy: false,
                    },
                    (Some(net), _) => {
                        let packet = Packet {
                            way: Way::Egress,
                            remote: Remote::Ip(net.network()),
                            protocol: q.protocol,
                            port: q.port,
                        };
                        Answer::Denied {
                            nearest: nearest::nearest(&self.values, &self.site(), &packet),
                            fix: Some(fix_nets(&blocked, q)),
                            reason: None,
                        }
                    }
                    (None, None) => Answer::Unresolved {
                        reason: "no address is known for it".into(),
                    },
                }
            }
            Dest::Pods { target, .. } => self.packet(q, Remote::Pods(target.clone())),
            _ if q.protocol != Protocol::Tcp => Answer::Unresolved {
                reason: format!(
                    "its addresses are not known, and only its TCP port is checked offline; ask again with its IP address for {}",
                    q.protocol.as_str()
                ),
            },
            other => match self.ctx.verdict(&self.values, &with_port(other, q.port)) {
                Verdict::Unknown if self.ctx.ranges_partial(&self.values, &with_port(other, q.port)) => {
                    Answer::Unresolved {
                        reason: crate::lint::home_summary(&self.values, &with_port(other, q.port)),
                    }
                }
                Verdict::Allowed { rule, via_proxy } => Answer::Allowed { rule, via_proxy },
                Verdict::Blocked => Answer::Denied {
                    nearest: None,
                    fix: None,
                    reason: Some(format!(
                        "no rule reaches it on TCP {}, and its addresses are not known; ask again with its IP address for the narrowest fix",
                        q.port
                    )),
                },
                Verdict::Unknown => Answer::Unresolved {
                    reason: "some rules might reach it, none certainly does; ask again with its IP address".into(),
                },
            },
        }
    }
}

fn resolved(what: &str, path: &str) -> Resolved {
    Resolved {
        what: what.to_owned(),
        path: path.to_owned(),
    }
}
