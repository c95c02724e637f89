//! Printable badges: 8 per A4 page (2 × 4), each with the name, the delegation (or
//! the organisation), the role and a QR code of the badge number — what a badge
//! scanner at the desk types. A badge printed before says "reprint #N".

use super::template::{self, BADGES_CSS};
use super::{Counter, ExportError, safe::html};
use crate::domain::Event;
use crate::store::RosterEntry;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use std::fmt::Write as _;
use std::io::Write;

const PER_PAGE: usize = 8;
/// Badges rendered between two progress reports (and QR codes made in parallel).
const BATCH: usize = PER_PAGE * 100;

/// Write the badges of `people` to `out`, page by page; `prints[i]` is the print number
/// of `people[i]`'s badge (1 = first print).
pub(super) fn write(
    event: &Event,
    people: &[RosterEntry],
    prints: &[u32],
    out: &mut dyn Write,
    counter: &mut Counter<'_, '_>,
) -> Result<(), ExportError> {
    let e = &event.details;
    let when = {
        let dates = template::date_range(e.start_date, e.end_date);
        match e.city.trim() {
            "" => dates,
            city => format!("{dates} · {city}"),
        }
    };
    let header = format!(
        "<header class=\"event\"><span class=\"event-title\">{}</span>\
         <span class=\"event-when\">{}</span></header>",
        html(&e.title),
        html(&when)
    );
    let (page_start, page_end) =
        template::page_around_body(&format!("Badges — {}", e.title), "badges", BADGES_CSS);
    out.write_all(page_start.as_bytes())?;
    if people.is_empty() {
        out.write_all(b"<p class=\"empty\">No badges to print.</p>\n")?;
    }
    let mut body = String::new();
    for (batch_no, batch) in people.chunks(BATCH).enumerate() {
        let badges: Vec<u32> = batch.iter().map(|p| p.attendee.badge).collect();
        let codes = qr_codes(&badges)?;
        body.clear();
        for (page, chunk) in batch.chunks(PER_PAGE).enumerate() {
            body.push_str("<section class=\"sheet\">\n");
            for (i, entry) in chunk.iter().enumerate() {
                let n = page * PER_PAGE + i;
                let print = prints.get(batch_no * BATCH + n).copied().unwrap_or(1);
                badge(&mut body, &header, entry, &codes[n], print);
                counter.tick();
            }
            body.push_str("</section>\n");
        }
        out.write_all(body.as_bytes())?;
    }
    out.write_all(page_end.as_bytes())?;
    Ok(())
}

fn badge(body: &mut String, header: &str, entry: &RosterEntry, qr: &str, print: u32) {
    let a = &entry.attendee;
    let p = &a.details;
    let _ = write!(
        body,
        "<article class=\"badge role-{role}\" data-badge=\"{badge}\">\n{header}\n<div class=\"who\">",
        role = p.role.as_str(),
        badge = a.badge,
    );
    if !p.honorific.trim().is_empty() {
        let _ = write!(body, "<p class=\"honorific\">{}</p>", html(&p.honorific));
    }
    let _ = write!(
        body,
        "<p class=\"given\">{}</p><p class=\"family\">{}</p>",
        html(&p.given_name),
        html(&p.family_name.to_uppercase())
    );
    if !p.native_name.trim().is_empty() {
        let _ = write!(body, "<p class=\"native\">{}</p>", html(&p.native_name));
    }
    match &entry.delegation {
        Some(d) => {
            let _ = write!(
                body,
                "<p class=\"affiliation\">{}</p>",
                html(&d.details.name)
            );
            if !p.organisation.trim().is_empty() && p.organisation != d.details.name {
                let _ = write!(
                    body,
                    "<p class=\"organisation\">{}</p>",
                    html(&p.organisation)
                );
            }
        }
        None if !p.organisation.trim().is_empty() => {
            let _ = write!(
                body,
                "<p class=\"affiliation\">{}</p>",
                html(&p.organisation)
            );
        }
        None => {}
    }
    let _ = write!(
        body,
        "</div>\n<div class=\"qr\">{qr}<span class=\"number\">No. {badge}</span>",
        badge = a.badge,
    );
    if print > 1 {
        let _ = write!(body, "<span class=\"reprint\">reprint #{print}</span>");
    }
    let _ = write!(
        body,
        "</div>\n<footer class=\"role\">{}</footer>\n</article>\n",
        html(p.role.label())
    );
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
