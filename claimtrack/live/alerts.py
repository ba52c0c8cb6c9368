"""Alerts: a line per new quote a rule matches and per claim that gains an outlet, recorded so that
each is raised once, even across restarts and beside other processes, and handed on by command or
webhook.

Rules (``--alert``): ``speaker:NAME`` (a quote by a speaker with that name or alias, as
``claimtrack quotes --speaker`` finds them), ``query:WORDS`` (a quote the words match, as
``claimtrack search`` matches them) and ``claims`` (a claim reported by two outlets or more that a
new quote joined: once per number of outlets it reaches). A rule looks at the quotes stored since
it last looked (``alert_rules``); a rule used for the first time starts from the quotes stored
then, so it does not raise the whole archive. An alert's key (the rule and the quote, or the
claim's oldest quote and its number of outlets) is unique in ``alerts``: raising it again, in this
process or another, does nothing.

An alert is recorded before it is handed on and marked delivered after; the alerts a process
recorded and did not hand on before it died are handed on by the next watch on the same machine.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
from dataclasses import dataclass

import sqlite_utils

from claimtrack.live.fetch import FetchError, check_url
from claimtrack.storage import sources as rows
from claimtrack.storage.articles import latest_quote
from claimtrack.storage.claims import MATCHED_THROUGH
from claimtrack.storage.queries import QuoteFilter
from claimtrack.storage.schema import state, writing

RULE_FORMS = "speaker:NAME, query:WORDS or claims"
QUOTE, CLAIM = "quote", "claim"
SHOWN_CHARS = 140
EXEC_TIMEOUT = 60.0
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class AlertRuleError(ValueError):
    """An ``--alert`` value claimtrack does not know; the message lists the forms it knows."""


@dataclass(frozen=True)
class AlertRule:
    """One ``--alert``: ``kind`` is ``speaker``, ``query`` or ``claims``; ``value`` the name or words."""

    kind: str
    value: str | None = None

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.value}" if self.value else self.kind

    @classmethod
    def parse(cls, text: str) -> AlertRule:
        """An alert rule as written on the command line.

        >>> AlertRule.parse("speaker:Sri Mulyani"), AlertRule.parse(" claims ").name
        (AlertRule(kind='speaker', value='Sri Mulyani'), 'claims')
        >>> AlertRule.parse("speakr:Jokowi")
        Traceback (most recent call last):
        ...
        claimtrack.live.alerts.AlertRuleError: 'speakr:Jokowi' is not an alert rule; write speaker:NAME, \
