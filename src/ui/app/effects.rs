//! Running what screens and forms ask for against the Store, and handing the result
//! back: check-ins, undo, walk-ins, forms, imports and exports.

use super::*;
use crate::store::Edit;

impl App {
    pub(super) fn update_walk_in(&mut self, action: Action) {
        let (Some(popup), Some(registry)) = (self.walk_in.as_mut(), self.registry.as_ref()) else {
            self.walk_in = None;
            return;
        };
        match popup.update(action, registry) {
            WalkInOutcome::Editing => {}
            WalkInOutcome::Cancel => self.walk_in = None,
            WalkInOutcome::CheckInExisting(id) => {
                self.walk_in = None;
                self.run(Effect::CheckIn(id));
            }
            WalkInOutcome::Save(person, delegation) => self.save_walk_in(&person, &delegation),
        }
    }

    /// Run a screen's effect against the store and hand the result back.
    pub(super) fn run(&mut self, effect: Effect) {
        let writes = !matches!(effect, Effect::OpenEvent(_) | Effect::ShowPerson(_));
        if writes && let Some(finding) = &self.damaged {
            self.toast = Some(Toast {
                text: format!("{} {finding}", strings::DAMAGED_NO_WRITES),
                is_error: true,
            });
            return;
        }
        let result = match effect {
            Effect::OpenEvent(id) => self.open_event(id).map(|()| {
                self.screen = ScreenId::Attendees;
            }),
            // Whatever goes wrong, the Desk says nothing was saved and is ready.
            Effect::CheckIn(id) => {
                return self.check_in(id).unwrap_or_else(|e| self.desk_failed(e));
            }
            Effect::UndoCheckIn => return self.undo_last().unwrap_or_else(|e| self.desk_failed(e)),
            Effect::OpenWalkIn => {
                self.walk_in = self.registry.as_ref().map(WalkInPopup::new);
                Ok(())
            }
            Effect::Edit(request) => self.open_form(request),
            Effect::ShowPerson(id) => self.show_person(id),
            Effect::SetCategoryOrder(order) => match self.current_event() {
                Some(event) => self
                    .store
                    .set_category_order(event, &order)
                    .and_then(|()| self.open_event(event)),
                None => Ok(()),
            },
        };
        if let Err(e) = result {
            self.error(e);
        }
    }

    pub(super) fn open_form(&mut self, request: EditRequest) -> Result<(), StoreError> {
        let today = self.now().date();
        let registry = self.registry.as_ref();
        let popup = match (request, registry) {
            (EditRequest::NewEvent, _) => FormPopup::event(None, today),
            (EditRequest::EditEvent(id), _) => {
                FormPopup::event(Some(&self.store.event(id)?), today)
            }
            (EditRequest::DeleteEvent(id), _) => {
                FormPopup::delete_event(&self.store.event(id)?, self.store.event_contents(id)?)
            }
            (EditRequest::NewDelegation, Some(_)) => FormPopup::delegation(None),
            (EditRequest::EditDelegation(id), Some(_)) => {
                FormPopup::delegation(Some(&self.store.delegation(id)?))
            }
            (EditRequest::DeleteDelegation(id), Some(r)) => {
                let Some(popup) = FormPopup::delete_delegation(r, id) else {
                    return Ok(());
                };
                popup
            }
            (EditRequest::NewPerson(delegation), Some(r)) => FormPopup::person(r, None, delegation),
            (EditRequest::EditPerson(id), Some(r)) => {
                FormPopup::person(r, Some(&self.store.attendee(id)?), None)
            }
            (EditRequest::DeletePerson(id), Some(_)) => {
                FormPopup::delete_person(&self.store.attendee(id)?)
            }
            (EditRequest::MovePerson(id), Some(r)) => {
                FormPopup::move_person(r, &self.store.attendee(id)?)
            }
            (_, None) => return Ok(()),
        };
        self.popup = Some(popup);
        Ok(())
    }

    pub(super) fn update_popup(&mut self, action: Action) {
        let Some(popup) = self.popup.as_mut() else {
            return;
        };
        match popup.form.update(action) {
            FormOutcome::Editing => {
                let taken: Vec<String> = self
                    .seminars
                    .events()
                    .iter()
                    .map(|s| s.event.details.code.clone())
                    .collect();
                popup.suggest_code(&taken);
                popup.fill_from_country();
                if let Some(r) = &self.registry {
                    popup.suggest_export_file(&r.event.details.code);
                }
            }
            FormOutcome::Cancel => self.popup = None,
            FormOutcome::Submit => self.submit_popup(),
        }
    }

