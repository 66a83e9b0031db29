//! netcrm: a personal networking CRM for the terminal. The library holds everything;
//! `src/main.rs` only parses arguments, calls [`run`] and maps errors to exit codes.

pub mod cli;
pub mod clock;
pub mod commands;
pub mod dates;
pub mod draft;
pub mod duplicates;
pub mod error;
pub mod files;
pub mod followups;
pub mod formats;
pub mod goals;
pub mod ingest;
pub mod model;
pub mod network;
pub mod output;
pub mod scan;
pub mod scheduler;
pub mod stats;
pub mod store;
pub mod sync;
pub mod text;
pub mod validate;

pub use commands::{Env, run};
pub use error::{Error, Result};
