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
    #[error("request `{request}`: {message}")]
    Request {
        /// Folder path and request name, joined with ` / `.
        request: String,
        message: String,
    },
    #[error("generated code for {file} does not parse: {message}")]
    Emit { file: String, message: String },
}