    /// Save what the form says. On success the form closes and the lists reload; on
    /// failure the errors stand beside their fields and nothing was saved.
    pub(super) fn submit_popup(&mut self) {
        let today = self.now().date();
        let Some(popup) = self.popup.as_mut() else {
            return;
        };
        let current = self.registry.as_ref().map(|r| r.event.id);
        let result: Result<Result<String, FieldErrors>, StoreError> = match popup.purpose.clone() {
            // An edit saves only what the user changed; when another desk changed the
            // same field meanwhile, the form shows their value and saves nothing yet.
            Purpose::SaveEvent(Some(id)) => match popup.event_edit() {
                Ok((before, after)) => match self.store.edit_event(id, &before, &after) {
                    Ok(Edit::Saved(e)) => Ok(Ok(format!("Saved {}", e.details.code))),
                    Ok(Edit::Conflict(conflict)) => {
                        popup.event_conflict(&conflict, today);
                        return;
                    }
                    Err(e) => Err(e),
                },
                Err(errors) => Ok(Err(errors)),
            },
            Purpose::SaveEvent(None) => match popup.read_event() {
                Ok(new) => self
                    .store
                    .create_event(&new)
                    .map(|e| Ok(format!("Created {}", e.details.code))),
                Err(errors) => Ok(Err(errors)),
            },
            Purpose::DeleteEvent(id) => {
                if popup.code_confirmed() {
                    self.store
                        .delete_event(id)
                        .map(|()| Ok("Seminar deleted".to_string()))
                } else {
                    popup.refuse_code();
                    return;
                }
            }
            Purpose::SaveDelegation(Some(id)) => match popup.delegation_edit() {
                Ok((before, after)) => match self.store.edit_delegation(id, &before, &after) {
                    Ok(Edit::Saved(d)) => Ok(Ok(format!("Saved {}", d.details.name))),
                    Ok(Edit::Conflict(conflict)) => {
                        popup.delegation_conflict(&conflict);
                        return;
                    }
                    Err(e) => Err(e),
                },
                Err(errors) => Ok(Err(errors)),
            },
            Purpose::SaveDelegation(None) => match (popup.read_delegation(), current) {
                (Ok(new), Some(event)) => self
                    .store
                    .create_delegation(event, &new)
                    .map(|d| Ok(format!("Saved {}", d.details.name))),
                (Err(errors), _) => Ok(Err(errors)),
                (_, None) => return,
            },
            Purpose::DeleteDelegation(id) => {
                let to = popup.members_go_to();
                self.store
                    .delete_delegation(id, to)
                    .map(|()| Ok("Delegation deleted".to_string()))
            }
            Purpose::SavePerson(Some(id)) => match popup.person_edit() {
                Ok((before, after)) => match self.store.edit_attendee(id, &before, &after) {
                    Ok(Edit::Saved(a)) => Ok(Ok(saved_person(&a))),
                    Ok(Edit::Conflict(conflict)) => {
                        if let Some(registry) = self.registry.as_ref() {
                            popup.person_conflict(registry, &conflict);
                        }
                        return;
                    }
                    Err(e) => Err(e),
                },
                Err(errors) => Ok(Err(errors)),
            },
            Purpose::SavePerson(None) => match (popup.read_person(), current) {
                (Ok(new), Some(event)) => self
                    .store
                    .add_attendee(event, &new)
                    .map(|a| Ok(saved_person(&a))),
                (Err(errors), _) => Ok(Err(errors)),
                (_, None) => return,
            },
            Purpose::DeletePerson(id) => self.store.erase_attendee(id).map(|copies| {
                Ok(format!(
                    "Erased; {}",
                    crate::store::CopyRecord::may_still_hold(&copies)
                ))
            }),
            Purpose::Import => {
                match (popup.read_import(), current) {
                    (Ok((file, options, dry_run)), Some(event)) => {
                        self.popup = None;
                        self.start_import(event, file, options, dry_run);
                    }
                    (Err(errors), _) => popup.show_errors(errors),
                    (_, None) => self.popup = None,
                }
                return;
            }
            Purpose::Export => {
                match (popup.read_export(&self.options.desk), current) {
                    (Ok((options, file)), Some(event)) => {
                        self.popup = None;
                        self.start_export(event, options, file);
                    }
                    (Err(errors), _) => popup.show_errors(errors),
                    (_, None) => self.popup = None,
                }
                return;
            }
            Purpose::MovePerson(id) => {
                let to = popup.moved_to();
                self.store
                    .move_attendee(id, to)
                    .map(|a| Ok(format!("Moved {}", a.details.full_name())))
            }
        };
        match result {
            Ok(Ok(saved)) => {
                self.popup = None;
                let reload = self.reload_events().and_then(|()| {
                    let still_there = current
                        .filter(|id| self.seminars.events().iter().any(|s| s.event.id == *id));
                    match still_there.or_else(|| self.seminars.events().first().map(|s| s.event.id))
                    {
                        Some(id) => self.open_event(id),
                        None => {
                            self.registry = None;
                            Ok(())
                        }
                    }
                });
                match reload {
                    Ok(()) => {
                        self.toast = Some(Toast {
                            text: crate::domain::inert(&saved).into_owned(),
                            is_error: false,
                        })
                    }
                    Err(e) => self.error(e),
                }
            }
            Ok(Err(errors)) => popup_errors(self.popup.as_mut(), errors),
            Err(StoreError::Invalid(v)) => {
                let errors =
                    v.0.iter()
                        .map(|e| (forms::label_of(e.field()), e.to_string()))
                        .collect();
                popup_errors(self.popup.as_mut(), errors);
            }
            Err(StoreError::CodeTaken(code)) => {
                popup_errors(
                    self.popup.as_mut(),
                    vec![("Code", format!("\"{code}\" is already taken"))],
                );
            }
            Err(e) => {
                if let Some(p) = self.popup.as_mut() {
                    p.form.message = Some(crate::domain::inert(&e.to_string()).into_owned());
                }
            }
        }
    }

