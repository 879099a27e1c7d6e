//! Needs placed by a published ranges file: STS, EKS DescribeCluster and
//! Secrets Manager / SSM in AMAZON of their region, a public EKS endpoint in EC2 of its
//! region, an Okta issuer in its cells. With the file loaded, the rules are compared with
//! the published prefixes: all allowed, some, or none, instead of "unverified".

use std::collections::BTreeSet;
use std::sync::Arc;

use ipnet::IpNet;

use super::context::{Backend, ChartFlags, Context, Dest};
use super::infer::cluster_regions;
use super::{Finding, FindingCode};
use crate::hosts::endpoint;
use crate::model::{
    AwsApiAccess, Cluster, Credentials, EgressPosture, EndpointAccess, Environment, IpFamily,
};
use crate::netindex::NetIndex;
use crate::ranges::Published;
use crate::reach::{EgressLookup, Protocol, RuleRef};

/// Where a need lives by a published ranges file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    /// What lives there and where, with the file: `STS eu-west-1 lies in AMAZON
    /// eu-west-1 (ip-ranges.json createDate 2026-12-01-00-00-00)`.
    pub sentence: String,
    /// The command that prints the list: `ranges aws --region eu-west-1 --service AMAZON`.
    pub command: String,
    /// The published prefixes of the pod's IP families, unique and sorted.
    pub prefixes: Vec<IpNet>,
    /// The TCP port it is reached on.
    pub port: u16,
}

/// How many of a home's prefixes the rules allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// Prefixes wholly allowed on the port.
    pub allowed: usize,
    /// Prefixes in all.
    pub total: usize,
    /// The first few prefixes not allowed (at most 3).
    pub missing: Vec<IpNet>,
    /// The rule allowing the first allowed prefix.
    pub rule: Option<RuleRef>,
}

impl Shown {
    /// Some prefixes allowed, not all.
    pub fn partial(&self) -> bool {
        self.allowed > 0 && self.allowed < self.total
    }

    /// `the rules allow all 41 of its prefixes` / `only 3 of` / `none of`.
    pub fn phrase(&self) -> String {
        let (n, total) = (self.allowed, self.total);
        match n {
            0 if total == 1 => "the rules do not allow its one prefix".to_owned(),
            0 => format!("the rules allow none of its {total} prefixes"),
            1 if total == 1 => "the rules allow its one prefix".to_owned(),
            n if n == total => format!("the rules allow all {total} of its prefixes"),
            n => format!("the rules allow only {n} of its {total} prefixes"),
        }
    }
}

impl Home {
    /// Counts the prefixes wholly allowed on TCP [`Home::port`].
    pub fn shown(&self, lookup: &impl EgressLookup) -> Shown {
        let mut shown = Shown {
            allowed: 0,
            total: self.prefixes.len(),
            missing: Vec::new(),
            rule: None,
        };
        for net in &self.prefixes {
            match lookup.egress_to_net(net, Protocol::Tcp, self.port) {
                Some(rule) => {
                    shown.allowed += 1;
                    shown.rule.get_or_insert(rule);
                }
                None if shown.missing.len() < 3 => shown.missing.push(*net),
                None => {}
            }
        }
        shown
    }

    /// The home's sentence and what the rules allow of it.
    pub fn summary(&self, shown: &Shown) -> String {
        format!("{}; {}", self.sentence, shown.phrase())
    }
}

/// The home of a destination, when it has one.
fn home_of(dest: &Dest) -> Option<&Home> {
    match dest {
        Dest::Home { home, .. } => Some(home),
        _ => None,
    }
}

impl Context {
    /// [`Context::from_chart_values`] with the published ranges loaded: STS, EKS and
    /// Secrets Manager in the region (`aws_region`, else the first `clusters[].region`),
    /// public EKS endpoints and an Okta issuer are compared with their published prefixes.
    pub fn from_chart_values_with(
        doc: &serde_yaml::Value,
        flags: &ChartFlags,
        aws_region: &str,
        published: &Published,
    ) -> Context {
        Context::from_chart_values(doc, flags).with_chart_ranges(doc, aws_region, published)
    }

    /// This values file's Context with the published ranges loaded (see
    /// [`Context::from_chart_values_with`]), after any change to what it needs (the
    /// browser's credentials override).
    pub fn with_chart_ranges(
        mut self,
        doc: &serde_yaml::Value,
        aws_region: &str,
        published: &Published,
    ) -> Context {
        if !aws_region.trim().is_empty() {
            self.region = aws_region.trim().to_owned();
        }
        let homes = Homes {
            published,
            family: self.ip_family,
        };
        let ask = "give --aws-region (or a region on clusters[])";
        self.placed(&homes, &cluster_regions(doc), ask)
    }

