//! How the client presents its credentials: the scheme the collection uses.
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use super::error::Error;
use super::secret::Token;

/// How credentials travel. Each generated crate sets its default (`AUTH_SCHEME`) from
/// the collection's auth; [`ClientBuilder::auth_scheme`](super::ClientBuilder::auth_scheme)
/// overrides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// HTTP basic auth; the token is `user:password`.
    Basic,
    /// The token as the value of this header.
    Header(&'static str),
    /// The token as this query parameter. It then appears in request URLs: prefer a
    /// header where the server allows one.
    Query(&'static str),
    /// No credentials are sent.
    None,
}

/// The credentials ready to attach to each request.
#[derive(Clone)]
pub(crate) enum Credentials {
    Header(HeaderName, HeaderValue),
    Query(&'static str),
    None,
}

impl Credentials {
    pub(crate) fn new(scheme: AuthScheme, token: &Token) -> Result<Credentials, Error> {
        if scheme != AuthScheme::None && token.is_empty() {
            return Err(Error::Config("the API token is empty".to_owned()));
        }
        let header = |name: HeaderName, text: String| {
            let mut value = HeaderValue::from_str(&text).map_err(|_| {
                Error::Config(
                    "the API token contains characters that cannot be sent in an HTTP header"
                        .to_owned(),
                )
            })?;
            value.set_sensitive(true);
            Ok(Credentials::Header(name, value))
        };
        match scheme {
            AuthScheme::Bearer => {
                header(AUTHORIZATION, format!("Bearer {}", token.expose_secret()))
            }
            AuthScheme::Basic => header(
                AUTHORIZATION,
                format!("Basic {}", base64(token.expose_secret().as_bytes())),
            ),
            AuthScheme::Header(name) => {
                let name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| Error::Config(format!("invalid auth header name `{name}`")))?;
                header(name, token.expose_secret().to_owned())
            }
            AuthScheme::Query(name) => Ok(Credentials::Query(name)),
            AuthScheme::None => Ok(Credentials::None),
        }
    }
}

/// Standard base64 with padding, for basic auth (too small a need for a dependency).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn every_scheme_but_none_needs_a_token() {
        let empty = Token::new("");
        assert!(Credentials::new(AuthScheme::Bearer, &empty).is_err());
        assert!(matches!(
            Credentials::new(AuthScheme::None, &empty),
            Ok(Credentials::None)
        ));
        let basic = Credentials::new(AuthScheme::Basic, &Token::new("user:pass"));
        assert!(matches!(basic, Ok(Credentials::Header(_, ref v)) if v == "Basic dXNlcjpwYXNz"));
        let key = Credentials::new(AuthScheme::Header("X-Api-Key"), &Token::new("k"));
        assert!(
            matches!(key, Ok(Credentials::Header(ref n, ref v)) if n == "x-api-key" && v == "k")
        );
    }
}