    pub(super) fn start_import(
        &mut self,
        event: EventId,
        file: PathBuf,
        options: ImportOptions,
        dry_run: bool,
    ) {
        let title = format!("Importing {}", file.display());
        let db = self.store.path().to_path_buf();
        self.job = Some(Job::start(
            title,
            db,
            self.options.desk.clone(),
            move |store, progress| {
                let result =
                    import::import_file(store, event, &file, &options, dry_run, &mut |p| {
                        progress.set(p.done, p.total)
                    });
                match result {
                    Ok(imported) => Outcome {
                        lines: vec![imported.report.to_string()],
                        failed: false,
                    },
                    Err(e) => {
                        let name = file.display().to_string();
                        let mut lines: Vec<String> =
                            e.problems().iter().map(|p| p.line(&name)).collect();
                        lines.insert(0, e.to_string());
                        Outcome {
                            lines,
                            failed: true,
                        }
                    }
                }
            },
        ));
    }

    pub(super) fn start_export(&mut self, event: EventId, options: ExportOptions, file: PathBuf) {
        let title = format!("Exporting {}", file.display());
        let db = self.store.path().to_path_buf();
        self.job = Some(Job::start(
            title,
            db,
            self.options.desk.clone(),
            move |store, progress| {
                let result = store
                    .event(event)
                    .map_err(export::ExportError::from)
                    .and_then(|e| {
                        export::export_to_file(store, &e, &options, &file, &mut |done, total| {
                            progress.set(done as usize, total as usize)
                        })
                    });
                match result {
                    Ok(summary) => Outcome {
                        lines: vec![format!(
                            "wrote {} people ({}) to {}",
                            summary.people,
                            summary.format.as_str(),
                            file.display()
                        )],
                        failed: false,
                    },
                    Err(e) => Outcome {
                        lines: vec![e.to_string(), "nothing was written".into()],
                        failed: true,
                    },
                }
            },
        ));
    }

    pub(super) fn save_walk_in(
        &mut self,
        person: &crate::domain::NewAttendee,
        delegation: &crate::store::DelegationChoice,
    ) {
        if let Err(e) = self.follow_the_clock() {
            self.error(e);
            return;
        }
        let (Some(event), Some(day)) = (self.current_event(), self.check_in_day()) else {
            return;
        };
        let now = self.now();
        match self
            .store
            .walk_in(event, person, delegation, day, now, &self.options.desk)
        {
            Ok((attendee, check_in)) => {
                self.walk_in = None;
                if let Err(e) = self.open_event(event) {
                    self.error(e);
                    return;
                }
                let registry = self.registry.as_ref().expect("just loaded");
                let (name, about) = registry
                    .person(attendee.id)
                    .map(desk::describe)
                    .unwrap_or_default();
                self.undo.push(DeskAction::WalkIn {
                    attendee: attendee.id,
                    name: name.clone(),
                });
                let answer = Answer::CheckedIn {
                    name: format!("{name} — new badge {}", attendee.badge),
                    about,
                    when: desk::when(&registry.event, check_in.at, check_in.day),
                    needs: desk::needs_of(&attendee.details),
                };
                self.show_answer(answer);
            }
            Err(StoreError::Invalid(violations)) => {
                if let Some(popup) = self.walk_in.as_mut() {
                    for v in violations.0 {
                        popup.show_error(Some(v.field().label()), v.to_string());
                    }
                }
            }
            Err(e) => {
                if let Some(popup) = self.walk_in.as_mut() {
                    popup.show_error(None, e.to_string());
                }
            }
        }
    }

    /// Show a check-in answer: large on the Desk, in the status line elsewhere.
    pub(super) fn show_answer(&mut self, answer: Answer) {
        if self.screen != ScreenId::Desk {
            self.toast = Some(Toast {
                text: answer.summary(),
                is_error: answer.is_error(),
            });
        }
        // Presence changed in place: the lists read it when they draw, their hits and
        // order stand. Only the Desk starts over for the next person.
        if let Some(registry) = &self.registry {
            self.desk.show(answer, registry, self.searcher.get_mut());
        }
    }
}

fn saved_person(a: &crate::domain::Attendee) -> String {
    format!("Saved {} (badge {})", a.details.full_name(), a.badge)
}

pub(super) fn popup_errors(popup: Option<&mut FormPopup>, errors: FieldErrors) {
    if let Some(p) = popup {
        p.show_errors(errors);
    }
}
