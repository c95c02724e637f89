//! Printable badges: 8 per A4 page (2 × 4), each with the name, the delegation (or
//! the organisation), the role and a QR code of the badge number — what a badge
//! scanner at the desk types. A badge printed before says "reprint #N".

use super::template::{self, BADGES_CSS, text};
use super::{Counter, ExportError, Printed};
use crate::domain::{MonthStyle, date_range};
use crate::store::RosterEntry;
use maud::{Markup, PreEscaped, html};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use std::io::Write;

const PER_PAGE: usize = 8;
/// Badges rendered between two progress reports (and QR codes made in parallel).
const BATCH: usize = PER_PAGE * 100;

/// Write the badges of `people` to `out`, page by page; `prints[i]` is the print number
/// of `people[i]`'s badge (1 = first print).
pub(super) fn write(
    printed: &Printed<'_>,
    prints: &[u32],
    out: &mut dyn Write,
    counter: &mut Counter<'_, '_>,
) -> Result<(), ExportError> {
    let Printed { event, people, .. } = *printed;
    let e = &event.details;
    let mut when = date_range(e.start_date, e.end_date, MonthStyle::Long);
    if !e.city.trim().is_empty() {
        when = format!("{when} · {}", e.city.trim());
    }
    let header = html! {
        header.event { span.event-title { (text(&e.title)) } span.event-when { (text(&when)) } }
    };
    let (page_start, page_end) =
        template::page_around_body(&format!("Badges — {}", e.title), "badges", BADGES_CSS);
    out.write_all(page_start.as_bytes())?;
    if people.is_empty() {
        out.write_all(html! { p.empty { "No badges to print." } }.0.as_bytes())?;
    }
    for (batch_no, batch) in people.chunks(BATCH).enumerate() {
        let badges: Vec<u32> = batch.iter().map(|p| p.attendee.badge).collect();
        let codes = qr_codes(&badges)?;
        let mut pages = Vec::with_capacity(batch.len().div_ceil(PER_PAGE));
        for (page, chunk) in batch.chunks(PER_PAGE).enumerate() {
            let mut sheet = Vec::with_capacity(PER_PAGE);
            for (i, entry) in chunk.iter().enumerate() {
                let n = page * PER_PAGE + i;
                let print = prints.get(batch_no * BATCH + n).copied().unwrap_or(1);
                sheet.push(badge(&header, entry, &codes[n], print));
                counter.tick();
            }
            pages.push(html! { section.sheet { @for b in &sheet { (b) } } });
        }
        let html = html! { @for page in &pages { (page) } };
        out.write_all(html.0.as_bytes())?;
    }
    out.write_all(page_end.as_bytes())?;
    Ok(())
}

/// One badge; `qr` is the QR code's SVG (made here from digits, so markup as it is).
fn badge(header: &Markup, entry: &RosterEntry, qr: &str, print: u32) -> Markup {
    let a = &entry.attendee;
    let p = &a.details;
    let has = |s: &str| !s.trim().is_empty();
    html! {
        article class={ "badge role-" (p.role.as_str()) } data-badge=(a.badge) {
            (header)
            div.who {
                @if has(&p.honorific) { p.honorific { (text(&p.honorific)) } }
                p.given { (text(&p.given_name)) }
                p.family { (text(&p.family_name.to_uppercase())) }
                @if has(&p.native_name) { p.native { (text(&p.native_name)) } }
                @match &entry.delegation {
                    Some(d) => {
                        p.affiliation { (text(&d.details.name)) }
                        @if has(&p.organisation) && p.organisation != d.details.name {
                            p.organisation { (text(&p.organisation)) }
                        }
                    }
                    None => {
                        @if has(&p.organisation) { p.affiliation { (text(&p.organisation)) } }
                    }
                }
            }
            div.qr {
                (PreEscaped(qr))
                span.number { "No. " (a.badge) }
                @if print > 1 { span.reprint { "reprint #" (print) } }
            }
            footer.role { (text(p.role.label())) }
        }
    }
}

/// The QR codes of `badges`, in order. Encoding one takes ~0.15 ms (the crate tries
/// every mask), so large batches use every core.
fn qr_codes(badges: &[u32]) -> Result<Vec<String>, ExportError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads == 1 || badges.len() < 64 {
        return badges.iter().map(|b| qr_svg(*b)).collect();
    }
    let chunk = badges.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = badges
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|b| qr_svg(*b).map_err(|_| *b))
                        .collect::<Result<Vec<_>, u32>>()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(badges.len());
        for worker in workers {
            let codes = worker
                .join()
                .map_err(|_| ExportError::Qr(0))?
                .map_err(ExportError::Qr)?;
            all.extend(codes);
        }
        Ok(all)
    })
}

/// An inline SVG QR code of the badge number (digits only: what a scanner types),
/// drawn by the qrcode crate's SVG renderer, one unit per module; CSS sizes it.
fn qr_svg(badge: u32) -> Result<String, ExportError> {
    let code = QrCode::with_error_correction_level(badge.to_string(), EcLevel::M)
        .map_err(|_| ExportError::Qr(badge))?;
    let image = code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    // Inline in HTML the XML declaration is out of place: keep the <svg> element.
    let start = image.find("<svg").unwrap_or(0);
    Ok(image[start..].replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"QR code of badge {badge}\" "),
        1,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn qr_is_inline_svg() {
        let svg = super::qr_svg(42).unwrap();
        assert!(svg.starts_with("<svg role=\"img\""), "{svg}");
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("<?xml"));
    }
}
