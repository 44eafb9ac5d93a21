//! Single sign-on with the agency's OpenID Connect provider: authorization code with PKCE,
//! the provider found by discovery, and the ID token checked here (signature against the
//! provider's published keys, issuer, audience, expiry, nonce) before anyone is signed in.
//!
//! The flow's secrets (state, nonce, PKCE verifier) live in a short-lived cookie signed with
//! the desk's key, not in the database: a browser that did not start the flow cannot finish
//! it, and nothing is left behind by flows abandoned half-way.

use ring::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
use serde::Deserialize;
use serde_json::Value;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// The flow cookie: sent back by the browser on the provider's redirect (a top-level
/// navigation from another site, hence `SameSite=Lax`), and only to the callback.
pub const FLOW_COOKIE: &str = "miz_oidc";
/// How long a staff member may spend at the provider's sign-in page.
pub const FLOW_SECONDS: i64 = 600;
/// Clock difference tolerated between the provider and this server.
const SKEW_SECONDS: i64 = 120;
/// Discovery and keys are asked for again after this long (and keys at once on an unknown
/// key id: the provider rotated them).
const CACHE_FOR: Duration = Duration::from_secs(3600);

#[derive(Clone, Debug)]
pub struct OidcConfig {
    /// The issuer identifier, exactly as the provider states it (`https://sso.example.ir`).
    pub issuer: String,
    pub client_id: String,
    /// `None` for a public client (PKCE alone).
    pub client_secret: Option<String>,
    /// The callback's full address, when the desk cannot tell it from the request (behind a
    /// proxy that rewrites the host).
    pub redirect_uri: Option<String>,
    /// What the sign-in page's button says.
    pub label: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
}

/// Why a sign-in through the provider did not end in a session. Each is shown to the staff
/// member as a sentence and recorded in the audit log by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No flow cookie, a state that does not match it, or a flow older than ten minutes.
    State,
    /// The provider said no (the user cancelled, or was refused).
    Provider,
    /// The provider could not be reached or answered something that is not OpenID Connect.
    Unavailable,
    /// The code was not exchanged for tokens.
    Exchange,
    /// The ID token is forged, expired, for another client, from another issuer, or replayed.
    IdToken,
    /// The provider's user is no staff member here (or a disabled one).
    UnknownUser,
}

impl Failure {
    pub fn as_str(self) -> &'static str {
        match self {
            Failure::State => "state",
            Failure::Provider => "provider",
            Failure::Unavailable => "unavailable",
            Failure::Exchange => "exchange",
            Failure::IdToken => "id_token",
            Failure::UnknownUser => "unknown_user",
        }
    }
}

pub struct Oidc {
    pub cfg: OidcConfig,
    http: reqwest::Client,
    discovery: Mutex<Option<(Instant, Discovery)>>,
    keys: Mutex<Option<(Instant, Vec<Value>)>>,
}

impl Oidc {
    pub fn new(cfg: OidcConfig) -> Result<Oidc, String> {
        if !(cfg.issuer.starts_with("https://") || cfg.issuer.starts_with("http://127.0.0.1") || cfg.issuer.starts_with("http://localhost")) {
            return Err(format!("--oidc-issuer must be an https:// address (or http on this machine), not '{}'", cfg.issuer));
        }
        if cfg.client_id.trim().is_empty() {
            return Err("--oidc-client-id is needed with --oidc-issuer".into());
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("OpenID Connect client: {e}"))?;
        Ok(Oidc { cfg, http, discovery: Mutex::new(None), keys: Mutex::new(None) })
    }

