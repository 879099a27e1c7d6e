//! Filling a CIDR field of the form from a published ranges file (either publisher's,
//! [`Loaded::read`]): the aggregated list,
//! and the [`RangesNote`] that says where it came from, so the values' comment carries
//! the file's date and a reviewer knows how old the list is.
//!
//! The note belongs to the list it describes: editing the field by hand drops it, and
//! removing a cluster moves the notes of the clusters after it.

use std::sync::Arc;

use ipnet::IpNet;

use crate::model::{
    CidrList, Cluster, EndpointAccess, Environment, IdpReach, Publisher, RangesNote,
};
use crate::ranges::Selection;
use crate::ranges::{read_okta, AwsRanges, OktaRanges, RangesError};

/// A published ranges file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// AWS's `ip-ranges.json`.
    Aws(Arc<AwsRanges>),
    /// Okta's `ip_ranges.json`.
    Okta(Arc<OktaRanges>),
}

impl Loaded {
    /// Reads either publisher's file: AWS's when it has AWS's keys, Okta's when its
    /// values are cells with `ip_ranges`. A file of neither gets AWS's reader's message
    /// (it names the field and position that do not fit).
    ///
    /// ```
    /// use periscope_netpol::fill::Loaded;
    /// use periscope_netpol::model::Publisher;
    /// let okta = Loaded::read(r#"{"us_cell_1": {"ip_ranges": ["192.0.2.0/25"]}}"#).unwrap();
    /// assert_eq!(okta.publisher(), Publisher::Okta);
    /// let bad = Loaded::read(r#"{"us_cell_1": {"ip_ranges": ["192.0.2.0/33"]}}"#).unwrap_err();
    /// assert!(bad.to_string().contains("192.0.2.0/33"), "{bad}");
    /// assert!(Loaded::read("{}").is_err());
    /// ```
    pub fn read(text: &str) -> Result<Loaded, RangesError> {
        match crate::ranges::read_aws(text) {
            Ok(r) => Ok(Loaded::Aws(Arc::new(r))),
            Err(RangesError::OtherPublisher {
                found: Publisher::Okta,
            }) => read_okta(text).map(|r| Loaded::Okta(Arc::new(r))),
            Err(e) => Err(e),
        }
    }

    /// Who published it.
    pub fn publisher(&self) -> Publisher {
        match self {
            Loaded::Aws(_) => Publisher::Aws,
            Loaded::Okta(_) => Publisher::Okta,
        }
    }

    /// What the file holds, with every prefix aggregated (the most work a selection can
    /// take, so reading a file times the worst case).
    pub fn summary(&self) -> FileSummary {
        let (nets, groups, date): (Vec<IpNet>, usize, String) = match self {
            Loaded::Aws(r) => (
                r.prefixes.iter().map(|p| p.net).collect(),
                r.regions().len(),
                r.create_date.clone(),
            ),
            Loaded::Okta(r) => (
                r.cells
                    .iter()
                    .flat_map(|c| c.nets.iter().copied())
                    .collect(),
                r.cells.len(),
                String::new(),
            ),
        };
        FileSummary {
            publisher: self.publisher(),
            date,
            groups,
            prefixes: nets.len(),
            aggregated: IpNet::aggregate(&nets).len(),
        }
    }
}

/// What a read ranges file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    /// Who published it.
    pub publisher: Publisher,
    /// AWS's `createDate` (empty for Okta).
    pub date: String,
    /// Regions (AWS) or cells (Okta).
    pub groups: usize,
    /// Prefixes in the file.
    pub prefixes: usize,
    /// CIDRs they aggregate to, all together.
    pub aggregated: usize,
}

impl std::fmt::Display for FileSummary {
    /// `AWS ip-ranges.json of 2026-12-01-10-00-00: 31 regions, 9,876 prefixes (3,210 CIDRs aggregated)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (file, groups) = match self.publisher {
            Publisher::Aws => ("AWS ip-ranges.json", "region"),
            Publisher::Okta => ("Okta ip_ranges.json", "cell"),
        };
        f.write_str(file)?;
        if !self.date.is_empty() {
            write!(f, " of {}", self.date)?;
        }
        write!(
            f,
            ": {} {groups}{}, {} prefixes ({} CIDRs aggregated)",
            self.groups,
            if self.groups == 1 { "" } else { "s" },
            self.prefixes,
            self.aggregated
        )
    }
}

/// A CIDR field a ranges file can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FillTarget {
    /// `aws.apiCidrs`: STS, EKS's API and Secrets Manager.
    AwsApi,
    /// `idp.cidrs`: the OIDC issuer's host (the reach becomes "CIDRs").
    Idp,
    /// `clusters[i].cidrs`: a cluster's apiserver endpoint.
    Cluster(usize),
}

