//! Front matter: the YAML block at the top of an exported file. Records go in as their serde
//! form with keys spelt the way MADR spells them (`decision-makers`), empty values left out;
//! they come back through the same serde form, so what is written is exactly what is read.

use serde_json::{Map, Value};

/// The key under which a record keeps the front matter of the file it came from: its keys are
/// kept as the file spelt them.
const KEPT: &str = "front_matter";

/// The YAML for a JSON object: keys with `-` for `_`, null and empty values left out.
pub fn to_yaml(value: Value) -> String {
    let value = prune(rename_keys(value, '_', '-')).unwrap_or(Value::Object(Map::new()));
    match serde_yaml_ng::to_string(&value) {
        Ok(text) if text.trim() == "{}" => String::new(),
        Ok(text) => text,
        // A JSON value always has a YAML form; this cannot happen.
        Err(e) => unreachable!("JSON without a YAML form: {e}"),
    }
}

/// The JSON object a front matter block holds, keys as the file spells them.
/// Empty or comment-only front matter is an empty object.
pub fn from_yaml(text: &str) -> Result<Map<String, Value>, String> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).map_err(|e| e.to_string())?;
    let json = serde_json::to_value(&yaml).map_err(|e| e.to_string())?;
    match json {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        other => Err(format!(
            "front matter is a {}, not a mapping",
            type_name(&other)
        )),
    }
}

/// Front matter with its keys in their serde spelling (`decision-makers` → `decision_makers`),
/// for reading a Hindsight file through serde.
pub fn serde_keys(map: Map<String, Value>) -> Map<String, Value> {
    match rename_keys(Value::Object(map), '-', '_') {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "mapping",
    }
}

fn rename_keys(value: Value, from: char, to: char) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = k.replace(from, &to.to_string());
                    // What a file's own front matter said keeps its spelling.
                    if key.replace('-', "_") == KEPT {
                        (key, v)
                    } else {
                        (key, rename_keys(v, from, to))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|v| rename_keys(v, from, to))
                .collect(),
        ),
        other => other,
    }
}

/// Drops nulls, empty strings, empty lists and empty mappings, at every depth.
fn prune(value: Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::Array(items) => {
            let items: Vec<Value> = items.into_iter().filter_map(prune).collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        Value::Object(map) => {
            let map: Map<String, Value> = map
                .into_iter()
                .filter_map(|(k, v)| {
                    if k.replace('-', "_") == KEPT {
                        // A file's own front matter is written back as it was, empty values too.
                        return v
                            .as_object()
                            .is_some_and(|m| !m.is_empty())
                            .then_some((k, v));
                    }
                    prune(v).map(|v| (k, v))
                })
                .collect();
            (!map.is_empty()).then_some(Value::Object(map))
        }
        other => Some(other),
    }
}

/// A key of loose front matter, spelt `decision_makers` or `decision-makers`.
pub fn get<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).or_else(|| map.get(&key.replace('_', "-")))
}

/// A string field of loose front matter, whatever YAML made of it (`date: 2024-01-01`, `7`).
pub fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    match get(map, key)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list field of loose front matter: a YAML list, or one comma-separated string.
pub fn list(map: &Map<String, Value>, key: &str) -> Vec<String> {
    match get(map, key) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect(),
        Some(Value::String(s)) => split_names(s),
        _ => Vec::new(),
    }
}

/// "Ann, Bob and Cy" → the three names.
pub fn split_names(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .flat_map(|part| part.split(" and "))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_round_trips_and_drops_empties() {
        let value = serde_json::json!({
            "decision_makers": ["Ann", "Bob"],
            "summary": "line one\nline two: with colon",
            "empty": "",
            "none": null,
            "number": 7,
            "date": "2024-01-02",
            "title": "yes",
        });
        let yaml = to_yaml(value);
        assert!(yaml.contains("decision-makers:"), "{yaml}");
        assert!(!yaml.contains("empty"), "{yaml}");
        let back = serde_keys(from_yaml(&yaml).unwrap());
        assert_eq!(back["decision_makers"][1], "Bob");
        assert_eq!(back["summary"], "line one\nline two: with colon");
        assert_eq!(back["number"], 7);
        assert_eq!(back["date"], "2024-01-02");
        assert_eq!(back["title"], "yes");
        assert_eq!(to_yaml(Value::Object(back)), yaml);
    }

    #[test]
    fn loose_fields_take_what_yaml_made() {
        let map = from_yaml("deciders: Ann, Bob and Cy\nnumber: 3\n# comment\n").unwrap();
        assert_eq!(list(&map, "deciders"), vec!["Ann", "Bob", "Cy"]);
        assert_eq!(text(&map, "number").as_deref(), Some("3"));
        assert!(from_yaml("# only a comment\n").unwrap().is_empty());
    }
}
