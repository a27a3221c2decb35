//! Collection descriptions as rustdoc that renders cleanly and never runs as a doctest.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `#[doc = "..."]` attributes, one per line of `text`.
pub fn doc_attrs(text: &str) -> TokenStream {
    let text = plain_text(text);
    let lines = text
        .lines()
        .map(|line| doc_literal(format!(" {line}").trim_end()));
    quote! { #( #[doc = #lines] )* }
}

/// The literal of a `#[doc = ...]` attribute. The printer writes a one-line doc as
/// `/// line` however its literal is spelled, so such a line is spelled raw, which no
/// stage has to escape or unescape; a doc the printer keeps as an attribute (several
/// lines, or a leading `/`) keeps the escaped spelling, as does text a raw literal
/// cannot carry.
pub fn doc_literal(line: &str) -> Literal {
    let printed_as_comment = !line.contains(['\n', '\r']) && !line.starts_with('/');
    printed_as_comment
        .then(|| super::raw_literal(line))
        .flatten()
        .unwrap_or_else(|| Literal::string(line))
}

/// Text without the characters a doc comment cannot hold: a lone carriage return ends
/// a `///` comment early, and bidirectional controls are denied by rustc (they can make
/// source read differently from how it compiles). Other control characters go too.
pub fn plain_text(text: &str) -> String {
    // Printable ASCII, line breaks and tabs hold nothing to drop, and nearly every text is
    // that: one check of its bytes spares a copy character by character.
    if text
        .bytes()
        .all(|b| matches!(b, b'\n' | b'\t' | b' '..=b'~'))
    {
        return text.to_string();
    }
    text.replace("\r\n", "\n")
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control() && !is_bidi_control(c))
        .collect()
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
}

/// Makes collection markdown safe as rustdoc: code fences without a language become
/// `text` (they are not Rust), indentation that would start a code block is dropped,
/// and brackets, angle brackets and bare urls outside code are escaped so rustdoc
/// neither links nor warns.
pub fn sanitize(markdown: &str) -> String {
    let markdown = plain_text(markdown);
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if in_fence {
                out.push("```".to_string());
            } else {
                out.push("```text".to_string());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
        } else {
            out.push(escape_inline(trimmed));
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    // Collapse runs of blank lines and trim the ends.
    let mut text = String::new();
    let mut blank = true;
    for line in out {
        if line.trim().is_empty() {
            if !blank {
                text.push('\n');
            }
            blank = true;
        } else {
            text.push_str(&line);
            text.push('\n');
            blank = false;
        }
    }
    text.trim_end().to_string()
}

fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if !in_code {
            if rest.starts_with("http://") || rest.starts_with("https://") {
                let end = rest
                    .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\'' | '`'))
                    .unwrap_or(rest.len());
                let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
                continue;
            }
            match c {
                '[' => out.push_str("\\["),
                ']' => out.push_str("\\]"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '*' if out.ends_with(' ') && rest[1..].starts_with(' ') => out.push_str("\\*"),
                _ => out.push(c),
            }
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    if in_code {
        // An unclosed backtick would swallow the next lines into code.
        out.push('`');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn fences_without_language_become_text() {
        assert_eq!(sanitize("a\n```\ncurl x\n```"), "a\n```text\ncurl x\n```");
    }

    #[test]
    fn brackets_urls_and_tags_are_escaped_outside_code() {
        assert_eq!(
            sanitize("see [1] at https://a.example/x. <key> `[ok]`"),
            "see \\[1\\] at <https://a.example/x>. &lt;key&gt; `[ok]`"
        );
    }

    #[test]
    fn carriage_returns_and_bidi_controls_are_dropped() {
        assert_eq!(super::plain_text("a\rb\r\nc\u{202e}d\u{7}"), "ab\ncd");
    }

    #[test]
    fn indentation_cannot_start_a_code_block() {
        assert_eq!(sanitize("    fn main() {}"), "fn main() {}");
    }
}
