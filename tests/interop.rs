//! Import and export against real files: every file of the corpora of ADRs and postmortems
//! other teams wrote (copied into `tests/fixtures/corpus`, licences beside them), round trips
//! that must give the same bytes, and the files that must fail without losing anything.

mod common;

use common::corpus;

use std::path::{Path, PathBuf};

use hindsight::domain::{
    ActionItem, ActionStatus, AnyRecord, Decision, Incident, Kind, Lesson, Relation,
};
use hindsight::interop::{self, AdrToolsOptions, ImportReport, Outcome};
use hindsight::store::Store;

const FOLDERS: &[&str] = &[
    "adr-tools",
    "govuk-aws",
    "madr",
    "log4brains-fixtures",
    "postmortems-dfds",
    "postmortems-taskcluster",
    "postmortem-templates",
];

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("ws.db")).unwrap();
    (dir, store)
}

fn import(store: &mut Store, paths: &[PathBuf]) -> ImportReport {
    interop::import(store, paths, |_| {}).unwrap()
}

/// The title of the record a file made, by file name.
fn record_of(report: &ImportReport, folder: &str, name: &str) -> (Kind, String) {
    match report.outcome(&corpus(folder).join(name)) {
        Some(Outcome::Created { kind, id, .. } | Outcome::Updated { kind, id, .. }) => {
            (*kind, id.clone())
        }
        other => panic!("{folder}/{name}: {other:?}"),
    }
}

/// Every file of every corpus folder: what the import must make of it.
/// (folder, file, kind or "skipped", title or skip reason, decision status, status text)
type Expected = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

