//! ```` ```chart ```` blocks in Markdown: a small YAML mapping naming a chart.

use super::{Kind, Spec};
use crate::content::Site;
use crate::diagnostics::{Pos, did_you_mean};
use crate::yaml::{self, Value};

/// What is wrong with a block, at a position inside the block's text.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockError {
    pub pos: Pos,
    pub message: String,
    pub help: Option<String>,
}

const KEYS: &[&str] = &["metric", "type", "county", "period", "title"];

fn error(pos: Pos, message: String) -> BlockError {
    BlockError {
        pos,
        message,
        help: None,
    }
}

/// Parses a chart block. `own_county` is the county of the report the
/// block is in (the default for `type: county`).
pub fn parse_block(
    text: &str,
    site: &Site,
    own_county: Option<usize>,
) -> Result<(Spec, Option<String>), BlockError> {
    let node = yaml::parse(text).map_err(|e| error(e.pos, e.message))?;
    let Value::Map(entries) = &node.value else {
        return Err(BlockError {
            pos: node.pos,
            message: "a chart block must be `key: value` lines".into(),
            help: Some("for example: `metric: township_sast_coverage` and `type: trend`".into()),
        });
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
                return Err(error(
                    value.pos,
                    format!("`{name}` must be text, found {}", other.kind_name()),
                ));
            }
        };
        match name.as_str() {
            "metric" => {
                metric_seen = true;
                metric = Some(site.config.metric_index(&text).ok_or_else(|| {
                    let mut message = format!("unknown metric `{text}`");
                    if let Some(s) =
                        did_you_mean(&text, site.config.metrics.iter().map(|m| m.id.as_str()))
                    {
                        message.push_str(&format!(" (did you mean `{s}`?)"));
                    }
                    BlockError {
                        pos: value.pos,
                        message,
                        help: Some("the metrics are defined in site.yaml".into()),
                    }
                })?);
            }
            "type" => {
                kind = Kind::from_name(&text).ok_or_else(|| BlockError {
                    pos: value.pos,
                    message: format!("unknown chart type `{text}`"),
                    help: Some(
                        "chart types are: trend, ranking, groups, change, county, did".into(),
                    ),
                })?;
            }
            "county" => {
                county = Some(site.counties.iter().position(|c| c.id == text).ok_or_else(
                    || {
                        let mut message = format!("unknown county `{text}`");
                        if let Some(s) =
                            did_you_mean(&text, site.counties.iter().map(|c| c.id.as_str()))
                        {
                            message.push_str(&format!(" (did you mean `{s}`?)"));
                        }
                        BlockError {
                            pos: value.pos,
                            message,
                            help: Some(
                                "use the county's folder name under content/counties/".into(),
                            ),
                        }
                    },
                )?);
            }
            "period" => {
                period = Some(site.config.period_index(&text).ok_or_else(|| {
                    let mut message = format!("unknown period `{text}`");
                    if let Some(s) =
                        did_you_mean(&text, site.config.periods.iter().map(|p| p.id.as_str()))
                    {
                        message.push_str(&format!(" (did you mean `{s}`?)"));
                    }
                    error(value.pos, message)
                })?);
            }
            "title" => title = Some(text),
            other => {
                let mut message = format!("unknown field `{other}` in a chart block");
                if let Some(s) = did_you_mean(other, KEYS.iter().copied()) {
                    message.push_str(&format!(" (did you mean `{s}`?)"));
                }
                return Err(BlockError {
                    pos: key.pos,
                    message,
                    help: Some(format!("a chart block takes: {}", KEYS.join(", "))),
                });
            }
        }
    }
    let Some(metric) = metric else {
        let _ = metric_seen;
        return Err(BlockError {
            pos: Pos::new(1, 1),
            message: "a chart block needs `metric:`".into(),
            help: Some("add a line such as `metric: township_sast_coverage`".into()),
        });
    };
    let spec = match kind {
        Kind::County => {
            let Some(county) = county else {
                return Err(BlockError {
                    pos: Pos::new(1, 1),
                    message: "a `county` chart needs `county:` outside a county's report".into(),
                    help: Some("add a line such as `county: dongtai`".into()),
                });
            };
            Spec {
                kind,
                metric,
                county: Some(county),
                period: None,
            }
        }
        Kind::Ranking | Kind::Change => Spec {
            kind,
            metric,
            county: None,
            period,
        },
        // `Overview` is never a block type (Kind::from_name does not know it).
        Kind::Trend | Kind::Groups | Kind::Did | Kind::Overview => Spec {
            kind,
            metric,
            county: None,
            period: None,
        },
    };
    Ok((spec, title))
}
