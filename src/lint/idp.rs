//! The OIDC issuer: Periscope runs discovery at start-up and exits when it fails, so the
//! issuer's host and port (the URL's, or the scheme's) decide: provably blocked is an
//! error naming the port, "might be reached" a warning naming the rules that might.

use crate::lint::FindingCode;
use ipnet::IpNet;

use super::maybe::{candidates, pod_rules, port_opened, rules_phrase};
use super::needs::{except_note, host_rule, is_private_dest};
use super::{Context, Dest, Finding, Verdict};
use crate::hosts::{endpoint, Endpoint, HostClass};
use crate::model::{CidrList, CustomPeer, CustomRule, IpFamily, Label};
use crate::netindex::NetIndex;
use crate::remedy::Remedy;

/// `idp-unreachable`, `idp-unverified` or `idp-not-given`.
pub(super) fn findings(index: &NetIndex<'_>, ctx: &Context, out: &mut Vec<Finding>) {
    let path = ctx.paths.idp.clone();
    let issuer = endpoint(&ctx.issuer);
    let mut verdict = ctx.verdict(index, &ctx.idp);
    // A values file cannot say that a public host name is served from the cluster (split
    // DNS, a CoreDNS rewrite), or that a private address is a Service's ClusterIP: a rule
    // to pods might carry it.
    let served_maybe = matches!(ctx.idp, Dest::Public { .. }) || is_private_dest(&ctx.idp);
    let in_cluster = if ctx.exact || !served_maybe {
        Vec::new()
    } else {
        pod_rules(index.values())
    };
    if verdict == Verdict::Blocked && !in_cluster.is_empty() {
        verdict = Verdict::Unknown;
    }
    if ctx.issuer.trim().is_empty() && verdict == Verdict::Unknown {
        out.push(Finding::new(FindingCode::IdpNotGiven,
            path,
            "No OIDC issuer given: IdP egress is not checked",
            "Periscope needs egress to auth.oidc.issuer at start-up; name the issuer so the check can run.",
        ));
        return;
    }
    // Nothing is known (the pod itself, an unreadable URL, an invalid pod port): the
    // input findings say what there is to say.
    if ctx.idp == Dest::Unknown {
        return;
    }
    let why =
        "Periscope fetches the issuer's discovery document at start-up and exits when it cannot.";
    if super::home::findings(index, ctx, &ctx.idp, &path, why, out) {
        return;
    }
    let ranges = super::home::note(index, &ctx.idp);
    let host = issuer
        .as_ref()
        .map_or_else(|| "the OIDC issuer".to_owned(), |e| e.host.clone());
    let port = ctx.idp.port();
    let class = issuer.as_ref().map(|e| e.class.clone());
    match verdict {
        Verdict::Allowed { .. } => {}
        Verdict::Blocked => {
            let mut detail = "Periscope fetches the issuer's discovery document at start-up and exits when it cannot, so the pod crash-loops; logins also need its token and JWKS endpoints.".to_owned();
            if !port_opened(index.values(), port) {
                detail.push_str(&format!(" No egress rule opens TCP {port} to any destination: whatever the issuer's address, it is not reached."));
            }
            if let Some(HostClass::InCluster { .. }) = &class {
                detail.push_str(&format!(" {host} is a Service in this cluster: an internet rule (0.0.0.0/0 except RFC 1918) never reaches it; it needs a rule selecting its namespace (and pods), or the pod CIDRs, on the pods' port."));
            }
            if is_private_dest(&ctx.idp) {
                detail.push_str(except_note(index, ctx));
            }
            detail.push_str(&ranges);
            let mut f = Finding::new(
                FindingCode::IdpUnreachable,
                path,
                format!(
                    "Nothing allows TCP {port} to {host}: OIDC discovery fails and Periscope exits"
                ),
                detail,
            )
            .with_fix(blocked_fix(class.as_ref(), port));
            if let Some(rule) = issuer.as_ref().and_then(|e| remedy_rule(e, ctx, port)) {
                f = f.with_remedy(Remedy::AddCustomRule(rule));
            }
            out.push(f);
        }
        Verdict::Unknown => {
            let mut maybe = candidates(index.values(), ctx, &ctx.idp);
            for rule in in_cluster {
                if !maybe.contains(&rule) {
                    maybe.push(rule);
                }
            }
            let what = class
                .as_ref()
                .map_or_else(|| "an unknown host".to_owned(), HostClass::describe);
            out.push(
                Finding::new(FindingCode::IdpUnverified,
                    path,
                    format!("Cannot show that any rule reaches the OIDC issuer {host} on TCP {port}"),
                    format!("Periscope exits at start-up when OIDC discovery fails. The issuer is {what}; {} might carry the traffic, but nothing shows that it reaches this host.{ranges}", rules_phrase(&maybe)),
                )
                .with_fix(unverified_fix(class.as_ref(), port)),
            );
        }
    }
}

