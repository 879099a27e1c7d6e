//! [`Context::verdict`] answers the same whether its address questions go to the values
//! (a scan per address) or to their [`NetIndex`] (what the analysis uses): over the
//! presets and every posture and family, for the context's own destinations and probes.

use ipnet::IpNet;

use super::{Context, Dest};
use crate::builder::build;
use crate::model::{Cluster, EgressPosture, Environment, IdpReach, IngressSource, IpFamily};
use crate::netindex::NetIndex;
use crate::text::{CidrList, PortText};

fn nets(list: &[&str]) -> Vec<IpNet> {
    list.iter().filter_map(|s| crate::cidr::known(s)).collect()
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
            assert_eq!(ctx.verdict(&index, &dest), want, "{dest:?} in {env:?}");
        }
    }
}
