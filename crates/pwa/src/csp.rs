//! The page's Content-Security-Policy without `'unsafe-inline'` scripts.
//!
//! trunk writes its wasm loader as an inline `<script type="module">` (and, under
//! `trunk serve`, a live-reload script). Instead of allowing every inline script, the policy
//! lists the sha256 of exactly those scripts: an injected one would not match and is blocked.

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Why the CSP could not be rewritten.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CspError {
    #[error("no <meta http-equiv=\"Content-Security-Policy\"> with a content attribute")]
    MissingPolicy,
    #[error("the Content-Security-Policy has no script-src directive")]
    MissingScriptSrc,
}

/// The CSP source expression (`'sha256-…'`) of every inline `<script>` (one without `src`),
/// in document order. The text is hashed as the browser sees it: line ends normalised to LF.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<script") {
        let tag_start = at + found;
        let after_name = tag_start + "<script".len();
        // `<scripts>` or `<script-x>` are other elements.
        if !lower[after_name..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>') {
            at = after_name;
            continue;
        }
        let Some((attributes, body_start)) = tag_attributes(&html[after_name..]) else {
            break;
        };
        let body_start = after_name + body_start;
        let body_end = lower[body_start..]
            .find("</script")
            .map_or(html.len(), |i| body_start + i);
        if !attributes.iter().any(|name| name == "src") {
            let text = html[body_start..body_end]
                .replace("\r\n", "\n")
                .replace('\r', "\n");
            hashes.push(source_expression(&text));
        }
        at = body_end;
    }
    hashes
}

/// `'sha256-<base64>'` of a script's text.
pub fn source_expression(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The lower-cased attribute names of a start tag whose name was just read, and the offset
/// just past its `>`; `None` if the tag never ends. Quoted values may contain `>`.
fn tag_attributes(rest: &str) -> Option<(Vec<String>, usize)> {
    let bytes = rest.as_bytes();
    let mut names = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => return Some((names, i + 1)),
            _ => {
                let start = i;
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !matches!(bytes[i], b'=' | b'>' | b'/')
                {
                    i += 1;
                }
                names.push(rest[start..i].to_ascii_lowercase());
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if bytes.get(i) == Some(&b'=') {
                    i += 1;
                    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    match bytes.get(i)? {
                        quote @ (b'"' | b'\'') => {
                            let close = rest[i + 1..].find(*quote as char)?;
                            i += close + 2;
                        }
                        _ => {
                            while i < bytes.len()
                                && !bytes[i].is_ascii_whitespace()
                                && bytes[i] != b'>'
                            {
                                i += 1;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `html` with its meta CSP's `script-src` holding `hashes` instead of `'unsafe-inline'` and
/// any hashes of an earlier run; every other directive is left as written.
pub fn rewrite_script_src(html: &str, hashes: &[String]) -> Result<String, CspError> {
    let (start, end) = policy_span(html).ok_or(CspError::MissingPolicy)?;
    let policy = &html[start..end];
    let mut found = false;
    let directives: Vec<String> = policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|directive| {
            let mut tokens = directive.split_ascii_whitespace();
            let name = tokens.next().unwrap_or_default();
            if !name.eq_ignore_ascii_case("script-src") {
                return directive.to_owned();
            }
            found = true;
            let kept = tokens.filter(|t| {
                !t.eq_ignore_ascii_case("'unsafe-inline'") && !t.starts_with("'sha256-")
            });
            std::iter::once(name)
                .chain(kept)
                .chain(hashes.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    if !found {
        return Err(CspError::MissingScriptSrc);
    }
    Ok(format!(
        "{}{}{}",
        &html[..start],
        directives.join("; "),
        &html[end..]
    ))
}

/// Byte range of the CSP meta tag's `content` value (inside its double quotes).
fn policy_span(html: &str) -> Option<(usize, usize)> {
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<meta") {
        let tag_start = at + found;
        let tag_end = tag_start + lower[tag_start..].find('>')?;
        let tag = &lower[tag_start..tag_end];
        if tag.contains("http-equiv=\"content-security-policy\"") {
            let value_start = tag_start + tag.find("content=\"")? + "content=\"".len();
            let value_end = value_start + lower[value_start..].find('"')?;
            return Some((value_start, value_end));
        }
        at = tag_end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'; style-src 'self' 'unsafe-inline'">
<script type="module" src="./app.js"></script>
<script type="module">
import init from './app-1a2b.js';
await init({ module_or_path: './app-1a2b_bg.wasm' });
</script>
<script>console.log("a > b")</script>
</head><body></body></html>"#;

    #[test]
    fn hashes_only_inline_scripts_exactly_as_the_browser_does() {
        let hashes = inline_script_hashes(PAGE);
        assert_eq!(hashes.len(), 2, "{hashes:?}");
        // Known value: `echo -n 'console.log("a > b")' | openssl sha256 -binary | base64`.
        assert_eq!(
            hashes[1],
            "'sha256-AKmUfrUf8Qeu3TYatHYHT1gwpQ1PeQI0OCqhgP+HPD0='"
        );
        let module = "\nimport init from './app-1a2b.js';\nawait init({ module_or_path: './app-1a2b_bg.wasm' });\n";
        assert_eq!(hashes[0], source_expression(module));
        // CRLF files are hashed as the parser's LF text.
        let crlf = PAGE.replace('\n', "\r\n");
        assert_eq!(inline_script_hashes(&crlf), hashes);
    }

    #[test]
    fn script_src_lists_the_hashes_instead_of_unsafe_inline() {
        let hashes = inline_script_hashes(PAGE);
        let out = rewrite_script_src(PAGE, &hashes).unwrap();
        let expected = format!(
            "content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {} {}; style-src 'self' 'unsafe-inline'\"",
            hashes[0], hashes[1]
        );
        assert!(out.contains(&expected), "{out}");
        // Only the policy changed.
        assert_eq!(out.replace(&expected, ""), PAGE.replace(
            "content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'; style-src 'self' 'unsafe-inline'\"",
            ""
        ));
        // Re-running replaces the old hashes rather than adding to them.
        assert_eq!(rewrite_script_src(&out, &hashes).unwrap(), out);
        let once_more = rewrite_script_src(&out, &hashes[..1]).unwrap();
        assert!(!once_more.contains(&hashes[1]));
    }

    #[test]
    fn a_page_without_a_policy_is_an_error_not_a_silent_pass() {
        assert_eq!(
            rewrite_script_src("<html><head></head></html>", &[]),
            Err(CspError::MissingPolicy)
        );
        let no_script_src =
            r#"<meta http-equiv="Content-Security-Policy" content="default-src 'self'">"#;
        assert_eq!(
            rewrite_script_src(no_script_src, &[]),
            Err(CspError::MissingScriptSrc)
        );
    }

    #[test]
    fn other_elements_and_attributes_are_not_mistaken_for_scripts() {
        let html =
            r#"<scripts>x</scripts><script data-x='a>b' src="s.js"></script><SCRIPT>y</SCRIPT>"#;
        assert_eq!(inline_script_hashes(html), vec![source_expression("y")]);
        assert!(inline_script_hashes("<script").is_empty());
    }
}
