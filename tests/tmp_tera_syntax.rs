use std::collections::HashMap;
#[test]
fn parse_all() {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.register_function("t", |args: &HashMap<String, tera::Value>| Ok(tera::Value::String(format!("{:?}", args.get("k")))));
    tera.register_filter("long_date", |v: &tera::Value, _: &HashMap<String, tera::Value>| Ok(v.clone()));
    let mut v = vec![];
    for dir in ["templates", "templates/parts"] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().map_or(false, |x| x == "html") {
                let name = p.strip_prefix("templates").unwrap().to_string_lossy().to_string();
                v.push((name, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let mut bad = vec![];
    for (n, s) in &v {
        if let Err(e) = tera::Template::new(n, None, s) {
            let mut m = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(x) = src { m.push_str(&format!("\n{x}")); src = x.source(); }
            bad.push(format!("{n}: {m}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n\n"));
    tera.add_raw_templates(v.iter().map(|(a, b)| (a.as_str(), b.as_str()))).unwrap();
    let ctx = tera::Context::from_value(serde_json::json!({"row": {"doc": "D&1", "paragraph": 3, "left": "a <b", "keyword": "K", "right": "r", "lang": null}})).unwrap();
    println!("{}", tera.render("parts/kwic-row.html", &ctx).unwrap());
}
