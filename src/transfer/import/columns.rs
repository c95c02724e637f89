//! Which column of a file holds what: header names matched with case, accents and
//! punctuation folded, against each field's name and its common synonyms (English and
//! French, as invitation lists come); `--map "COLUMN=field"` overrides.

use crate::domain::fold::fold;
use std::collections::HashMap;

/// A field a column can fill. [`name`](ImportField::name) is what `--map` takes and what
/// the CSV export writes as its header, so an export imports again as it is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
)]
#[strum(serialize_all = "snake_case")]
pub enum ImportField {
    GivenName,
    FamilyName,
    NativeName,
    Honorific,
    Gender,
    Position,
    Organisation,
    Delegation,
    /// The protocol category of a delegation the import creates.
    Category,
    Country,
    Email,
    Phone,
    Role,
    Status,
    Badge,
    Head,
    Rank,
    Diet,
    Access,
    Notes,
    Consent,
}

impl ImportField {
    /// Every field, in the order of the declaration (the order `--help` lists them).
    pub fn all() -> impl Iterator<Item = ImportField> {
        <ImportField as strum::IntoEnumIterator>::iter()
    }

    /// The field's stable name (`--map` value, export header).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// Header names recognised for this field besides its [`name`](Self::name).
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            ImportField::GivenName => &[
                "First name",
                "Given name",
                "Prénom",
                "Forename",
                "Given names",
                "First names",
                "Forenames",
                "Prénoms",
                "Vorname",
                "Имя",
                "Nombre",
                "Nombres",
                "Vornamen",
            ],
            ImportField::FamilyName => &[
                "Last name",
                "Surname",
                "Family name",
                "Nom",
                "Last names",
                "Surnames",
                "Nom de famille",
                "Nachname",
                "Фамилия",
                "Apellido",
                "Apellidos",
                "Familienname",
            ],
            ImportField::NativeName => &[
                "Name in native script",
                "Native name",
                "Name in own script",
                "Cyrillic",
                "Name in Cyrillic",
                "Name (Cyrillic)",
                "Cyrillic name",
            ],
            ImportField::Honorific => &[
                "Title",
                "Honorific",
                "Salutation",
                "Civilité",
                "Tratamiento",
                "Anrede",
                "Обращение",
            ],
            ImportField::Gender => &["Gender", "Sex", "Sexe", "Sexo", "Geschlecht", "Пол"],
            ImportField::Position => &[
                "Position",
                "Function",
                "Job title",
                "Fonction",
                "Post",
                "Poste",
                "Cargo",
                "Funktion",
                "Должность",
            ],
            ImportField::Organisation => &[
                "Organisation",
                "Organization",
                "Affiliation",
                "Institution",
                "Agency",
                "Organisme",
                "Organización",
                "Institución",
                "Организация",
            ],
            ImportField::Delegation => &["Delegation", "Délégation", "Delegación", "Делегация"],
            ImportField::Category => &[
                "Category",
                "Delegation category",
                "Catégorie",
                "Categoría",
                "Kategorie",
                "Категория",
            ],
            ImportField::Country => &["Country", "Country code", "Pays", "País", "Land", "Страна"],
            ImportField::Email => &[
                "Email",
                "E-mail",
                "Email address",
                "E-mail address",
                "Mail",
                "Courriel",
                "Adresse e-mail",
                "Adresse électronique",
                "Correo",
                "Correo electrónico",
                "Электронная почта",
                "Эл. почта",
            ],
            ImportField::Phone => &[
                "Phone",
                "Phone number",
                "Telephone",
                "Tel",
                "Mobile",
                "Téléphone",
                "Teléfono",
                "Telefon",
                "Телефон",
            ],
            ImportField::Role => &["Role", "Rôle"],
            ImportField::Status => &["Status", "Registration status", "Statut"],
            ImportField::Badge => &["Badge", "Badge number", "Badge no", "Badge #"],
            ImportField::Head => &[
                "Head",
                "Head of delegation",
                "HoD",
                "Chef de délégation",
                "Jefe de delegación",
                "Delegationsleitung",
                "Глава делегации",
            ],
            ImportField::Rank => &["Rank", "Rank in delegation"],
            ImportField::Diet => &["Diet", "Dietary requirements", "Dietary needs"],
            ImportField::Access => &["Access", "Accessibility", "Access needs"],
            ImportField::Notes => &["Notes", "Note", "Remarks", "Comments", "Comment"],
            ImportField::Consent => &[
                "Consent",
                "Consent to publication",
                "Publish",
                "In list of participants",
            ],
        }
    }

    /// The field whose name or synonym `header` is (case, accents, punctuation folded).
    pub fn recognise(header: &str) -> Option<ImportField> {
        let key = fold(header);
        if key.is_empty() {
            return None;
        }
        SYNONYMS.get(&key).copied()
    }
}

