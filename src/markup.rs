//! Text made safe for the formats Sitrep writes: Markdown whose punctuation
//! cannot become markup, HTML that cannot run, and the one Markdown renderer
//! that the postmortem's preview and its export share.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// Markdown text with its punctuation escaped, so a name cannot become markup.
pub fn md_text(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let escape = "\\`*_{}[]<>()#+-.!|".contains(c);
            escape.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

/// Text for the middle of a Markdown line (a list item, a table cell):
/// only what could become markup there is escaped, so names keep their
/// parentheses and dots readable in the file.
pub fn md_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    md_inline_into(&mut out, text);
    out
}

/// Writes [`md_inline`] of `text` onto `out`.
pub fn md_inline_into(out: &mut String, text: &str) {
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Text safe inside HTML elements and attribute values.
pub fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The Markdown extensions Sitrep reads and writes: tables, strikethrough, task lists.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Whether a link may be followed from an exported file: web, mail and
/// in-page links only, never `javascript:` or `data:`.
fn safe_link(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "#"]
        .iter()
        .any(|p| url.starts_with(p))
        || !url.contains(':')
}

/// Renders the user's Markdown as an HTML fragment that runs nothing and
/// loads nothing: raw HTML in the text is shown as text, images become
/// links to them, and only web, mail and in-page links are kept.
pub fn markdown_to_html(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, markdown_options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        })
        | Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: if safe_link(&dest_url) {
                dest_url
            } else {
                CowStr::Borrowed("#")
            },
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// A standalone HTML page around `body` (already safe HTML): its own styles,
/// light and dark, and a policy that forbids scripts and every outside load.
pub fn html_document(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body><main>\n{body}</main></body></html>\n",
        html_text(title)
    )
}

/// The exported page's look: readable type, tables with rules, dark mode.
const STYLE: &str = "body{font-family:system-ui,sans-serif;line-height:1.5;color:#1b1f24;background:#fff}\
main{max-width:50rem;margin:2rem auto;padding:0 1rem}\
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}\
code{font-family:ui-monospace,monospace;font-size:.9em}blockquote{margin:0;padding-left:1rem;border-left:3px solid #d0d7de;color:#57606a}\
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}th,td{border-color:#30363d}blockquote{color:#9198a1;border-color:#30363d}}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_in_markdown_is_shown_as_text() {
        let html = markdown_to_html(
            "Hi <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n**bold**",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.contains("<strong>bold</strong>"), "{html}");
    }

    #[test]
    fn images_become_links_and_script_links_go_nowhere() {
        let html = markdown_to_html("![chart](https://x.test/a.png) [run](javascript:alert(1))");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("<a href=\"https://x.test/a.png\">chart</a>"),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn punctuation_cannot_become_markup() {
        assert_eq!(md_text("*a* <b>"), "\\*a\\* \\<b\\>");
        assert_eq!(md_inline("A (x) | *b*"), "A (x) \\| \\*b\\*");
        assert_eq!(html_text("<a href='x'>"), "&lt;a href=&#39;x&#39;&gt;");
    }
}
