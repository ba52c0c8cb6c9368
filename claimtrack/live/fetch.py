"""Fetching over HTTP, politely and safely: robots.txt, a delay per host, timeouts, retries with
backoff, a size limit, conditional requests, http(s) only, redirects bounded.

httpx does the HTTP (chosen over trafilatura's fetching, which the project also has: a request
here carries the validators of an earlier fetch, ``If-None-Match`` and ``If-Modified-Since``, which
trafilatura's ``fetch_response`` cannot send; a body is read as a stream and cut at the size limit
before it is all in memory; and each redirect is followed by hand, so that every hop is checked
for its scheme, against robots.txt and against the hops before it). robots.txt is read by Protego
(Scrapy's parser), which follows RFC 9309 where ``urllib.robotparser`` does not: the longest
matching rule wins, and ``*`` and ``$`` in paths are understood.

A :class:`Fetcher` keeps, per host, when it may next be asked (``FetchPolicy.delay`` after the end
of the last request, longer when robots.txt asks for a ``Crawl-delay``) and, per origin, the
parsed robots.txt. Every failure is a :class:`FetchError` naming the URL and the reason, with
whether trying again later may help (``transient``).
"""

from __future__ import annotations

import email.utils
import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from claimtrack import __version__
from claimtrack.live.durations import describe_duration

