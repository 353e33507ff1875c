//! The synthetic registers: persons, places, organizations and topics with
//! aliases, sized for the edition, and their TOML.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::synth::Rng;
use crate::words::*;

/// A register entry as generated.
#[derive(Debug, Clone)]
pub(crate) struct Entity {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) aliases: Vec<String>,
    pub(crate) description: String,
    pub(crate) tags: Vec<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Registers {
    pub(crate) persons: Vec<Entity>,
    pub(crate) places: Vec<Entity>,
    pub(crate) organizations: Vec<Entity>,
    pub(crate) topics: Vec<Entity>,
}

pub(crate) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

pub(crate) fn capitalize(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn made_up_word(rng: &mut Rng, min: usize, max: usize) -> String {
    let n = rng.range(min, max);
    (0..n).map(|_| *rng.pick(SYLLABLES)).collect::<String>().to_uppercase()
}

/// Register sizes for an edition of `docs` documents: thousands for real
/// editions, fewer for tiny ones.
pub(crate) fn register_sizes(docs: usize) -> (usize, usize, usize, usize) {
    let scale = |full: usize, min: usize| (docs * full / 10_000).clamp(min, full);
    (scale(3000, 20), scale(1200, 10), scale(600, 6), scale(240, 15))
}

pub(crate) fn generate_registers(seed: u64, docs: usize) -> Registers {
    let mut rng = Rng::derive(seed, 1, 0);
    let (np, nl, no, nt) = register_sizes(docs);
    // Every alias is claimed once, across all registers, and never collides
    // with the body vocabulary.
    let mut taken: HashSet<String> = WORDS.iter().map(|w| w.to_string()).collect();
    for w in SENTENCE_OPENERS.iter().chain(POSTS).chain(SIGNATURES).chain(CAPTIONS) {
        taken.insert(w.to_string());
    }
    let mut ids: HashSet<String> = HashSet::new();
    let mut unique_id = |base: String| {
        let mut id = base.clone();
        let mut k = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}-{k}");
            k += 1;
        }
        id
    };
    let mut regs = Registers::default();
    while regs.persons.len() < np {
        let surname = made_up_word(&mut rng, 2, 3);
        let given = capitalize(&made_up_word(&mut rng, 2, 3));
        let initial = rng.pick(FIRST_INITIALS).to_string();
        let full = format!("{} {surname}", given.to_uppercase());
        let short = format!("{initial} {surname}");
        // Common surnames are shared: then only the full forms are aliases.
        let mut aliases = Vec::new();
        for a in [surname.clone(), full.clone(), short] {
            if taken.insert(a.clone()) {
                aliases.push(a);
            }
        }
        if aliases.is_empty() {
            continue;
        }
        let name = format!("{given} {}", capitalize(&surname));
        let id = unique_id(slug(&name));
        let description = format!(
            "{} official; appears in reporting from {} to {}.",
            capitalize(&made_up_word(&mut rng, 2, 2)),
            1973 + rng.below(3),
            1976 + rng.below(4)
        );
        regs.persons.push(Entity { id, name, aliases, description, tags: vec![] });
    }
    while regs.places.len() < nl {
        let base = made_up_word(&mut rng, 2, 3);
        let name_up = format!("{base}{}", rng.pick(PLACE_SUFFIX));
        if !taken.insert(name_up.clone()) {
            continue;
        }
        let name = capitalize(&name_up);
        let id = unique_id(slug(&name));
        let kind = if rng.chance(0.3) { "Province" } else { "City" };
        regs.places.push(Entity {
            id,
            name,
            aliases: vec![name_up],
            description: format!("{kind} in the reporting."),
            tags: vec![],
        });
    }
    while regs.organizations.len() < no {
        let form = rng.pick(ORG_FORMS);
        let subject = if form.starts_with("MINISTRY") {
            format!("{} {}", rng.pick(ORG_SUBJECTS), made_up_word(&mut rng, 2, 2))
        } else {
            made_up_word(&mut rng, 2, 3)
        };
        let full = form.replace("{}", &subject);
        if !taken.insert(full.clone()) {
            continue;
        }
        let name = capitalize(&full);
        let id = unique_id(slug(&name));
        regs.organizations.push(Entity {
            id,
            name,
            aliases: vec![full],
            description: "Organization named in the reporting.".into(),
            tags: vec![],
        });
    }
    let mut t = 0;
    while regs.topics.len() < nt {
        let (theme, tag) = TOPIC_THEMES[t % TOPIC_THEMES.len()];
        t += 1;
        let region = made_up_word(&mut rng, 2, 2);
        let phrase = if t <= TOPIC_THEMES.len() { theme.to_string() } else { format!("{region} {theme}") };
        if !taken.insert(phrase.clone()) {
            continue;
        }
        let name = capitalize(&phrase);
        let id = unique_id(slug(&name));
        let tags = if t <= TOPIC_THEMES.len() { vec![tag.to_string()] } else { vec![] };
        regs.topics.push(Entity {
            id,
            name,
            aliases: vec![phrase],
            description: format!("Reporting on {}.", theme.to_lowercase()),
            tags,
        });
    }
    regs
}

pub(crate) fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(crate) fn register_toml(table: &str, entries: &[Entity]) -> String {
    let mut s = String::with_capacity(entries.len() * 200);
    let _ = writeln!(s, "# Synthetic register written by `folio synth`.\n");
    for e in entries {
        let _ = writeln!(s, "[[{table}]]");
        let _ = writeln!(s, "id = {}", toml_str(&e.id));
        let _ = writeln!(s, "name = {}", toml_str(&e.name));
        let aliases: Vec<String> = e.aliases.iter().map(|a| toml_str(a)).collect();
        let _ = writeln!(s, "aliases = [{}]", aliases.join(", "));
        let _ = writeln!(s, "description = {}", toml_str(&e.description));
        if !e.tags.is_empty() {
            let tags: Vec<String> = e.tags.iter().map(|a| toml_str(a)).collect();
            let _ = writeln!(s, "tags = [{}]", tags.join(", "));
        }
        s.push('\n');
    }
    s
}
