//! Per-client limits, in memory: failed tracking look-ups (so codes cannot be guessed) and
//! writes (so one client cannot flood the desk). A window per client and action; a client
//! over its limit gets 429 with the seconds until its window ends.

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
}

#[derive(Clone)]
pub struct Limiter {
    windows: Arc<Mutex<HashMap<(IpAddr, Action), (Instant, u32)>>>,
    lookup_failures: u32,
    writes_per_minute: u32,
}

impl Default for Limiter {
    /// 10 wrong guesses per 10 minutes (60 an hour, against 10^11 possible codes) and 30
    /// writes a minute.
    fn default() -> Self {
        Limiter::new(10, 30)
    }
}

impl Limiter {
    pub fn new(lookup_failures: u32, writes_per_minute: u32) -> Self {
        Limiter { windows: Arc::default(), lookup_failures, writes_per_minute }
    }

    fn limit(&self, action: Action) -> (u32, Duration) {
        match action {
            Action::LookupFailure => (self.lookup_failures, Duration::from_secs(600)),
            Action::Write => (self.writes_per_minute, Duration::from_secs(60)),
        }
    }

    /// `Err(seconds to wait)` when `client` has used up `action` in the current window.
    pub fn check(&self, client: IpAddr, action: Action) -> Result<(), u64> {
        let (max, window) = self.limit(action);
        let w = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        match w.get(&(client, action)) {
            Some((start, n)) if now.duration_since(*start) < window && *n >= max => {
                Err((window - now.duration_since(*start)).as_secs().max(1))
            }
            _ => Ok(()),
        }
    }

    /// Counts one use of `action` by `client`.
    pub fn record(&self, client: IpAddr, action: Action) {
        let (_, window) = self.limit(action);
        let mut w = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if w.len() > 100_000 {
            w.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let e = w.entry((client, action)).or_insert((now, 0));
        if now.duration_since(e.0) >= window {
            *e = (now, 0);
        }
        e.1 += 1;
    }

    /// Checks and counts in one step (for writes).
    pub fn hit(&self, client: IpAddr, action: Action) -> Result<(), u64> {
        self.check(client, action)?;
        self.record(client, action);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_after_the_allowance() {
        let l = Limiter::default();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..10 {
            assert!(l.check(ip, Action::LookupFailure).is_ok());
            l.record(ip, Action::LookupFailure);
        }
        let wait = l.check(ip, Action::LookupFailure).unwrap_err();
        assert!(wait > 500 && wait <= 600);
        // Another client is not affected.
        assert!(l.check("10.0.0.2".parse().unwrap(), Action::LookupFailure).is_ok());
    }
}