    /// The provider's configuration, from `/.well-known/openid-configuration`, whose `issuer`
    /// must be the one configured (OpenID Connect Discovery §4.3).
    pub async fn discovery(&self) -> Result<Discovery, Failure> {
        let mut cached = self.discovery.lock().await;
        if let Some((at, d)) = cached.as_ref() {
            if at.elapsed() < CACHE_FOR {
                return Ok(d.clone());
            }
        }
        let url = format!("{}/.well-known/openid-configuration", self.cfg.issuer.trim_end_matches('/'));
        let d: Discovery = self.get_json(&url).await?;
        if d.issuer != self.cfg.issuer {
            tracing::warn!(configured = %self.cfg.issuer, stated = %d.issuer, "OpenID provider states another issuer");
            return Err(Failure::Unavailable);
        }
        *cached = Some((Instant::now(), d.clone()));
        Ok(d)
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, Failure> {
        let r = self.http.get(url).send().await.map_err(|e| {
            tracing::warn!(%url, error = %e, "OpenID provider unreachable");
            Failure::Unavailable
        })?;
        if !r.status().is_success() {
            tracing::warn!(%url, status = %r.status(), "OpenID provider refused");
            return Err(Failure::Unavailable);
        }
        r.json().await.map_err(|_| Failure::Unavailable)
    }

    /// The provider's signing keys (JWKS); `fresh` asks again whatever the cache holds.
    async fn keys(&self, d: &Discovery, fresh: bool) -> Result<Vec<Value>, Failure> {
        let mut cached = self.keys.lock().await;
        if let Some((at, k)) = cached.as_ref() {
            if !fresh && at.elapsed() < CACHE_FOR {
                return Ok(k.clone());
            }
        }
        let set: Value = self.get_json(&d.jwks_uri).await?;
        let keys = set["keys"].as_array().cloned().unwrap_or_default();
        *cached = Some((Instant::now(), keys.clone()));
        Ok(keys)
    }

    /// Exchanges the code (with the PKCE verifier) for the ID token.
    pub async fn exchange(&self, d: &Discovery, code: &str, verifier: &str, redirect_uri: &str) -> Result<String, Failure> {
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
        ];
        let mut req = self.http.post(&d.token_endpoint);
        match &self.cfg.client_secret {
            // client_secret_basic: each part form-encoded first (RFC 6749 §2.3.1).
            Some(secret) => req = req.basic_auth(form_encode(&self.cfg.client_id), Some(form_encode(secret))),
            None => form.push(("client_id", &self.cfg.client_id)),
        }
        let body = form.iter().map(|(k, v)| format!("{k}={}", form_encode(v))).collect::<Vec<_>>().join("&");
        let r = req
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(reqwest::header::ACCEPT, "application/json")
            .body(body)
            .send()
            .await
            .map_err(|_| Failure::Unavailable)?;
        let status = r.status();
        let answer: Value = r.json().await.map_err(|_| Failure::Exchange)?;
        if !status.is_success() {
            tracing::warn!(%status, error = %answer["error"], "OpenID token endpoint refused the code");
            return Err(Failure::Exchange);
        }
        answer["id_token"].as_str().map(str::to_owned).ok_or(Failure::Exchange)
    }

    /// Checks the ID token and returns its subject.
    pub async fn verify(&self, d: &Discovery, id_token: &str, nonce: &str, now: i64) -> Result<String, Failure> {
        let jwt = Jwt::parse(id_token).ok_or(Failure::IdToken)?;
        let mut keys = self.keys(d, false).await?;
        if find_key(&keys, &jwt.header).is_none() {
            keys = self.keys(d, true).await?;
        }
        let key = find_key(&keys, &jwt.header).ok_or(Failure::IdToken)?;
        jwt.verify_signature(key)?;
        check_claims(&jwt.claims, &d.issuer, &self.cfg.client_id, nonce, now)
    }
}

/// `application/x-www-form-urlencoded` for one value.
pub fn form_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The PKCE challenge of a verifier (S256, RFC 7636 §4.2).
pub fn challenge(verifier: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::keys::base64url(&Sha256::digest(verifier.as_bytes()))
}

fn b64(s: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).ok()
}

/// A compact JWS, split and decoded; nothing in it is believed until its signature is checked.
pub struct Jwt {
    pub header: Value,
    pub claims: Value,
    signed: String,
    signature: Vec<u8>,
}

