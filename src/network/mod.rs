//! Ties and reach (DESIGN.md "Ties and reach"): how strong your tie with each contact
//! is ([`strength`]), what links two contacts ([`links`]), the warm routes to a person
//! or a company ([`mod@routes`]), and the queries that gather them from the store
//! ([`reach`]). The scoring (`strength`, `links`, `routes`) is pure: it never touches
//! the database, the clock or the terminal; `reach` reads the store and prints nothing.

pub mod links;
pub mod reach;
pub mod routes;
pub mod strength;

pub use links::{Introduction, Link};
pub use reach::{CompanyQuery, link_between, path_to_company, path_to_contact, targets};
pub use routes::{Network, Person, Route, routes};
pub use strength::{Tie, Word};