impl std::fmt::Display for ImportField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ImportField {
    type Err = String;
    /// A field by its name ("given_name") or any synonym ("First name").
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ImportField::recognise(s).ok_or_else(|| {
            format!(
                "unknown field {:?}; the fields are: {}, or \"ignore\"",
                crate::domain::inert(s),
                ImportField::all()
                    .map(ImportField::name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    }
}

static SYNONYMS: std::sync::LazyLock<HashMap<String, ImportField>> =
    std::sync::LazyLock::new(|| {
        let mut map = HashMap::new();
        for field in ImportField::all() {
            map.insert(fold(field.name()), field);
            for s in field.synonyms() {
                map.insert(fold(s), field);
            }
        }
        map
    });

/// One `--map "COLUMN=field"`: the column (as its header reads) goes to `field`, or is
/// ignored when `field` is `None` (`--map "COLUMN=ignore"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    pub column: String,
    pub field: Option<ImportField>,
}

impl std::str::FromStr for ColumnMap {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (column, field) = s
            .rsplit_once('=')
            .ok_or_else(|| format!("{s:?} is not COLUMN=field"))?;
        let column = column.trim();
        if fold(column).is_empty() {
            return Err(format!("{s:?} names no column"));
        }
        let field = match fold(field).as_str() {
            "ignore" | "skip" | "none" | "" => None,
            _ => Some(field.parse()?),
        };
        Ok(ColumnMap {
            column: column.to_string(),
            field,
        })
    }
}

/// What each column of a file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// The header of each column as the file spells it ("column 7" when empty).
    pub headers: Vec<String>,
    /// Whether the header cell was empty.
    pub unnamed: Vec<bool>,
    /// The field each column fills, if any.
    pub fields: Vec<Option<ImportField>>,
    /// Columns left out on purpose (`--map X=ignore`, or a recognised column that an
    /// override replaced): not reported as unknown.
    pub deliberately_ignored: Vec<bool>,
}

