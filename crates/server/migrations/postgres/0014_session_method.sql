-- How a session was started: 'password' (with the agency's TOTP rule) or 'oidc' (the
-- agency's identity provider, which holds its own second factor).
ALTER TABLE staff_sessions ADD COLUMN method TEXT NOT NULL DEFAULT 'password';