const EXPECTED: &[Expected] = &[
    (
        "adr-tools",
        "0001-record-architecture-decisions.md",
        "decision",
        "Record architecture decisions",
        "accepted",
        None,
    ),
    (
        "adr-tools",
        "0002-implement-as-shell-scripts.md",
        "decision",
        "Implement as shell scripts",
        "accepted",
        None,
    ),
    (
        "adr-tools",
        "0003-single-command-with-subcommands.md",
        "decision",
        "Single command with subcommands",
        "accepted",
        None,
    ),
    (
        "adr-tools",
        "0004-markdown-format.md",
        "decision",
        "Markdown format",
        "accepted",
        None,
    ),
    (
        "adr-tools",
        "0005-help-comments.md",
        "decision",
        "Help comments",
        "accepted",
        None,
    ),
    (
        "adr-tools",
        "0006-packaging-and-distribution-in-other-version-control-repositories.md",
        "decision",
        "Packaging and distribution in other version control repositories",
        "accepted",
        None,
    ),
    (
        "adr-tools",
        "0007-invoke-adr-config-executable-to-get-configuration.md",
        "decision",
        "Invoke adr-config executable to get configuration",
        "accepted",
        None,
    ),
    (
        "adr-tools",
        "0008-use-iso-8601-format-for-dates.md",
        "decision",
        "Use ISO 8601 Format for Dates",
        "accepted",
        None,
    ),
    (
        "adr-tools",
        "0009-help-scripts.md",
        "decision",
        "Help scripts",
        "accepted",
        None,
    ),
    (
        "adr-tools",
        "LICENSE.source",
        "skipped",
        "not a Markdown file (.source)",
        "",
        None,
    ),
    (
        "adr-tools",
        "SOURCE",
        "skipped",
        "not a record: no sections of a decision record or a postmortem",
        "",
        None,
    ),
    (
        "govuk-aws",
        "0001-record-architecture-decisions.md",
        "decision",
        "Record architecture decisions",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0002-hosting-platforms.md",
        "decision",
        "Hosting Platforms",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0003-aws-networking-outline.md",
        "decision",
        "Networking Outline",
        "accepted",
        Some("Partly superseded"),
    ),
    (
        "govuk-aws",
        "0004-dns-definitions-for-hosts-and-services.md",
        "decision",
        "DNS definitions for hosts and services",
        "superseded",
        None,
    ),
    (
        "govuk-aws",
        "0005-terraform-module-location.md",
        "decision",
        "Terraform Module Location",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0006-puppet-architecture.md",
        "decision",
        "Puppet architecture",
        "proposed",
        Some("Pending"),
    ),
    (
        "govuk-aws",
        "0007-puppet-cert-management.md",
        "decision",
        "Puppet certificate management",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0008-postgres-on-puppetmaster.md",
        "decision",
        "Postgres on Puppetmaster",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0009-environment-bootstrapping-process.md",
        "decision",
        "Environment bootstrapping process",
        "proposed",
        Some("Pending"),
    ),
    (
        "govuk-aws",
        "0010-terraform-directory-structure.md",
        "decision",
        "Terraform directory structure",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0011-migration-strategy.md",
        "decision",
        "Migration Strategy",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0012-security-groups-in-terraform.md",
        "decision",
        "Security Groups in Terraform",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0013-userdata-provisioning-snippets.md",
        "decision",
        "Userdata provisioning snippets",
        "proposed",
        Some("Pending"),
    ),
    (
        "govuk-aws",
        "0014-launch-config-change-propagation-process.md",
        "decision",
        "Launch Config change propagation process",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0015-dns-infrastructure.md",
        "decision",
        "DNS infrastructure",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0015-govuk-aws-dns.jpg",
        "skipped",
        "not a Markdown file (.jpg)",
        "",
        None,
    ),
    (
        "govuk-aws",
        "0016-internal-dns-zones.md",
        "decision",
        "internal DNS zones",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0017-terraform-data-structure.md",
        "decision",
        "Terraform Data Structure",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0018-use-rds-instead-of-provisioned-ec2-databases.md",
        "decision",
        "Use RDS instead of provisioned EC2 databases",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0019-centralise-mysql-databases.md",
        "decision",
        "Centralise MySQL Databases",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0020-merge-api-postgresql-instance-into-main-postgresql-instance.md",
        "decision",
        "Merge API PostgreSQL instance into main PostgreSQL instance",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0021-use-acm-for-ssl-purchases-and-terminate-certificates-on-elbs.md",
        "decision",
        "Use ACM for SSL purchases and terminate certificates on ELBs",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0022-remove-the-elasticsearch-proxy.md",
        "decision",
        "Remove the Elasticsearch proxy",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0023-use-separate-data-repository.md",
        "decision",
        "Use separate data repository",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0024-ami-lookups.md",
        "decision",
        "AMI Lookups",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0025-use-elasticache-for-redis.md",
        "decision",
        "Use Elasticache for Redis",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0026-remove-load-balancer-tier.md",
        "decision",
        "Remove load balancer tier",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0027-move-publicapi-away-from-frontend-lb-img01.jpg",
        "skipped",
        "not a Markdown file (.jpg)",
        "",
        None,
    ),
    (
        "govuk-aws",
        "0027-move-publicapi-away-from-frontend-lb.md",
        "decision",
        "Move PublicAPI away from frontend-lb",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0028-combine-api-mongo-cluster-into-mongo-cluster.md",
        "decision",
        "Combine api-mongo cluster into mongo cluster",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0029-combine-api-redis-into-backend-redis.md",
        "decision",
        "Combine api-redis into backend-redis",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0030-change-in-architecture-to-asset-master.md",
        "decision",
        "Change in architecture to Asset Master",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0031-security-group-naming.md",
        "decision",
        "Security Groups in Terraform",
        "proposed",
        Some("Pending"),
    ),
    (
        "govuk-aws",
        "0032-transfer-artefact-binary-img01.png",
        "skipped",
        "not a Markdown file (.png)",
        "",
        None,
    ),
    (
        "govuk-aws",
        "0032-transfer-artefact-binary.md",
        "decision",
        "transfer artefact binary",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0033-ip-ranges.md",
        "decision",
        "Networking Outline",
        "proposed",
        Some("Pending"),
    ),
    (
        "govuk-aws",
        "0035-bouncer-load-balancer-on-port-80-and-443.md",
        "decision",
        "Bouncer Public Load Balancer Configuration",
        "proposed",
        Some("Pending"),
    ),
    (
        "govuk-aws",
        "0036-performance-platform-and-backdrop-architecture-img01.png",
        "skipped",
        "not a Markdown file (.png)",
        "",
        None,
    ),
    (
        "govuk-aws",
        "0036-performance-platform-and-backdrop-architecture.md",
        "decision",
        "Performance-Platform-And-BackDrop-Architecture",
        "proposed",
        None,
    ),
    (
        "govuk-aws",
        "0037-alb-health-checks.md",
        "decision",
        "ALB Health Checks",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "0038-mongo_replacement_by_documentdb.md",
        "decision",
        "Mongo Replacement by DocumentDB",
        "accepted",
        Some("Approved"),
    ),
    (
        "govuk-aws",
        "0039-non-govuk-domain-policy.md",
        "decision",
        "Non-GOV.UK domain policy",
        "accepted",
        None,
    ),
    (
        "govuk-aws",
        "LICENSE.source",
        "skipped",
        "not a Markdown file (.source)",
        "",
        None,
    ),
    (
        "govuk-aws",
        "SOURCE",
        "skipped",
        "not a record: no sections of a decision record or a postmortem",
        "",
        None,
    ),
    (
        "madr",
        "0000-use-markdown-architectural-decision-records.md",
        "decision",
        "Use Markdown Architectural Decision Records",
        "accepted",
        None,
    ),
    (
        "madr",
        "0001-use-CC0-or-MIT-as-license.md",
        "decision",
        "Dual License the Work",
        "accepted",
        None,
    ),
    (
        "madr",
        "0002-do-not-use-numbers-in-headings.md",
        "decision",
        "Do Not Use Numbers in Headings",
        "accepted",
        None,
    ),
    (
        "madr",
        "0003-provide-own-madr-tools.md",
        "decision",
        "Write Own MADR Tooling",
        "proposed",
        Some("on hold"),
    ),
    (
        "madr",
        "0004-write-own-toc-tool.md",
        "decision",
        "Write Own TOC Tool",
        "accepted",
        None,
    ),
    (
        "madr",
        "0005-use-dashes-in-filenames.md",
        "decision",
        "Use Dashes in Filenames",
        "accepted",
        None,
    ),
    (
        "madr",
        "0006-use-names-as-identifier.md",
        "decision",
        "Use Names as Identifier",
        "accepted",
        None,
    ),
    (
        "madr",
        "0007-do-not-emphasize-line-headings.md",
        "decision",
        "Do Not Emphasize Line Headings",
        "accepted",
        None,
    ),
    (
        "madr",
        "0008-add-status-field.md",
        "decision",
        "Add Status Field",
        "accepted",
        None,
    ),
    (
        "madr",
        "0008-example-badge.png",
        "skipped",
        "not a Markdown file (.png)",
        "",
        None,
    ),
    (
        "madr",
        "0008-example-separate-heading.png",
        "skipped",
        "not a Markdown file (.png)",
        "",
        None,
    ),
    (
        "madr",
        "0008-example-table.png",
        "skipped",
        "not a Markdown file (.png)",
        "",
        None,
    ),
    (
        "madr",
        "0009-support-links-between-adrs-inside-an-adrs.md",
        "decision",
        "Support Links To Other ADRs Inside an ADR",
        "accepted",
        None,
    ),
    (
        "madr",
        "0010-support-categories.md",
        "decision",
        "Support Categories",
        "accepted",
        None,
    ),
    (
        "madr",
        "0011-use-asterisk-as-list-marker.md",
        "decision",
        "Use Asterisk as List Marker",
        "accepted",
        None,
    ),
    (
        "madr",
        "0012-use-curly-braces-to-denote-placeholder.md",
        "decision",
        "Use Curly Braces to Denote Placeholders",
        "accepted",
        None,
    ),
    (
        "madr",
        "0013-example.png",
        "skipped",
        "not a Markdown file (.png)",
        "",
        None,
    ),
    (
        "madr",
        "0013-use-yaml-front-matter-for-meta-data.md",
        "decision",
        "Use YAML front matter for metadata",
        "accepted",
        None,
    ),
    (
        "madr",
        "0014-allow-neutral-arguments.md",
        "decision",
        "Allow \"neutral\" arguments",
        "accepted",
        None,
    ),
    (
        "madr",
        "0015-include-consulting-informed-of-raci.md",
        "decision",
        "Include \"Consulted\" and \"Informed\" of RACI",
        "accepted",
        None,
    ),
    (
        "madr",
        "0016-outcome-before-detailed-pros-cons.md",
        "decision",
        "Outcome before Detailed Pros and Cons",
        "accepted",
        None,
    ),
    (
        "madr",
        "0017-use-same-format-for-outcomes-and-options.md",
        "decision",
        "Use Same Format for Outcomes and Options",
        "accepted",
        None,
    ),
    (
        "madr",
        "0018-use-confirmation-as-heading.md",
        "decision",
        "Use \"Confirmation\" as Heading",
        "accepted",
        None,
    ),
    (
        "madr",
        "LICENSE.source",
        "skipped",
        "not a Markdown file (.source)",
        "",
        None,
    ),
    (
        "madr",
        "SOURCE",
        "skipped",
        "not a record: no sections of a decision record or a postmortem",
        "",
        None,
    ),
    (
        "madr",
        "adr-template.md",
        "skipped",
        "a template, not a record",
        "",
        None,
    ),
    (
        "madr",
        ".markdownlint.yml",
        "skipped",
        "a hidden file",
        "",
        None,
    ),
    (
        "madr",
        "index.md",
        "skipped",
        "an index, not a record",
        "",
        None,
    ),
    (
        "log4brains-fixtures",
        "20200101-first-adr.md",
        "decision",
        "First ADR",
        "accepted",
        None,
    ),
    (
        "log4brains-fixtures",
        "20200102-adr-only-with-date.md",
        "decision",
        "ADR only with date",
        "accepted",
        None,
    ),
    (
        "log4brains-fixtures",
        "20200102-adr-with-intro.md",
        "decision",
        "ADR with intro",
        "accepted",
        None,
    ),
    (
        "log4brains-fixtures",
        "20200102-adr-without-status.md",
        "decision",
        "ADR without status",
        "accepted",
        None,
    ),
    (
        "log4brains-fixtures",
        "20200102-adr-without-title.md",
        "decision",
        "Adr without title",
        "accepted",
        None,
    ),
    (
        "log4brains-fixtures",
        "20201028-adr-with-no-metadata-no-title.md",
        "decision",
        "Adr with no metadata no title",
        "accepted",
        None,
    ),
    (
        "log4brains-fixtures",
        "20201028-adr-with-no-metadata.md",
        "decision",
        "ADR with no metadata",
        "accepted",
        None,
    ),
    (
        "log4brains-fixtures",
        "20201028-adr-without-date.md",
        "decision",
        "ADR without date",
        "accepted",
        None,
    ),
    (
        "log4brains-fixtures",
        "20201028-links.md",
        "decision",
        "Links",
        "accepted",
        None,
    ),
    (
        "log4brains-fixtures",
        "20201028-superseded-adr.md",
        "decision",
        "Superseded ADR",
        "superseded",
        // The status line says by what: it stays on the record.
        Some("superseded by [20201029-superseder](20201029-superseder.md)"),
    ),
    (
        "log4brains-fixtures",
        "20201029-proposed-adr.md",
        "decision",
        "Proposed ADR",
        "proposed",
        None,
    ),
    (
        "log4brains-fixtures",
        "20201029-rejected-adr.md",
        "decision",
        "Rejected ADR",
        "rejected",
        None,
    ),
    (
        "log4brains-fixtures",
        "20201029-superseder.md",
        "decision",
        "Superseder",
        "accepted",
        None,
    ),
    (
        "log4brains-fixtures",
        "20201030-draft-adr.md",
        "decision",
        "Draft ADR",
        "proposed",
        Some("draft"),
    ),
    (
        "log4brains-fixtures",
        "LICENSE.source",
        "skipped",
        "not a Markdown file (.source)",
        "",
        None,
    ),
    (
        "log4brains-fixtures",
        "SOURCE",
        "skipped",
        "not a record: no sections of a decision record or a postmortem",
        "",
        None,
    ),
    (
        "log4brains-fixtures",
        "adr_with_a_WeIrd-filename.md",
        "decision",
        "ADR with a weird filename",
        "accepted",
        None,
    ),
    (
        "log4brains-fixtures",
        "template.md",
        "skipped",
        "a template, not a record",
        "",
        None,
    ),
    (
        "postmortems-dfds",
        "LICENSE.source",
        "skipped",
        "not a Markdown file (.source)",
        "",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2019-009 - Kubernetes network infrastructure IP starvation.md",
        "incident",
        "Kubernetes network infrastructure IP starvation",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2019-010 - Hellman Kubernetes cluster node deletion.md",
        "incident",
        "Hellman Kubernetes cluster node deletion",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2019-011 - Hellman Kubernetes IaC accidentally reverted.md",
        "incident",
        "Hellman Kubernetes IaC accidentally reverted",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2020-001 - Inotify file watches exhaustion.md",
        "incident",
        "Inotify file watches exhaustion",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2020-002 - KIAM service disruption on Hellman.md",
        "incident",
        "KIAM Service disruption",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2020-003 - Postmortem for ADSync migration.md",
        "incident",
        "ADSync migration issues",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2020-004 - CoreDNS upgrade issue.md",
        "incident",
        "CoreDNS upgrade issue",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2020-005 - ALB instance attachment.md",
        "incident",
        "ALB instance attachments removed",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2020-006 - ADSync service accounts.md",
        "incident",
        "ADSync service accounts",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2020-007 - Unhealthy nodes.md",
        "incident",
        "Unhealthy node",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2020-008 - Alcide admission causing Kubernetes timeouts.md",
        "incident",
        "Alcide admission causing Kubernetes timeouts",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2020-009 - KIAM service disruption due to upgrade.md",
        "incident",
        "KIAM service disruption due to upgrade",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2021-001 - Logs from Kubernetes not shipped to CWL.md",
        "incident",
        "Logs from Kubernetes worklaods not being shipped to CloudWatch Logs",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2021-002 - Flux version bump causing component downtime.md",
        "incident",
        "Flux unintended version update",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2021-003 - Flux version bump causing component downtime.md",
        "incident",
        "Flux unintended version update",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2021-004 - ADFS outage.md",
        "incident",
        "ADFS Outage",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2021-005 - All services returning 503 in Kubernetes.md",
        "incident",
        "All services returning 503 in Kubernetes",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2021-006 - All services returning 503 in Kubernetes.md",
        "incident",
        "All services returning 503 in Kubernetes",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2021-007 - All services returning 503 in Kubernetes.md",
        "incident",
        "All services returning 503 in Kubernetes",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2021-008 - Kubernetes ingress controller Traefik v2 configuration caused outage.md",
        "incident",
        "Kubernetes ingress controller Traefik v2 configuration caused outage",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2021-009 - All services returning 404 in Kubernetes.md",
        "incident",
        "All services returning 404 in Kubernetes",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2021-010 - A limited amount of services deployed in Kubernetes returning 504.md",
        "incident",
        "A limited amount of services deployed in Kubernetes returning 504",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2021-011 - Log4Shell.md",
        "incident",
        "Log4Shell investigations",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2022-001 - Prometheus is down with connection refused errors.md",
        "incident",
        "Prometheus is down with connection refused errors",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2022-002 -  Logs not shipped to CloudWatch.md",
        "incident",
        "Logs not shipped to CloudWatch",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2022-003 - Two Kuberneste nodes were down.md",
        "incident",
        "Two Kuberneste nodes were down",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2022-004 - Kafka metrics missing from Prometheus.md",
        "incident",
        "Kafka metrics missing from Prometheus",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2022-005 - Node-IPC incident response.md",
        "incident",
        "Node IPC Incident Response",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2022-006 - ALB 502 errors.md",
        "incident",
        "ALB 502 Errors",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2022-007 - Kafka metrics stopped being exported to Prometheus.md",
        "incident",
        "Kafka metrics stopped being exported to Prometheus",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2022-008 - CRUD operations on K8s Service resources unavailable.md",
        "incident",
        "CRUD operations on K8s Service resources unavailable",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2022-009 - Bad AWS EKS AMI causing Kubernetes issues",
        "incident",
        "Bad AWS EKS AMI",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2023-001 - Total node failure.md",
        "incident",
        "Total node failure",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2023-002 - Logs not shipped to CloudWatch.md",
        "incident",
        "Logs not being shipped to CloudWatch",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2024-001 - Two Kubernetes nodes went into NotReady state.md",
        "incident",
        "Two Kubernetes nodes went into NotReady state",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2024-002 - PODs not able to start while being moved to new nodes during AMI update.md",
        "incident",
        "PODs not able to start while being moved to new nodes during AMI Update",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2024-003 - Kube state metrics exposing wrong labels.md",
        "incident",
        "Kube state metrics exposing wrong labels",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2025-001 - Node system resource starvation and scheduling capacity.md",
        "incident",
        "Node system resource starvation and scheduling capacity",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PM2025-002 - Traefik rule preventing some inbound traffic.md",
        "incident",
        "Traefik Rule Preventing Some Inbound Traffic",
        "published",
        None,
    ),
    (
        "postmortems-dfds",
        "PMyyyy-nnn - Postmortem template.md",
        "skipped",
        "a template, not a record",
        "",
        None,
    ),
    (
        "postmortems-dfds",
        "README.md",
        "skipped",
        "a read-me, not a record",
        "",
        None,
    ),
    (
        "postmortems-dfds",
        "SOURCE",
        "skipped",
        "not a record: no sections of a decision record or a postmortem",
        "",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2016-05-30-provisioner-deployment-issue.md",
        "incident",
        "Heroku Config caused complication of deployment May 30",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2016-06-06-large-task-backlog.md",
        "incident",
        "Large backlog on multiple worker types Monday June 6, 2016 2-3pm",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2016-07-14-balrog-connectivity.md",
        "incident",
        "Balrog VPN connectivity 7-14-2016",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2016-07-19-aws-provisioner.md",
        "incident",
        "AWS Provisioner 7-19-2016",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2016-07-21-aws-provisioner-stuck.md",
        "incident",
        "AWS Provisioner \"stuck\" 2016-07-21",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2017-04-11-inmemory-azure-entities-breaks-queue.md",
        "incident",
        "Retrospective: inMemory azure-entities breaks queue 2017-04-11",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2017-07-25-ec2-instance-creation-stopped.md",
        "incident",
        "Retrospective: EC2 Instance Creation Stopped 2017-07-25",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2018-01-08-auth-sentry-crash.md",
        "incident",
        "Retrospective: Auth Sentry Crash 2018-01-08",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2018-01-18-spring-cleaning-url-change.md",
        "incident",
        "Retrospective: Spring Cleaning URL Change 2018-01-18",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2018-01-19-spot-requests-pending-forever.md",
        "incident",
        "Retrospective: Spot Requests Pending Forever - 2018-01-19",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2018-02-09-authentication-bug.md",
        "incident",
        "Retrospective: Authentication Bug Allowing Side Effects with Bad Credentials",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2018-02-13-windows-system-check-failures.md",
        "incident",
        "Retrospective: Windows AMIs failing system checks",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2018-08-27-dns-outage.md",
        "incident",
        "Retrospective: DNS Outage 2018-08-27",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2018-08-30-level1to3.md",
        "incident",
        "Retrospective: Level 1 to 3 Incident 2018-08-10 - 2018-08-30",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2019-03-20-leaked-task-creds.md",
        "incident",
        "Retrospective: Credentials in logs - March 20, 2019",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2019-08-04-securityToken-logged.md",
        "incident",
        "Retrospective: AWS-Provisioner securityToken Logged - Aug 4, 2019",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2019-11-20-worker-manager-overprovisioning.md",
        "incident",
        "Retrospective: Worker Manager Overprovisioning - November 2019",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2021-10-08-worker-manager-underprovisioning.md",
        "incident",
        "Retrospective: 2021-10-08 Taskcluster worker-provisioner outage 2021-10-08 23:01 - 2021-10-09 02:40 UTC",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "2022-01-08-google-incident.md",
        "incident",
        "Retrospective: Google Incident 2022-01-08",
        "published",
        None,
    ),
    (
        "postmortems-taskcluster",
        "LICENSE.source",
        "skipped",
        "not a Markdown file (.source)",
        "",
        None,
    ),
    (
        "postmortems-taskcluster",
        "SOURCE",
        "skipped",
        "not a record: no sections of a decision record or a postmortem",
        "",
        None,
    ),
    (
        "postmortem-templates",
        "LICENSE.source",
        "skipped",
        "not a Markdown file (.source)",
        "",
        None,
    ),
    (
        "postmortem-templates",
        "SOURCE",
        "skipped",
        "not a record: no sections of a decision record or a postmortem",
        "",
        None,
    ),
    (
        "postmortem-templates",
        "postmortem-template-google-api-infra.md",
        "skipped",
        "a template, not a record",
        "",
        None,
    ),
    (
        "postmortem-templates",
        "postmortem-template-real-world-sre.md",
        "skipped",
        "a template, not a record",
        "",
        None,
    ),
    (
        "postmortem-templates",
        "postmortem-template-srebook.md",
        "skipped",
        "a template, not a record",
        "",
        None,
    ),
];