fn blocked_fix(class: Option<&HostClass>, port: u16) -> String {
    match class {
        Some(HostClass::InCluster {
            namespace: Some(ns),
        }) => format!("Add an egress rule to namespace {ns} on TCP {port} (or the pods' targetPort, if the Service maps {port} to another)."),
        Some(HostClass::InCluster { namespace: None }) => format!("Add an egress rule to the IdP's pods on TCP {port} (or their targetPort)."),
        _ => format!("Allow TCP {port} to the issuer: its published CIDRs, an internet rule on TCP {port}, or the proxy."),
    }
}

fn unverified_fix(class: Option<&HostClass>, port: u16) -> String {
    match class {
        Some(HostClass::InCluster { namespace }) => {
            let ns = namespace.as_deref().unwrap_or("<the IdP's namespace>");
            format!("Make it certain: select namespace kubernetes.io/metadata.name: {ns} on TCP {port}, with pod labels that `kubectl get pods -n {ns} --show-labels` confirms.")
        }
        Some(HostClass::Private(_) | HostClass::LinkLocal(_)) => format!("Make it certain: allow the issuer's address as a /32 (or /128) on TCP {port}."),
        _ => format!("Make it certain: allow the issuer's published CIDRs on TCP {port} (or all internet HTTPS), or check the pod's logs for OIDC discovery after enabling the policy."),
    }
}

/// The rule a one-click fix adds: the issuer's namespace, its address, or the internet
/// except private ranges, on the issuer's port.
fn remedy_rule(e: &Endpoint, ctx: &Context, port: u16) -> Option<CustomRule> {
    let note = format!(
        "OIDC issuer {} on TCP {port}: discovery at start-up, then token and JWKS",
        e.host
    );
    let ports = [("TCP", port)];
    match &e.class {
        HostClass::InCluster { namespace } if matches!(ctx.idp, Dest::Service { .. }) => {
            let ns = namespace
                .clone()
                .or_else(|| (!ctx.namespace.is_empty()).then(|| ctx.namespace.clone()))?;
            let mut rule = host_rule(&note, &[], &ports);
            rule.peers = vec![CustomPeer::Selector {
                namespace_labels: Some(vec![Label::new(crate::builder::NAMESPACE_NAME_LABEL, &ns)]),
                pod_labels: None,
            }];
            Some(rule)
        }
        // A public name off 443: the internet rule's shape on the issuer's port.
        HostClass::Public if ctx.idp == (Dest::Public { port }) && port != 443 => {
            if matches!(ctx.proxy, super::Proxy::Via { .. }) {
                return None;
            }
            let mut rule = host_rule(&note, &[], &ports);
            rule.peers = internet_peers(ctx.ip_family);
            Some(rule)
        }
        // An address in the URL: that address.
        _ => {
            let net: IpNet = e.net()?;
            let own = Dest::Nets {
                nets: vec![net],
                port,
            };
            (ctx.idp == own).then(|| host_rule(&note, &[net], &ports))
        }
    }
}

fn internet_peers(family: IpFamily) -> Vec<CustomPeer> {
    let mut out = Vec::new();
    if family.v4() {
        out.push(CustomPeer::IpBlock {
            cidr: "0.0.0.0/0".into(),
            except: CidrList::from_entries(crate::cidr::RFC1918),
        });
    }
    if family.v6() {
        out.push(CustomPeer::IpBlock {
            cidr: "::/0".into(),
            except: CidrList::from_entries(crate::cidr::IPV6_PRIVATE),
        });
    }
    out
}
