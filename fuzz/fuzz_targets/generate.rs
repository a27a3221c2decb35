//! `cargo fuzz run generate`: arbitrary bytes through parse -> lower -> emit.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    mainwp_codegen_fuzz::generate(data);
});
