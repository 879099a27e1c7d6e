//! [`Context::verdict`] with its address destinations answered from a [`NetIndex`].
//!
//! A destination of n addresses (500 issuer CIDRs) asked of [`Context::verdict`] scans
//! the rules once per address, parsing every peer each time: O(n²) parses. Here the
//! addresses (a [`Dest::Nets`], the proxy's behind a [`Dest::Public`], or the public
//! sample addresses when public hosts are reached directly) are looked up in the index,
//! with the same answer: every address must be allowed, and the rule of the first one is
//! named. Every other destination is [`Context::verdict`]'s own answer.

use ipnet::IpNet;

use super::{Context, Dest, Proxy, Verdict};
use crate::netindex::NetIndex;
use crate::reach::Protocol;

/// Whether the index's values reach `dest`: [`Context::verdict`], from the index.
pub(crate) fn verdict(ctx: &Context, index: &NetIndex<'_>, dest: &Dest) -> Verdict {
    match (dest, &ctx.proxy) {
        (Dest::Nets { nets, port }, _) => all_nets(index, nets, *port),
        (Dest::Public { .. }, Proxy::Via { nets, port }) => match all_nets(index, nets, *port) {
            Verdict::Allowed { rule, .. } => Verdict::Allowed {
                rule,
                via_proxy: true,
            },
            other => other,
        },
        (Dest::Public { port }, Proxy::Direct) => index
            .egress_to_internet(ctx.ip_family, Protocol::Tcp, *port)
            .map_or(Verdict::Blocked, |rule| Verdict::Allowed {
                rule,
                via_proxy: false,
            }),
        _ => ctx.verdict(index.values(), dest),
    }
}

/// Allowed by the first address's rule when every address is allowed on TCP `port`;
/// blocked when one is not, or there are none.
fn all_nets(index: &NetIndex<'_>, nets: &[IpNet], port: u16) -> Verdict {
    let mut first = None;
    for net in nets {
        match index.egress_to_net(net, Protocol::Tcp, port) {
            Some(rule) => {
                first.get_or_insert(rule);
            }
            None => return Verdict::Blocked,
        }
    }
    first.map_or(Verdict::Blocked, |rule| Verdict::Allowed {
        rule,
        via_proxy: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::build;
    use crate::model::{Cluster, EgressPosture, Environment, IdpReach, IngressSource, IpFamily};
    use crate::text::{CidrList, PortText};

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().filter_map(|s| s.parse().ok()).collect()
    }

    /// Environments whose destinations are address lists, public hosts behind a proxy
    /// or the internet rule, pods and private endpoints.
    fn environments() -> Vec<Environment> {
        let cidrs = |s: &str| CidrList::from(s);
        let mut out = vec![
            Environment::default(),
            crate::presets::docs_minimum(),
            crate::presets::eks_okta_explicit(),
            crate::presets::in_cluster_keycloak(),
            crate::presets::multi_cluster_agents(),
            crate::presets::regulated_proxy(),
        ];
        for egress in [
            EgressPosture::InternetHttps,
            EgressPosture::Explicit,
            EgressPosture::Proxy {
                cidrs: cidrs("10.9.0.0/16, fd00:9::/64"),
                port: PortText::from(3128),
            },
            EgressPosture::Proxy {
                cidrs: cidrs(""),
                port: PortText::from(3128),
            },
        ] {
            for family in [IpFamily::Ipv4, IpFamily::Ipv6, IpFamily::DualStack] {
                let mut env = Environment {
                    egress: egress.clone(),
                    ip_family: family,
                    ..Environment::default()
                };
                env.idp.reach = IdpReach::Cidrs {
                    cidrs: cidrs("52.1.0.0/16, 52.1.2.0/24, 10.1.0.0/16, fd00::/8"),
                };
                env.clusters.push(Cluster::InCluster {
                    name: "here".into(),
                    cidrs: cidrs("10.0.0.1/32"),
                    port: PortText::from(6443),
                });
                env.ingress.push(IngressSource::PortForwardOnly);
                out.push(env);
            }
        }
        out
    }

    #[test]
    fn answers_as_the_context() {
        let probes = [
            Dest::Nets {
                nets: nets(&["52.1.2.3/32", "10.1.0.0/24"]),
                port: 443,
            },
            Dest::Nets {
                nets: nets(&["52.1.2.3/32", "8.8.8.8/32"]),
                port: 443,
            },
            Dest::Nets {
                nets: nets(&["10.0.0.1/32"]),
                port: 6443,
            },
            Dest::Nets {
                nets: vec![],
                port: 443,
            },
            Dest::Nets {
                nets: nets(&["0.0.0.0/0", "::/0"]),
                port: 443,
            },
            Dest::Public { port: 443 },
            Dest::Public { port: 80 },
            Dest::Private {
                ports: vec![443, 6443],
            },
            Dest::Unknown,
        ];
        for env in environments() {
            let built = build(&env);
            let ctx = Context::from_environment(&env, &built);
            let index = NetIndex::new(&built.values);
            let own = [ctx.idp.clone(), ctx.aws.clone()];
            let clusters = ctx.clusters.iter().map(|c| c.dest.clone());
            for dest in own
                .into_iter()
                .chain(clusters)
                .chain(probes.iter().cloned())
            {
                let want = ctx.verdict(&built.values, &dest);
                assert_eq!(verdict(&ctx, &index, &dest), want, "{dest:?} in {env:?}");
            }
        }
    }
}