ROBOTS_AGENT = "claimtrack"
USER_AGENT = f"{ROBOTS_AGENT}/{__version__} (news quote tracker; obeys robots.txt)"
MIB = 1024 * 1024
# RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt; the rest is ignored.
ROBOTS_LIMIT = 512 * 1024
# How long a robots.txt is trusted, and how long one that could not be read keeps a site closed.
ROBOTS_TTL = 24 * 3600.0
ROBOTS_RETRY = 300.0
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Answers worth asking again after a while; any other 4xx is the page's answer.
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how far a :class:`Fetcher` goes; every value is per request or per host.

    ``delay``: seconds between the end of one request to a host and the start of the next
    (``--rate``); robots.txt's ``Crawl-delay`` makes it longer, up to ``max_crawl_delay``.
    ``retries``: further tries after a timeout, a connection error, 429 or 5xx, waiting
    ``backoff`` seconds, doubled each time, or what ``Retry-After`` asks, up to ``max_backoff``.
    ``max_bytes``: the largest page read; ``max_document_bytes``: the largest feed or sitemap
    (the sitemap protocol's own limit is 50 MB).
    """

    delay: float = 1.0
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 2.0
    max_backoff: float = 120.0
    max_bytes: int = 5 * MIB
    max_document_bytes: int = 50 * MIB
    max_redirects: int = 5
    obey_robots: bool = True
    max_crawl_delay: float = 30.0
    user_agent: str = USER_AGENT


class FetchError(Exception):
    """A URL that could not be fetched: ``reason`` says why in words for the user; ``transient``
    is true when the same request may succeed later (a timeout, 503, a robots.txt that did not
    answer), false when the answer was final (404, robots.txt forbids it, too large). ``cause`` is
    one word for a program: ``status``, ``timeout``, ``connection``, ``size``, ``redirects``,
    ``robots``, ``address`` or ``body``."""

    def __init__(self, url: str, reason: str, *, cause: str, transient: bool = False, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.cause = cause
        self.transient = transient
        self.status = status
        self.retry_after = retry_after

    def tried(self, times: int) -> FetchError:
        """The same failure, saying how many times the request was made."""
        return FetchError(self.url, f"{self.reason.rstrip('.')} (tried {times} times).", cause=self.cause,
                          transient=self.transient, status=self.status)


class FetchStopped(Exception):
    """The fetcher was asked to stop while it waited (a delay or a backoff); nothing was fetched."""


@dataclass(frozen=True)
class Fetched:
    """One answer: the URL asked for, the URL that answered after redirects, the body (empty when
    ``not_modified``), its media type and charset as the server declared them, and the validators
    to send next time."""

    url: str
    final_url: str
    status: int
    content: bytes = field(repr=False)
    media_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_url(url: str) -> str:
    """``url`` when it is an absolute http(s) URL; else a :class:`FetchError` saying what is wrong.

    >>> check_url("https://www.kompas.com/read/1")
    'https://www.kompas.com/read/1'
    >>> check_url("ftp://example.com/a")
    Traceback (most recent call last):
    ...
    claimtrack.live.fetch.FetchError: ftp://example.com/a: only http:// and https:// addresses are fetched, not ftp://.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"{parts.scheme}://" if parts.scheme else "an address without http:// or https://"
        raise FetchError(url, f"only http:// and https:// addresses are fetched, not {shown}.", cause="address")
    if not parts.hostname:
        raise FetchError(url, "the address names no host.", cause="address")
    return url


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (a number or an HTTP date), ``None`` without one."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _size(count: int) -> str:
    return f"{count / MIB:.1f} MB" if count >= MIB // 10 else f"{count / 1024:.0f} KB"


@dataclass
class _Robots:
    rules: Protego | None  # None: every path allowed (robots.txt absent)
    until: float
    closed: str | None = None  # why the whole site is closed (robots.txt did not answer)


class Fetcher:
    """Fetches URLs one at a time under a :class:`FetchPolicy`.

    ``stop``: an event that, once set, makes a waiting fetcher give up (:class:`FetchStopped`)
    instead of waiting out a delay or a backoff. ``client``: an httpx client to use instead of
    the fetcher's own (tests hand in one with a mock transport).
    """

    def __init__(self, policy: FetchPolicy = FetchPolicy(), *, stop: threading.Event | None = None,
                 client: httpx.Client | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy
        self.stop = stop or threading.Event()
        self._clock = clock
        self._client = client or httpx.Client(
            headers={"User-Agent": policy.user_agent, "Accept-Language": "id, en;q=0.5",
                     "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
            timeout=httpx.Timeout(policy.timeout), follow_redirects=False)
        self._next_request: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self._private: dict[str, bool] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the one public verb ---------------------------------------------------------------------

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              document: bool = False, named_by: str | None = None) -> Fetched:
        """GET ``url``, following redirects; with ``etag`` or ``last_modified`` (from an earlier
        fetch) a page that did not change comes back ``not_modified`` with no body. ``document``:
        a feed or a sitemap, which may be larger than a page. ``named_by``: the feed, sitemap or
        page that gave the URL, when the user did not.

        A URL on the public internet, or one that a public feed or page names, may not take
        claimtrack to a private or local address (a redirect or a link to ``127.0.0.1``, the LAN
        or a cloud's metadata service): what a user names on their own network is fetched, what
        a stranger's feed names there is not."""
        check_url(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = self.policy.max_document_bytes if document else self.policy.max_bytes
        private_allowed = self.is_private(named_by or url)
        return self._follow(url, headers, limit, robots=self.policy.obey_robots, private_allowed=private_allowed)

    def is_private(self, url: str) -> bool:
        """Whether ``url``'s host is, or resolves to, an address that is not on the public
        internet (loopback, private, link-local, reserved); a host that does not resolve is not."""
        host = urlsplit(url).hostname or ""
        if host not in self._private:
            try:
                addresses = [ipaddress.ip_address(host)]
            except ValueError:
                try:
                    addresses = [ipaddress.ip_address(info[4][0].split("%")[0])
                                 for info in socket.getaddrinfo(host, None)]
                except (OSError, UnicodeError):
                    addresses = []
            self._private[host] = any(not address.is_global for address in addresses)
        return self._private[host]

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets claimtrack fetch ``url`` (fetching robots.txt when needed); a
        site whose robots.txt did not answer raises :class:`FetchError`."""
        robots = self._robots_of(url)
        if robots.closed:
            raise FetchError(url, robots.closed, cause="robots", transient=True)
        return robots.rules is None or robots.rules.can_fetch(url, ROBOTS_AGENT)

    def sitemaps_of(self, url: str) -> list[str]:
        """The sitemaps the robots.txt of ``url``'s site lists."""
        robots = self._robots_of(url)
        return list(robots.rules.sitemaps) if robots.rules is not None else []

    # --- redirects, robots, pacing, retries -----------------------------------------------------

    def _follow(self, url: str, headers: dict[str, str], limit: int, *, robots: bool,
                private_allowed: bool = True) -> Fetched:
        hops = [url]
        current = url
        while True:
            if not private_allowed and self.is_private(current):
                where = "" if current == url else f"redirected to {current}, "
                raise FetchError(url, f"{where}{_host(current)} is a private or local address, where a public page "
                                 "or feed may not send claimtrack.", cause="address")
            if robots and not self.allowed(current):
                where = "" if current == url else f" (redirected to {current})"
                raise FetchError(url, f"robots.txt of {_host(current)} does not allow claimtrack to fetch it{where}.",
                                 cause="robots")
            answer = self._request(current, headers, limit)
            if isinstance(answer, Fetched):
                return Fetched(url, answer.final_url, answer.status, answer.content, answer.media_type,
                               answer.charset, answer.etag, answer.last_modified)
            target = urljoin(current, answer)
            try:
                check_url(target)
            except FetchError as error:
                raise FetchError(url, f"redirected to {target}, which is not fetched: {error.reason}",
                                 cause="redirects") from None
            if target in hops:
                loop = " → ".join([*hops[hops.index(target):], target])
                raise FetchError(url, f"redirects in a loop: {loop}.", cause="redirects")
            hops.append(target)
            if len(hops) > self.policy.max_redirects + 1:
                raise FetchError(url, f"redirected more than {self.policy.max_redirects} times (last to {target}).",
                                 cause="redirects")
            current = target

    def _robots_of(self, url: str) -> _Robots:
        origin = _origin(url)
        known = self._robots.get(origin)
        now = self._clock()
        if known is not None and known.until > now:
            return known
        robots_url = f"{origin}/robots.txt"
        try:
            answer = self._follow(robots_url, {}, ROBOTS_LIMIT, robots=False)
        except FetchError as error:
            if error.cause == "status" and not error.transient:
                known = _Robots(None, now + ROBOTS_TTL)  # RFC 9309 2.3.1.3: unavailable, so no rules
            elif error.cause in ("redirects", "size", "body"):
                known = _Robots(None, now + ROBOTS_TTL)  # RFC 9309 2.3.1.2: too many redirects, unavailable
            else:  # RFC 9309 2.3.1.4: unreachable, so the whole site is closed until it answers
                known = _Robots(None, now + ROBOTS_RETRY, closed=(
                    f"robots.txt of {_host(url)} could not be read ({error.reason.rstrip('.')}); a site is not "
                    f"crawled until it answers (RFC 9309). Tried again after {describe_duration(ROBOTS_RETRY)}."))
        else:
            text = answer.content.decode("utf-8", errors="replace")
            known = _Robots(Protego.parse(text), now + ROBOTS_TTL)
        self._robots[origin] = known
        # The request for robots.txt was paced before its Crawl-delay was known.
        host = _host(url)
        self._next_request[host] = max(self._next_request.get(host, 0.0), self._clock() + self._delay_for(url))
        return known

    def _delay_for(self, url: str) -> float:
        delay = self.policy.delay
        robots = self._robots.get(_origin(url))
        if robots is not None and robots.rules is not None:
            asked = robots.rules.crawl_delay(ROBOTS_AGENT)
            if asked:
                delay = max(delay, min(float(asked), self.policy.max_crawl_delay))
        return delay

    def _wait(self, seconds: float) -> None:
        if seconds > 0 and self.stop.wait(seconds):
            raise FetchStopped()
        if self.stop.is_set():
            raise FetchStopped()

    def _request(self, url: str, headers: dict[str, str], limit: int) -> Fetched | str:
        """One URL, with retries: a :class:`Fetched`, or the ``Location`` of a redirect."""
        host = _host(url)
        tries = self.policy.retries + 1
        for attempt in range(tries):
            self._wait(self._next_request.get(host, 0.0) - self._clock())
            try:
                return self._once(url, headers, limit)
            except FetchError as error:
                if not error.transient:
                    raise
                if attempt == tries - 1:
                    raise (error.tried(tries) if tries > 1 else error) from None
                backoff = max(self.policy.backoff * 2 ** attempt, error.retry_after or 0.0)
                backoff = min(backoff, self.policy.max_backoff)
                self._next_request[host] = max(self._next_request.get(host, 0.0), self._clock() + backoff)
            finally:  # the delay runs from the end of a request, so no host is asked faster than it
                self._next_request[host] = max(self._next_request.get(host, 0.0), self._clock() + self._delay_for(url))
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str, headers: dict[str, str], limit: int) -> Fetched | str:
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in REDIRECTS and response.headers.get("location"):
                    return response.headers["location"]
                if status in TRANSIENT_STATUSES or status >= 500:
                    raise FetchError(url, f"HTTP {status} {response.reason_phrase}.", cause="status", transient=True,
                                     status=status, retry_after=_retry_after(response.headers.get("retry-after")))
                if status >= 400:
                    raise FetchError(url, f"HTTP {status} {response.reason_phrase}.", cause="status", status=status)
                content_type = response.headers.get("content-type", "")
                media_type = content_type.split(";")[0].strip().lower()
                charset = response.charset_encoding
                validators = (response.headers.get("etag"), response.headers.get("last-modified"))
                final = str(response.url)
                if status == 304:
                    return Fetched(url, final, 304, b"", media_type, charset, *validators)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(url, f"is {_size(int(declared))}, more than the {_size(limit)} claimtrack reads.",
                                     cause="size")
                body = bytearray()
                for chunk in response.iter_bytes(CHUNK):
                    body += chunk
                    if len(body) > limit:
                        raise FetchError(url, f"is more than the {_size(limit)} claimtrack reads.", cause="size")
                return Fetched(url, final, status, bytes(body), media_type, charset, *validators)
        except httpx.TimeoutException:
            raise FetchError(url, f"timed out after {describe_duration(self.policy.timeout)}.", cause="timeout",
                             transient=True) from None
        except httpx.DecodingError as error:
            raise FetchError(url, f"the server sent a body that cannot be decoded ({error}).", cause="body") from None
        except httpx.TransportError as error:
            reason = str(error) or type(error).__name__
            raise FetchError(url, f"could not connect ({reason}).", cause="connection", transient=True) from None
