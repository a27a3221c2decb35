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
    #[error("{}request `{request}`: {message}", file_prefix(.file))]
    Request {
        /// The collection file, once known.
        file: Option<String>,
        /// Folder path and request name, joined with ` / `.
        request: String,
        message: String,
    },
    #[error("generated code for {file} does not parse: {message}")]
    Emit { file: String, message: String },
}

fn file_prefix(file: &Option<String>) -> String {
    file.as_ref().map(|f| format!("{f}: ")).unwrap_or_default()
}

impl Error {
    /// Names the collection file in an error that came from lowering it.
    pub fn in_file(self, path: &str) -> Error {
        match self {
            Error::Request {
                file: None,
                request,
                message,
            } => Error::Request {
                file: Some(path.to_string()),
                request,
                message,
            },
            other => other,
        }
    }
}
