//! Limits, in memory: failed tracking look-ups (so codes cannot be guessed) and writes (so one
//! client cannot flood the desk). Each is a token bucket: a client may spend its whole
//! allowance at once, and it comes back a token at a time, so one who ran out waits seconds
//! for the next try, not the rest of a long window.
//!
//! Failed look-ups are counted twice: per address (a guesser's rate) and per tracking code (a
//! guesser who knows a code and tries second factors from many addresses). Neither may deny a
//! citizen their own case: a look-up that carries the case's pass (`keys::ServerKey::case_pass`,
//! given to the device that filed or opened the case) is not held by either limit. The
//! routes decide that; this module only counts.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    LookupFailure,
    Write,
    /// A staff sign-in that failed (wrong name, password or second-factor code).
    SignInFailure,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Subject {
    Address(IpAddr, Action),
    Code(String),
    /// A staff account (agency and name, as typed): a guesser spreading over addresses.
    Account(String),
}

/// Tokens left and when they were counted; refilled on every read.
#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

#[derive(Clone)]
pub struct Limiter {
    buckets: Arc<Mutex<HashMap<Subject, Bucket>>>,
    lookup_failures: u32,
    writes_per_minute: u32,
}

impl Default for Limiter {
    /// 10 failed look-ups per address per 10 minutes (60 an hour, against 10^11 possible
    /// codes), 10 per code per hour, and 30 writes a minute.
    fn default() -> Self {
        Limiter::new(10, 30)
    }
}

/// How many tokens a subject holds at most, and how long it takes to earn them all back.
fn rule(subject: &Subject, lookup_failures: u32, writes_per_minute: u32) -> (f64, Duration) {
    match subject {
        Subject::Address(_, Action::LookupFailure) => (f64::from(lookup_failures), Duration::from_secs(600)),
        Subject::Address(_, Action::Write) => (f64::from(writes_per_minute), Duration::from_secs(60)),
        Subject::Code(_) => (f64::from(lookup_failures), Duration::from_secs(3600)),
        // 20 failed sign-ins per address per 10 minutes (an office shares one address), and 5
        // per account per 15 minutes: a person who mistypes is not held, a guesser gets 480
        // tries a day at most against a password of at least 10 characters and a TOTP code.
        Subject::Address(_, Action::SignInFailure) => (20.0, Duration::from_secs(600)),
        Subject::Account(_) => (5.0, Duration::from_secs(900)),
    }
}

impl Limiter {
    pub fn new(lookup_failures: u32, writes_per_minute: u32) -> Self {
        Limiter { buckets: Arc::default(), lookup_failures, writes_per_minute }
    }

    fn rule(&self, subject: &Subject) -> (f64, Duration) {
        rule(subject, self.lookup_failures, self.writes_per_minute)
    }

    /// The bucket as it is now, refilled for the time since it was last counted.
    fn current(&self, map: &HashMap<Subject, Bucket>, subject: &Subject, now: Instant) -> Bucket {
        let (max, period) = self.rule(subject);
        match map.get(subject) {
            None => Bucket { tokens: max, at: now },
            Some(b) => {
                let earned = now.duration_since(b.at).as_secs_f64() * max / period.as_secs_f64();
                Bucket { tokens: (b.tokens + earned).min(max), at: now }
            }
        }
    }

    fn check_subject(&self, subject: &Subject) -> Result<(), u64> {
        let map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let b = self.current(&map, subject, Instant::now());
        if b.tokens >= 1.0 {
            return Ok(());
        }
        let (max, period) = self.rule(subject);
        let seconds_per_token = period.as_secs_f64() / max.max(1.0);
        Err(((1.0 - b.tokens) * seconds_per_token).ceil().max(1.0) as u64)
    }

    fn record_subject(&self, subject: Subject) {
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if map.len() > 100_000 {
            // Forget every subject whose bucket has filled up again: it is as if it were new.
            let full: Vec<Subject> = map
                .keys()
                .filter(|s| self.current(&map, s, now).tokens >= self.rule(s).0)
                .cloned()
                .collect();
            for s in full {
                map.remove(&s);
            }
        }
        let mut b = self.current(&map, &subject, now);
        // Requests that passed the check together may overdraw; the debt is paid back in time,
        // so the long-run rate holds. Bounded, so a burst cannot lock a subject out for hours.
        b.tokens = (b.tokens - 1.0).max(-self.rule(&subject).0);
        map.insert(subject, b);
    }

    /// `Err(seconds until the next try)` when `client` has used up `action`.
    pub fn check(&self, client: IpAddr, action: Action) -> Result<(), u64> {
        self.check_subject(&Subject::Address(client, action))
    }

    /// Counts one use of `action` by `client`.
    pub fn record(&self, client: IpAddr, action: Action) {
        self.record_subject(Subject::Address(client, action));
    }

    /// Checks and counts in one step (for writes).
    pub fn hit(&self, client: IpAddr, action: Action) -> Result<(), u64> {
        self.check(client, action)?;
        self.record(client, action);
        Ok(())
    }

    /// `Err(seconds)` when look-ups of this tracking code (by anyone) failed too often.
    pub fn check_code(&self, code: &str) -> Result<(), u64> {
        self.check_subject(&Subject::Code(code.to_owned()))
    }

    /// `Err(seconds)` when sign-ins to this account failed too often, from anywhere.
    pub fn check_account(&self, account: &str) -> Result<(), u64> {
        self.check_subject(&Subject::Account(account.to_owned()))
    }

    pub fn record_account(&self, account: &str) {
        self.record_subject(Subject::Account(account.to_owned()));
    }

    /// Counts one failed look-up of `code`.
    pub fn record_code(&self, code: &str) {
        self.record_subject(Subject::Code(code.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_after_the_allowance_and_gives_tries_back_one_at_a_time() {
        let l = Limiter::default();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..10 {
            assert!(l.check(ip, Action::LookupFailure).is_ok());
            l.record(ip, Action::LookupFailure);
        }
        // The next try comes back within a minute (one token per 60 s), not after ten.
        let wait = l.check(ip, Action::LookupFailure).unwrap_err();
        assert!((55..=60).contains(&wait), "{wait}");
        // Another client is not affected, nor are its writes.
        assert!(l.check("10.0.0.2".parse().unwrap(), Action::LookupFailure).is_ok());
        assert!(l.check(ip, Action::Write).is_ok());
    }

    #[test]
    fn codes_are_counted_on_their_own() {
        let l = Limiter::default();
        for _ in 0..10 {
            assert!(l.check_code("123456789012").is_ok());
            l.record_code("123456789012");
        }
        let wait = l.check_code("123456789012").unwrap_err();
        assert!((355..=360).contains(&wait), "{wait}");
        assert!(l.check_code("123456789013").is_ok());
    }

    #[test]
    fn the_long_run_rate_holds_under_a_burst() {
        // Thirty failures counted at once (requests that passed the check together).
        let l = Limiter::new(10, 30);
        let ip: IpAddr = "10.0.0.3".parse().unwrap();
        for _ in 0..30 {
            l.record(ip, Action::LookupFailure);
        }
        // Overdrawn by the burst, but no deeper than one allowance.
        let map = l.buckets.lock().unwrap();
        let b = map.get(&Subject::Address(ip, Action::LookupFailure)).unwrap();
        assert_eq!(b.tokens, -10.0);
    }
}
