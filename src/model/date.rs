//! A date known to the year, the month or the day ([`PartialDate`]): a
//! document's date, whichever way it was established (the text, the
//! archive's record, the editor, an inference), and everything that shows,
//! sorts or groups documents by it.

use std::cmp::Ordering;
use std::fmt;

/// A full or partial date: `1978-04-20`, `1978-04` or `1978` (ISO 8601).
///
/// A year of four digits, a month 1 to 12 when known, a day 1 to 31 when
/// the month is known. [`PartialDate::parse`] is the editor's rule (front
/// matter `date`): it also checks that the month has that day. The raw
/// formats' readers build dates with [`PartialDate::ymd`], which keeps a day
/// the month lacks as the document gives it (`31 APR` in a date-time group
/// reads as `1978-04-31`); the commentary's `date` corrects it.
///
/// Written (JSON, TEI, templates, the build cache's bincode) as its ISO
/// text, and hashed like that text; ordered like it too, which is the order
/// of (year, month, day) with an unknown month or day first: `1978` <
/// `1978-04` < `1978-04-01` < `1978-05`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
    /// The ISO text, `len` bytes of ASCII (kept so that views can borrow it).
    iso: [u8; 10],
    len: u8,
}

impl PartialDate {
    /// A date from its parts: `None` unless the year has at most four
    /// digits, the month is 1 to 12 and the day 1 to 31 (a day only with a
    /// month). The day is not checked against the month (see [`PartialDate`]).
    pub fn ymd(year: u32, month: Option<u32>, day: Option<u32>) -> Option<PartialDate> {
        let year = u16::try_from(year).ok().filter(|y| *y <= 9999)?;
        let month = match month {
            Some(m) => Some(u8::try_from(m).ok().filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day = match (month, day) {
            (_, None) => None,
            (Some(_), Some(d)) => Some(u8::try_from(d).ok().filter(|d| (1..=31).contains(d))?),
            (None, Some(_)) => return None,
        };
        let mut iso = [0u8; 10];
        let mut len = 0;
        let mut put = |n: u16, digits: u32, dash: bool| {
            if dash {
                iso[len] = b'-';
                len += 1;
            }
            for i in (0..digits).rev() {
                iso[len] = b'0' + ((n / 10u16.pow(i)) % 10) as u8;
                len += 1;
            }
        };
        put(year, 4, false);
        if let Some(m) = month {
            put(m.into(), 2, true);
        }
        if let Some(d) = day {
            put(d.into(), 2, true);
        }
        Some(PartialDate { year, month, day, iso, len: len as u8 })
    }

    /// A year alone.
    pub fn year_only(year: u32) -> Option<PartialDate> {
        PartialDate::ymd(year, None, None)
    }

    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (with the checks of
    /// [`PartialDate::ymd`]); `None` for anything else.
    pub fn read(s: &str) -> Option<PartialDate> {
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        let mut parts = s.split('-');
        let year = parts.next().filter(|p| digits(p, 4))?.parse().ok()?;
        let two = |p: Option<&str>| match p {
            None => Ok(None),
            Some(p) if digits(p, 2) => p.parse().map(Some).map_err(|_| ()),
            Some(_) => Err(()),
        };
        let month = two(parts.next()).ok()?;
        let day = two(parts.next()).ok()?;
        if parts.next().is_some() {
            return None;
        }
        PartialDate::ymd(year, month, day)
    }

    /// The editor's rule (front matter `date`): `YYYY`, `YYYY-MM` or
    /// `YYYY-MM-DD`, a real day of that month. The error says what is wrong
    /// and how to write it.
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let bad = || {
            format!("`{s}` is not a date; write 1978-04-20, or \"1978-04\" or \"1978\" when only the month or year is known")
        };
        let parts: Vec<&str> = s.split('-').collect();
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if parts.is_empty() || parts.len() > 3 || !digits(parts[0], 4) || parts[1..].iter().any(|p| !digits(p, 2)) {
            return Err(bad());
        }
        let year: u32 = parts[0].parse().map_err(|_| bad())?;
        let mut month = None;
        let mut day = None;
        if let Some(m) = parts.get(1) {
            let m: u32 = m.parse().map_err(|_| bad())?;
            if !(1..=12).contains(&m) {
                return Err(format!("`{s}`: there is no month {m}"));
            }
            month = Some(m);
            if let Some(d) = parts.get(2) {
                let d: u32 = d.parse().map_err(|_| bad())?;
                if d == 0 || d > days_in_month(year, m) {
                    return Err(format!("`{s}`: month {m} of {year} has no day {d}"));
                }
                day = Some(d);
            }
        }
        PartialDate::ymd(year, month, day).ok_or_else(bad)
    }

    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month (1 to 12), when known.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when known.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// The year as written, four digits (`1978`).
    pub fn year_str(&self) -> &str {
        &self.as_str()[..4]
    }

    /// The ISO text: `1978-04-20`, `1978-04` or `1978`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.iso[..self.len as usize]).unwrap_or_default()
    }
}

/// Days in a month of the Gregorian calendar.
fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Shown as its quoted text, as the `String` it replaces was (`"1978-04"`).
impl fmt::Debug for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl AsRef<str> for PartialDate {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for PartialDate {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for PartialDate {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Hashed as its ISO text (as the `String` it replaces was): keys of what
/// the index pages show stay the same.
impl std::hash::Hash for PartialDate {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.year, self.month, self.day).cmp(&(other.year, other.month, other.day))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Read back (the build cache) as written: the ISO text, with the checks of
/// [`PartialDate::read`]. Front matter has its own reader
/// (`load::commentary`), which takes a TOML date too and says what is wrong.
impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        PartialDate::read(&s).ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a date")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_iso() {
        for s in ["1978-04-20", "1978-04", "1978", "0978", "2000-02-29", "1978-04-31"] {
            let d = PartialDate::read(s).unwrap();
            assert_eq!(d.to_string(), s);
            assert_eq!(d.year_str(), &s[..4]);
        }
        let d = PartialDate::read("1978-04-20").unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (1978, Some(4), Some(20)));
        assert_eq!(PartialDate::read("1978").map(|d| (d.month(), d.day())), Some((None, None)));
        for bad in
            ["", "78", "1978-4", "1978-13", "1978-00", "1978-04-32", "1978-04-00", "1978-04-20-1", "1978/04", "April"]
        {
            assert_eq!(PartialDate::read(bad), None, "{bad:?}");
        }
        assert_eq!(PartialDate::ymd(1978, None, Some(3)), None, "a day needs a month");
        assert_eq!(PartialDate::ymd(10000, None, None), None);
        assert_eq!(PartialDate::ymd(1974, Some(5), Some(2)).unwrap().as_str(), "1974-05-02");
    }