impl Mapping {
    /// Map a header row. The error is a sentence for the person who wrote the file.
    pub fn new(header: &[String], overrides: &[ColumnMap]) -> Result<Mapping, String> {
        let headers: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = h.trim();
                if h.is_empty() {
                    format!("column {}", i + 1)
                } else {
                    h.to_string()
                }
            })
            .collect();
        let unnamed: Vec<bool> = header.iter().map(|h| h.trim().is_empty()).collect();
        let mut fields: Vec<Option<ImportField>> = vec![None; headers.len()];
        let mut overridden = vec![false; headers.len()];

        for o in overrides {
            let key = fold(&o.column);
            let matches: Vec<usize> = (0..headers.len())
                .filter(|&i| fold(&headers[i]) == key)
                .collect();
            if matches.is_empty() {
                return Err(format!(
                    "--map {:?}: there is no column {:?}; the columns are: {}",
                    format!(
                        "{}={}",
                        o.column,
                        o.field.map_or("ignore", ImportField::name)
                    ),
                    o.column,
                    headers.join(", ")
                ));
            }
            for i in matches {
                fields[i] = o.field;
                overridden[i] = true;
            }
        }
        let mut deliberately_ignored = overridden.clone();
        let claimed_by_override: Vec<ImportField> = fields
            .iter()
            .zip(&overridden)
            .filter(|(_, o)| **o)
            .filter_map(|(f, _)| *f)
            .collect();
        for i in 0..headers.len() {
            if overridden[i] || unnamed[i] {
                continue;
            }
            if let Some(field) = ImportField::recognise(&headers[i]) {
                if claimed_by_override.contains(&field) {
                    deliberately_ignored[i] = true;
                } else {
                    fields[i] = Some(field);
                }
            }
        }

        let mut seen: HashMap<ImportField, usize> = HashMap::new();
        for (i, field) in fields.iter().enumerate() {
            let Some(field) = field else { continue };
            if let Some(&first) = seen.get(field) {
                return Err(format!(
                    "the columns {:?} and {:?} both hold the {}; keep one with --map \"{}=ignore\"",
                    headers[first],
                    headers[i],
                    describe(*field),
                    headers[i]
                ));
            }
            seen.insert(*field, i);
        }

        let missing: Vec<ImportField> = [ImportField::GivenName, ImportField::FamilyName]
            .into_iter()
            .filter(|f| !seen.contains_key(f))
            .collect();
        if !missing.is_empty() {
            let what = missing
                .iter()
                .map(|f| {
                    format!(
                        "the {} (looked for {})",
                        describe(*f),
                        f.synonyms()[..4].join(", ")
                    )
                })
                .collect::<Vec<_>>()
                .join(" nor ");
            return Err(format!(
                "no column for {what}; the columns are: {}; name it with --map \"COLUMN={}\"",
                headers.join(", "),
                missing[0].name()
            ));
        }

        Ok(Mapping {
            headers,
            unnamed,
            fields,
            deliberately_ignored,
        })
    }

    /// The column that fills `field`.
    pub fn column_of(&self, field: ImportField) -> Option<usize> {
        self.fields.iter().position(|f| *f == Some(field))
    }

    /// The header of the column that fills `field`, or the field's name.
    pub fn header_of(&self, field: ImportField) -> String {
        self.column_of(field)
            .map_or_else(|| field.name().to_string(), |i| self.headers[i].clone())
    }

    /// How many fields the header row recognises (to find the header under title rows).
    pub fn recognised(header: &[String], overrides: &[ColumnMap]) -> usize {
        header
            .iter()
            .filter(|h| {
                let key = fold(h);
                ImportField::recognise(h).is_some()
                    || overrides.iter().any(|o| fold(&o.column) == key)
            })
            .count()
    }
}

