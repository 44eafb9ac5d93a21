//! Who is asking, for the rate limits: the peer address, or, when the peer is one of the
//! agency's own reverse proxies (`--trusted-proxies`), the address that proxy says it
//! forwarded for. Without it every citizen behind the proxy would share one limit.

use crate::state::AppState;
use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{request::Parts, HeaderMap},
};
use std::{
    convert::Infallible,
    net::{IpAddr, Ipv4Addr, SocketAddr},
};

pub struct Client(pub IpAddr);

impl FromRequestParts<AppState> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        Ok(Client(client_ip(peer, &parts.headers, &state.trusted_proxies)))
    }
}

/// The rightmost `X-Forwarded-For` address that is not a trusted proxy; the left part of the
/// header is whatever the client sent and is never believed.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|h| h.trim().parse().ok())
        .collect();
    hops.iter().rev().find(|ip| !trusted.contains(ip)).copied().unwrap_or(peer)
}

/// How a vote is told apart from a stuffed one: the network it came from, as a keyed hash
/// (the raw address is never stored). IPv6 subscribers get a /64 each, so that is one network;
/// an IPv4 address is one network (mobile carriers put many citizens behind one, hence caps,
/// not refusals).
pub fn network(key: &crate::keys::ServerKey, ip: IpAddr) -> String {
    let net: Vec<u8> = match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.octets().to_vec(),
            None => v6.octets()[..8].to_vec(),
        },
    };
    // Keyed by the desk's secret: an address has few enough values that an unkeyed hash
    // could be reversed by trying them all.
    let digest = key.mac(&[b"network", &net]);
    crate::keys::hex(&digest[..8])
}

/// Parses `--trusted-proxies`: IP addresses, space separated.
pub fn parse_trusted(list: &str) -> Result<Vec<IpAddr>, String> {
    list.split_whitespace().map(|s| s.parse().map_err(|_| format!("--trusted-proxies: not an IP address: '{s}'"))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for x in v {
            m.append("x-forwarded-for", x.parse().unwrap());
        }
        m
    }

    #[test]
    fn a_network_is_an_ipv4_address_or_an_ipv6_64() {
        let k = crate::keys::ServerKey::fixed(3);
        let network = |ip| super::network(&k, ip);
        let a = network("2001:db8:1:2:aaaa::1".parse().unwrap());
        assert_eq!(a, network("2001:db8:1:2:bbbb::9".parse().unwrap()));
        assert_ne!(a, network("2001:db8:1:3::1".parse().unwrap()));
        assert_eq!(network("10.1.2.3".parse().unwrap()), network("::ffff:10.1.2.3".parse().unwrap()));
        assert_ne!(network("10.1.2.3".parse().unwrap()), network("10.1.2.4".parse().unwrap()));
    }

    #[test]
    fn only_a_trusted_proxy_is_believed() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let citizen: IpAddr = "5.6.7.8".parse().unwrap();
        let trusted = [proxy];
        // Straight from the internet: the header is the client's own claim.
        assert_eq!(client_ip(citizen, &h(&["1.1.1.1"]), &trusted), citizen);
        // Through the proxy: the address it saw.
        assert_eq!(client_ip(proxy, &h(&["5.6.7.8"]), &trusted), citizen);
        // A spoofed left part is ignored; the proxy appended the real one.
        assert_eq!(client_ip(proxy, &h(&["9.9.9.9, 5.6.7.8"]), &trusted), citizen);
        assert_eq!(client_ip(proxy, &h(&["9.9.9.9", "5.6.7.8"]), &trusted), citizen);
        // Two proxies of ours in a row.
        let inner: IpAddr = "10.0.0.3".parse().unwrap();
        assert_eq!(client_ip(proxy, &h(&["5.6.7.8, 10.0.0.3"]), &[proxy, inner]), citizen);
        // Nothing usable: the proxy itself.
        assert_eq!(client_ip(proxy, &h(&["garbage"]), &trusted), proxy);
        assert!(parse_trusted("10.0.0.1 ::1").is_ok());
        assert!(parse_trusted("10.0.0.0/8").is_err());
    }
}
