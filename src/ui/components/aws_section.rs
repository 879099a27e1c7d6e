//! AWS credentials and API access.

use yew::prelude::*;

use crate::fields::FieldPath;
use crate::model::{Aws, AwsApiAccess, Credentials, EgressPosture, SecretsMode};
use crate::ui::errors::FieldErrors;
use crate::ui::part::Part;
use crate::ui::state::Action;

use crate::ui::keys::Keyed;

use super::choice::{choice, ChoiceProps, Opt};
use super::dispatch::to_action;
use super::field::{text_field, FieldProps};
use super::rich::rich;
use super::section::section;

/// Props of [`AwsSection`].
#[derive(Properties, PartialEq, Clone)]
pub struct AwsSectionProps {
    /// AWS settings.
    pub aws: Part<Aws>,
    /// `secrets.mode`.
    pub secrets_mode: SecretsMode,
    /// The posture (API CIDRs matter only when the posture does not cover them).
    pub posture: Part<EgressPosture>,
    /// Inline errors.
    pub errors: FieldErrors,
    /// Dispatches form actions.
    pub on_action: Callback<Action>,
}

/// The AWS credentials section.
#[component]
pub fn AwsSection(props: &AwsSectionProps) -> Html {
    #[cfg(feature = "render-count")]
    crate::ui::render_count::count("aws");
    let act = &props.on_action;
    let aws = &*props.aws;
    let path = FieldPath::key_of("aws");
    let on_creds = to_action(act, |k: &'static str| {
        Action::SetCredentials(Credentials::from_key(k).unwrap_or_default())
    });
    let access = vec![
        Opt::new(
            "public",
            "Public endpoints",
            "sts / eks / secretsmanager .<region>.amazonaws.com",
        ),
        Opt::new(
            "vpc-endpoints",
            "VPC interface endpoints",
            "Private IPs in your subnets.",
        ),
    ];
    let on_access = to_action(act, |k: &'static str| {
        Action::SetAwsApiAccess(if k == "vpc-endpoints" {
            AwsApiAccess::VpcEndpoints
        } else {
            AwsApiAccess::Public
        })
    });
    let vpce = aws.api_access == AwsApiAccess::VpcEndpoints;
    let show_cidrs = vpce || *props.posture == EgressPosture::Explicit;
    let secrets = vec![
        Opt::new("kubernetes", "Kubernetes Secrets", "The chart's default."),
        Opt::new(
            "native",
            "native",
            "Secrets Manager / SSM at start-up over TCP 443; Periscope exits if unreachable.",
        ),
    ];
    let on_secrets = to_action(act, |k: &'static str| {
        Action::SetSecretsMode(if k == "native" {
            SecretsMode::Native
        } else {
            SecretsMode::Kubernetes
        })
    });
    section(
        "sec-aws",
        "AWS credentials",
        rich("How the AWS SDK gets credentials, and how it reaches STS, EKS and Secrets Manager."),
        html! { <>
            { choice(&ChoiceProps {
                path: path.key("credentials"),
                label: "Credential path".into(),
                options: Credentials::options(),
                selected: aws.credentials.key(),
                on_choose: on_creds,
                ..Default::default()
            }) }
            <div class="pnp-grid">
                { text_field(&FieldProps {
                    path: path.key("region"),
                    label: "AWS region".into(),
                    value: aws.region.clone().into(),
                    errors: props.errors.at(&path.key("region")),
                    on_input: to_action(act, Action::SetAwsRegion),
                    hint: "Periscope's own region, for STS and Secrets Manager.",
                    ..Default::default()
                }) }
            </div>
            { choice(&ChoiceProps {
                path: path.key("apiAccess"),
                label: "AWS API endpoints".into(),
                options: access,
                selected: if vpce { "vpc-endpoints" } else { "public" },
                on_choose: on_access,
                ..Default::default()
            }) }
            if show_cidrs {
                { text_field(&FieldProps { path: path.key("apiCidrs"), multiline: true, label: if vpce { "VPC endpoint subnet CIDRs" } else { "AWS API CIDRs" }.into(), value: aws.api_cidrs.as_str().to_owned().into(), errors: props.errors.at(&path.key("apiCidrs")), on_input: to_action(act, Action::SetAwsApiCidrs), hint: if vpce {
                        "The subnets of the interface endpoints: `aws ec2 describe-vpc-endpoints`"
                    } else {
                        "From AWS ip-ranges.json: the prefixes of your region's services."
                    }, ..Default::default() }) }
            }
            { choice(&ChoiceProps {
                path: FieldPath::key_of("secretsMode"),
                label: "Secrets (secrets.mode)".into(),
                options: secrets,
                selected: if props.secrets_mode == SecretsMode::Native { "native" } else { "kubernetes" },
                on_choose: on_secrets,
                ..Default::default()
            }) }
        </> },
    )
}
