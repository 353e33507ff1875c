//! The synthetic texts: telegrams in the PlusD layout, press-digest
//! articles and commentary files.

use std::fmt::Write as _;

use folio::dev::{fold, Folded};

use crate::registers::{made_up_word, toml_str, Registers};
use crate::synth::{doc_head, sentence, wrap, DocPlan, GenDoc, Rng};
use crate::words::*;

pub(crate) fn gen_cable(
    rng: &mut Rng,
    id: &str,
    p: usize,
    year: u32,
    month: u32,
    day: u32,
    plan: &DocPlan,
) -> (String, String) {
    let post = POSTS[p];
    let from = POST_NAMES[p];
    let number = &id[4..];
    let number = number.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let class = *rng.pick(CLASSES);
    let yy = year % 100;
    let mon = MONTHS[month as usize - 1];
    let hh = rng.below(24);
    let mm = rng.below(60);
    let dtg = format!("{day:02}{hh:02}{mm:02}Z {mon} {yy:02}");
    let prec = *rng.pick(&["R", "R", "R", "P", "O"]);
    let to = if post == "STATE" { *rng.pick(POST_NAMES) } else { "SECSTATE WASHDC" };
    let infos: Vec<&str> = (0..rng.range(0, 8)).map(|_| *rng.pick(INFO_ADDRESSEES)).collect();
    let names = plan.names(rng);
    let mut tags: Vec<String> = plan.topics.iter().flat_map(|&t| plan.regs.topics[t].tags.clone()).collect();
    for _ in 0..rng.range(1, 3) {
        tags.push(rng.pick(TAG_CODES).to_string());
    }
    tags.dedup();
    let subject_words: Vec<String> = {
        let mut w: Vec<String> = Vec::new();
        if let Some(n) = names.first() {
            w.push(n.to_string());
        }
        w.push(rng.pick(&["ON", "AND", "DISCUSSES", "VIEWS ON", "REPORTS ON"]).to_string());
        for _ in 0..rng.range(3, 9) {
            w.push(rng.pick(WORDS).to_string());
        }
        if let Some(n) = names.get(1) {
            w.push(n.to_string());
        }
        w
    };
    let subject = subject_words.join(" ");
    let title = subject.clone();

    // Body paragraphs.
    let n_paras = match rng.below(10) {
        0..=3 => rng.range(2, 4),
        4..=7 => rng.range(4, 9),
        _ => rng.range(9, 18),
    };
    let mut paras: Vec<String> = Vec::new();
    if n_paras > 4 && rng.chance(0.5) {
        let s: Vec<String> = (0..rng.range(2, 4)).map(|_| sentence(rng, &names)).collect();
        paras.push(format!("SUMMARY: {} END SUMMARY.", s.join(" ")));
    }
    for k in 0..n_paras {
        let s: Vec<String> = (0..rng.range(2, 7)).map(|_| sentence(rng, &names)).collect();
        let dash = if rng.chance(0.05) { "- " } else { "" };
        paras.push(format!("{dash}{}. {}", k + 1, s.join(" ")));
    }
    let hard_wrap = rng.chance(0.6);
    let mut body: Vec<String> = Vec::new();
    for para in &paras {
        if hard_wrap {
            body.extend(wrap(para, 62));
        } else {
            body.push(para.clone());
        }
        if !hard_wrap || rng.chance(0.5) {
            body.push(String::new());
        }
    }
    let signature = *rng.pick(SIGNATURES);
    if let Some(last) = body.iter_mut().rev().find(|l| !l.is_empty()) {
        last.push(' ');
        last.push_str(signature);
    }

    // Sections and pages.
    let lines_per_page = if hard_wrap { 34 } else { 9 };
    let sections = if body.len() > lines_per_page * 4 { rng.range(2, 3) } else { 1 };
    let per_section = body.len().div_ceil(sections);
    let banner = class;
    let mut out = String::with_capacity(body.len() * 70 + 3000);
    out.push_str("Message Text\n\n");
    let action = *rng.pick(ACTIONS);
    let info_offices: Vec<&str> = (0..rng.range(5, 16)).map(|_| *rng.pick(OFFICES)).collect();
    let caption = rng.chance(0.3).then(|| *rng.pick(CAPTIONS));
    let blank_lines = rng.chance(0.5);
    let nl = |out: &mut String| {
        out.push('\n');
        if blank_lines {
            out.push('\n');
        }
    };
    for s in 0..sections {
        let chunk = &body[(s * per_section).min(body.len())..((s + 1) * per_section).min(body.len())];
        let time = format!("{day:02}{:02}{:02}Z", rng.below(24), rng.below(60));
        let sec = if sections > 1 { format!(" {:02} OF {:02}", s + 1, sections) } else { String::new() };
        out.push_str(banner);
        nl(&mut out);
        let _ = write!(out, "PAGE 01 {post} {number}{sec} {time} ACTION {action}");
        nl(&mut out);
        let _ = write!(out, "INFO {} /{:03} W", info_offices.join(" "), rng.range(10, 140));
        nl(&mut out);
        let _ = write!(out, "-----{:06} {time} /{}", rng.below(1_000_000), rng.range(10, 70));
        nl(&mut out);
        let _ = write!(out, "{prec} {dtg}");
        nl(&mut out);
        let _ = write!(out, "FM {from}");
        nl(&mut out);
        let _ = write!(out, "TO {to} {:04}", rng.below(10_000));
        nl(&mut out);
        for (k, inf) in infos.iter().enumerate() {
            if k == 0 {
                let _ = write!(out, "INFO {inf}");
            } else {
                out.push_str(inf);
            }
            nl(&mut out);
        }
        if sections > 1 {
            let _ = write!(out, "{banner} SECTION {:02} OF {:02} {post} {number}", s + 1, sections);
        } else {
            let _ = write!(out, "{banner} {post} {number}");
        }
        nl(&mut out);
        if let Some(c) = caption {
            out.push_str(c);
            nl(&mut out);
        }
        if s == 0 {
            out.push_str(if year < 1978 { "E.O. 11652: GDS" } else { "E.O. 12065: XGDS-1" });
            nl(&mut out);
            let _ = write!(out, "TAGS: {}", tags.join(", "));
            nl(&mut out);
            let subj = format!("SUBJECT: {subject}");
            for l in wrap(&subj, 60) {
                out.push_str(&l);
                nl(&mut out);
            }
            if rng.chance(0.3) {
                let _ = write!(
                    out,
                    "REF: {} {} {}",
                    yy.saturating_sub(rng.below(2) as u32),
                    rng.pick(POSTS),
                    rng.range(100, 99_999)
                );
                nl(&mut out);
            }
        }
        let mut page = 1;
        let mut on_page = 0;
        for (k, line) in chunk.iter().enumerate() {
            if on_page >= lines_per_page && k + 2 < chunk.len() && !line.is_empty() {
                // Page break: banner, then the next page header. Sometimes the
                // banner is glued to a word cut in two, as in the originals.
                page += 1;
                on_page = 0;
                let cut = hard_wrap && rng.chance(0.15) && line.len() > 20;
                let (head, tail) = if cut {
                    let words: Vec<&str> = line.split(' ').collect();
                    let last = words[words.len() - 1];
                    if last.len() >= 8
                        && last.chars().all(|c| c.is_ascii_uppercase())
                        && !names.iter().any(|n| n.contains(last))
                    {
                        let at = last.len() / 2;
                        let head = format!("{} {}", words[..words.len() - 1].join(" "), &last[..at]);
                        (head, Some(last[at..].to_string()))
                    } else {
                        (line.clone(), None)
                    }
                } else {
                    (line.clone(), None)
                };
                if let Some(tail) = tail {
                    let _ = write!(out, "{head}{banner}");
                    nl(&mut out);
                    out.push_str(banner);
                    nl(&mut out);
                    let _ = write!(out, "PAGE {page:02} {post} {number}{sec} {time}");
                    nl(&mut out);
                    out.push_str(&tail);
                    out.push('\n');
                    on_page += 1;
                    continue;
                }
                out.push_str(banner);
                nl(&mut out);
                out.push_str(banner);
                nl(&mut out);
                let _ = write!(out, "PAGE {page:02} {post} {number}{sec} {time}");
                nl(&mut out);
            }
            out.push_str(line);
            out.push('\n');
            on_page += 1;
        }
        if rng.chance(0.03) {
            out.push_str("NOTE BY OC/T: MESSAGE DELAYED IN TRANSMISSION.");
            nl(&mut out);
        }
        out.push_str(banner);
        nl(&mut out);
        out.push_str("NNN");
        nl(&mut out);
    }
    // Message Attributes.
    out.push_str("Message Attributes\n\n");
    let _ = write!(out, "Automatic Decaptioning: X Capture Date: 01 jan 1994 Channel Indicators: n/a\n\n");
    let _ = write!(out, "Current Classification: UNCLASSIFIED\n\n");
    let concepts: Vec<String> = plan.topics.iter().map(|&t| plan.regs.topics[t].aliases[0].clone()).collect();
    let _ = write!(out, "Concepts: {}\n\n", concepts.join(", "));
    let _ = writeln!(
        out,
        "Control Number: n/a Copy: SINGLE Draft Date: {day:02} {} {year} Decaption Date: 01 jan 1960",
        mon.to_lowercase()
    );
    let _ = write!(out, "Disposition Comment: 25 YEAR REVIEW\n\nDisposition Date: 20 Mar 2014\nDocument Number: {id}\nDocument Source: CORE\n\n");
    let _ = write!(out, "Film Number: D{yy:02}{:04}-{:04} Format: TEL\n\n", rng.below(10_000), rng.below(10_000));
    let _ = write!(out, "From: {post} Handling Restrictions: n/a\n\n");
    let _ = write!(out, "Line Count: {} Locator: TEXT ON-LINE, ON MICROFILM\n\n", body.len() + 30);
    let _ = write!(
        out,
        "Office: ACTION {}\n\nOriginal Classification: {class}\n\n",
        action.split('-').next().unwrap_or("EUR")
    );
    let _ = write!(out, "Page Count: {}\n\nReview Action: RELEASED, APPROVED\n\n", page_count(&out));
    let _ = write!(
        out,
        "Subject: {subject}\n\nTAGS: {}\n\nTo: {} Type: TE\n\n",
        tags.join(", "),
        to.split(' ').next_back().unwrap_or("STATE")
    );
    let _ = writeln!(
        out,
        "Markings: Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014"
    );
    (out, title)
}