#[test]
fn every_corpus_file_imports_with_its_kind_title_and_status() {
    let (_dir, mut store) = store();
    let paths: Vec<PathBuf> = FOLDERS.iter().map(|f| corpus(f)).collect();
    let report = import(&mut store, &paths);
    assert_eq!(report.failed(), 0, "{:#?}", report.files);
    assert_eq!(
        report.files.len(),
        EXPECTED.len(),
        "a file is missing or extra"
    );
    for (folder, name, kind, title, status, status_text) in EXPECTED {
        let path = corpus(folder).join(name);
        let outcome = report
            .outcome(&path)
            .unwrap_or_else(|| panic!("{folder}/{name}: not in the report"));
        if *kind == "skipped" {
            assert_eq!(
                outcome,
                &Outcome::Skipped {
                    reason: title.to_string()
                },
                "{folder}/{name}"
            );
            continue;
        }
        let Outcome::Created { id, .. } = outcome else {
            panic!("{folder}/{name}: {outcome:?}");
        };
        match store.get_any(id).unwrap() {
            AnyRecord::Decision(d) => {
                assert_eq!(*kind, "decision", "{folder}/{name}");
                assert_eq!(d.title, *title, "{folder}/{name}");
                assert_eq!(d.status.as_str(), *status, "{folder}/{name}");
                assert_eq!(d.status_text.as_deref(), *status_text, "{folder}/{name}");
            }
            AnyRecord::Incident(i) => {
                assert_eq!(*kind, "incident", "{folder}/{name}");
                assert_eq!(i.title, *title, "{folder}/{name}");
                assert_eq!(i.status.as_str(), *status, "{folder}/{name}");
            }
            other => panic!("{folder}/{name}: made a {}", other.kind()),
        }
    }
}

