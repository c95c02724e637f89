//! What the printable pages share: the page skeleton (a maud template, checked at
//! compile time and escaping every value), the style sheets (assets/templates,
//! embedded at build time), registry text made inert, dates and the place.

use super::words;
use crate::domain::{DelegationId, Event, Language, inert};
use crate::store::RosterEntry;
use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, PreEscaped, Render, html};

const BASE_CSS: &str = include_str!("../../../assets/templates/base.css");
pub(super) const LOP_CSS: &str = include_str!("../../../assets/templates/lop.css");
pub(super) const BADGES_CSS: &str = include_str!("../../../assets/templates/badges.css");
pub(super) const SHEETS_CSS: &str = include_str!("../../../assets/templates/sheets.css");

/// Where a streamed page's body goes: a comment that no value can spell, since maud
/// writes every `<` of a value as `&lt;`.
const BODY_MARK: &str = "<!--rollcall:body-->";

/// Registry text as a page shows it: control characters made visible (so that a name
/// cannot act on the terminal or reorder the text of whoever opens the file), then
/// escaped by maud like every value.
pub(super) struct Text<'a>(&'a str);

pub(super) fn text(value: &str) -> Text<'_> {
    Text(value)
}

impl Render for Text<'_> {
    fn render_to(&self, buffer: &mut String) {
        inert(self.0).as_ref().render_to(buffer);
    }
}

/// A whole page around `body`; `title` is plain text.
pub(super) fn page(title: &str, class: &str, css: &str, body: Markup) -> Markup {
    page_in(Language::En, title, class, css, body)
}

/// A whole page in `language` around `body` (the language tells the browser how to
/// hyphenate, and a screen reader how to speak).
pub(super) fn page_in(
    language: Language,
    title: &str,
    class: &str,
    css: &str,
    body: Markup,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(language.code()) {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="rollcall";
                title { (text(title)) }
                style { "\n" (PreEscaped(BASE_CSS)) "\n" (PreEscaped(css)) "\n" }
            }
            body class=(class) { "\n" (body) "\n" }
        }
        "\n"
    }
}

/// A page's HTML before and after its body, for pages written piece by piece.
pub(super) fn page_around_body(title: &str, class: &str, css: &str) -> (String, String) {
    page_in_around_body(Language::En, title, class, css)
}

/// [`page_around_body`] in `language`.
pub(super) fn page_in_around_body(
    language: Language,
    title: &str,
    class: &str,
    css: &str,
) -> (String, String) {
    around_hole(page_in(language, title, class, css, hole()))
}

/// What marks the place of the content in markup written piece by piece
/// ([`around_hole`]).
pub(super) fn hole() -> Markup {
    PreEscaped(BODY_MARK.to_string())
}

/// `markup`, built around one [`hole`], as its HTML before and after the hole: an
/// element opened and closed around content written in between.
pub(super) fn around_hole(markup: Markup) -> (String, String) {
    let whole = markup.into_string();
    let (before, after) = whole
        .split_once(BODY_MARK)
        .expect("the markup has its hole");
    (before.to_string(), after.to_string())
}

/// The runs of people of one delegation (the roster is in protocol order, so each
/// delegation's people come together; those without one too).
pub(super) fn delegation_runs(people: &[RosterEntry]) -> impl Iterator<Item = &[RosterEntry]> {
    let delegation =
        |p: &RosterEntry| -> Option<DelegationId> { p.delegation.as_ref().map(|d| d.id) };
    people.chunk_by(move |a, b| delegation(a) == delegation(b))
}

/// "Wed 5 Jul".
pub(super) fn short_day(d: NaiveDate) -> String {
    d.format("%a %-d %b").to_string()
}

/// Venue and city, without saying the city twice ("Conference hall, Ulaanbaatar").
/// The head of a printed document about `event`: its kind and organiser, title, dates
/// and place, then what the document is (`doc_title`) and when it was issued —
/// in `language`, in a `<header>` of `class`.
pub(super) fn event_head(
    event: &Event,
    language: Language,
    class: &str,
    doc_title: &str,
    issued: &str,
    today: NaiveDate,
) -> Markup {
    let e = &event.details;
    let place = place(event);
    html! {
        header class=(class) {
            p.kind {
                (words::kind(language, e.kind))
                @if !e.organiser.trim().is_empty() { " · " (text(&e.organiser)) }
            }
            h1 { (text(&e.title)) }
            p.when { (words::date_range(language, e.start_date, e.end_date)) }
            @if !place.is_empty() { p.where { (text(&place)) } }
            p.doc-title { (doc_title) }
            p.issued { (issued) " " (words::full_date(language, today)) }
        }
    }
}

pub(super) fn place(event: &Event) -> String {
    let venue = event.details.venue.trim();
    let city = event.details.city.trim();
    if city.is_empty() || venue.contains(city) {
        venue.to_string()
    } else if venue.is_empty() {
        city.to_string()
    } else {
        format!("{venue}, {city}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn short_days() {
        assert_eq!(short_day(d(2017, 7, 5)), "Wed 5 Jul");
    }

    #[test]
    fn a_page_in_pieces_is_the_whole_page() {
        let title = format!("T {BODY_MARK} {{{{body}}}}");
        let (before, after) = page_around_body(&title, "c", "p {}");
        let whole = page(&title, "c", "p {}", html! { p { "x" } }).into_string();
        assert_eq!(format!("{before}<p>x</p>{after}"), whole);
        assert!(whole.contains("<title>T &lt;!--rollcall:body--&gt; {{body}}</title>"));
    }

    #[test]
    fn registry_text_is_escaped_and_inert() {
        let shown = html! { p title=(text("\"x\x1b")) { (text("<b>a\u{202e}</b>")) } };
        assert_eq!(
            shown.into_string(),
            "<p title=\"&quot;x␛\">&lt;b&gt;a\u{fffd}&lt;/b&gt;</p>"
        );
    }
}
