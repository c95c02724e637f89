//! Lists in the languages seminars work in: a French- (or Russian-, Spanish-,
//! German-) headed spreadsheet with its country names, and the List of Participants
//! in a chosen language and that language's alphabetical order.

mod common;

use common::{arg, rollcall, text};
use rollcall::domain::{EventKind, NewEvent};
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