#[test]
fn links_between_files_become_typed_links_keeping_their_words() {
    let (_dir, mut store) = store();
    let folders = ["adr-tools", "govuk-aws", "madr", "log4brains-fixtures"];
    let report = import(&mut store, &folders.map(corpus));
    let id = |folder: &str, name: &str| record_of(&report, folder, name).1;
    let label = |from: String, relation: Relation, to: String| {
        store
            .links_from(&from)
            .unwrap()
            .into_iter()
            .find(|l| l.relation == relation && l.to_id == to)
            .map(|l| l.label)
            .unwrap_or_else(|| panic!("no {relation} link from {from} to {to}"))
    };
    // adr-tools: "Amends [5. Help comments](0005-help-comments.md)" and its "Amended by".
    assert_eq!(
        label(
            id("adr-tools", "0009-help-scripts.md"),
            Relation::Amends,
            id("adr-tools", "0005-help-comments.md")
        ),
        Some("Amends".into())
    );
    // govuk: "Superseded by [..](0015-dns-infrastructure.md)", "Amends", and prose.
    label(
        id("govuk-aws", "0015-dns-infrastructure.md"),
        Relation::Supersedes,
        id(
            "govuk-aws",
            "0004-dns-definitions-for-hosts-and-services.md",
        ),
    );
    assert_eq!(
        label(
            id("govuk-aws", "0017-terraform-data-structure.md"),
            Relation::Amends,
            id("govuk-aws", "0010-terraform-directory-structure.md")
        ),
        Some("Amends".into())
    );
    label(
        id("govuk-aws", "0033-ip-ranges.md"),
        Relation::Supersedes,
        id("govuk-aws", "0003-aws-networking-outline.md"),
    );
    // log4brains: the superseded / superseder pair, and plain links.
    assert_eq!(
        label(
            id("log4brains-fixtures", "20201029-superseder.md"),
            Relation::Supersedes,
            id("log4brains-fixtures", "20201028-superseded-adr.md")
        ),
        Some("Supersedes".into())
    );
    label(
        id("log4brains-fixtures", "20201028-links.md"),
        Relation::RelatesTo,
        id("log4brains-fixtures", "20200101-first-adr.md"),
    );
    // MADR: links inside the text, in an option's text, and as a full URL to the same
    // collection's file on its forge.
    label(
        id("madr", "0013-use-yaml-front-matter-for-meta-data.md"),
        Relation::RelatesTo,
        id("madr", "0008-add-status-field.md"),
    );
    label(
        id("madr", "0008-add-status-field.md"),
        Relation::RelatesTo,
        id("madr", "0013-use-yaml-front-matter-for-meta-data.md"),
    );
    label(
        id("madr", "0008-add-status-field.md"),
        Relation::RelatesTo,
        id("madr", "0001-use-CC0-or-MIT-as-license.md"),
    );
    // Nothing else: no link invented (a link inside a code example is no link), and links to
    // missing files are not made.
    assert_eq!(store.links().unwrap().len(), 9, "{:#?}", store.links());
}

