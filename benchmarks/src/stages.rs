//! The stages of the code generator, run one at a time so each can be timed: parse,
//! lower, emit (tokens per file) and print (prettyplease and the header), then write.

use std::path::Path;

use mainwp_codegen::emit::EmittedFile;
use mainwp_codegen::ir::Api;
use mainwp_codegen::postman::Collection;
use mainwp_codegen::GeneratedFile;

pub fn parse(text: &str) -> Collection {
    mainwp_codegen::postman::parse_str(text, "bench").expect("the collection parses")
}

pub fn lower(collection: &Collection) -> Api {
    mainwp_codegen::model(collection, Some("mainwp"))
        .expect("the collection lowers")
        .api
}

/// The tokens (or text) of every file.
pub fn emit(api: &Api) -> Vec<EmittedFile> {
    mainwp_codegen::emit::emit(api)
}

/// The text of every file.
pub fn print(files: Vec<EmittedFile>) -> Vec<GeneratedFile> {
    mainwp_codegen::print::print(files).expect("emitted Rust prints")
}

/// Writes every file below `dir`, as `cargo xtask codegen` does (without the final
/// rename, which is one syscall).
pub fn write(dir: &Path, files: &[GeneratedFile]) {
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("creating a directory");
        }
        std::fs::write(&path, &file.contents).expect("writing a file");
    }
}

/// Lines and bytes of the generated files.
pub fn size(files: &[GeneratedFile]) -> (usize, usize) {
    files.iter().fold((0, 0), |(lines, bytes), f| {
        (lines + f.contents.lines().count(), bytes + f.contents.len())
    })
}
