//! Finding one member of a JSON object's top level without parsing the rest.
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.
//
// The client looks for an API's failure flag (`"success": 0`) in every 2xx answer. A
// full parse into `serde_json::Value` for that would cost as much as the typed decode
// that follows; this scan allocates nothing, skips nested values by their brackets, and
// stops at the member (which MainWP sends first). It does not validate: on anything that
// is not an object it answers `None`, and the typed decode reports what is wrong.

/// The raw text of the value of the first top-level member of the object `body` named
/// `name`; `None` when `body` is not an object or has no such member. A key written with
/// escapes (`"succ\u0065ss"`) is compared after unescaping.
pub(crate) fn top_level_member<'a>(body: &'a [u8], name: &str) -> Option<&'a [u8]> {
    let mut at = skip_whitespace(body, 0);
    if body.get(at) != Some(&b'{') {
        return None;
    }
    at += 1;
    loop {
        at = skip_whitespace(body, at);
        if body.get(at) != Some(&b'"') {
            // `}` of an empty object, or not JSON.
            return None;
        }
        let key_end = string_end(body, at)?;
        let key = body.get(at..key_end)?;
        at = skip_whitespace(body, key_end);
        if body.get(at) != Some(&b':') {
            return None;
        }
        let value_start = skip_whitespace(body, at + 1);
        let value_end = value_end(body, value_start)?;
        if key_is(key, name) {
            return body.get(value_start..value_end);
        }
        at = skip_whitespace(body, value_end);
        match body.get(at) {
            Some(b',') => at += 1,
            _ => return None,
        }
    }
}

/// Whether the quoted JSON string `key` (quotes included) is `name`.
fn key_is(key: &[u8], name: &str) -> bool {
    let inner = key.get(1..key.len().saturating_sub(1)).unwrap_or_default();
    if !inner.contains(&b'\\') {
        return inner == name.as_bytes();
    }
    serde_json::from_slice::<String>(key).is_ok_and(|k| k == name)
}

fn skip_whitespace(body: &[u8], mut at: usize) -> usize {
    while body
        .get(at)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        at += 1;
    }
    at
}

/// The index after the closing quote of the string that starts at `start`.
fn string_end(body: &[u8], start: usize) -> Option<usize> {
    let mut at = start + 1;
    loop {
        match body.get(at)? {
            b'"' => return Some(at + 1),
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
}

/// The index after the value that starts at `start`: a string, an object or array (to
/// its matching bracket, brackets inside strings ignored), or a scalar (to the next
/// delimiter).
fn value_end(body: &[u8], start: usize) -> Option<usize> {
    match body.get(start)? {
        b'"' => string_end(body, start),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut at = start;
            loop {
                match body.get(at)? {
                    b'"' => {
                        at = string_end(body, at)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(at + 1);
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
        }
        _ => {
            let len = body
                .get(start..)?
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))?;
            (len > 0).then_some(start + len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::top_level_member;

    fn find<'a>(body: &'a str, name: &str) -> Option<&'a str> {
        top_level_member(body.as_bytes(), name).map(|v| std::str::from_utf8(v).expect("UTF-8"))
    }

    #[test]
    fn finds_a_top_level_member_of_any_kind() {
        let body = r#"{"success":0,"message":"Nope","data":{"a":[1,2]},"n":-1.5e3,"t":true}"#;
        assert_eq!(find(body, "success"), Some("0"));
        assert_eq!(find(body, "message"), Some(r#""Nope""#));
        assert_eq!(find(body, "data"), Some(r#"{"a":[1,2]}"#));
        assert_eq!(find(body, "n"), Some("-1.5e3"));
        assert_eq!(find(body, "t"), Some("true"));
        assert_eq!(find(" { \"x\" :\n null } ", "x"), Some("null"));
    }

    #[test]
    fn members_of_nested_values_are_not_top_level() {
        let body = r#"{"data":[{"success":0},{"x":{"success":0}}],"total":2}"#;
        assert_eq!(find(body, "success"), None);
        assert_eq!(find(body, "total"), Some("2"));
    }

    #[test]
    fn brackets_quotes_and_escapes_inside_strings_are_skipped() {
        let body = r#"{"data":["}]\"{[\\", {"k":"\"success\":0"}],"success":"0"}"#;
        assert_eq!(find(body, "success"), Some(r#""0""#));
        assert_eq!(find(r#"{"succ\u0065ss":false}"#, "success"), Some("false"));
        assert_eq!(find(r#"{"a\"b":1,"success":1}"#, "success"), Some("1"));
    }

    #[test]
    fn anything_but_an_object_has_no_members() {
        for body in [
            "",
            "[]",
            r#"[{"success":0}]"#,
            "{}",
            "null",
            r#""{\"success\":0}""#,
            r#"{"success""#,
            r#"{"success":"#,
            r#"{"data":[1,2,"success":0"#,
            r#"{"a":1 "success":0}"#,
            "<html>{\"success\":0}</html>",
        ] {
            assert_eq!(find(body, "success"), None, "{body}");
        }
    }
}
