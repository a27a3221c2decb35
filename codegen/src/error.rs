//! Everything that can go wrong turning a collection into code, each naming where.

/// A generator error. Every variant says where the problem is: the file, the JSON
/// path, or the folder path and name of the request.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: malformed JSON at line {line} column {column}: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: not a Postman collection at `{path}`: {message}")]
    Structure {
        file: String,
        path: String,
        message: String,
    },
    /// Every problem found in the collection (each naming where it is), one a line.
    #[error("{}", invalid_list(.0))]
    Invalid(Vec<crate::diagnostics::Diagnostic>),
    #[error("generated code for {file} does not parse: {message}")]
    Emit { file: String, message: String },
}

fn invalid_list(problems: &[crate::diagnostics::Diagnostic]) -> String {
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    match lines.len() {
        1 => lines[0].clone(),
        n => format!("{n} problems:\n{}", lines.join("\n")),
    }
}

impl Error {
    /// Names the collection file in an error found after parsing it.
    pub fn in_file(self, path: &str) -> Error {
        match self {
            Error::Invalid(mut problems) => {
                for problem in &mut problems {
                    problem
                        .location
                        .file
                        .get_or_insert_with(|| path.to_string());
                }
                Error::Invalid(problems)
            }
            other => other,
        }
    }
}