impl Jwt {
    pub fn parse(token: &str) -> Option<Jwt> {
        if token.len() > 16_384 {
            return None;
        }
        let mut parts = token.split('.');
        let (h, c, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        Some(Jwt {
            header: serde_json::from_slice(&b64(h)?).ok()?,
            claims: serde_json::from_slice(&b64(c)?).ok()?,
            signed: format!("{h}.{c}"),
            signature: b64(s)?,
        })
    }

    /// Verifies the signature with `jwk`. Only asymmetric algorithms are taken: `none` and
    /// the HMAC ones would let anyone who knows the client secret (or no one at all) sign.
    pub fn verify_signature(&self, jwk: &Value) -> Result<(), Failure> {
        let alg = self.header["alg"].as_str().unwrap_or("");
        if jwk["alg"].as_str().is_some_and(|a| a != alg) {
            return Err(Failure::IdToken);
        }
        let ok = match alg {
            "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => {
                if jwk["kty"] != "RSA" {
                    return Err(Failure::IdToken);
                }
                let n = jwk["n"].as_str().and_then(b64).ok_or(Failure::IdToken)?;
                let e = jwk["e"].as_str().and_then(b64).ok_or(Failure::IdToken)?;
                let params: &signature::RsaParameters = match alg {
                    "RS256" => &signature::RSA_PKCS1_2048_8192_SHA256,
                    "RS384" => &signature::RSA_PKCS1_2048_8192_SHA384,
                    "RS512" => &signature::RSA_PKCS1_2048_8192_SHA512,
                    "PS256" => &signature::RSA_PSS_2048_8192_SHA256,
                    "PS384" => &signature::RSA_PSS_2048_8192_SHA384,
                    _ => &signature::RSA_PSS_2048_8192_SHA512,
                };
                signature::RsaPublicKeyComponents { n: &n, e: &e }.verify(params, self.signed.as_bytes(), &self.signature).is_ok()
            }
            "ES256" | "ES384" => {
                let (crv, alg): (&str, &dyn VerificationAlgorithm) = if alg == "ES256" {
                    ("P-256", &signature::ECDSA_P256_SHA256_FIXED)
                } else {
                    ("P-384", &signature::ECDSA_P384_SHA384_FIXED)
                };
                if jwk["kty"] != "EC" || jwk["crv"] != crv {
                    return Err(Failure::IdToken);
                }
                let x = jwk["x"].as_str().and_then(b64).ok_or(Failure::IdToken)?;
                let y = jwk["y"].as_str().and_then(b64).ok_or(Failure::IdToken)?;
                let mut point = vec![4u8];
                point.extend_from_slice(&x);
                point.extend_from_slice(&y);
                UnparsedPublicKey::new(alg, &point).verify(self.signed.as_bytes(), &self.signature).is_ok()
            }
            "EdDSA" => {
                if jwk["kty"] != "OKP" || jwk["crv"] != "Ed25519" {
                    return Err(Failure::IdToken);
                }
                let x = jwk["x"].as_str().and_then(b64).ok_or(Failure::IdToken)?;
                UnparsedPublicKey::new(&signature::ED25519, &x).verify(self.signed.as_bytes(), &self.signature).is_ok()
            }
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(Failure::IdToken)
        }
    }
}

/// The key the token names (`kid`), or the only signing key of its type when it names none.
pub fn find_key<'k>(keys: &'k [Value], header: &Value) -> Option<&'k Value> {
    let signing = |k: &&Value| k["use"].as_str().is_none_or(|u| u == "sig");
    match header["kid"].as_str() {
        Some(kid) => keys.iter().filter(signing).find(|k| k["kid"].as_str() == Some(kid)),
        None => {
            let kty = match header["alg"].as_str().unwrap_or("") {
                a if a.starts_with("RS") || a.starts_with("PS") => "RSA",
                a if a.starts_with("ES") => "EC",
                "EdDSA" => "OKP",
                _ => return None,
            };
            let mut of_type = keys.iter().filter(signing).filter(|k| k["kty"] == kty);
            let first = of_type.next();
            of_type.next().is_none().then_some(first).flatten()
        }
    }
}

