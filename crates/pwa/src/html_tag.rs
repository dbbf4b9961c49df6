//! The committed index.html's marked elements, found and rewritten as text: the page is
//! trunk's output, small and ours, and each rewrite touches one attribute of one element.

use std::ops::Range;

/// The byte range (`<` to `>`) of the one tag that contains `marker`; `Err(n)` when there
/// are `n != 1` of them.
pub(crate) fn only_tag(html: &str, marker: &str) -> Result<Range<usize>, usize> {
    let found: Vec<usize> = html.match_indices(marker).map(|(i, _)| i).collect();
    let [at] = found.as_slice() else {
        return Err(found.len());
    };
    let start = html[..*at].rfind('<').ok_or(0usize)?;
    let end = at + html[*at..].find('>').ok_or(0usize)? + 1;
    Ok(start..end)
}

/// `html` with the value of `attribute` (`name="…"`) of the tag at `tag` set to `value`, or
/// `None` when that tag has no such attribute.
pub(crate) fn with_attribute(
    html: &str,
    tag: Range<usize>,
    attribute: &str,
    value: &str,
) -> Option<String> {
    let opening = format!("{attribute}=\"");
    let text = &html[tag.clone()];
    let from = tag.start + text.find(&opening)? + opening.len();
    let to = from + html[from..tag.end].find('"')?;
    Some(format!("{}{value}{}", &html[..from], &html[to..]))
}