pub(crate) fn page_count(text: &str) -> usize {
    text.lines().filter(|l| l.starts_with("PAGE ")).count().max(1)
}

pub(crate) fn gen_article(rng: &mut Rng, year: u32, month: u32, day: u32, plan: &DocPlan) -> (String, String) {
    let names = plan.names(rng);
    let head_name = names.first().copied().unwrap_or("OFFICIALS");
    let headline = format!(
        "{head_name} {} {}.",
        rng.pick(&["WARNS ON", "VISITS", "REJECTS", "WELCOMES"]),
        rng.pick(&["TALKS", "CREDITS", "TREATY", "ELECTIONS"])
    );
    let mut out = String::new();
    let _ = writeln!(out, "{headline}");
    let _ = writeln!(out, "Publication: Monitor Volume: {} Issue: {}", year - 1970, rng.range(1, 240));
    for _ in 0..rng.range(3, 8) {
        let s: Vec<String> = (0..rng.range(3, 7))
            .map(|_| {
                let s = sentence(rng, &names);
                // Sentence case, names kept in capitals as the digests print them.
                let mut lower = s.to_lowercase();
                for n in &names {
                    lower = lower.replace(&n.to_lowercase(), n);
                }
                let mut c = lower.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                    None => lower,
                }
            })
            .collect();
        let cite = format!(
            " ({}, {} {})",
            rng.pick(&["Itar-Tass", "Interfax", "UPI", "Kommersant daily", "Reuters"]),
            folio::dev::MONTHS[month as usize - 1],
            day
        );
        let _ = writeln!(out, "{}{cite}.", s.join(" ").trim_end_matches('.'));
    }
    let _ = writeln!(
        out,
        "{} {}.",
        made_up_word(rng, 2, 3),
        rng.pick(&["REPORTEDLY RESIGNS", "TALKS STALL", "PLANS REFORM"])
    );
    (out, headline)
}