impl FillTarget {
    /// The field's path, as notes and findings name it: `clusters[2].cidrs`.
    pub fn field(self) -> String {
        match self {
            FillTarget::AwsApi => "aws.apiCidrs".into(),
            FillTarget::Idp => "idp.cidrs".into(),
            FillTarget::Cluster(i) => format!("clusters[{i}].cidrs"),
        }
    }
}

/// The fields a file of `publisher` can fill, with their labels. AWS's ranges fill the
/// AWS API CIDRs while the APIs are reached at their public endpoints (`aws_public`;
/// with VPC endpoints the field holds the endpoints' subnets), and the endpoint CIDRs of
/// EKS clusters reached at their public endpoint. Okta's fill the issuer's.
///
/// ```
/// use periscope_netpol::fill::{targets, FillTarget};
/// use periscope_netpol::model::{Environment, Publisher};
/// let env = Environment::default();
/// let aws = targets(&env.clusters, true, Publisher::Aws);
/// assert_eq!(aws[0], (FillTarget::AwsApi, "AWS API CIDRs".to_owned()));
/// assert_eq!(aws[1], (FillTarget::Cluster(0), "cluster prod endpoint CIDRs".to_owned()));
/// assert_eq!(targets(&env.clusters, false, Publisher::Aws).len(), 1, "VPC endpoints: not the API field");
/// assert_eq!(targets(&env.clusters, true, Publisher::Okta), vec![(FillTarget::Idp, "issuer CIDRs".to_owned())]);
/// ```
pub fn targets(
    clusters: &[Cluster],
    aws_public: bool,
    publisher: Publisher,
) -> Vec<(FillTarget, String)> {
    match publisher {
        Publisher::Okta => vec![(FillTarget::Idp, "issuer CIDRs".into())],
        Publisher::Aws => {
            let mut out = Vec::new();
            if aws_public {
                out.push((FillTarget::AwsApi, "AWS API CIDRs".to_owned()));
            }
            out.extend(clusters.iter().enumerate().filter_map(|(i, c)| match c {
                Cluster::Eks {
                    name,
                    endpoint: EndpointAccess::Public,
                    ..
                } => {
                    let name = if name.trim().is_empty() {
                        format!("{}", i + 1)
                    } else {
                        name.trim().to_owned()
                    };
                    Some((
                        FillTarget::Cluster(i),
                        format!("cluster {name} endpoint CIDRs"),
                    ))
                }
                _ => None,
            }));
            out
        }
    }
}

/// Where a selection came from: the file and what was picked in it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Source {
    /// Who published the file.
    pub publisher: Publisher,
    /// AWS's `createDate` (empty for Okta).
    pub create_date: String,
    /// AWS's `syncToken` (empty for Okta).
    pub sync_token: String,
    /// What was picked, e.g. `AMAZON in eu-west-1`.
    pub picked: String,
}

/// A field's new list and its note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fill {
    /// The field.
    pub target: FillTarget,
    /// The aggregated list, one CIDR per line.
    pub cidrs: CidrList,
    /// Where it came from.
    pub note: RangesNote,
}

impl Fill {
    /// The fill of `target` with an aggregated selection.
    pub fn new(target: FillTarget, selection: &Selection, source: &Source) -> Fill {
        Fill {
            target,
            cidrs: CidrList::from_entries(selection.nets.iter().map(ToString::to_string)),
            note: RangesNote {
                field: target.field(),
                publisher: source.publisher,
                create_date: source.create_date.clone(),
                sync_token: source.sync_token.clone(),
                selection: source.picked.clone(),
                published: selection.matched,
                aggregated: selection.nets.len(),
            },
        }
    }
}

/// The line under the pickers: `AMAZON in eu-west-1: 41 prefixes aggregated to 12 CIDRs`.
///
/// ```
/// use periscope_netpol::fill::summary;
/// use periscope_netpol::ranges::Selection;
/// let one = Selection { nets: vec!["3.5.0.0/19".parse().unwrap()], matched: 1 };
/// assert_eq!(summary("EC2 in eu-west-1", &one), "EC2 in eu-west-1: 1 prefix aggregated to 1 CIDR");
/// ```
pub fn summary(picked: &str, selection: &Selection) -> String {
    let (published, aggregated) = (selection.matched, selection.nets.len());
    format!(
        "{picked}: {published} prefix{} aggregated to {aggregated} CIDR{}",
        if published == 1 { "" } else { "es" },
        if aggregated == 1 { "" } else { "s" },
    )
}

