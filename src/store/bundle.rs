//! The whole database as one JSON bundle — every table's rows — to hand
//! an incident's history to the next IC on another laptop, or to keep
//! outside SQLite. A bundle is imported only into a database with no
//! incidents yet, all or nothing.

use rusqlite::types::{Value as Sql, ValueRef};
use serde_json::{Map, Number, Value};

use super::{Store, migrations};
use crate::error::{InvalidInput, Result};

/// The bundle format's version.
const FORMAT: u64 = 1;

fn bad(message: String) -> crate::error::Error {
    InvalidInput::new("file", message).into()
}

/// The user tables in creation order (so rows a row points at come first).
fn tables(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare(
            // The title search index is derived: the incidents' triggers
            // fill it again as they are imported.
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' \
             AND name NOT IN (SELECT name FROM pragma_table_list WHERE type IN ('virtual', 'shadow')) \
             ORDER BY name = 'sqlite_sequence', rowid",
        )?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

fn to_json(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        // Sitrep stores no blobs; keep one readable if a future table does.
        ValueRef::Blob(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
    }
}

fn to_sql(value: &Value) -> Option<Sql> {
    Some(match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64()?),
        },
        Value::String(s) => Sql::Text(s.clone()),
        Value::Array(_) | Value::Object(_) => return None,
    })
}

impl Store {
    /// Every table's columns and rows, as one JSON value.
    pub fn export_bundle(&self) -> Result<Value> {
        self.snapshot(|s| {
            let mut out = Map::new();
            for table in tables(&s.conn)? {
                let mut stmt = s
                    .conn
                    .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))?;
                let columns: Vec<Value> = stmt
                    .column_names()
                    .map(|c| Value::from(c.to_owned()))
                    .collect();
                let n = columns.len();
                let rows: Vec<Value> = stmt
                    .query_map([], |row| {
                        (0..n)
                            .map(|i| row.get_ref(i).map(to_json))
                            .collect::<rusqlite::Result<Vec<_>>>()
                            .map(Value::Array)
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                let mut t = Map::new();
                t.insert("columns".into(), Value::Array(columns));
                t.insert("rows".into(), Value::Array(rows));
                out.insert(table, Value::Object(t));
            }
            let version: i64 = s
                .conn
                .pragma_query_value(None, "user_version", |row| row.get(0))?;
            let mut bundle = Map::new();
            bundle.insert("sitrep_bundle".into(), Value::from(FORMAT));
            bundle.insert("schema_version".into(), Value::from(version));
            bundle.insert("tables".into(), Value::Object(out));
            Ok(Value::Object(bundle))
        })
    }

    /// Replaces this database's contents with a bundle's, all or nothing;
    /// refused unless the database has no incidents yet (a new one) and the
    /// bundle was made by a Sitrep with the same schema.
    pub fn import_bundle(&mut self, bundle: &Value) -> Result<usize> {
        if bundle.get("sitrep_bundle").and_then(Value::as_u64) != Some(FORMAT) {
            return Err(bad(
                "this is not a Sitrep bundle (made by `sitrep export`)".into()
            ));
        }
        let version = bundle.get("schema_version").and_then(Value::as_i64);
        let ours: i64 = migrations::check_version(&self.conn)?;
        if version != Some(ours) {
            return Err(bad(format!(
                "the bundle has schema version {}, this Sitrep writes {ours}; export it again with the same Sitrep version",
                version.map_or("none".to_owned(), |v| v.to_string())
            )));
        }
        let Some(tables_in) = bundle.get("tables").and_then(Value::as_object) else {
            return Err(bad("the bundle has no tables".into()));
        };
        self.write(|tx| {
            let incidents: i64 = tx.conn().query_row("SELECT count(*) FROM incidents", [], |row| row.get(0))?;
            if incidents > 0 {
                return Err(bad(format!(
                    "this database already has {incidents} incidents; import a bundle into a new one: \
                     sitrep --db NEW.db import FILE"
                )));
            }
            tx.conn().execute_batch("PRAGMA defer_foreign_keys = ON")?;
            let known = tables(tx.conn())?;
            if let Some(unknown) = tables_in.keys().find(|t| !known.contains(t)) {
                return Err(bad(format!("the bundle has a table {unknown:?} this Sitrep does not know")));
            }
            let mut rows_in = 0;
            for table in known.iter().filter(|t| tables_in.contains_key(*t)) {
                let t = &tables_in[table];
                let columns: Vec<&str> = t
                    .get("columns")
                    .and_then(Value::as_array)
                    .map(|c| c.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let rows = t.get("rows").and_then(Value::as_array).cloned().unwrap_or_default();
                tx.conn().execute(&format!("DELETE FROM \"{table}\""), [])?;
                if columns.is_empty() {
                    continue;
                }
                let names: Vec<String> = columns.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
                let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
                let mut insert = tx.conn().prepare(&format!(
                    "INSERT INTO \"{table}\" ({}) VALUES ({})",
                    names.join(", "),
                    marks.join(", ")
                ))?;
                for (n, row) in rows.iter().enumerate() {
                    let values: Option<Vec<Sql>> = row
                        .as_array()
                        .filter(|cells| cells.len() == columns.len())
                        .and_then(|cells| cells.iter().map(to_sql).collect());
                    let Some(values) = values else {
                        return Err(bad(format!("row {} of table {table} does not fit its columns", n + 1)));
                    };
                    insert.execute(rusqlite::params_from_iter(values))?;
                    rows_in += 1;
                }
            }
            Ok(rows_in)
        })
    }
}
