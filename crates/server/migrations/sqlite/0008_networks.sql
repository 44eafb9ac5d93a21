-- Which network a support or a "was this helpful?" answer came from (a keyed hash of the
-- client's address, its /64 for IPv6; never the address itself) and when: a comment's
-- support and an entry's answers are capped per network per day, so a script with fresh
-- browser ids cannot stuff the counts citizens see.
ALTER TABLE comment_supports ADD COLUMN network TEXT;
ALTER TABLE comment_supports ADD COLUMN created_at TEXT;
ALTER TABLE faq_feedback ADD COLUMN network TEXT;
CREATE INDEX comment_supports_by_network ON comment_supports (comment_id, network, created_at);
CREATE INDEX faq_feedback_by_network ON faq_feedback (agency_id, entry_id, network, created_at);