/// A commentary with a headnote and 1–3 passage notes whose quotes occur
/// exactly once in the cleaned reading text (checked with Folio's own parser).
pub(crate) fn gen_commentary(
    rng: &mut Rng,
    doc: &GenDoc,
    regs: &Registers,
    total: usize,
    seed: u64,
) -> (String, usize) {
    let parsed = folio::parse::parse(&folio::model::DocId::any(doc.id.as_str()), &doc.raw, None);
    let person = doc.persons.first().map(|&p| &regs.persons[p]);
    let topic = doc.topics.first().map(|&t| &regs.topics[t]);
    let mut md = String::from("+++\n");
    let _ = writeln!(
        md,
        "summary = {}",
        toml_str(&format!("Synthetic summary of {}: {}.", doc.id, doc.title.to_lowercase()))
    );
    if let Some(t) = topic {
        let _ = writeln!(md, "topics = [{}]", toml_str(&t.id));
    }
    md.push_str("+++\n");
    // Link to another generated document: ids are reproducible from the seed.
    let other = doc_head(seed, rng.below(total), total).0;
    let _ = write!(md, "This {} ", if doc.article { "article" } else { "telegram" });
    if let Some(p) = person {
        let _ = write!(md, "reports on [{}](person:{}) ", p.name, p.id);
    }
    if let Some(t) = topic {
        let _ = write!(md, "and bears on [{}](topic:{}).", t.name.to_lowercase(), t.id);
    }
    let _ = writeln!(md, " See the [first paragraph](doc:{other}#p1).\n");
    let folded: Vec<Folded> = parsed.paragraphs.iter().map(|p| Folded::new(&p.text)).collect();
    let mut notes = 0;
    let mut used: Vec<String> = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let Some(p) = parsed.paragraphs.get(rng.below(parsed.paragraphs.len().max(1))) else { break };
        let words: Vec<&str> = p.text.split_whitespace().collect();
        if words.len() < 8 {
            continue;
        }
        for attempt in 0..6 {
            let len = 5 + attempt;
            let start = rng.below(words.len() - len.min(words.len() - 1));
            let quote: String = words[start..(start + len).min(words.len())].join(" ");
            let quote = quote.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
            if quote.contains('"') || quote.is_empty() || used.contains(&quote) {
                continue;
            }
            let needle = fold(&quote);
            let hits: usize = folded.iter().map(|f| f.find_all(&needle).len()).sum();
            if hits == 1 && !used.iter().any(|u| fold(u).windows(needle.len()).any(|w| w == needle.as_slice())) {
                let _ = writeln!(md, "## \"{quote}\"\n");
                let _ = writeln!(
                    md,
                    "The phrasing follows the drafting officer's notes; compare paragraph {} of the [reading text](doc:{}#p{}).\n",
                    p.n, doc.id, p.n
                );
                used.push(quote);
                notes += 1;
                break;
            }
        }
    }
    (md, notes)
}
