//! The organiser's week, from the command line only, as issue 15 tells it: a Vienna
//! seminar created in French, its people imported from a French-headed list with French
//! country names, updated from the list's second version, and its List of Participants
//! printed in French protocol order.

mod common;

use common::rollcall;
use std::path::Path;

const FIRST: &str = "\
Prénom;Nom;Pays;Délégation;Fonction;Courriel
Anna;Huber;Autriche;Autriche;Directrice;anna.huber@bmi.gv.at.example
Klaus;Schmidt;Allemagne;Allemagne;Referent;k.schmidt@bka.de.example
Aigerim;Bekova;Kirghizistan;Kirghizistan;Experte;a.bekova@mvd.kg.example
Ahmed;Benali;Algérie;Algérie;Commissaire;a.benali@dgsn.dz.example
Thabo;Nkosi;Afrique du Sud;Afrique du Sud;Superintendent;t.nkosi@saps.za.example
Arben;Hoxha;Albanie;Albanie;Drejtor;a.hoxha@asp.al.example
Ahmad;Karimi;Afghanistan;Afghanistan;Adviser;a.karimi@moi.af.example
";

/// The second version: a new position, and a colleague from a Russian-speaking ministry.
const SECOND: &str = "\
Prénom;Nom;Pays;Délégation;Fonction;Courriel
Klaus;Schmidt;Allemagne;Allemagne;Referatsleiter;k.schmidt@bka.de.example
Olga;Ivanova;Кыргызстан;Kirghizistan;Эксперт;o.ivanova@mvd.kg.example
";

fn run(args: &[&str]) -> String {
    let out = rollcall(args);
    assert!(
        out.status.success(),
        "rollcall {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn file(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_vienna_seminar_prepared_updated_and_printed_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let db = db.to_str().unwrap();
    let event = "vienna-2026";
    run(&[
        "event",
        "new",
        "--db",
        db,
        "--code",
        event,
        "--title",
        "Séminaire régional",
        "--start",
        "2026-03-14",
        "--end",
        "2026-03-15",
        "--city",
        "Vienne",
        "--lang",
        "fr",
    ]);
    let listed = run(&["event", "list", "--db", db, "--json"]);
    assert!(listed.contains("\"language\": \"fr\""), "{listed}");

    let first = file(dir.path(), "liste.csv", FIRST);
    let imported = run(&["import", "--db", db, "--event", event, &first]);
    assert_eq!(
        imported,
        "imported 7 people into vienna-2026, created 7 delegations\n"
    );

    let second = file(dir.path(), "liste-v2.csv", SECOND);
    let updated = run(&["import", "--db", db, "--event", event, "--update", &second]);
    assert_eq!(
        updated,
        "row 2: Klaus Schmidt (badge 2): Fonction: \"Referent\" → \"Referatsleiter\"\n\
         updated 1, added 1, unchanged 0 in vienna-2026; created 0 delegations\n"
    );

    let html = run(&[
        "export", "--db", db, "--event", event, "--format", "html", "-o", "-",
    ]);
    assert!(html.contains("<html lang=\"fr\">"));
    let delegations: Vec<&str> = html
        .split("<h3>")
        .skip(1)
        .map(|s| &s[..s.find("</h3>").unwrap()])
        .collect();
    assert_eq!(
        delegations,
        [
            "Afghanistan",
            "Afrique du Sud",
            "Albanie",
            "Algérie",
            "Allemagne",
            "Autriche",
            "Kirghizstan"
        ],
        "French protocol order, CLDR's French names"
    );
    assert!(html.contains("Referatsleiter") && html.contains("IVANOVA"));
}