#[test]
fn adr_metadata_is_kept_as_the_file_says() {
    let (_dir, mut store) = store();
    let report = import(
        &mut store,
        &[
            corpus("log4brains-fixtures"),
            corpus("adr-tools"),
            corpus("madr"),
        ],
    );
    let first: Decision = store
        .get(&record_of(&report, "log4brains-fixtures", "20200101-first-adr.md").1)
        .unwrap();
    assert_eq!(first.decision_makers, vec!["John Doe", "Foo bar"]);
    assert_eq!(first.tags, vec!["foo", "bar"]);
    assert_eq!(first.date.unwrap().to_string(), "2020-01-01");
    assert_eq!(first.number, None);
    assert!(
        first
            .sections
            .iter()
            .any(|s| s.body.contains("Technical Story"))
    );
    let help: Decision = store
        .get(&record_of(&report, "adr-tools", "0009-help-scripts.md").1)
        .unwrap();
    assert_eq!(help.number, Some(9));
    assert!(help.context.starts_with("Currently help text is generated"));
    assert!(help.outcome.contains("_adr_help_<command>_<subcommand>"));
    assert!(help.consequences.starts_with("Help scripts can include"));
    let madr: Decision = store
        .get(
            &record_of(
                &report,
                "madr",
                "0013-use-yaml-front-matter-for-meta-data.md",
            )
            .1,
        )
        .unwrap();
    assert_eq!(madr.number, Some(13));
    let names: Vec<&str> = madr.options.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["Use YAML front matter", "Use plain Markdown everywhere"]
    );
    assert!(!madr.options[0].pros.is_empty(), "{:#?}", madr.options);
    assert!(madr.drivers.contains("Easy to read"));
}

