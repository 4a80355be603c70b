//! pilotsite: a static site generator for pilot-programme reporting.
//!
//! The pipeline, in the order data flows: [`content`] reads and validates
//! the site into a typed model; [`stats`] computes group statistics (pure);
//! [`markdown`] and [`render`] turn the model into pages through the
//! [`theme`]; [`output`] stages the files and swaps them in. [`build`] ties
//! the stages together; [`diagnostics`] carries every located error from
//! where it is found to where it is printed.

pub mod build;
pub mod chart;
pub mod content;
pub mod diagnostics;
pub mod display;
pub mod example;
pub mod export;
pub mod files;
pub mod import;
pub mod map;
pub mod markdown;
pub mod messages;
pub mod output;
pub mod platform;
pub mod render;
pub mod schema;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod stats;
pub mod svg;
pub mod theme;
pub mod urls;
pub mod yaml;
