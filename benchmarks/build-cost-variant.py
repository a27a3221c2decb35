#!/usr/bin/env python3
"""Rewrites src/types.rs of a scratch copy of the generated crate for one build-cost
experiment (see BENCHMARKS.md, "Build cost"). The variants only exist to measure what
the compiler spends on each kind of generated code; some change behaviour (noted).

    build-cost-variant.py CRATE_DIR VARIANT

VARIANT:
  no-serialize-answers  answers (structs without `Default`) lose `serde::Serialize`
  no-deserialize-bodies request bodies (structs with `Default`) lose `serde::Deserialize`
                        and their `deserialize_with` adapters (they are only ever sent)
  no-partialeq          every type loses `PartialEq`; answers lose `Clone` too (bodies
                        keep it: the builders holding them are `Clone`)
  no-adapters           every `deserialize_with = "de::decode::<...>"` is removed
                        (changes decoding: measures what the 1 field = 1 adapter
                        wrapper type costs the compiler, not a proposal as is)
  no-extra              answers lose their `#[serde(flatten)] extra` map
  no-path-to-error      the runtime decodes with plain serde_json instead of
                        `serde_path_to_error` (errors lose their JSON path: measures
                        what the path tracking costs every crate that calls `send()`)

Variants combine with `+`: `no-serialize-answers+no-deserialize-bodies`.
"""
import re
import sys

ADAPTER = re.compile(r'\s*deserialize_with = "de::decode::<_, _, [^"]*>",?')


def drop_adapters(text):
    text = ADAPTER.sub("", text)
    # `#[serde()]` and `#[serde(default, )]` left behind.
    text = re.sub(r"#\[serde\(\s*,?\s*\)\]\n\s*", "", text)
    text = re.sub(r",\s*\)\]", ")]", text)
    text = re.sub(r"\(\s*,", "(", text)
    return text


def items(text):
    """Splits the file into top-level items (attributes + doc comments + body)."""
    return re.split(r"(?m)^(?=(?:///[^\n]*\n)*#\[derive)", text)


def main():
    crate = sys.argv[1]
    for variant in sys.argv[2].split("+"):
        apply(crate, variant)


SHIM = """//! Build-cost experiment: `serde_path_to_error::deserialize` without the path.
pub struct Shim<E>(E);
impl<E> Shim<E> {
    pub fn path(&self) -> &'static str {
        "?"
    }
    pub fn into_inner(self) -> E {
        self.0
    }
}
pub fn deserialize<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(
    d: D,
) -> Result<T, Shim<D::Error>> {
    T::deserialize(d).map_err(Shim)
}
"""


def no_path_to_error(crate):
    open(f"{crate}/src/runtime/p2e.rs", "w").write(SHIM)
    mod = f"{crate}/src/runtime/mod.rs"
    text = open(mod).read()
    open(mod, "w").write(text.replace("mod client;", "mod client;\nmod p2e;", 1))
    for name in ("client", "error"):
        path = f"{crate}/src/runtime/{name}.rs"
        text = open(path).read()
        open(path, "w").write(text.replace("serde_path_to_error::deserialize", "super::p2e::deserialize"))


def apply(crate, variant):
    if variant == "no-path-to-error":
        no_path_to_error(crate)
        return
    path = f"{crate}/src/types.rs"
    text = open(path).read()
    out = []
    for item in items(text):
        # Request bodies (and their parts) derive `Default`, answers do not.
        is_body = "#[derive(Debug, Clone, Default" in item
        if variant == "no-serialize-answers" and not is_body:
            item = item.replace(", serde::Serialize, serde::Deserialize)]", ", serde::Deserialize)]", 1)
        elif variant == "no-deserialize-bodies" and is_body:
            item = item.replace(", serde::Serialize, serde::Deserialize)]", ", serde::Serialize)]", 1)
            item = drop_adapters(item)
        elif variant == "no-partialeq":
            item = item.replace("#[derive(Debug, Clone, Default, PartialEq,", "#[derive(Debug, Clone, Default,", 1)
            item = item.replace("#[derive(Debug, Clone, PartialEq,", "#[derive(Debug,", 1)
        elif variant == "no-adapters":
            item = drop_adapters(item)
        elif variant == "no-extra" and not is_body:
            item = re.sub(
                r"\s*/// Members the collection's examples did not show, kept as sent\.\n"
                r"\s*#\[serde\(flatten\)\]\n\s*pub extra: [^\n]*,",
                "",
                item,
            )
        out.append(item)
    open(path, "w").write("".join(out))


if __name__ == "__main__":
    main()