#[test]
fn postmortems_keep_timeline_actions_and_lessons() {
    let (_dir, mut store) = store();
    let dfds = corpus("postmortems-dfds").join("PM2021-011 - Log4Shell.md");
    let dns = corpus("postmortems-taskcluster").join("2018-08-27-dns-outage.md");
    let heroku =
        corpus("postmortems-taskcluster").join("2016-05-30-provisioner-deployment-issue.md");
    let report = import(&mut store, &[dfds.clone(), dns.clone(), heroku.clone()]);
    let id = |path: &Path| match report.outcome(path) {
        Some(Outcome::Created { id, .. }) => id.clone(),
        other => panic!("{other:?}"),
    };
    let log4shell: Incident = store.get(&id(&dfds)).unwrap();
    assert_eq!(log4shell.reference, "PM2021-011");
    assert_eq!(log4shell.timeline.len(), 26);
    // "2021-12-10" has no time: kept as written; "2021-12-10   15:40" is read.
    assert_eq!(log4shell.timeline[0].time_text, "2021-12-10");
    assert_eq!(
        log4shell.timeline[1].at.unwrap().to_rfc3339(),
        "2021-12-10T15:40:00+00:00"
    );
    assert_eq!(log4shell.started_at, log4shell.timeline[1].at);
    let actions: Vec<ActionItem> = store.children(&log4shell.id).unwrap();
    assert_eq!(actions.len(), 6);
    assert!(actions.iter().all(|a| a.status == ActionStatus::Open));
    let lessons: Vec<Lesson> = store
        .links_to(&log4shell.id)
        .unwrap()
        .into_iter()
        .filter(|l| l.relation == Relation::LearnedFrom)
        .map(|l| store.get(&l.from_id).unwrap())
        .collect();
    assert!(lessons.len() >= 10, "{}", lessons.len());
    assert!(lessons.iter().any(|l| l.statement == "With S&O"));

    let outage: Incident = store.get(&id(&dns)).unwrap();
    let times: Vec<String> = outage
        .timeline
        .iter()
        .filter_map(|e| e.at.map(|at| at.format("%m-%d %H:%M").to_string()))
        .collect();
    assert_eq!(times.first().map(String::as_str), Some("08-27 19:00"));
    assert!(times.contains(&"08-28 11:14".to_string()), "{times:?}");
    assert!(outage.impact.contains("17 hours"));
    assert!(outage.summary.contains("Route53"));
    let actions: Vec<ActionItem> = store.children(&outage.id).unwrap();
    assert_eq!(actions.len(), 2);

    let deploy: Incident = store.get(&id(&heroku)).unwrap();
    let actions: Vec<ActionItem> = store.children(&deploy.id).unwrap();
    let owned = actions.iter().find(|a| a.owner.is_some()).unwrap();
    assert_eq!(owned.owner.as_deref(), Some("jhford"));
    assert!(
        owned
            .title
            .starts_with("Try setting up a staging environment")
    );
}