    #[test]
    fn the_editors_rule_checks_the_calendar() {
        assert_eq!(PartialDate::parse("1980-02-29").unwrap().as_str(), "1980-02-29");
        assert_eq!(PartialDate::parse("1979-02-29"), Err("`1979-02-29`: month 2 of 1979 has no day 29".to_string()));
        assert_eq!(PartialDate::parse("1978-04-31"), Err("`1978-04-31`: month 4 of 1978 has no day 31".to_string()));
        assert_eq!(PartialDate::parse("1978-13"), Err("`1978-13`: there is no month 13".to_string()));
        assert!(PartialDate::parse("April 1978").unwrap_err().contains("is not a date"));
    }

    #[test]
    fn orders_hashes_and_serializes_as_its_text() {
        use std::hash::{BuildHasher, BuildHasherDefault};
        type H = BuildHasherDefault<std::collections::hash_map::DefaultHasher>;
        let texts = ["1977-12-31", "1978", "1978-04", "1978-04-01", "1978-04-20", "1978-05", "1979", "0978"];
        let mut dates: Vec<PartialDate> = texts.iter().map(|s| PartialDate::read(s).unwrap()).collect();
        let mut strings: Vec<&str> = texts.to_vec();
        dates.sort();
        strings.sort();
        assert_eq!(dates.iter().map(|d| d.as_str()).collect::<Vec<_>>(), strings);
        for s in texts {
            let d = PartialDate::read(s).unwrap();
            assert_eq!(H::default().hash_one(d), H::default().hash_one(s.to_string()));
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{s}\""));
            assert_eq!(bincode::serialize(&d).unwrap(), bincode::serialize(&s.to_string()).unwrap());
            let back: PartialDate = bincode::deserialize(&bincode::serialize(&d).unwrap()).unwrap();
            assert_eq!(back, d);
        }
    }
}
