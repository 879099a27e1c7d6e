//! Clusters: the backends Periscope manages.

use yew::prelude::*;

use crate::fields::FieldPath;
use crate::model::{Cluster, EgressPosture, EndpointAccess};
use crate::ui::errors::FieldErrors;
use crate::ui::part::Part;
use crate::ui::state::{Action, Backend, ClusterField};

use super::choice::{choice, ChoiceProps, Opt};
use super::field::{text_field, FieldProps};
use super::rich::rich;
use super::section::section;

/// Props of [`ClustersSection`].
#[derive(Properties, PartialEq, Clone)]
pub struct ClustersSectionProps {
    /// The clusters.
    pub clusters: Part<Vec<Cluster>>,
    /// The posture (public EKS endpoints need CIDRs only in the explicit posture).
    pub posture: Part<EgressPosture>,
    /// Inline errors.
    pub errors: FieldErrors,
    /// Dispatches form actions.
    pub on_action: Callback<Action>,
}

/// What every field of one cluster card shares.
struct Card<'a> {
    i: usize,
    path: FieldPath,
    errors: &'a FieldErrors,
    act: &'a Callback<Action>,
}

fn text(
    card: &Card<'_>,
    key: &str,
    label: &'static str,
    value: &str,
    f: ClusterField,
    hint: &'static str,
) -> Html {
    let Card { i, errors, act, .. } = *card;
    let p = card.path.key(key);
    let multiline = f == ClusterField::Cidrs;
    let inputmode = (f == ClusterField::Port).then(|| AttrValue::from("numeric"));
    html! {
        { text_field(&FieldProps {
            label: label.into(),
            value: value.to_owned().into(),
            errors: errors.at(&p),
            path: p,
            multiline,
            inputmode,
            on_input: act.reform(move |v| Action::SetCluster(i, f, v)),
            hint,
            ..Default::default()
        }) }
    }
}

fn cluster(
    i: usize,
    c: &Cluster,
    explicit: bool,
    errors: &FieldErrors,
    act: &Callback<Action>,
) -> Html {
    let card = Card {
        i,
        path: FieldPath::key_of("clusters").at(i),
        errors,
        act,
    };
    let name = text(
        &card,
        "name",
        "Cluster name",
        c.name(),
        ClusterField::Name,
        "As named in the chart's clusters[].",
    );
    let (title, body) = match c {
        Cluster::Eks {
            region,
            endpoint,
            cidrs,
            ..
        } => {
            let options = vec![
                Opt::new("public", "Public", "AWS-owned IPs that rotate."),
                Opt::new("private", "Private", "ENIs in the cluster VPC."),
                Opt::new(
                    "public-and-private",
                    "Public and private",
                    "From inside the VPC the private one answers.",
                ),
            ];
            let selected = match endpoint {
                EndpointAccess::Public => "public",
                EndpointAccess::Private => "private",
                EndpointAccess::PublicAndPrivate => "public-and-private",
            };
            let on_choose = act.reform(move |k: &'static str| {
                Action::SetClusterEndpoint(
                    i,
                    match k {
                        "private" => EndpointAccess::Private,
                        "public-and-private" => EndpointAccess::PublicAndPrivate,
                        _ => EndpointAccess::Public,
                    },
                )
            });
            let private = *endpoint != EndpointAccess::Public;
            (
                "EKS",
                html! { <>
                    <div class="pnp-grid">
                        { name }
                        { text(&card, "region", "Region", region, ClusterField::Region, "For DescribeCluster.") }
                    </div>
                    { choice(&ChoiceProps {
                        path: card.path.key("endpoint"),
                        label: "Endpoint access".into(),
                        options,
                        selected,
                        on_choose,
                        hint: "`aws eks describe-cluster --name <name> --query cluster.resourcesVpcConfig`",
                        ..Default::default()
                    }) }
                    if private || explicit {
                        { text(&card, "cidrs", if private { "Private endpoint CIDRs" } else { "Public endpoint CIDRs" }, cidrs.as_str(), ClusterField::Cidrs,
                            if private { "The control-plane subnets (the endpoint ENIs live there)." }
                            else { "AWS rotates these IPs: prefer an egress proxy or the private endpoint." }) }
                    }
                </> },
            )
        }
        Cluster::InCluster { cidrs, port, .. } => (
            "In-cluster",
            html! { <>
                <div class="pnp-grid">
                    { name }
                    { text(&card, "port", "Apiserver endpoint port", port.as_str(), ClusterField::Port,
                        "443 on EKS; 6443 on many others (behind Service port 443).") }
                </div>
                { text(&card, "cidrs", "Apiserver endpoint IPs", cidrs.as_str(), ClusterField::Cidrs,
                    "Policies see the endpoints after DNAT: `kubectl get endpoints kubernetes -o wide`") }
            </> },
        ),
        Cluster::Kubeconfig {
            server,
            cidrs,
            port,
            ..
        } => (
            "Kubeconfig",
            html! { <>
                <div class="pnp-grid">
                    { name }
                    { text(&card, "server", "Server URL", server, ClusterField::Server,
                        "The kubeconfig's `server:` (for reference).") }
                    { text(&card, "port", "Server port", port.as_str(), ClusterField::Port, "The port in the server URL.") }
                </div>
                { text(&card, "cidrs", "Server CIDRs", cidrs.as_str(), ClusterField::Cidrs,
                    "Resolve the server host: `dig +short <host>`") }
            </> },
        ),
        Cluster::Agent { .. } => (
            "Agent-backed",
            html! { <>
                <div class="pnp-grid">{ name }</div>
                <p class="pnp-hint">{ "No egress: its traffic rides the inbound agent tunnel (enable it under Ingress)." }</p>
            </> },
        ),
    };
    let remove = act.reform(move |_: MouseEvent| Action::RemoveCluster(i));
    html! {
        <div class="pnp-card" id={card.path.dom_id()} data-testid={format!("cluster-{i}")}>
            <div class="pnp-card-head">
                <h3 class="pnp-h3">{ title }{ " cluster" }</h3>
                <button type="button" class="pnp-btn pnp-btn-small" onclick={remove}
                    aria-label={format!("Remove cluster {}", i + 1)}>{ "Remove" }</button>
            </div>
            { body }
        </div>
    }
}

/// The clusters section.
#[component]
pub fn ClustersSection(props: &ClustersSectionProps) -> Html {
    #[cfg(feature = "render-count")]
    crate::ui::render_count::count("clusters");
    let act = &props.on_action;
    let explicit = *props.posture == EgressPosture::Explicit;
    let add = |b: Backend| act.reform(move |_: MouseEvent| Action::AddCluster(b));
    section(
        "sec-clusters",
        "Clusters",
        rich("Each managed cluster's apiserver must be reachable; agent-backed clusters need nothing."),
        html! { <>
            { for props.clusters.iter().enumerate().map(|(i, c)| cluster(i, c, explicit, &props.errors, act)) }
            <div class="pnp-add-row">
                <button type="button" class="pnp-btn" onclick={add(Backend::Eks)}>{ "+ EKS" }</button>
                <button type="button" class="pnp-btn" onclick={add(Backend::InCluster)}>{ "+ In-cluster" }</button>
                <button type="button" class="pnp-btn" onclick={add(Backend::Kubeconfig)}>{ "+ Kubeconfig" }</button>
                <button type="button" class="pnp-btn" onclick={add(Backend::Agent)}>{ "+ Agent-backed" }</button>
            </div>
        </> },
    )
}
