//! GitHub Actions workflow commands: `::warning file=…,line=…,col=…,endColumn=…,title=…::…`
//! per diagnostic, which a workflow run shows as an annotation on the line of a pull
//! request's diff.

use crate::model::{Diagnostic, Severity};

/// The command of one diagnostic; `path` is its file relative to the repository.
pub fn command(d: &Diagnostic, path: &str) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut properties = vec![format!("file={}", property(path))];
    if d.line > 0 {
        properties.push(format!("line={}", d.line));
        if d.column > 0 {
            properties.push(format!("col={}", d.column));
            if d.end_column > d.column {
                properties.push(format!("endColumn={}", d.end_column));
            }
        }
    }
    properties.push(format!("title={}", property(d.code.as_str())));
    let text = if d.help.is_empty() {
        d.message.clone()
    } else {
        format!("{}\nhelp: {}", d.message, d.help)
    };
    format!("::{kind} {}::{}", properties.join(","), data(&text))
}

/// A command's message: `%`, CR and LF escaped, as the runner reads them back.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property's value: also `:` and `,`, which end it.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Code;

    #[test]
    fn commands_escape_what_would_end_them() {
        let d = Diagnostic::new(
            Code::ExampleUnknownMember,
            "beta/api/x.md",
            12,
            "`a,b` is not 100% a member: of x",
        )
        .column(5)
        .end_column(10)
        .help("fix it");
        assert_eq!(
            command(&d, "docs/beta/api/x,y.md"),
            "::warning file=docs/beta/api/x%2Cy.md,line=12,col=5,endColumn=10,title=example-unknown-member::`a,b` is not 100%25 a member: of x%0Ahelp: fix it"
        );
        let note = Diagnostic::new(Code::SkippedRow, "a.md", 0, "m");
        assert_eq!(
            command(&note, "a.md"),
            "::notice file=a.md,title=skipped-row::m"
        );
    }
}