query:WORDS or claims.
        """
        kind, colon, value = text.strip().partition(":")
        kind, value = kind.strip().lower(), " ".join(value.split())
        if kind == "claims" and not colon:
            return cls("claims")
        if kind in ("speaker", "query") and value:
            return cls(kind, value)
        if kind in ("speaker", "query"):
            raise AlertRuleError(f"{text!r} names no {'speaker' if kind == 'speaker' else 'words'}; "
                                 f"write {kind}:{'NAME' if kind == 'speaker' else 'WORDS'}.")
        raise AlertRuleError(f"{text!r} is not an alert rule; write {RULE_FORMS}.")


@dataclass(frozen=True)
class Alert:
    """One alert: its row id, the rule that raised it, ``quote`` or ``claim``, the line a person
    reads, and the record a program reads (``payload``, the line included)."""

    id: int
    rule: str
    kind: str
    line: str
    payload: dict

    def json(self) -> str:
        return json.dumps({"alert": self.id, **self.payload}, ensure_ascii=False)


def owner() -> str:
    """Who hands an alert on: this process on this machine."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _shown(text: str | None, limit: int = SHOWN_CHARS) -> str:
    """Text for one line of a terminal or a chat: control characters out, white space folded, cut."""
    text = " ".join(_CONTROL.sub(" ", text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _clock(published_at: str | None, published: str | None) -> str:
    """`2023-09-20 10:02` when the page gave its time, else the date."""
    if published_at and "T" in published_at:
        return f"{published_at[:10]} {published_at[11:16]}"
    return published or "undated"


def _through(db: sqlite_utils.Database, rule: AlertRule) -> int:
    """The last quote a rule can look at now: the last stored, or for claims the last matched into
    claims (a quote stored by another process and not matched yet is looked at once it is)."""
    if rule.kind == "claims":
        return int(state(db, MATCHED_THROUGH) or 0)
    return latest_quote(db)


def start(db: sqlite_utils.Database, rules: list[AlertRule]) -> None:
    """Let each rule never used before start from the quotes stored now (for claims too: a claim
    that quotes stored before joined is no news)."""
    for rule in rules:
        rows.start_rule(db, rule.name, latest_quote(db))


def raise_alerts(db: sqlite_utils.Database, rules: list[AlertRule], *, by: str | None = None) -> list[Alert]:
    """The alerts the quotes stored since each rule last looked raise, recorded once each (an alert
    another process recorded first is not raised here), in one transaction."""
    by = by or owner()
    raised = []
    with writing(db):
        for rule in rules:
            through = _through(db, rule)
            after = rows.rule_through(db, rule.name)
            if after is None:  # a rule this process did not start: it begins now
                rows.start_rule(db, rule.name, latest_quote(db))
                continue
            if through <= after:
                continue
            for key, kind, line, payload, ids in _found(db, rule, after, through):
                payload = {"rule": rule.name, "kind": kind, "line": line, **payload}
                alert_id = rows.record_alert(db, key=key, rule=rule.name, kind=kind, line=line, payload=payload,
                                             owner=by, **ids)
                if alert_id is not None:
                    raised.append(Alert(alert_id, rule.name, kind, line, payload))
            rows.advance_rule(db, rule.name, through)
    return raised


def _found(db: sqlite_utils.Database, rule: AlertRule, after: int, through: int):
    if rule.kind == "claims":
        claims = rows.claims_joined_between(db, after, through)
        times = rows.published_times(db, [claim["first_article"] for claim in claims])
        for claim in claims:
            when = _clock(times.get(claim["first_article"]), claim["first_published"])
            line = (f"claim {claim['id']} \"{_shown(claim['statement'], 80)}\": now {claim['outlets']} outlets; "
                    f"first {claim['first_outlet'] or 'an unknown outlet'} {when}")
            payload = {"claim_id": claim["id"], "statement": claim["statement"], "speaker": claim["speaker_name"],
                       "outlets": claim["outlets"], "members": claim["members"], "first_outlet": claim["first_outlet"],
                       "first_published": times.get(claim["first_article"]) or claim["first_published"],
                       "first_url": claim["first_url"]}
            yield (f"claims|{claim['oldest_quote']}|{claim['outlets']}", CLAIM, line, payload,
                   {"claim_id": claim["id"], "outlets": claim["outlets"]})
        return
    if rule.kind == "speaker":
        quotes = rows.quotes_between(db, after, through, filters=QuoteFilter(speaker=rule.value))
    else:
        quotes = rows.quotes_between(db, after, through, query=rule.value)
    for quote in quotes:
        where = ", ".join(part for part in (quote["outlet"], quote["published"]) if part)
        line = (f"[{_shown(rule.name, 60)}] {_shown(quote['speaker_name'] or 'unknown speaker', 60)}"
                f"{f' ({where})' if where else ''}: “{_shown(quote['text'])}” quote {quote['id']}"
                f"{' ' + quote['url'] if quote['url'] else ''}")
        payload = {"quote_id": quote["id"], "speaker": quote["speaker_name"], "text": quote["text"],
                   "quote_kind": quote["kind"], "outlet": quote["outlet"], "published": quote["published"],
                   "url": quote["url"], "title": quote["title"], "article_id": quote["article_id"]}
        yield f"{rule.name}|quote|{quote['id']}", QUOTE, line, payload, {"quote_id": quote["id"]}


def orphaned(db: sqlite_utils.Database, *, by: str | None = None) -> list[Alert]:
    """Alerts recorded by a process of this machine that died before handing them on, now this
    process's to hand on."""
    by = by or owner()
    host = by.rsplit(":", 1)[0]
    taken = []
    for row in rows.undelivered(db):
        their_host, _, pid = (row["owner"] or "").rpartition(":")
        if row["owner"] != by and their_host == host and pid.isdigit() and not _alive(int(pid)):
            taken.append(row)
    rows.take_over(db, [row["id"] for row in taken], by)
    return [Alert(row["id"], row["rule"], row["kind"], row["line"], json.loads(row["payload"])) for row in taken]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- handing alerts on ----------------------------------------------------------------------------

class ExecHandler:
    """``--exec CMD``: runs CMD once per alert (split as a shell would, run without one), the
    alert as JSON on its standard input and in ``$CLAIMTRACK_ALERT_JSON``, its line in
    ``$CLAIMTRACK_ALERT``."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.argv = shlex.split(command)
        if not self.argv:
            raise AlertRuleError("--exec names no command.")

    def __call__(self, alert: Alert) -> None:
        env = {**os.environ, "CLAIMTRACK_ALERT": alert.line, "CLAIMTRACK_ALERT_JSON": alert.json()}
        try:
            done = subprocess.run(self.argv, input=alert.json() + "\n", text=True, env=env, capture_output=True,
                                  timeout=EXEC_TIMEOUT, check=False)
        except FileNotFoundError:
            raise DeliveryError(f"--exec {self.command}: no such command {self.argv[0]!r}.") from None
        except subprocess.TimeoutExpired:
            raise DeliveryError(f"--exec {self.command}: still running after {EXEC_TIMEOUT:g} s; stopped.") from None
        if done.returncode != 0:
            said = _shown(done.stderr, 200)
            raise DeliveryError(f"--exec {self.command}: exited with status {done.returncode}"
                                f"{f' ({said})' if said else ''}.")


class WebhookHandler:
    """``--webhook URL``: POSTs each alert as JSON to URL, tried again on a timeout, 429 or 5xx."""

    def __init__(self, url: str, *, timeout: float = 10.0, tries: int = 3, backoff: float = 1.0) -> None:
        try:
            self.url = check_url(url)
        except FetchError as error:
            raise AlertRuleError(f"--webhook {error}") from None
        self.timeout, self.tries, self.backoff = timeout, tries, backoff

    def __call__(self, alert: Alert) -> None:
        import time

        import httpx

        from claimtrack.live.fetch import TRANSIENT_STATUSES, USER_AGENT

        problem = ""
        for attempt in range(self.tries):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                answer = httpx.post(self.url, content=alert.json().encode("utf-8"), timeout=self.timeout,
                                    headers={"Content-Type": "application/json", "User-Agent": USER_AGENT})
            except httpx.HTTPError as error:
                problem = str(error) or type(error).__name__
                continue
            if answer.is_success:
                return
            problem = f"HTTP {answer.status_code} {answer.reason_phrase}"
            if answer.status_code not in TRANSIENT_STATUSES and answer.status_code < 500:
                break
        raise DeliveryError(f"--webhook {self.url}: {problem} (alert {alert.id}).")


class DeliveryError(RuntimeError):
    """An alert that could not be handed on; the message names the handler and the reason."""


def deliver(db: sqlite_utils.Database, alert: Alert, handlers: list) -> list[str]:
    """Hand an alert to each handler and mark it delivered; returns the problems (one per handler
    that failed, recorded with the alert: it is not handed on again)."""
    problems = []
    for handler in handlers:
        try:
            handler(alert)
        except DeliveryError as error:
            problems.append(str(error))
    rows.alert_delivered(db, alert.id, error="; ".join(problems) or None)
    return problems
