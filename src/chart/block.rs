//! ```` ```chart ```` blocks in Markdown: a small YAML mapping naming a chart.

use super::{Kind, Spec};
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Pos, did_you_mean, shorten};
use crate::messages::{Text, hint_did_you_mean};
use crate::text;
use crate::yaml::{self, Value};

const KEYS: &[&str] = &["metric", "type", "county", "period", "title"];

/// "Unknown …" at `pos`: catalogue entry `key` with the name as typed and
/// the nearest of `known`, if one is close.
fn unknown<'a>(
    key: &'static str,
    pos: Pos,
    typed: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let near = did_you_mean(typed, known);
    Diagnostic::error(
        "",
        pos,
        Text::new(key)
            .arg("name", shorten(typed))
            .arg("hint", hint_did_you_mean(near)),
    )
}

/// Parses a chart block. `own_county` is the county of the report the
/// block is in (the default for `type: county`). An error's position counts
/// from the block's first line; the caller places it in its file.
pub fn parse_block(
    text: &str,
    site: &Site,
    own_county: Option<usize>,
) -> Result<(Spec, Option<String>), Diagnostic> {
    let node = yaml::parse(text)?;
    let Value::Map(entries) = &node.value else {
        return Err(
            Diagnostic::error("", node.pos, text!("chart-block-not-mapping"))
                .with_help(text!("chart-block-not-mapping-help")),
        );
    };
    let (mut metric, mut kind, mut county, mut period, mut title) =
        (None, Kind::Trend, own_county, None, None);
    let mut metric_seen = false;
    for (key, value) in entries {
        let name = key.key_text();
        let text = match &value.value {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            other => {
                return Err(Diagnostic::error(
                    "",
                    value.pos,
                    text!(
                        "chart-block-not-text",
                        field = shorten(&name),
                        found = other.kind_text()
                    ),
                ));
            }
        };
        match name.as_str() {
            "metric" => {
                metric_seen = true;
                metric = Some(site.config.metric_index(&text).ok_or_else(|| {
                    unknown(
                        "chart-block-unknown-metric",
                        value.pos,
                        &text,
                        site.config.metrics.iter().map(|m| m.id.as_str()),
                    )
                    .with_help(text!("chart-block-unknown-metric-help"))
                })?);
            }
            "type" => {
                if text == Kind::Map.name() && site.map.is_none() {
                    return Err(
                        Diagnostic::error("", value.pos, text!("map-block-without-map"))
                            .with_help(text!("map-block-without-map-help")),
                    );
                }
                kind = Kind::from_name(&text).ok_or_else(|| {
                    unknown(
                        "chart-block-unknown-type",
                        value.pos,
                        &text,
                        Kind::BLOCK_NAMES,
                    )
                    .with_help(text!(
                        "chart-block-unknown-type-help",
                        types = Kind::BLOCK_NAMES.join(", ")
                    ))
                })?;
            }
            "county" => {
                county = Some(site.counties.iter().position(|c| c.id == text).ok_or_else(
                    || {
                        unknown(
                            "chart-block-unknown-county",
                            value.pos,
                            &text,
                            site.counties.iter().map(|c| c.id.as_str()),
                        )
                        .with_help(text!("chart-block-unknown-county-help"))
                    },
                )?);
            }
            "period" => {
                period = Some(site.config.period_index(&text).ok_or_else(|| {
                    unknown(
                        "chart-block-unknown-period",
                        value.pos,
                        &text,
                        site.config.periods.iter().map(|p| p.id.as_str()),
                    )
                    .with_help(text!("chart-block-unknown-period-help"))
                })?);
            }
            "title" => title = Some(text),
            other => {
                return Err(unknown(
                    "chart-block-unknown-field",
                    key.pos,
                    other,
                    KEYS.iter().copied(),
                )
                .with_help(text!(
                    "chart-block-unknown-field-help",
                    fields = KEYS.join(", ")
                )));
            }
        }
    }
    let Some(metric) = metric else {
        let _ = metric_seen;
        return Err(
            Diagnostic::error("", Pos::new(1, 1), text!("chart-block-no-metric"))
                .with_help(text!("chart-block-no-metric-help")),
        );
    };
    let spec = match kind {
        Kind::County => {
            let Some(county) = county else {
                return Err(Diagnostic::error(
                    "",
                    Pos::new(1, 1),
                    text!("chart-block-county-needs-county"),
                )
                .with_help(text!("chart-block-county-needs-county-help")));
            };
            Spec {
                kind,
                metric,
                county: Some(county),
                period: None,
            }
        }
        Kind::Ranking | Kind::Change | Kind::Map => Spec {
            kind,
            metric,
            county: None,
            period,
        },
        // `Overview`, `PilotMap` and `Locator` are never block types
        // (Kind::from_name does not know them).
        Kind::Trend
        | Kind::Groups
        | Kind::Did
        | Kind::Overview
        | Kind::PilotMap
        | Kind::Locator => Spec {
            kind,
            metric,
            county: None,
            period: None,
        },
    };
    Ok((spec, title))
}