    /// An Environment's Context with the published ranges loaded (see
    /// [`Context::from_environment_with`]): the public destinations the rules reach
    /// directly, not through the proxy and not VPC endpoints.
    pub(super) fn with_environment_ranges(
        mut self,
        env: &Environment,
        published: &Published,
    ) -> Context {
        let homes = Homes {
            published,
            family: self.ip_family,
        };
        if matches!(env.egress, EgressPosture::Proxy { .. }) {
            // Public hosts ride the proxy: only the issuer's own CIDRs are direct.
            if matches!(self.idp, Dest::Nets { .. }) {
                let home = homes.okta_issuer(&self.issuer, self.idp.port());
                self.idp = placed(std::mem::replace(&mut self.idp, Dest::Unknown), home);
            }
            return self;
        }
        let regions: Vec<Option<&str>> = env
            .clusters
            .iter()
            .map(|c| match c {
                Cluster::Eks {
                    region,
                    endpoint: EndpointAccess::Public,
                    ..
                } => Some(region.as_str()),
                _ => None,
            })
            .collect();
        if env.aws.api_access == AwsApiAccess::Public {
            return self.placed(&homes, &regions, "set aws.region");
        }
        // VPC endpoints: private addresses no file publishes.
        let aws = std::mem::replace(&mut self.aws, Dest::Unknown);
        let mut ctx = self.placed(&homes, &regions, "set aws.region");
        ctx.aws = aws;
        ctx.aws_ranges_gap.clear();
        ctx
    }

    /// Wraps the public destinations a ranges file places (see [`placed`](fn@placed)); `regions`:
    /// each cluster's region (`Some("")`: the AWS region; `None`: not a public EKS
    /// endpoint); `ask`: how to give a region that is missing.
    pub(super) fn placed(
        mut self,
        homes: &Homes<'_>,
        regions: &[Option<&str>],
        ask: &str,
    ) -> Context {
        let eks = self.clusters.iter().any(|c| c.backend == Backend::Eks);
        let uses: Vec<&str> = [
            (self.credentials == Credentials::Irsa, "STS"),
            (eks, "EKS DescribeCluster"),
            (self.secrets_native, "Secrets Manager / SSM"),
        ]
        .into_iter()
        .filter_map(|(used, name)| used.then_some(name))
        .collect();
        let public = matches!(
            self.aws,
            Dest::Public { .. } | Dest::PublicOrPrivate { .. } | Dest::Nets { .. }
        );
        let home = homes.aws_apis(&uses, &self.region);
        if home.is_none() && public && !uses.is_empty() && homes.published.aws.is_some() {
            self.aws_ranges_gap = if self.region.trim().is_empty() {
                format!(" ip-ranges.json is loaded, but the AWS region is not known: {ask}.")
            } else {
                format!(
                    " ip-ranges.json has no AMAZON prefix of the pod's IP family in region {}.",
                    self.region.trim()
                )
            };
        }
        self.aws = placed(std::mem::replace(&mut self.aws, Dest::Unknown), home);
        let port = self.idp.port();
        let home = homes.okta_issuer(&self.issuer, port);
        self.idp = placed(std::mem::replace(&mut self.idp, Dest::Unknown), home);
        for (i, c) in self.clusters.iter_mut().enumerate() {
            let Some(Some(explicit)) = regions.get(i).copied() else {
                continue;
            };
            let region = if explicit.trim().is_empty() {
                self.region.as_str()
            } else {
                explicit
            };
            if c.backend != Backend::Eks || region.trim().is_empty() {
                continue;
            }
            let home = homes.eks_endpoint(&c.name, region);
            c.dest = placed(std::mem::replace(&mut c.dest, Dest::Unknown), home);
        }
        self
    }

    /// Whether `dest` is placed by a ranges file and the rules allow only some of it
    /// (the verdict is then unknown, and the finding `ranges-partial`).
    pub fn ranges_partial(&self, lookup: &impl EgressLookup, dest: &Dest) -> bool {
        home_of(dest).is_some_and(|h| h.shown(lookup).partial())
    }
}

/// Issuer hosts known to be Okta's (a custom domain is not known to be).
const OKTA_DOMAINS: [&str; 3] = [".okta.com", ".oktapreview.com", ".okta-emea.com"];

/// Where the needs live by the files loaded: what [`Context::from_environment_with`]
/// and [`Context::from_chart_values_with`] wrap the destinations with.
pub(super) struct Homes<'a> {
    pub(super) published: &'a Published,
    pub(super) family: IpFamily,
}

