//! What differs between the two engines in the text of a statement, and nothing else: the
//! placeholders (`?N` for SQLite, `$N` for PostgreSQL). The migrations are in each engine's
//! own text (`migrations/sqlite`, `migrations/postgres`). The statements are otherwise written so that both engines accept them as
//! they are (`ON CONFLICT … DO NOTHING`, times made in Rust by `clock` and bound, JSON checked
//! in Rust). Everything inside string literals is left alone.

/// A statement with parameters: `?N` as `$N` (a bare `?` takes the next number).
pub fn statement(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut next = 1;
    for (piece, quoted) in pieces(sql) {
        if quoted {
            out.push_str(piece);
            continue;
        }
        let mut chars = piece.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '?' {
                out.push(c);
                continue;
            }
            let mut n = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                n.push(*d);
                chars.next();
            }
            out.push('$');
            if n.is_empty() {
                out.push_str(&next.to_string());
                next += 1;
            } else {
                out.push_str(&n);
            }
        }
    }
    out
}

/// `sql` cut into runs outside and inside single-quoted literals (`''` stays inside).
fn pieces(sql: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    let bytes = sql.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if quoted && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            if quoted {
                out.push((&sql[start..=i], true));
                start = i + 1;
            } else {
                out.push((&sql[start..i], false));
                start = i;
            }
            quoted = !quoted;
        } else if !quoted && bytes[i] == b'-' && bytes.get(i + 1) == Some(&b'-') {
            // A comment runs to the end of the line, apostrophes and all.
            let end = sql[i..].find('\n').map_or(sql.len(), |n| i + n);
            i = end;
            continue;
        }
        i += 1;
    }
    out.push((&sql[start..], quoted));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_outside_literals() {
        assert_eq!(statement("SELECT a FROM t WHERE b = ?1 AND c = ?2"), "SELECT a FROM t WHERE b = $1 AND c = $2");
        assert_eq!(statement("SELECT ? , ?"), "SELECT $1 , $2");
        assert_eq!(statement("SELECT 'why?' || ?1"), "SELECT 'why?' || $1");
        assert_eq!(statement("SELECT 'it''s ?' , ?3"), "SELECT 'it''s ?' , $3");
    }

    #[test]
    fn nothing_but_placeholders_changes() {
        let sql = "INSERT INTO s (a, b) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
        assert_eq!(statement(sql), "INSERT INTO s (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING");
    }
}
