use leptos::prelude::*;

/// `text` with the byte ranges in `ranges` (sorted, not overlapping) marked. Text nodes only:
/// the agency's text is never parsed as HTML.
#[component]
pub fn Highlighted(text: String, ranges: Vec<(usize, usize)>) -> impl IntoView {
    let mut parts = Vec::new();
    let mut at = 0;
    for (start, end) in ranges {
        // Offsets come from our own tokenizer, but a bad range must not panic the page.
        if start < at || end > text.len() || start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        if start > at {
            parts.push(text[at..start].to_owned().into_any());
        }
        parts.push(view! { <mark>{text[start..end].to_owned()}</mark> }.into_any());
        at = end;
    }
    if at < text.len() {
        parts.push(text[at..].to_owned().into_any());
    }
    parts
}
