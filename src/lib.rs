//! briefing: turns messy scraped news articles into a topic-organised static briefing site.
//!
//! The pipeline flows one way, one module per stage:
//! [`config`] → [`sources`] → [`clean`] → [`topics`] → [`render`] → [`output`],
//! tied together by [`site`] (everything in memory) and [`build`] (the command).

pub mod article;
pub mod build;
pub mod check;
pub mod clean;
pub mod config;
pub mod date;
pub mod error;
pub mod explain;
pub mod fingerprint;
pub mod frontmatter;
pub mod init;
pub mod keypoints;
pub mod output;
pub mod paths;
pub mod render;
pub mod serve;
pub mod site;
pub mod slug;
pub mod sources;
pub mod stories;
pub mod terms;
pub mod text;
pub mod topics;

pub use error::{Error, Result, Warning};