#[test]
fn the_sre_layout_is_read_by_meaning() {
    let text = "# Shakespeare Sonnet++ outage (incident #465)\n\n### Date\n\n2015-10-21\n\n### Authors\n\n* jennifer\n* martym\n\n### Status\n\nComplete, action items in progress\n\n### Summary\n\nShakespeare Search down for 66 minutes.\n\n### Impact\n\nEstimated 1.21B queries lost.\n\n### Root Causes\n\nCascading failure.\n\n### Trigger\n\nLatent bug triggered by a traffic spike.\n\n### Resolution\n\nDirected traffic to a sacrificial cluster.\n\n### Detection\n\nBorgmon detected a high level of HTTP 500s.\n\n## Action Items\n\n| Action Item | Type | Owner | Bug |\n|---|---|---|---|\n| Update playbook | mitigate | jennifer | n/a **DONE** |\n| Use flux capacitor | prevent | martym | Bug 5554823 **TODO** |\n\n## Lessons Learned\n\n### What went well\n\nMonitoring alerted us.\n\n### What went wrong\n\nWe are out of practice.\n\n### Where we got lucky\n\nThe spike came at a quiet hour.\n\n## Timeline\n\n2015-10-21 (all times UTC)\n\n* 14:51 News reports that a new Shakespearean sonnet has been discovered\n* 14:53 Traffic to Shakespeare search increases by 88x\n* 15:53 OUTAGE MITIGATED\n";
    let parsed = interop::parse_text(text, "sonnet").unwrap();
    let AnyRecord::Incident(incident) = parsed.main else {
        panic!("not an incident");
    };
    assert_eq!(incident.authors, vec!["jennifer", "martym"]);
    assert!(incident.summary.contains("66 minutes"));
    assert!(incident.impact.contains("1.21B"));
    assert_eq!(incident.root_causes, "Cascading failure.");
    assert!(incident.trigger.starts_with("Latent bug"));
    assert!(incident.resolution.contains("sacrificial"));
    assert!(incident.detection.contains("Borgmon"));
    assert_eq!(incident.went_well, "Monitoring alerted us.");
    assert_eq!(incident.went_wrong, "We are out of practice.");
    assert!(incident.lucky.contains("quiet hour"));
    assert_eq!(incident.timeline.len(), 3);
    assert_eq!(
        incident.timeline[0].at.unwrap().to_rfc3339(),
        "2015-10-21T14:51:00+00:00"
    );
    let owners: Vec<Option<String>> = parsed
        .children
        .iter()
        .map(|c| match &c.record {
            AnyRecord::Action(a) => a.owner.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(owners, vec![Some("jennifer".into()), Some("martym".into())]);
    let statuses: Vec<&str> = parsed
        .children
        .iter()
        .filter_map(|c| match &c.record {
            AnyRecord::Action(a) => Some(a.status.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        statuses,
        vec!["done", "open"],
        "**DONE** / **TODO** in the row"
    );
    let checklist = "# Retro\n\n## Timeline\n\n* 10:00 it broke\n\n## Action Items\n\n- [x] Roll back\n- [ ] Add an alert\n- TODO: write the runbook\n- DONE - page the owner\n";
    let parsed = interop::parse_text(checklist, "2024-05-01-retro").unwrap();
    let actions: Vec<(String, &str)> = parsed
        .children
        .iter()
        .filter_map(|c| match &c.record {
            AnyRecord::Action(a) => Some((a.title.clone(), a.status.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        actions,
        vec![
            ("Roll back".to_string(), "done"),
            ("Add an alert".to_string(), "open"),
            ("write the runbook".to_string(), "open"),
            ("page the owner".to_string(), "done"),
        ]
    );
}

#[test]
fn importing_again_updates_what_the_files_made() {
    let dir = tempfile::tempdir().unwrap();
    let adrs = dir.path().join("adr");
    std::fs::create_dir(&adrs).unwrap();
    for entry in std::fs::read_dir(corpus("adr-tools")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), adrs.join(entry.file_name())).unwrap();
    }
    let pm = dir.path().join("pm.md");
    std::fs::copy(
        corpus("postmortems-dfds").join("PM2021-011 - Log4Shell.md"),
        &pm,
    )
    .unwrap();
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    let first = import(&mut store, &[adrs.clone(), pm.clone()]);
    assert_eq!(first.created(), 10);
    let counts = store.counts().unwrap();

    // Edit a record and drop an action item from the postmortem, then import again.
    let path = adrs.join("0002-implement-as-shell-scripts.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Accepted", "Deprecated")).unwrap();
    let text = std::fs::read_to_string(&pm).unwrap();
    std::fs::write(
        &pm,
        text.replace(
            "- Teach the Product Owners about how to look up the CVEs\n",
            "",
        ),
    )
    .unwrap();
    let second = import(&mut store, &[adrs.clone(), pm.clone()]);
    assert_eq!(second.created(), 0);
    assert_eq!(second.updated(), 10);
    let after = store.counts().unwrap();
    let count = |counts: &[(Kind, usize)], kind| counts.iter().find(|(k, _)| *k == kind).unwrap().1;
    assert_eq!(
        count(&after, Kind::Decision),
        count(&counts, Kind::Decision)
    );
    assert_eq!(count(&after, Kind::Lesson), count(&counts, Kind::Lesson));
    assert_eq!(
        count(&after, Kind::Action),
        count(&counts, Kind::Action) - 1
    );
    let decision: Decision = store
        .list::<Decision>()
        .unwrap()
        .into_iter()
        .find(|d| d.number == Some(2))
        .unwrap();
    assert_eq!(decision.status.as_str(), "deprecated");
    // One undo step takes the whole second import back.
    store.undo().unwrap();
    let decision: Decision = store.get(&decision.id).unwrap();
    assert_eq!(decision.status.as_str(), "accepted");
}

#[test]
fn unreadable_files_are_reported_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("adr");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(
        corpus("adr-tools").join("0001-record-architecture-decisions.md"),
        folder.join("0001-record-architecture-decisions.md"),
    )
    .unwrap();
    std::fs::write(
        folder.join("0002-latin1.md"),
        b"# 2. Caf\xe9\n\n## Status\n\nAccepted\n",
    )
    .unwrap();
    std::fs::write(folder.join("0003-empty.md"), b"\n\n").unwrap();
    std::fs::write(folder.join("0004-binary.md"), b"# 4. x\0\x01\x02").unwrap();
    std::fs::write(
        folder.join("0005-bad-front.md"),
        "---\nstatus: [unclosed\n---\n# 5. X\n",
    )
    .unwrap();
    std::fs::write(folder.join("notes.txt"), "not markdown").unwrap();
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    let report = import(&mut store, &[folder.clone(), dir.path().join("missing")]);
    let reason = |name: &str| match report.outcome(&folder.join(name)) {
        Some(Outcome::Failed { reason }) => reason.clone(),
        other => panic!("{name}: {other:?}"),
    };
    assert!(reason("0002-latin1.md").contains("not UTF-8"));
    assert!(reason("0003-empty.md").contains("empty"));
    assert!(reason("0004-binary.md").contains("binary"));
    assert!(reason("0005-bad-front.md").contains("front matter"));
    assert!(matches!(
        report.outcome(&folder.join("notes.txt")),
        Some(Outcome::Skipped { .. })
    ));
    assert!(matches!(
        report.outcome(&dir.path().join("missing")),
        Some(Outcome::Failed { reason }) if reason.contains("no such file")
    ));
    assert_eq!(report.created(), 1);
    assert_eq!(store.list::<Decision>().unwrap().len(), 1);
}

/// Export, import into an empty workspace, export again: the same bytes, and the second
/// workspace answers as the first.
fn assert_round_trip(first: &Store, what: &str) {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    interop::export(first, &one, |_| {}).unwrap();
    let mut second = Store::open(dir.path().join("second.db")).unwrap();
    let report = import(&mut second, std::slice::from_ref(&one));
    assert_eq!(report.failed(), 0, "{what}: {:#?}", report.files);
    assert!(report.warnings.is_empty(), "{what}: {:#?}", report.warnings);
    interop::export(&second, &two, |_| {}).unwrap();
    let files = |root: &Path| {
        let mut out = Vec::new();
        for entry in walk(root) {
            let rel = entry.strip_prefix(root).unwrap().to_path_buf();
            out.push((rel, std::fs::read(&entry).unwrap()));
        }
        out.sort();
        out
    };
    let (a, b) = (files(&one), files(&two));
    assert_eq!(a.len(), b.len(), "{what}: different file counts");
    for ((pa, ca), (pb, cb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb, "{what}");
        assert!(
            ca == cb,
            "{what}: {} differs:\n{}\n---\n{}",
            pa.display(),
            String::from_utf8_lossy(ca),
            String::from_utf8_lossy(cb)
        );
    }
    // The second workspace answers list, trace and search as the first did.
    for kind in Kind::ALL {
        let json = |s: &Store| -> Vec<serde_json::Value> {
            s.list_any(*kind)
                .unwrap()
                .iter()
                .map(AnyRecord::to_json)
                .collect()
        };
        let (a, b) = (json(first), json(&second));
        assert_eq!(a.len(), b.len(), "{what}: list {kind}");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{what}: list {kind}");
        }
    }
    for d in first.list::<Decision>().unwrap() {
        assert_eq!(
            serde_json::to_value(first.trace_decision(&d.id).unwrap()).unwrap(),
            serde_json::to_value(second.trace_decision(&d.id).unwrap()).unwrap(),
            "{what}: trace {}",
            d.id
        );
    }
    for i in first.list::<Incident>().unwrap() {
        assert_eq!(
            serde_json::to_value(first.trace_incident(&i.id).unwrap()).unwrap(),
            serde_json::to_value(second.trace_incident(&i.id).unwrap()).unwrap(),
            "{what}: trace {}",
            i.id
        );
    }
    for word in ["database", "timeline", "status", "kubernetes", "payment"] {
        let ids = |s: &Store| -> Vec<String> {
            s.search(word, 100)
                .unwrap()
                .into_iter()
                .map(|h| h.id)
                .collect()
        };
        assert_eq!(ids(first), ids(&second), "{what}: search {word}");
    }
}

/// Every file of an exported tree but its manifest (which names the workspace that wrote it).
fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if !path.ends_with(interop::MANIFEST) {
            out.push(path);
        }
    }
    out
}

