"""Rules for where a fetch may go: proxies from the environment, private addresses, masking.

- Proxies: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (any case), else the system's settings on
  Windows and macOS, as urllib reads them.
- A link that Factdesk did not get from the user (a redirect, a link inside a fetched page or
  feed) may not lead from a public host to a loopback, private, link-local or otherwise
  reserved address: a web page must not be able to make the desk probe its own network.
  An address the user typed is fetched as asked.
- Credentials in a URL (user:password@) never appear in a message or a stored address.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.request
from urllib.parse import SplitResult, urlsplit, urlunsplit

from desktop.errors import UserError


def mask_url(url: str) -> str:
    """The URL with any user name and password replaced by ***, cut to 200 characters."""
    try:
        parts = urlsplit(url)
        if "@" in parts.netloc:
            host = parts.netloc.rsplit("@", 1)[1]
            url = urlunsplit(parts._replace(netloc=f"***@{host}"))
    except ValueError:
        head, sep, tail = url.partition("@")
        url = f"***@{tail}" if sep and "/" not in head.split("//", 1)[-1] else url
    return url[:200]


def strip_credentials(url: str) -> str:
    """The URL without user name and password (what is stored and cited)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def proxy_for(parts: SplitResult) -> str | None:
    """The proxy URL to use for this address, or None to connect directly."""
    proxies = urllib.request.getproxies()
    proxy = proxies.get(parts.scheme.lower())
    if not proxy:
        return None
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    # NO_PROXY when the environment names proxies; the system's exceptions otherwise.
    if urllib.request.getproxies_environment():
        bypass = urllib.request.proxy_bypass_environment(netloc, proxies)
    else:
        bypass = urllib.request.proxy_bypass(netloc)
    return None if bypass else proxy


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not loopback, private, link-local...)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """The host's IP addresses (the host itself when it is one); LookupError if unknown."""
    literal = host.strip("[]")
    try:
        ipaddress.ip_address(literal.split("%", 1)[0])
        return [literal]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise LookupError(host) from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def host_is_public(host: str, port: int) -> bool | None:
    """True if every address of the host is public, False if any is not, None if unknown."""
    try:
        return all(is_public(a) for a in resolve(host, port))
    except LookupError:
        return None


def check_target(url: str, host: str, port: int, came_from_public: bool) -> list[str]:
    """Addresses to connect to for a link met on a public host; refuses non-public ones.

    Returns the checked addresses so the connection goes to one of them (not to whatever a
    second name lookup might answer). Empty: no check needed or the name is unknown here
    (left to the proxy or to the connection's own error).
    """
    if not came_from_public:
        return []
    try:
        addresses = resolve(host, port)
    except LookupError:
        return []
    if not all(is_public(a) for a in addresses):
        raise UserError(f"could not fetch {mask_url(url)}: a public site led to a local or "
                        "private network address, which Factdesk does not follow")
    return addresses
