//! Rendering records for people (tables, a contact's page) and for programs (JSON).
//! The only module that prints records; the writer is passed in, so rendering is
//! testable without a process. Colour is decided by the caller, never here.

mod fit;
mod leads;
mod pages;

pub use pages::*;