impl Homes<'_> {
    fn keep(&self, net: &IpNet) -> bool {
        match net {
            IpNet::V4(_) => self.family.v4(),
            IpNet::V6(_) => self.family.v6(),
        }
    }

    /// The prefixes of `service` in `region`, of the pod's families; `None` without the
    /// file or a region, or when none match.
    fn aws(&self, region: &str, service: &str, what: &str, port: u16) -> Option<Home> {
        let verb = if what.contains(" and ") {
            "lie"
        } else {
            "lies"
        };
        let aws = self.published.aws.as_deref()?;
        let region = region.trim();
        let prefixes: BTreeSet<IpNet> = aws
            .prefixes
            .iter()
            .filter(|p| {
                p.region.eq_ignore_ascii_case(region) && p.service.eq_ignore_ascii_case(service)
            })
            .map(|p| p.net)
            .filter(|n| self.keep(n))
            .collect();
        if region.is_empty() || prefixes.is_empty() {
            return None;
        }
        Some(Home {
            sentence: format!(
                "{what} {verb} in {service} {region} (ip-ranges.json createDate {})",
                aws.create_date
            ),
            command: format!("ranges aws --region {region} --service {service}"),
            prefixes: prefixes.into_iter().collect(),
            port,
        })
    }

    /// STS, EKS DescribeCluster and Secrets Manager / SSM (`uses`) in `region`: AMAZON.
    pub(super) fn aws_apis(&self, uses: &[&str], region: &str) -> Option<Home> {
        if uses.is_empty() {
            return None;
        }
        let what = format!("{} {}", uses.join(" and "), region.trim());
        self.aws(region, "AMAZON", &what, 443)
    }

    /// A public EKS endpoint in `region`: EC2.
    pub(super) fn eks_endpoint(&self, name: &str, region: &str) -> Option<Home> {
        let what = format!(
            "The public endpoint of EKS cluster {} ({})",
            if name.is_empty() { "(unnamed)" } else { name },
            region.trim()
        );
        self.aws(region, "EC2", &what, 443)
    }

    /// An issuer on an Okta domain: the cells the org may be in, on `port`.
    pub(super) fn okta_issuer(&self, issuer: &str, port: u16) -> Option<Home> {
        let okta = self.published.okta.as_deref()?;
        let host = endpoint(issuer)?.host.to_ascii_lowercase();
        if !OKTA_DOMAINS.iter().any(|d| host.ends_with(d)) {
            return None;
        }
        let wanted = &self.published.okta_cells;
        let prefixes: BTreeSet<IpNet> = okta
            .cells
            .iter()
            .filter(|c| wanted.is_empty() || wanted.contains(&c.name))
            .flat_map(|c| c.nets.iter().copied())
            .filter(|n| self.keep(n))
            .collect();
        if prefixes.is_empty() {
            return None;
        }
        let cells = if wanted.is_empty() {
            "every Okta cell (the org's cell is not given)".to_owned()
        } else {
            format!("Okta {}", wanted.join(", "))
        };
        let command = wanted.iter().fold("ranges okta".to_owned(), |c, cell| {
            format!("{c} --cell {cell}")
        });
        Some(Home {
            sentence: format!("The OIDC issuer {host} lies in {cells} (Okta ip_ranges.json)"),
            command,
            prefixes: prefixes.into_iter().collect(),
            port,
        })
    }
}

/// `dest` placed in `home`, if there is one and the destination is a public one the
/// rules must reach directly (not through the proxy). `otherwise`: how else it could be
/// reached when the rules reach none of it.
pub(super) fn placed(dest: Dest, home: Option<Home>) -> Dest {
    let Some(home) = home else { return dest };
    let otherwise = match &dest {
        Dest::PublicOrPrivate { port } => Some(Box::new(Dest::Private { ports: vec![*port] })),
        Dest::Public { .. } | Dest::Nets { .. } => None,
        _ => return dest,
    };
    Dest::Home {
        home: Arc::new(home),
        otherwise,
    }
}

/// The findings a home adds to a need's: `ranges-verified` when the rules allow all of
/// it (and the internet rule does not anyway), `ranges-partial` when only some. `path`
/// is the need's field, `why` why it matters. `true` when a finding replaces the need's
/// own "unverified" one.
pub(super) fn findings(
    index: &NetIndex<'_>,
    ctx: &Context,
    dest: &Dest,
    path: &str,
    why: &str,
    out: &mut Vec<Finding>,
) -> bool {
    let Some(home) = home_of(dest) else {
        return false;
    };
    let shown = home.shown(index);
    if shown.partial() {
        let missing: Vec<String> = shown.missing.iter().map(ToString::to_string).collect();
        out.push(
            Finding::new(
                FindingCode::RangesPartial,
                path,
                home.summary(&shown),
                format!(
                    "{why} Not allowed on TCP {}, for example: {}.",
                    home.port,
                    missing.join(", ")
                ),
            )
            .with_fix(format!(
                "Fill the field from the file's aggregated list (periscope-netpol {} FILE).",
                home.command
            )),
        );
        return true;
    }
    let internet = index
        .egress_to_internet(ctx.ip_family, Protocol::Tcp, home.port)
        .is_some();
    if shown.allowed == shown.total && !internet {
        out.push(Finding::new(
            FindingCode::RangesVerified,
            path,
            home.summary(&shown),
            format!("Every published prefix is wholly allowed on TCP {}. The file changes over time: compare with a newer copy now and then.", home.port),
        ));
    }
    false
}

/// What the rules allow of `dest`'s home: `STS eu-west-1 lies in AMAZON eu-west-1 (...);
/// the rules allow only 3 of its 41 prefixes` ("" without a home).
pub fn home_summary(lookup: &impl EgressLookup, dest: &Dest) -> String {
    home_of(dest).map_or_else(String::new, |home| home.summary(&home.shown(lookup)))
}

/// The sentence a blocked or unverified need's finding gets from its home ("" without).
pub(super) fn note(lookup: &impl EgressLookup, dest: &Dest) -> String {
    let summary = home_summary(lookup, dest);
    if summary.is_empty() {
        summary
    } else {
        format!(" {summary}.")
    }
}