/// The ID token's claims (OpenID Connect Core §3.1.3.7): this issuer, this client, not expired,
/// not from the future, and the nonce this browser's flow sent. Returns the subject.
pub fn check_claims(claims: &Value, issuer: &str, client_id: &str, nonce: &str, now: i64) -> Result<String, Failure> {
    let fail = |what: &str| {
        tracing::warn!(claim = what, "ID token refused");
        Err(Failure::IdToken)
    };
    if claims["iss"].as_str() != Some(issuer) {
        return fail("iss");
    }
    let audiences: Vec<&str> = match &claims["aud"] {
        Value::String(a) => vec![a.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !audiences.contains(&client_id) {
        return fail("aud");
    }
    if audiences.len() > 1 && claims["azp"].as_str() != Some(client_id) {
        return fail("azp");
    }
    if let Some(azp) = claims["azp"].as_str() {
        if azp != client_id {
            return fail("azp");
        }
    }
    match claims["exp"].as_i64() {
        Some(exp) if exp + SKEW_SECONDS > now => {}
        _ => return fail("exp"),
    }
    match claims["iat"].as_i64() {
        Some(iat) if iat - SKEW_SECONDS <= now => {}
        _ => return fail("iat"),
    }
    if claims["nonce"].as_str().is_none_or(|n| !crate::keys::constant_time_eq(n.as_bytes(), nonce.as_bytes())) {
        return fail("nonce");
    }
    match claims["sub"].as_str() {
        Some(sub) if !sub.is_empty() && sub.len() <= 255 => Ok(sub.to_owned()),
        _ => fail("sub"),
    }
}

/// What the flow cookie carries.
#[derive(Debug, PartialEq, serde::Serialize, Deserialize)]
pub struct Flow {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    /// Where in the workbench to go once signed in (a path of the workbench only).
    pub back: String,
    /// Seconds since the epoch after which the flow is void.
    pub until: i64,
}

impl Flow {
    pub fn seal(&self, key: &crate::keys::ServerKey) -> String {
        let body = crate::keys::base64url(serde_json::to_string(self).unwrap_or_default().as_bytes());
        let mac = key.mac(&[b"oidc-flow", body.as_bytes()]);
        format!("{body}.{}", crate::keys::base64url(&mac))
    }

    pub fn open(sealed: &str, key: &crate::keys::ServerKey, now: i64) -> Option<Flow> {
        let (body, mac) = sealed.split_once('.')?;
        let expected = crate::keys::base64url(&key.mac(&[b"oidc-flow", body.as_bytes()]));
        if !crate::keys::constant_time_eq(mac.as_bytes(), expected.as_bytes()) {
            return None;
        }
        let flow: Flow = serde_json::from_slice(&b64(body)?).ok()?;
        (flow.until > now).then_some(flow)
    }
}

/// A return path that stays inside the workbench: `/staff/...` relative to the desk, never
/// another origin (`//evil.example`, `/\evil`) and never the API.
pub fn safe_back(back: Option<&str>) -> String {
    match back {
        Some(b) if b.starts_with('/') && !b.starts_with("//") && !b.contains('\\') && b.len() <= 300 && !b.chars().any(char::is_control) => b.to_owned(),
        _ => "/".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::{rand::SystemRandom, signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING}};
    use serde_json::json;

    const NOW: i64 = 1_800_000_000;

    fn enc(v: &Value) -> String {
        crate::keys::base64url(v.to_string().as_bytes())
    }

    /// An ES256 key and its JWK, made here: the test signs tokens as a provider would.
    fn provider_key(kid: &str) -> (EcdsaKeyPair, Value) {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).unwrap();
        let point = pair.public_key().as_ref().to_vec();
        let jwk = json!({
            "kty": "EC", "crv": "P-256", "kid": kid, "use": "sig",
            "x": crate::keys::base64url(&point[1..33]), "y": crate::keys::base64url(&point[33..65]),
        });
        (pair, jwk)
    }

    fn sign(pair: &EcdsaKeyPair, header: &Value, claims: &Value) -> String {
        let signed = format!("{}.{}", enc(header), enc(claims));
        let sig = pair.sign(&SystemRandom::new(), signed.as_bytes()).unwrap();
        format!("{signed}.{}", crate::keys::base64url(sig.as_ref()))
    }

    fn claims() -> Value {
        json!({ "iss": "https://sso.example.ir", "aud": "miz", "sub": "u-42", "nonce": "n1", "iat": NOW - 5, "exp": NOW + 300 })
    }

    fn check(token: &str, keys: &[Value]) -> Result<String, Failure> {
        let jwt = Jwt::parse(token).ok_or(Failure::IdToken)?;
        let key = find_key(keys, &jwt.header).ok_or(Failure::IdToken)?;
        jwt.verify_signature(key)?;
        check_claims(&jwt.claims, "https://sso.example.ir", "miz", "n1", NOW)
    }

    #[test]
    fn a_signed_token_with_the_right_claims_gives_its_subject() {
        let (pair, jwk) = provider_key("k1");
        let token = sign(&pair, &json!({ "alg": "ES256", "kid": "k1" }), &claims());
        assert_eq!(check(&token, &[jwk]), Ok("u-42".into()));
    }

    #[test]
    fn a_forged_or_altered_token_is_refused() {
        let (pair, jwk) = provider_key("k1");
        let (other, _) = provider_key("k1");
        let forged = sign(&other, &json!({ "alg": "ES256", "kid": "k1" }), &claims());
        assert_eq!(check(&forged, std::slice::from_ref(&jwk)), Err(Failure::IdToken), "signed by another key");
        let good = sign(&pair, &json!({ "alg": "ES256", "kid": "k1" }), &claims());
        let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
        let mut c = claims();
        c["sub"] = json!("admin");
        parts[1] = enc(&c);
        assert_eq!(check(&parts.join("."), std::slice::from_ref(&jwk)), Err(Failure::IdToken), "claims changed after signing");
        let none = format!("{}.{}.", enc(&json!({ "alg": "none", "kid": "k1" })), enc(&claims()));
        assert_eq!(check(&none, std::slice::from_ref(&jwk)), Err(Failure::IdToken), "alg none");
        let hs = format!("{}.{}.AAAA", enc(&json!({ "alg": "HS256", "kid": "k1" })), enc(&claims()));
        assert_eq!(check(&hs, std::slice::from_ref(&jwk)), Err(Failure::IdToken), "a symmetric algorithm");
        let unknown = sign(&pair, &json!({ "alg": "ES256", "kid": "k9" }), &claims());
        assert_eq!(check(&unknown, &[jwk]), Err(Failure::IdToken), "a key the provider does not publish");
        assert!(Jwt::parse("a.b").is_none());
        assert!(Jwt::parse("not a token at all").is_none());
    }

    #[test]
    fn expired_foreign_or_replayed_tokens_are_refused() {
        let (pair, jwk) = provider_key("k1");
        let cases = [
            ("exp", json!(NOW - SKEW_SECONDS - 1)),
            ("iat", json!(NOW + SKEW_SECONDS + 60)),
            ("iss", json!("https://evil.example")),
            ("aud", json!("another-client")),
            ("aud", json!(["miz", "another-client"])),
            ("nonce", json!("n-from-another-flow")),
            ("sub", json!("")),
        ];
        for (claim, value) in cases {
            let mut c = claims();
            c[claim] = value.clone();
            let token = sign(&pair, &json!({ "alg": "ES256", "kid": "k1" }), &c);
            assert_eq!(check(&token, std::slice::from_ref(&jwk)), Err(Failure::IdToken), "{claim} = {value}");
        }
        let mut c = claims();
        c.as_object_mut().unwrap().remove("nonce");
        assert_eq!(check(&sign(&pair, &json!({ "alg": "ES256", "kid": "k1" }), &c), std::slice::from_ref(&jwk)), Err(Failure::IdToken), "no nonce");
        let mut c = claims();
        c["aud"] = json!(["miz", "other"]);
        c["azp"] = json!("miz");
        assert_eq!(check(&sign(&pair, &json!({ "alg": "ES256", "kid": "k1" }), &c), &[jwk]), Ok("u-42".into()), "several audiences, azp ours");
    }

    #[test]
    fn the_flow_cookie_is_sealed_and_expires() {
        let key = crate::keys::ServerKey::fixed(7);
        let flow = Flow { state: "s".into(), nonce: "n".into(), verifier: "v".into(), back: "/inbox".into(), until: NOW + 600 };
        let sealed = flow.seal(&key);
        assert_eq!(Flow::open(&sealed, &key, NOW), Some(Flow { ..flow }));
        assert_eq!(Flow::open(&sealed, &key, NOW + 601), None, "expired");
        let (body, mac) = sealed.split_once('.').unwrap();
        let mut tampered = body.to_owned();
        tampered.insert(3, 'x');
        assert_eq!(Flow::open(&format!("{tampered}.{mac}"), &key, NOW), None, "changed");
    }

    #[test]
    fn pkce_and_return_paths() {
        // RFC 7636 Appendix B.
        assert_eq!(challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assert_eq!(safe_back(Some("/cases/123")), "/cases/123");
        for bad in ["//evil.example", "https://evil.example", "/\\evil", "cases"] {
            assert_eq!(safe_back(Some(bad)), "/", "{bad}");
        }
        assert_eq!(form_encode("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
    }
}