/// Puts the fill's list in its field, and its note in place of the field's old one. The
/// issuer's reach becomes "CIDRs"; a cluster that has no CIDR field (an agent) or no
/// longer exists is left alone.
pub fn apply(env: &mut Environment, fill: &Fill) {
    let list = fill.cidrs.clone();
    let done = match fill.target {
        FillTarget::AwsApi => {
            env.aws.api_cidrs = list;
            true
        }
        FillTarget::Idp => {
            env.idp.reach = IdpReach::Cidrs { cidrs: list };
            true
        }
        FillTarget::Cluster(i) => match env.clusters.get_mut(i) {
            Some(
                Cluster::Eks { cidrs, .. }
                | Cluster::InCluster { cidrs, .. }
                | Cluster::Kubeconfig { cidrs, .. },
            ) => {
                *cidrs = list;
                true
            }
            _ => false,
        },
    };
    if done {
        forget(env, &fill.note.field);
        env.ranges.push(fill.note.clone());
    }
}

/// The field was edited by hand: its list is no longer the file's.
pub fn forget(env: &mut Environment, field: &str) {
    if env.ranges.iter().any(|n| n.field == field) {
        env.ranges.retain(|n| n.field != field);
    }
}

/// Cluster `i` was removed: its note goes, the notes of later clusters move up one.
pub fn cluster_removed(env: &mut Environment, i: usize) {
    if env.ranges.is_empty() {
        return;
    }
    env.ranges.retain_mut(|n| match cluster_index(&n.field) {
        Some(j) if j == i => false,
        Some(j) if j > i => {
            n.field = FillTarget::Cluster(j - 1).field();
            true
        }
        _ => true,
    });
}

/// The index of a `clusters[i].cidrs` field.
fn cluster_index(field: &str) -> Option<usize> {
    field
        .strip_prefix("clusters[")?
        .strip_suffix("].cidrs")?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ipnet::IpNet;

    fn selection(nets: &[&str], matched: usize) -> Selection {
        Selection {
            nets: nets
                .iter()
                .filter_map(|n| n.parse::<IpNet>().ok())
                .collect(),
            matched,
        }
    }

    fn source() -> Source {
        Source {
            publisher: Publisher::Aws,
            create_date: "2026-12-01-10-00-00".into(),
            sync_token: "1764583200".into(),
            picked: "EC2 in eu-west-1".into(),
        }
    }

    fn two_eks() -> Environment {
        let eks = |name: &str| Cluster::Eks {
            name: name.into(),
            region: "eu-west-1".into(),
            endpoint: Default::default(),
            cidrs: CidrList::default(),
        };
        Environment {
            clusters: vec![eks("a"), eks("b"), eks("c")],
            ..Environment::default()
        }
    }

    #[test]
    fn a_fill_sets_the_field_and_one_note() {
        let mut env = Environment::default();
        let fill = Fill::new(
            FillTarget::AwsApi,
            &selection(&["3.5.0.0/19", "2a05:d018::/36"], 7),
            &source(),
        );
        apply(&mut env, &fill);
        apply(&mut env, &fill);
        assert_eq!(
            env.aws.api_cidrs.entries().collect::<Vec<_>>(),
            ["3.5.0.0/19", "2a05:d018::/36"]
        );
        assert_eq!(env.ranges.len(), 1, "a second fill replaces the note");
        let note = &env.ranges[0];
        assert_eq!(
            (note.field.as_str(), note.published, note.aggregated),
            ("aws.apiCidrs", 7, 2)
        );
        forget(&mut env, "aws.apiCidrs");
        assert!(env.ranges.is_empty());
    }

    #[test]
    fn the_issuer_fill_switches_the_reach_to_cidrs() {
        let mut env = Environment::default();
        let src = Source {
            publisher: Publisher::Okta,
            picked: "us_cell_1".into(),
            ..Source::default()
        };
        apply(
            &mut env,
            &Fill::new(FillTarget::Idp, &selection(&["198.51.100.0/24"], 2), &src),
        );
        assert_eq!(
            env.idp.reach,
            IdpReach::Cidrs {
                cidrs: CidrList::from("198.51.100.0/24")
            }
        );
        assert_eq!(env.ranges[0].field, "idp.cidrs");
    }

    #[test]
    fn removing_a_cluster_moves_the_later_notes() {
        let mut env = two_eks();
        for i in 0..3 {
            let fill = Fill::new(
                FillTarget::Cluster(i),
                &selection(&["3.5.0.0/19"], 1),
                &source(),
            );
            apply(&mut env, &fill);
        }
        cluster_removed(&mut env, 1);
        let fields: Vec<&str> = env.ranges.iter().map(|n| n.field.as_str()).collect();
        assert_eq!(fields, ["clusters[0].cidrs", "clusters[1].cidrs"]);
    }

    #[test]
    fn a_missing_cluster_is_not_filled() {
        let mut env = Environment::default();
        let fill = Fill::new(
            FillTarget::Cluster(5),
            &selection(&["3.5.0.0/19"], 1),
            &source(),
        );
        let before = env.clone();
        apply(&mut env, &fill);
        assert_eq!(env, before);
    }
}
