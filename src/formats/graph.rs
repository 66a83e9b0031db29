//! The introduction network as a graph document: Graphviz DOT or a Mermaid
//! flowchart. Names are quoted for each language (quotes, backslashes, brackets,
//! newlines, control characters), so any name renders as written. Pure: values in,
//! text out.

use std::fmt::Write;

use crate::text::visible;

/// Who introduced whom: the people in at least one introduction, and the edges from
/// introducer to introduced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Graph {
    /// (id, name), by id.
    pub nodes: Vec<(i64, String)>,
    /// (introducer, introduced, whether the introducer's name may be used).
    pub edges: Vec<(i64, i64, bool)>,
}

/// The label of an edge whose introducer allows you to use their name.
const NAME_OK: &str = "may use name";

/// Graphviz DOT: `netcrm graph | dot -Tsvg > network.svg`.
pub fn dot(graph: &Graph) -> String {
    let mut out = String::from("digraph introductions {\n    rankdir=LR;\n    node [shape=box];\n");
    for (id, name) in &graph.nodes {
        let _ = writeln!(out, "    n{id} [label=\"{}\"];", dot_escape(name));
    }
    for (from, to, name_ok) in &graph.edges {
        let label = if *name_ok { format!(" [label=\"{NAME_OK}\"]") } else { String::new() };
        let _ = writeln!(out, "    n{from} -> n{to}{label};");
    }
    out.push_str("}\n");
    out
}

/// A Mermaid flowchart, left to right, for Markdown pages that render Mermaid.
pub fn mermaid(graph: &Graph) -> String {
    let mut out = String::from("flowchart LR\n");
    for (id, name) in &graph.nodes {
        let _ = writeln!(out, "    n{id}[\"{}\"]", mermaid_escape(name));
    }
    for (from, to, name_ok) in &graph.edges {
        let arrow = if *name_ok { format!("-->|{NAME_OK}|") } else { "-->".to_string() };
        let _ = writeln!(out, "    n{from} {arrow} n{to}");
    }
    out
}

/// Text inside a DOT double-quoted string: `\` and `"` escaped, a newline as DOT's
/// centred line break `\n`, control characters made visible.
fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in visible(text).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Text inside a Mermaid quoted label: characters Mermaid reads as syntax or HTML
/// become its numeric entity codes (`#34;`), a newline becomes `<br>`.
fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in visible(text).chars() {
        match c {
            '"' | '#' | '<' | '>' | '&' | '`' | '\\' => {
                let _ = write!(out, "#{};", c as u32);
            }
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(names: &[&str]) -> Graph {
        Graph {
            nodes: names.iter().enumerate().map(|(i, n)| (i as i64 + 1, n.to_string())).collect(),
            edges: vec![(1, 2, true), (1, 3, false)],
        }
    }

    #[test]
    fn dot_has_one_node_per_person_and_labelled_edges_where_the_name_may_be_used() {
        let text = dot(&graph(&["Ada Lovelace", "Bob", "Chloé"]));
        assert_eq!(
            text,
            "digraph introductions {\n    rankdir=LR;\n    node [shape=box];\n    n1 [label=\"Ada Lovelace\"];\n    \
             n2 [label=\"Bob\"];\n    n3 [label=\"Chloé\"];\n    n1 -> n2 [label=\"may use name\"];\n    n1 -> n3;\n}\n"
        );
    }

    #[test]
    fn dot_escapes_quotes_backslashes_newlines_and_control_characters() {
        assert_eq!(dot_escape(r#"Bob "The Builder" \o/"#), r#"Bob \"The Builder\" \\o/"#);
        assert_eq!(dot_escape("two\nlines"), "two\\nlines");
        assert_eq!(dot_escape("evil\u{1b}]0;title\u{7}"), "evil\\\\x1b]0;title\\\\x07");
        assert_eq!(dot_escape("陈大文 [CEO] {x}"), "陈大文 [CEO] {x}");
    }

    #[test]
    fn mermaid_is_a_left_to_right_flowchart() {
        let text = mermaid(&graph(&["Ada", "Bob", "Chloé"]));
        assert_eq!(
            text,
            "flowchart LR\n    n1[\"Ada\"]\n    n2[\"Bob\"]\n    n3[\"Chloé\"]\n    n1 -->|may use name| n2\n    n1 --> n3\n"
        );
    }

    #[test]
    fn mermaid_escapes_what_its_parser_would_read_as_syntax() {
        assert_eq!(mermaid_escape(r#"Bob "B" <b>"#), "Bob #34;B#34; #60;b#62;");
        assert_eq!(mermaid_escape("A & B #1"), "A #38; B #35;1");
        assert_eq!(mermaid_escape("two\nlines"), "two<br>lines");
        assert_eq!(mermaid_escape("[x] (y) {z}"), "[x] (y) {z}");
        assert_eq!(mermaid_escape("bell\u{7}"), "bell#92;x07");
    }
}
