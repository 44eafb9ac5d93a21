//! Tracking codes a citizen chose to remember on this device (never without asking: on a
//! shared computer the next person would see them), with an anonymous case's access key,
//! and forgotten again at a tap.

use crate::storage;

const KEY: &str = "miz.remembered-cases";

/// A remembered case: its code and, for an anonymous one, its access key.
#[derive(Clone, Debug, PartialEq)]
pub struct Remembered {
    pub code: String,
    pub key: Option<String>,
}

/// One case a line, `code` or `code key`: codes and keys have no spaces.
pub fn all() -> Vec<Remembered> {
    storage::get(KEY)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut parts = l.split(' ');
            let code = parts.next().filter(|c| !c.is_empty())?.to_owned();
            Some(Remembered { code, key: parts.next().map(str::to_owned) })
        })
        .collect()
}

fn save(list: &[Remembered]) {
    if list.is_empty() {
        storage::remove(KEY);
    } else {
        let text: Vec<String> = list.iter().map(|r| match &r.key {
            Some(k) => format!("{} {}", r.code, k.replace(' ', "")),
            None => r.code.clone(),
        }).collect();
        storage::set(KEY, &text.join("\n"));
    }
}

pub fn is_remembered(code: &str) -> bool {
    all().iter().any(|r| r.code == code)
}

pub fn remember(code: &str, key: Option<&str>) {
    let mut list = all();
    list.retain(|r| r.code != code);
    list.push(Remembered { code: code.to_owned(), key: key.map(str::to_owned) });
    save(&list);
}

pub fn forget(code: &str) {
    let mut list = all();
    list.retain(|r| r.code != code);
    save(&list);
}
