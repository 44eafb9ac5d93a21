//! Messages to citizens go through an outbox: written in the same transaction as the change
//! they announce (so none is lost or sent for a change that did not happen), then delivered
//! by a worker through whatever gateway the agency plugs in.

use crate::db::Db;
use std::{sync::Arc, time::Duration};

/// An agency's SMS gateway. The reference server's only logs.
pub trait Notifier: Send + Sync + 'static {
    fn send(&self, channel: &str, recipient: &str, body: &str) -> Result<(), String>;
}

pub struct LogNotifier;

impl Notifier for LogNotifier {
    fn send(&self, channel: &str, recipient: &str, body: &str) -> Result<(), String> {
        tracing::info!(channel, recipient, body, "notification");
        Ok(())
    }
}

/// Queues an SMS inside the caller's transaction.
pub fn queue_sms(tx: &crate::sql::Transaction<'_>, mobile: &str, body: &str) -> crate::sql::Result<()> {
    tx.execute("INSERT INTO outbox (channel, recipient, body) VALUES ('sms', ?1, ?2)", (mobile, body))?;
    Ok(())
}

/// Delivers queued messages every few seconds until the process ends; a failed send is
/// retried on the next round (at most 10 times).
pub fn spawn_worker(db: Db, notifier: Arc<dyn Notifier>) {
    tokio::spawn(async move {
        loop {
            let n = notifier.clone();
            let _ = db
                .call(move |c| {
                    let batch: Vec<(i64, String, String, String)> = c.query_all(
                        "SELECT id, channel, recipient, body FROM outbox WHERE sent_at IS NULL AND attempts < 10 ORDER BY id LIMIT 50",
                        [],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                    )?;
                    for (id, channel, recipient, body) in batch {
                        match n.send(&channel, &recipient, &body) {
                            Ok(()) => c.execute(
                                "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1 WHERE id = ?1",
                                (id, crate::clock::now()),
                            )?,
                            Err(e) => c.execute(
                                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
                                (id, e),
                            )?,
                        };
                    }
                    Ok(())
                })
                .await;
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    });
}