#[test]
fn the_demo_round_trips_byte_for_byte() {
    let (_dir, mut store) = store();
    hindsight::demo::load_demo(&mut store).unwrap();
    assert_round_trip(&store, "demo");
}

#[test]
fn every_corpus_round_trips_byte_for_byte() {
    for folder in FOLDERS {
        let (_dir, mut store) = store();
        import(&mut store, &[corpus(folder)]);
        assert_round_trip(&store, folder);
    }
}

#[test]
fn the_export_is_a_git_tree_with_stable_ids() {
    let (dir, mut store) = store();
    hindsight::demo::load_demo(&mut store).unwrap();
    let out = dir.path().join("tree");
    let report = interop::export(&store, &out, |_| {}).unwrap();
    assert_eq!(report.changed, report.files.len());
    let decision = std::fs::read_to_string(
        out.join("decisions/0003-payments-are-processed-asynchronously-through-a-queue.md"),
    )
    .unwrap();
    assert!(
        decision.starts_with("---\nid: dec-async-payments\n"),
        "{decision}"
    );
    assert!(decision.contains("decision-makers:"));
    assert!(
        decision.contains("motivated-by:\n  - inc-checkout-crash"),
        "{decision}"
    );
    assert!(decision.contains("\n## Considered Options\n"));
    let postmortem = std::fs::read_to_string(
        out.join("postmortems/2024-11-29-checkout-crashed-under-10-000-concurrent-payments.md"),
    )
    .unwrap();
    assert!(postmortem.contains("\n## Timeline\n\n| Time (UTC) | Event | Marker |"));
    assert!(postmortem.contains("\n## Action Items\n\n| Action item |"));
    for folder in ["lessons", "checklists", "reviews"] {
        assert!(
            std::fs::read_dir(out.join(folder)).unwrap().count() > 0,
            "{folder}"
        );
    }
    assert!(
        std::fs::read_to_string(out.join("index.md"))
            .unwrap()
            .contains("## Decisions")
    );
    // Again: nothing changes. After a delete: its file goes.
    let again = interop::export(&store, &out, |_| {}).unwrap();
    assert_eq!(again.changed, 0);
    store.delete("dec-multi-region").unwrap();
    let after = interop::export(&store, &out, |_| {}).unwrap();
    assert_eq!(after.removed.len(), 1, "{:?}", after.removed);
}

#[test]
fn adr_tools_export_gives_back_adr_tools_files_toc_and_graph() {
    let (dir, mut store) = store();
    import(&mut store, &[corpus("adr-tools")]);
    let out = dir.path().join("adr");
    let options = AdrToolsOptions {
        toc: true,
        graph: true,
        ..Default::default()
    };
    interop::export_adr_tools(&store, &out, options, |_| {}).unwrap();
    let mut differing = 0;
    for entry in std::fs::read_dir(corpus("adr-tools")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let original = std::fs::read_to_string(&path).unwrap();
        let written = std::fs::read_to_string(out.join(path.file_name().unwrap())).unwrap();
        // The same bytes, but for extra blank lines two originals carry (at the end, and
        // twice before a heading).
        if written != original {
            let squeeze = |t: &str| t.trim_end().replace("\n\n\n", "\n\n");
            assert_eq!(squeeze(&written), squeeze(&original), "{}", path.display());
            differing += 1;
        }
    }
    assert!(differing <= 2, "{differing} files differ");
    let toc = std::fs::read_to_string(out.join("toc.md")).unwrap();
    assert!(toc.starts_with("# Architecture Decision Records\n\n* [1. Record architecture decisions](0001-record-architecture-decisions.md)\n"));
    let graph = std::fs::read_to_string(out.join("graph.dot")).unwrap();
    assert!(graph.starts_with("digraph {\n  node [shape=plaintext];\n"));
    assert!(
        graph.contains("_9 -> _5 [label=\"Amends\", weight=0]"),
        "{graph}"
    );

    // The graph goes on to the lessons and incidents behind each decision.
    let (_d, mut demo) = common_demo();
    let out = dir.path().join("demo-adr");
    interop::export_adr_tools(&demo, &out, options, |_| {}).unwrap();
    let graph = std::fs::read_to_string(out.join("graph.dot")).unwrap();
    assert!(graph.contains("[shape=note, label=\"Lesson: "), "{graph}");
    assert!(
        graph.contains("[shape=box, color=red, label=\"Incident: "),
        "{graph}"
    );
    assert!(graph.contains("label=\"learned from\""));
    let superseded =
        std::fs::read_to_string(out.join("0001-poll-order-status-with-exponential-back-off.md"))
            .unwrap();
    assert!(
        superseded.contains("\n## Status\n\nSuperseded by [2. "),
        "{superseded}"
    );
    demo.delete("dec-order-push").unwrap();
}

fn common_demo() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = store();
    hindsight::demo::load_demo(&mut store).unwrap();
    (dir, store)
}

#[test]
fn adr_tools_records_toc_and_graph_come_back_as_adr_tools_writes_them() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adr-tools-generated");
    let (dir, mut store) = store();
    let report = import(&mut store, &[fixtures.join("records")]);
    assert_eq!(report.created(), 60);
    let out = dir.path().join("adr");
    let options = AdrToolsOptions {
        toc: true,
        graph: true,
        ..Default::default()
    };
    interop::export_adr_tools(&store, &out, options, |_| {}).unwrap();
    for entry in std::fs::read_dir(fixtures.join("records")).unwrap() {
        let path = entry.unwrap().path();
        let written = std::fs::read_to_string(out.join(path.file_name().unwrap())).unwrap();
        assert_eq!(
            written,
            std::fs::read_to_string(&path).unwrap(),
            "{}",
            path.display()
        );
    }
    let read = |p: PathBuf| std::fs::read_to_string(p).unwrap();
    assert_eq!(
        read(out.join("toc.md")),
        read(fixtures.join("adr-generate-toc.md"))
    );
    assert_eq!(
        read(out.join("graph.dot")),
        read(fixtures.join("adr-generate-graph.dot"))
    );
}
