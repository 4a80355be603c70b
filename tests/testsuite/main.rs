//! The integration tests: one binary, a small harness, fixture sites.
//!
//! Each test copies a fixture site into a temporary folder, runs the real
//! `pilotsite` binary on it and checks what a user would see: exit status,
//! the located error lines, the files written.
//!
//! The suite runs on Linux, macOS and Windows (the release workflow runs it
//! on each); only the two suites that drive Linux tools are Linux-only:
//! `browser` (Debian's Chromium) and `faults` (strace, tmpfs, signals).

mod bad_input;
#[cfg(target_os = "linux")]
mod browser;
mod build;
mod charts;
mod commands;
mod data;
#[cfg(target_os = "linux")]
mod faults;
mod form;
mod generate;
mod harness;
mod hostile;
mod import;
mod invalid;
mod languages;
mod maps;
mod markdown;
mod messages_config;
mod publish;
mod scale_charts;
mod scale_pages;
mod schema;
mod search;
#[cfg(feature = "serve")]
mod serve;
mod slips_links;
mod slips_reports;
mod slips_yaml;