/// "given name", "family name" … as a sentence says it.
fn describe(field: ImportField) -> String {
    field.name().replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn synonyms_table() {
        let cases = [
            ("First name", Some(ImportField::GivenName)),
            ("  PRÉNOM ", Some(ImportField::GivenName)),
            ("given_name", Some(ImportField::GivenName)),
            ("Forename", Some(ImportField::GivenName)),
            ("Surname", Some(ImportField::FamilyName)),
            ("Nom", Some(ImportField::FamilyName)),
            ("family_name", Some(ImportField::FamilyName)),
            ("Name in native script", Some(ImportField::NativeName)),
            ("Cyrillic", Some(ImportField::NativeName)),
            ("Organization", Some(ImportField::Organisation)),
            ("Agency", Some(ImportField::Organisation)),
            ("E-mail", Some(ImportField::Email)),
            ("EMAIL", Some(ImportField::Email)),
            ("Salutation", Some(ImportField::Honorific)),
            ("Job title", Some(ImportField::Position)),
            ("Sex", Some(ImportField::Gender)),
            ("Head of delegation", Some(ImportField::Head)),
            ("Pays", Some(ImportField::Country)),
            ("País", Some(ImportField::Country)),
            ("Land", Some(ImportField::Country)),
            ("Страна", Some(ImportField::Country)),
            ("Apellidos", Some(ImportField::FamilyName)),
            ("Nombre", Some(ImportField::GivenName)),
            ("Vorname", Some(ImportField::GivenName)),
            ("Фамилия", Some(ImportField::FamilyName)),
            ("Организация", Some(ImportField::Organisation)),
            ("Poste", Some(ImportField::Position)),
            ("Должность", Some(ImportField::Position)),
            ("Delegación", Some(ImportField::Delegation)),
            ("Делегация", Some(ImportField::Delegation)),
            ("Correo electrónico", Some(ImportField::Email)),
            ("E-Mail", Some(ImportField::Email)),
            ("Chef de délégation", Some(ImportField::Head)),
            ("Shoe size", None),
            ("", None),
            ("***", None),
        ];
        for (h, want) in cases {
            assert_eq!(ImportField::recognise(h), want, "{h:?}");
        }
    }

    #[test]
    fn every_name_and_synonym_reads_as_its_own_field() {
        // A header text listed for two fields (or folding onto another field's) would
        // fill the wrong column without a word: each must come back as its own field.
        let mut owners: HashMap<String, ImportField> = HashMap::new();
        for field in ImportField::all() {
            for text in std::iter::once(field.name()).chain(field.synonyms().iter().copied()) {
                if let Some(other) = owners.insert(fold(text), field) {
                    assert_eq!(other, field, "{text:?} is listed for {other} and {field}");
                }
                assert_eq!(
                    ImportField::recognise(text),
                    Some(field),
                    "the header {text:?}, listed for {field}"
                );
            }
        }
    }

    #[test]
    fn mapping_and_overrides() {
        let m = Mapping::new(&header(&["Prénom", "Nom", "Shoe size", ""]), &[]).unwrap();
        assert_eq!(m.fields[0], Some(ImportField::GivenName));
        assert_eq!(m.fields[1], Some(ImportField::FamilyName));
        assert_eq!(m.fields[2], None);
        assert_eq!(m.headers[3], "column 4");

        let e = Mapping::new(&header(&["Name", "Email"]), &[]).unwrap_err();
        assert!(e.contains("given name") && e.contains("family name"), "{e}");
        assert!(e.contains("Name, Email"), "{e}");

        let e = Mapping::new(&header(&["First name", "Given name", "Surname"]), &[]).unwrap_err();
        assert!(e.contains("\"First name\" and \"Given name\""), "{e}");

        let o: ColumnMap = "Given name=ignore".parse().unwrap();
        let m = Mapping::new(&header(&["First name", "Given name", "Surname"]), &[o]).unwrap();
        assert_eq!(m.column_of(ImportField::GivenName), Some(0));
        assert!(m.deliberately_ignored[1]);

        let o: ColumnMap = "Vorname + Zweitname=given_name".parse().unwrap();
        let m = Mapping::new(
            &header(&["vorname + zweitname", "First name", "Surname"]),
            &[o],
        )
        .unwrap();
        assert_eq!(m.column_of(ImportField::GivenName), Some(0));
        assert!(
            m.deliberately_ignored[1],
            "the override wins over the synonym"
        );

        let o: ColumnMap = "Missing=email".parse().unwrap();
        assert!(Mapping::new(&header(&["First name", "Surname"]), &[o]).is_err());
        assert!("Foo=shoe_size".parse::<ColumnMap>().is_err());
        assert!("Foo".parse::<ColumnMap>().is_err());
        assert_eq!(
            "a=b=Email".parse::<ColumnMap>().unwrap(),
            ColumnMap {
                column: "a=b".into(),
                field: Some(ImportField::Email)
            }
        );
    }
}
