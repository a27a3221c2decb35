//! The report of a comparison: Markdown for a changelog or a pull request, JSON for tools.

use super::{Change, ChangeKind, Report, Semver};

/// The longest text a Markdown cell shows; the JSON report has it whole.
const CELL_CHARS: usize = 80;

/// The report as Markdown: one table per class, largest first, ending with the bump
/// the crate needs. `old` and `new` name the two collections compared.
pub fn markdown(report: &Report, old: &str, new: &str) -> String {
    let mut out = format!(
        "# API changes\n\nFrom `{}` to `{}`.\n\n",
        old.replace('`', "'"),
        new.replace('`', "'")
    );
    if report.changes.is_empty() {
        out.push_str("No change to the generated crate.\n\n");
    }
    for (class, heading) in [
        (
            Semver::Major,
            "Major: code written against the old crate may stop compiling",
        ),
        (
            Semver::Minor,
            "Minor: the API grows or requests are sent differently; existing code compiles",
        ),
        (Semver::Patch, "Patch: documentation only"),
    ] {
        let changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.semver == class)
            .collect();
        if changes.is_empty() {
            continue;
        }
        out.push_str(&format!("## {heading}\n\n"));
        out.push_str("| change | operation | item | before | after | why |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for change in changes {
            let prose = change.kind == ChangeKind::DescriptionChanged;
            let value = |text: &Option<String>| match text {
                None => String::new(),
                Some(text) if prose => cell(text),
                Some(text) => code(text),
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                change.kind.label(),
                code(&change.operation),
                code(&change.item),
                value(&change.before),
                value(&change.after),
                change.reason.replace('|', "\\|")
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "**Version bump needed: {}** ({}).\n",
        report.semver,
        report.counts()
    ));
    out
}

/// The report as JSON: `{"semver": .., "changes": [{"kind", "operation", "item",
/// "before", "after", "semver"}]}`.
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a report always serializes");
    text.push('\n');
    text
}

/// Text made safe for one table cell: one line, no column break, not too long.
fn cell(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = if line.chars().count() > CELL_CHARS {
        let mut cut: String = line.chars().take(CELL_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        line
    };
    short.replace('\\', "\\\\").replace('|', "\\|")
}

/// A code span, or plain text when the text holds a backtick itself.
fn code(text: &str) -> String {
    let text = cell(text);
    if text.is_empty() {
        String::new()
    } else if text.contains('`') {
        text
    } else {
        format!("`{text}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_stay_on_one_line_and_inside_their_column() {
        assert_eq!(cell("a |\n b"), "a \\| b");
        let long = "x".repeat(200);
        assert_eq!(cell(&long).chars().count(), CELL_CHARS);
        assert_eq!(code("Vec<u8>"), "`Vec<u8>`");
        assert_eq!(code("a `b`"), "a `b`");
        assert_eq!(code(""), "");
    }
}
