//! Lists in the languages seminars work in: a French- (or Russian-, Spanish-,
//! German-) headed spreadsheet with its country names, and the List of Participants
//! in a chosen language and that language's alphabetical order.

mod common;

use common::{arg, rollcall, text, version_1_file};
use rollcall::domain::{Category, EventKind, Language, NewEvent};
use rollcall::store::Store;
use std::path::{Path, PathBuf};

const VIENNA: &str = "vienna-2026";

/// A registry with one empty seminar, Vienna 14–15 March 2026.
struct Registry {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Registry {
    fn new() -> Registry {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("registry.db");
        let mut store = Store::create_or_open(&db).unwrap();
        store.create_event(&vienna()).unwrap();
        Registry { dir, db }
    }

    fn db(&self) -> &str {
        arg(&self.db)
    }

    fn file(&self, name: &str, content: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    fn import(&self, file: &Path) {
        let out = rollcall(&["import", "--db", self.db(), "--event", VIENNA, arg(file)]);
        assert!(out.status.success(), "import: {}", text(&out.stderr));
    }

    fn store(&self) -> Store {
        Store::open(&self.db).unwrap()
    }

    /// `rollcall export --format html` with `extra`, to a file: the delegations'
    /// headings in the order the List prints them, and the whole page.
    fn list_of_participants(&self, extra: &[&str]) -> (Vec<String>, String) {
        let out_path = self.dir.path().join("lop.html");
        let mut args = vec![
            "export",
            "--db",
            self.db(),
            "--event",
            VIENNA,
            "--format",
            "html",
            "-o",
        ];
        args.push(arg(&out_path));
        args.extend_from_slice(extra);
        let out = rollcall(&args);
        assert!(out.status.success(), "export: {}", text(&out.stderr));
        let page = std::fs::read_to_string(&out_path).unwrap();
        (headings(&page, "h3"), page)
    }

    fn set_language(&self, language: Language) {
        let mut store = self.store();
        let event = store.event_by_code(VIENNA).unwrap();
        let details = NewEvent {
            language,
            ..event.details.clone()
        };
        store.update_event(event.id, &details).unwrap();
    }
}

/// The text of every `<tag>` of `page`, in order.
fn headings(page: &str, tag: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(page);
    let selector = scraper::Selector::parse(tag).unwrap();
    document
        .select(&selector)
        .map(|h| h.text().collect::<String>())
        .collect()
}

fn vienna() -> NewEvent {
    NewEvent {
        code: VIENNA.into(),
        title: "Seminar on election observation".into(),
        kind: EventKind::Seminar,
        venue: "Hofburg".into(),
        city: "Vienna".into(),
        country: Some("AT".into()),
        start_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(),
        end_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 15).unwrap(),
        organiser: "OSCE/ODIHR".into(),
        description: String::new(),
        language: Default::default(),
    }
}

/// A French ministry's list: French headers, French country names, semicolons.
const FRENCH_LIST: &str = "\
Prénom;Nom;Fonction;Organisme;Délégation;Pays;Courriel
Anna;Schmidt;Conseillère;Auswärtiges Amt;Allemagne;Allemagne;anna@example.de
Jan;de Vries;Directeur;Kiesraad;Pays-Bas;Pays-Bas;jan@example.nl
Erdenechimeg;Lkhagva;Experte;GEC;Mongolie;Mongolie;erdene@example.mn
Aibek;Asanov;Membre;CEC;Kyrgyzstan;Кыргызстан;aibek@example.kg
José;García;Asesor;JEC;Espagne;España;jose@example.es
Thandi;Nkosi;Observatrice;IEC;Afrique du Sud;Afrique du Sud;thandi@example.za
";

#[test]
fn a_french_headed_list_with_french_country_names_imports() {
    let reg = Registry::new();
    reg.import(&reg.file("participants.csv", FRENCH_LIST));
    let store = reg.store();
    let event = store.event_by_code(VIENNA).unwrap();
    let day = event.details.start_date;
    let rows = store.attendee_rows(event.id, day).unwrap();
    let country_of = |family: &str| {
        let row = rows
            .iter()
            .find(|r| r.family_name() == family)
            .unwrap_or_else(|| panic!("{family} was not imported"));
        let person = store.attendee(row.id).unwrap();
        assert!(!person.details.email.is_empty(), "Courriel is the e-mail");
        assert!(
            !person.details.position.is_empty(),
            "Fonction is the position"
        );
        person.details.country
    };
    for (family, code) in [
        ("Schmidt", "DE"),
        ("de Vries", "NL"),
        ("Lkhagva", "MN"),
        ("Asanov", "KG"),
        ("García", "ES"),
        ("Nkosi", "ZA"),
    ] {
        assert_eq!(country_of(family).as_deref(), Some(code), "{family}");
    }
    // The delegations named in French are those countries' delegations.
    let delegations = store.list_delegations(&event, day).unwrap();
    let allemagne = delegations
        .iter()
        .find(|d| d.delegation.details.name == "Allemagne")
        .expect("the delegation Allemagne");
    assert_eq!(allemagne.delegation.details.country.as_deref(), Some("DE"));
}

#[test]
fn a_country_name_in_no_language_is_refused_by_name() {
    let reg = Registry::new();
    let file = reg.file(
        "participants.csv",
        "Prénom;Nom;Pays\nAnna;Schmidt;Atlantide\n",
    );
    let out = rollcall(&["import", "--db", reg.db(), "--event", VIENNA, arg(&file)]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("Pays: unknown country \"Atlantide\""), "{err}");
}

/// Delegations named in English, in no particular order, with one international
/// organisation (which keeps its own name and its category's place).
const ENGLISH_DELEGATIONS: &str = "\
First name,Last name,Delegation,Country,Head of delegation
A,One,Germany,DE,
B,Two,Belgium,BE,
C,Three,Algeria,DZ,
D,Four,South Africa,ZA,
E,Five,Austria,AT,
F,Six,Afghanistan,AF,
G,Seven,Albania,AL,
H,Eight,Egypt,EG,yes
I,Nine,Japan,JP,
";

fn registry_with_delegations() -> Registry {
    let reg = Registry::new();
    reg.import(&reg.file("delegations.csv", ENGLISH_DELEGATIONS));
    reg
}

#[test]
fn a_french_list_orders_countries_by_their_french_names() {
    let reg = registry_with_delegations();
    let (order, page) = reg.list_of_participants(&["--lang", "fr"]);
    assert_eq!(
        order,
        [
            "Afghanistan",
            "Afrique du Sud",
            "Albanie",
            "Algérie",
            "Allemagne",
            "Autriche",
            "Belgique",
            "Égypte",
            "Japon",
        ]
    );
    assert!(page.contains(r#"<html lang="fr">"#));
    assert!(page.contains("14–15 mars 2026"), "the dates in French");
    assert!(page.contains("Liste des participants"));
    assert!(page.contains("Chef de délégation"));
    assert_eq!(headings(&page, "h2")[0], "États participants");
    // The English list is as it was: the organisers' names, in English order.
    let (english, page) = reg.list_of_participants(&[]);
    assert_eq!(
        english,
        [
            "Afghanistan",
            "Albania",
            "Algeria",
            "Austria",
            "Belgium",
            "Egypt",
            "Germany",
            "Japan",
            "South Africa",
        ]
    );
    assert!(page.contains("14–15 March 2026"));
}

#[test]
fn a_russian_list_orders_countries_by_their_russian_names() {
    let reg = registry_with_delegations();
    let (order, page) = reg.list_of_participants(&["--lang", "ru"]);
    assert_eq!(
        order,
        [
            "Австрия",
            "Албания",
            "Алжир",
            "Афганистан",
            "Бельгия",
            "Германия",
            "Египет",
            "Южно-Африканская Республика",
            "Япония",
        ]
    );
    assert!(page.contains("14–15 марта 2026"));
    assert!(page.contains("Список участников"));
}

#[test]
fn an_unknown_language_is_refused_clearly_and_nothing_is_written() {
    let reg = registry_with_delegations();
    let out_path = reg.dir.path().join("lop.html");
    let out = rollcall(&[
        "export",
        "--db",
        reg.db(),
        "--event",
        VIENNA,
        "--format",
        "html",
        "--lang",
        "it",
        "-o",
        arg(&out_path),
    ]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("unknown language \"it\": use en, fr, ru, es or de"),
        "{err}"
    );
    assert!(!out_path.exists());
    let out = rollcall(&[
        "export",
        "--db",
        reg.db(),
        "--event",
        VIENNA,
        "--format",
        "csv",
        "--lang",
        "fr",
    ]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--lang applies to html"));
}

#[test]
fn the_seminars_language_is_the_default_of_its_list_and_its_delegations_tree() {
    let reg = registry_with_delegations();
    reg.set_language(Language::Fr);
    let (order, page) = reg.list_of_participants(&[]);
    assert_eq!(
        &order[..5],
        [
            "Afghanistan",
            "Afrique du Sud",
            "Albanie",
            "Algérie",
            "Allemagne"
        ]
    );
    assert!(page.contains("Liste des participants"));
    // --lang still chooses another.
    let (order, _) = reg.list_of_participants(&["--lang", "de"]);
    assert_eq!(
        &order[..4],
        ["Afghanistan", "Ägypten", "Albanien", "Algerien"]
    );
    // The Delegations tree reads the same order from the store.
    let store = reg.store();
    let event = store.event_by_code(VIENNA).unwrap();
    assert_eq!(event.details.language, Language::Fr);
    let tree: Vec<String> = store
        .list_delegations(&event, event.details.start_date)
        .unwrap()
        .into_iter()
        .map(|d| d.delegation.details.name)
        .collect();
    assert_eq!(
        tree,
        [
            "Afghanistan",
            "South Africa",
            "Albania",
            "Algeria",
            "Germany",
            "Austria",
            "Belgium",
            "Egypt",
            "Japan",
        ]
    );
}

#[test]
fn a_file_from_before_languages_opens_in_english_and_lists_in_any() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    version_1_file(&path);
    let store = Store::open(&path).unwrap();
    let event = store.event_by_code("old-2016").unwrap();
    assert_eq!(event.details.language, Language::En);
    drop(store);
    for lang in ["en", "fr"] {
        let out_path = dir.path().join(format!("lop-{lang}.html"));
        let out = rollcall(&[
            "export",
            "--db",
            arg(&path),
            "--event",
            "old-2016",
            "--format",
            "html",
            "--lang",
            lang,
            "-o",
            arg(&out_path),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let page = std::fs::read_to_string(&out_path).unwrap();
        assert!(page.contains(&format!("<html lang=\"{lang}\">")));
    }
}

on_both_engines! {
    /// A seminar's language is stored and read back on either engine, and orders its
    /// delegations there: the server sorts nothing by itself.
    fn the_language_is_kept_by_both_engines(engine: Engine) {
        let Some((_reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let sample = store.event_by_code(common::EVENT).unwrap();
        assert_eq!(sample.details.language, Language::En);
        let russian = NewEvent {
            language: Language::Ru,
            ..sample.details.clone()
        };
        let event = store.update_event(sample.id, &russian).unwrap();
        assert_eq!(store.event(event.id).unwrap().details.language, Language::Ru);
        let states: Vec<String> = store
            .list_delegations(&event, event.details.start_date)
            .unwrap()
            .into_iter()
            .filter(|d| d.delegation.details.category == Category::ParticipatingState)
            .map(|d| d.delegation.details.name_in(Language::Ru))
            .collect();
        let mut by_russian_names = states.clone();
        by_russian_names.sort_by_cached_key(|n| Language::Ru.sort_key(n));
        assert_eq!(states, by_russian_names);
        assert_eq!(states.first().map(String::as_str), Some("Дания"), "{states:?}");
    }
}

/// The seminar form sets the seminar's language, and the Delegations tree follows it
/// at once: the sample seminar's participating States in French order.
#[test]
fn the_seminar_form_sets_the_language_and_the_tree_follows() {
    use common::app::*;
    use crossterm::event::KeyCode;
    use rollcall::ui::keymap::Focus;

    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = sample_app("desk-1", false, &clock);
    let states = |app: &rollcall::ui::app::App| {
        let text = screen_text_at(app, 100, 60);
        let mut found: Vec<(usize, &str)> = ["Spain", "Estonia", "Finland", "United States"]
            .into_iter()
            .map(|name| {
                (
                    text.find(name).unwrap_or_else(|| panic!("{name}: {text}")),
                    name,
                )
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, name)| name).collect::<Vec<_>>()
    };
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(
        states(&app),
        ["Estonia", "Finland", "Spain", "United States"]
    );

    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(app.focus(), Focus::Form);
    // Title, Kind, Start, End, City, Country, Venue, Organiser, Description, Language.
    tab(&mut app, 9);
    let form = screen_text_at(&app, 100, 40);
    assert!(form.contains("English"), "{form}");
    press(&mut app, KeyCode::Down);
    ctrl(&mut app, 's');
    assert_ne!(
        app.focus(),
        Focus::Form,
        "{}",
        screen_text_at(&app, 100, 40)
    );
    let event = app.store().event_by_code(common::EVENT).unwrap();
    assert_eq!(event.details.language, Language::Fr);

    // Espagne, Estonie, États-Unis, Finlande.
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(
        states(&app),
        ["Spain", "Estonia", "United States", "Finland"]
    );
}

/// A copy of the registry (`rollcall copy`) keeps each seminar's language.
#[test]
fn a_copy_keeps_the_seminars_language() {
    let reg = Registry::new();
    reg.set_language(Language::Ru);
    let copy = reg.dir.path().join("copy.db");
    let out = rollcall(&["copy", "--from", reg.db(), "--to", arg(&copy)]);
    assert!(out.status.success(), "copy: {}", text(&out.stderr));
    let store = Store::open(&copy).unwrap();
    let event = store.event_by_code(VIENNA).unwrap();
    assert_eq!(event.details.language, Language::Ru);
}
