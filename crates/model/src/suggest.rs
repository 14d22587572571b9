//! "Did you mean" suggestions for misspelt keys and words.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .iter()
        .map(|&c| (strsim::damerau_levenshtein(&lower, c), c))
        .filter(|&(distance, c)| {
            let limit = match c.chars().count() {
                0..=3 => 1,
                4..=6 => 2,
                _ => 3,
            };
            distance <= limit
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, c)| c)
}

/// `a`, `b` or `c`: the candidates quoted as code, for a help line.
pub fn one_of(candidates: &[&str]) -> String {
    list(candidates, "or")
}

/// `a`, `b` and `c`: the items quoted as code, for a help line.
pub fn all_of(items: &[&str]) -> String {
    list(items, "and")
}

fn list(items: &[&str], conjunction: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|c| format!("`{c}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_found() {
        let keys = ["target", "baseline", "current", "confidence", "id"];
        assert_eq!(closest("tagret", &keys), Some("target"));
        assert_eq!(closest("baseline_", &keys), Some("baseline"));
        assert_eq!(closest("Current", &keys), Some("current"));
        assert_eq!(closest("confidance", &keys), Some("confidence"));
        assert_eq!(closest("ix", &keys), Some("id"));
        assert_eq!(closest("deadline", &keys), None);
    }

    #[test]
    fn lists_read_naturally() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
