//! Drawing the App: header, tabs, the current screen, the status line, overlays.
//! Reads state only.

use super::*;

impl App {
    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        let theme = &self.options.theme;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let text = format!("{} {MIN_WIDTH}×{MIN_HEIGHT}", strings::TOO_SMALL);
            frame.render_widget(
                Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
                area,
            );
            return;
        }
        let [header, tabs, main, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.render_header(frame, header);
        self.render_tabs(frame, tabs);
        self.list_area.set(main);
        let mut searcher = self.searcher.borrow_mut();
        match (self.screen, &self.registry) {
            (ScreenId::Seminars, _) => {
                self.seminars
                    .render(frame, main, theme, self.current_event())
            }
            (ScreenId::Attendees, Some(r)) => {
                self.attendees.render(frame, main, theme, r, &mut searcher)
            }
            (ScreenId::Delegations, Some(r)) => {
                self.delegations
                    .render(frame, main, theme, r, &mut searcher)
            }
            (ScreenId::Stats, Some(r)) => self.stats.render(frame, main, theme, r),
            (ScreenId::Desk, Some(registry)) => {
                let view = DeskView {
                    theme,
                    keymap: &self.options.keymap,
                    registry,
                    desk: &self.options.desk,
                    warning: self.desk_warning(),
                };
                self.desk.render(frame, main, &view, &mut searcher)
            }
            // Everyone is still being read: their first page, while nothing was typed
            // at the Desk (what is typed is searched once everyone is in).
            (ScreenId::Attendees, None) if let Some(page) = self.first_page() => self
                .attendees
                .render(frame, main, theme, page, &mut searcher),
            (ScreenId::Desk, None)
                if let Some(page) = self.first_page()
                    && self.desk.input.value().is_empty()
                    && self.pending_scans.is_empty() =>
            {
                let view = DeskView {
                    theme,
                    keymap: &self.options.keymap,
                    registry: page,
                    desk: &self.options.desk,
                    warning: self.desk_warning(),
                };
                self.desk.render(frame, main, &view, &mut searcher)
            }
            (_, None) => {
                let message = match self.loading_people() {
                    Some(people) => strings::loading(people),
                    None => strings::no_event(&self.options.keymap),
                };
                crate::ui::widgets::table::empty(frame, main, theme, " rollcall ", &message)
            }
        }
        self.render_status(frame, status);
        // The popups name keys in their borders and footers: they get the keymap in
        // force as they get the theme, so a remap shows wherever a key is named.
        let keymap = &self.options.keymap;
        for popup in &self.popups {
            match popup {
                Popup::Confirm(confirm) => {
                    notice::render_question(frame, main, theme, keymap, &confirm.question())
                }
                Popup::Help { scroll } => {
                    help::render(frame, main, theme, keymap, &self.help_contexts(), *scroll)
                }
                Popup::Activity(activity) => activity.render(frame, main, theme, keymap),
                Popup::Card(card) => card.render(frame, main, theme, keymap),
                Popup::Notice(notice) => notice.render(frame, main, theme, keymap),
                Popup::Form(form) => {
                    form.render(frame, main, theme, keymap, self.registry.as_ref())
                }
                Popup::Job(job) => {
                    notice::render_gauge(frame, main, theme, &job.title, job.ratio())
                }
            }
        }
    }

    pub(super) fn render_header(&self, frame: &mut Frame, area: Rect) {
        let theme = &self.options.theme;
        let app = format!(" {} ", strings::APP);
        let Some(r) = &self.registry else {
            frame.render_widget(Span::styled(app, theme.title), area);
            return;
        };
        let code = &r.event.details.code;
        let warning = self.day_warning();
        let mut flags = String::new();
        if self.damaged.is_some() {
            flags.push_str(strings::DAMAGED);
        }
        if self.store.is_read_only() {
            flags.push_str(strings::READ_ONLY);
        }
        // The other days' counts go first when the name and code would not fit.
        let needed = app.len() + code.len() + 2;
        let mut right = format!("{flags} {} ", self.day_line(true));
        if right.chars().count() + needed > area.width as usize {
            right = format!("{flags} {} ", self.day_line(false));
        }
        let [left_area, right_area] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(right.chars().count() as u16),
        ])
        .spacing(1)
        .areas(area);
        // The title gets what is left after the name and the code.
        let room = left_area
            .width
            .saturating_sub((app.len() + code.len() + 3) as u16);
        let title = fit(&crate::domain::inert(&r.event.details.title), room);
        let spans = vec![
            Span::styled(app, theme.title),
            Span::styled(code.clone(), theme.key),
            Span::styled(format!(" · {title}"), theme.dim),
        ];
        frame.render_widget(Paragraph::new(Line::from(spans)), left_area);
        // Check-ins counting for another day than today is said in red.
        let style = if warning.is_some() {
            theme.error
        } else {
            theme.present
        };
        frame.render_widget(Span::styled(right, style), right_area);
    }

    /// What the Desk says in red under its input: the server is away, check-ins count
    /// for another day than today, or both.
    fn desk_warning(&self) -> Option<String> {
        let away = self.server_away().then(|| strings::SERVER_AWAY.to_string());
        match (away, self.day_warning()) {
            (Some(away), Some(day)) => Some(format!("{away}   {day}")),
            (away, day) => away.or(day),
        }
    }

    /// The tabs, and on their right, on every screen while the server is away, a badge
    /// that says so (in words and a symbol, not by colour alone).
    pub(super) fn render_tabs(&self, frame: &mut Frame, area: Rect) {
        let theme = &self.options.theme;
        let mut spans = Vec::new();
        for (i, screen) in ScreenId::ALL.iter().enumerate() {
            let style = if *screen == self.screen {
                theme.tab_active
            } else {
                theme.tab
            };
            spans.push(Span::styled(
                format!(" {} {} ", i + 1, screen.title()),
                style,
            ));
            spans.push(Span::raw(" "));
        }
        if self.server_away() {
            let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
            let room = (area.width as usize).saturating_sub(used + 1) as u16;
            spans.push(Span::raw(" "));
            spans.push(Span::styled(fit(strings::SERVER_AWAY, room), theme.error));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    pub(super) fn render_status(&self, frame: &mut Frame, area: Rect) {
        let theme = &self.options.theme;
        if let Some(toast) = &self.toast {
            let style = if toast.is_error {
                theme.error
            } else {
                theme.present
            };
            frame.render_widget(
                Paragraph::new(Span::styled(format!(" {}", toast.text), style)),
                area,
            );
            return;
        }
        // While typing, only the keys that work in the field are worth the room.
        let contexts = self.contexts();
        let typing = !matches!(
            self.focus(),
            Focus::Screen {
                filtering: false,
                ..
            }
        );
        let contexts = if typing {
            &contexts[..1]
        } else {
            &contexts[..]
        };
        let mut spans = Vec::new();
        let keymap = &self.options.keymap;
        for shown in keymap.visible(contexts) {
            if !shown.binding.in_bar {
                continue;
            }
            spans.push(Span::styled(format!(" {}", shown.label), theme.key));
            spans.push(Span::styled(format!(" {} ", shown.binding.hint), theme.dim));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }
}
