//! The configurator's components: each takes data and callbacks, none parses or validates.

pub mod aws_section;
pub mod banner;
pub mod check_section;
pub mod checklist;
pub mod choice;
pub mod clusters_section;
pub mod custom_rules_section;
pub mod diagram_view;
pub mod dispatch;
pub mod dns_section;
pub mod egress_section;
pub mod field;
pub mod findings_panel;
pub mod idp_section;
pub mod import_panel;
pub mod ingress_section;
pub mod labels_editor;
pub mod presets_row;
pub mod preview;
pub mod release_section;
pub mod rich;
pub mod section;
pub mod share_bar;
pub mod verbatim_rules;
pub mod what_if;
pub mod yaml_view;
