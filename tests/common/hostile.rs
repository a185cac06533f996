//! A workspace poisoned with the classic XSS vectors in every free-text field, for the tests
//! that check nothing active survives in what Hindsight writes (the report, the site).

use hindsight::domain::{AnyRecord, Decision, Kind, Review, SignOff, Verdict};
use hindsight::store::Store;
use serde_json::Value;

pub const VECTORS: &str = concat!(
    "Plain words <script>alert('x')</script> ",
    "[click](javascript:alert(1)) [mixed](JaVaScRiPt:alert(1)) <javascript:alert(2)> ",
    "<img src=x onerror=alert(3)> <svg onload=alert(4)><circle r=1 /></svg> ",
    "<a href=\"javascript:alert(5)\">a</a> \"><iframe src=javascript:alert(6)></iframe> ",
    "<div style=\"background:url(http://evil.example/x)\" onmouseover=alert(7)>d</div> ",
    "![pixel](http://evil.example/track.png) [data](data:text/html;base64,PHNjcmlwdD4=) ",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(8)></style></mglyph></table></mtext></math> ",
    "<body onload=alert(9)> ' onfocus='alert(10) & done\n\n",
    // A reference definition in one field arms the label used in every other field.
    "[notes]: javascript:alert(11)\n\n   [deck]: <data:text/html,x>\n\n",
    "See the [design notes][notes] and the [deck]."
);

/// Puts the vectors into every free-text field of a record: each string field the record
/// still reads back with (ids, references, enums and dates keep their values).
pub fn poison(record: &AnyRecord) -> AnyRecord {
    fn walk(kind: Kind, root: &mut Value, path: Vec<String>) {
        let node = path.iter().fold(&*root, |v, key| match v {
            Value::Array(a) => &a[key.parse::<usize>().unwrap()],
            other => &other[key.as_str()],
        });
        let children: Vec<String> = match node {
            Value::Object(map) => map.keys().cloned().collect(),
            Value::Array(items) => (0..items.len()).map(|i| i.to_string()).collect(),
            Value::String(_) => {
                let last = path.last().map(String::as_str).unwrap_or_default();
                if last == "id" || last.ends_with("_id") || last == "item_id" {
                    return;
                }
                let pointer = format!("/{}", path.join("/"));
                let mut tried = root.clone();
                *tried.pointer_mut(&pointer).unwrap() = Value::String(VECTORS.into());
                if AnyRecord::from_json(kind, &tried.to_string()).is_ok() {
                    *root = tried;
                }
                return;
            }
            _ => return,
        };
        for child in children {
            let mut next = path.clone();
            next.push(child);
            walk(kind, root, next);
        }
    }
    let kind = record.kind();
    let mut json = record.to_json();
    walk(kind, &mut json, Vec::new());
    AnyRecord::from_json(kind, &json.to_string()).unwrap()
}

/// The demo workspace in `store` poisoned: the vectors in every free-text field of every record,
/// a sign-off made of them, and a decision whose imported id carries one.
pub fn poison_demo(store: &mut Store) {
    let mut records = Vec::new();
    for &kind in Kind::ALL {
        records.extend(store.list_any(kind).unwrap());
    }
    // Sign-offs with vectors in name, role and comment, and a hostile id from an import.
    let mut review: Review = store.get("rev-async-payments").unwrap();
    review.signoffs.push(SignOff {
        name: VECTORS.into(),
        role: VECTORS.into(),
        verdict: Verdict::Rejected,
        comment: VECTORS.into(),
        ..Default::default()
    });
    records.retain(|r| r.id() != review.id);
    records.push(AnyRecord::Review(review));
    let odd = Decision {
        id: "dec-\"><script>alert(11)</script>".into(),
        ..Decision::new("Hostile id")
    };
    store
        .write("poison", |w| {
            for r in &records {
                w.put_any(&poison(r))?;
            }
            w.put(&odd)
        })
        .unwrap();
}

/// The elements a report and a published page both hold: records' text (rendered Markdown,
/// tables, task-list boxes) and the diagrams (inline SVG). Each adds the frame it writes itself.
pub const CONTENT_TAGS: &[&str] = &[
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "ol",
    "ul",
    "li",
    "a",
    "span",
    "div",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "br",
    "hr",
    "sup",
    "input",
    "svg",
    "defs",
    "marker",
    "path",
    "g",
    "rect",
    "text",
    "line",
    "circle",
    "title",
];
