"""The interactive screening session: one record at a time, one key per decision.

``slr screen session --screener NAME`` shows the next record by rank (title, journal, year,
abstract with inclusion keywords in green and exclusion keywords in red), the screener's own
progress and the stopping rule's estimate, and reads one key: ``i`` include, ``e`` exclude,
``m`` maybe, ``n`` not retrieved (full text only), ``u`` undo, ``s`` skip, ``q`` quit. At full
text an exclusion asks for the reason by its number in the configured list.

Every decision is appended to the store at once (:func:`pipeline.screen.decisions.append`),
so quitting, a closed terminal or a crash loses nothing. Undo takes back this session's
decisions, latest first, by appending the decision that was current before (or
``withdrawn``): the history is kept.

Blind dual screening: the session shows and counts only this screener's decisions, and the
model it retrains learns from this screener's decisions only. Every ``retrain_every``
decisions, and after every inclusion, a background thread re-ranks the remaining records
(:func:`pipeline.screen.active.rank`); the screener keeps going on the current order and the
queue is swapped in when the new ranking is ready.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from pipeline.errors import DataError, UsageError
from pipeline.safetext import for_terminal
from pipeline.screen.decisions import (
    CONSENSUS,
    WITHDRAWN,
    append,
    history,
    latest,
    make_decision,
)
from pipeline.screen.sheets import candidates

#: Keys per stage and the decision each one records.
DECISION_KEYS: dict[str, dict[str, str]] = {
    "title_abstract": {"i": "include", "e": "exclude", "m": "maybe"},
    "full_text": {"i": "include", "e": "exclude", "m": "maybe", "n": "not_retrieved"},
}
ACTION_KEYS = {"u": "undo", "s": "skip", "q": "quit"}


def load_highlight(path: str | Path | None) -> dict[str, list[str]]:
    """Keywords to highlight: ``{"include": [...], "exclude": [...]}``.

    ``path`` is YAML (a mapping with ``include``/``exclude`` lists, or a plain list of
    inclusion keywords) or text with one keyword per line (``-word`` marks an exclusion
    keyword, ``#`` starts a comment). ``*`` at the end of a keyword matches any ending.
    """
    out: dict[str, list[str]] = {"include": [], "exclude": []}
    if path is None:
        return out
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such highlight file")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise DataError(f"{path}: not valid YAML ({exc})") from exc
        if isinstance(data, list):
            data = {"include": data}
        if not isinstance(data, dict) or set(data) - {"include", "exclude"}:
            raise DataError(f"{path}: expected a mapping with 'include' and 'exclude' lists")
        for key in ("include", "exclude"):
            values = data.get(key) or []
            if not isinstance(values, list):
                raise DataError(f"{path}: '{key}' must be a list of keywords")
            out[key] = [str(v).strip() for v in values if str(v).strip()]
        return out
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        if word.startswith("-"):
            out["exclude"].append(word[1:].strip())
        else:
            out["include"].append(word.lstrip("+").strip())
    return out


def keyword_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern matching any keyword at a word start.

    >>> bool(keyword_pattern(["integrat*"]).search("Integration of care"))
    True
    >>> keyword_pattern([]) is None
    True
    """
    parts = []
    for word in sorted({w for w in words if w}, key=lambda w: (-len(w), w)):
        stem = word.rstrip("*")
        body = r"\s+".join(re.escape(p) for p in stem.split())
        parts.append(body + (r"\w*" if word.endswith("*") else r"\b"))
    if not parts:
        return None
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.IGNORECASE)


class Ranker:
    """Re-rank in a background thread; :meth:`poll` returns a finished ranking once.

    ``rank_fn(labels) -> DataFrame(record_id, score, rank)``. A request made while a ranking
    runs is remembered and started (with the labels of the latest request) when it ends.
    """

    def __init__(self, rank_fn: Callable[[dict[str, int]], pd.DataFrame]) -> None:
        self.rank_fn = rank_fn
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pending: dict[str, int] | None = None
        self._result: pd.DataFrame | None = None
        self.error: str = ""
        self.n_labels: int = 0
        self.completed = 0

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._thread is not None

    def request(self, labels: Mapping[str, int]) -> None:
        with self._lock:
            if self._thread is not None:
                self._pending = dict(labels)
                return
            self._start(dict(labels))

    def _start(self, labels: dict[str, int]) -> None:
        thread = threading.Thread(target=self._work, args=(labels,), daemon=True)
        self._thread = thread
        thread.start()

    def _work(self, labels: dict[str, int]) -> None:
        try:
            result = self.rank_fn(labels)
            error = ""
        except Exception as exc:  # shown to the screener; the current order stays
            result, error = None, f"{type(exc).__name__}: {exc}"
        with self._lock:
            if result is not None:
                self._result = result
                self.n_labels = len(labels)
                self.completed += 1
            self.error = error
            self._thread = None
            if self._pending is not None:
                pending, self._pending = self._pending, None
                self._start(pending)

    def poll(self) -> pd.DataFrame | None:
        with self._lock:
            result, self._result = self._result, None
            return result

    def wait(self, timeout: float | None = None) -> None:
        """Block until no ranking runs (tests and the end of a session)."""
        while True:
            with self._lock:
                thread = self._thread
            if thread is None:
                return
            thread.join(timeout)
            if timeout is not None:
                return


def read_key(
    keys: Sequence[str], *, message: str = "> ", input: Any = None, output: Any = None
) -> str:
    """Wait for one of ``keys`` (case-insensitive) and return it; Ctrl-C/Ctrl-D give ``q``."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Layout
    from prompt_toolkit.layout.containers import Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    bindings = KeyBindings()
    for key in keys:
        for variant in {key, key.upper()}:
            bindings.add(variant)(lambda event, k=key: event.app.exit(result=k))
    for quit_key in ("c-c", "c-d"):
        bindings.add(quit_key)(lambda event: event.app.exit(result="q"))
    app: Application[str] = Application(
        layout=Layout(Window(FormattedTextControl(message), height=1)),
        key_bindings=bindings,
        full_screen=False,
        input=input,
        output=output,
    )
    return app.run()


def read_number(prompt: str, maximum: int, *, input: Any = None, output: Any = None) -> int | None:
    """Ask for a number from 1 to ``maximum`` (Enter on an empty line cancels)."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.validation import Validator

    def valid(text: str) -> bool:
        text = text.strip()
        return not text or (text.isdigit() and 1 <= int(text) <= maximum)

    validator = Validator.from_callable(
        valid, error_message=f"type a number from 1 to {maximum}, or Enter to cancel"
    )
    session: PromptSession[str] = PromptSession(input=input, output=output)
    try:
        text = session.prompt(prompt, validator=validator, validate_while_typing=False)
    except (EOFError, KeyboardInterrupt):
        return None
    return int(text) if text.strip() else None


def _default_rank_fn(
    records: pd.DataFrame, seed: int, query_text: str
) -> Callable[[dict[str, int]], pd.DataFrame]:
    """The screening model's ranking of ``records`` from a screener's labels."""
    from pipeline.screen.active import rank_in_decision_order

    return functools.partial(rank_in_decision_order, records, seed=seed, query_text=query_text)


class Session:
    """One screener's interactive session at one stage (see the module docstring)."""

    def __init__(
        self,
        records: pd.DataFrame,
        queue: pd.DataFrame,
        *,
        decisions: str | Path,
        screener: str,
        stage: str = "title_abstract",
        review: str,
        reasons: Sequence[str],
        highlight: Mapping[str, Sequence[str]] | None = None,
        retrain_every: int = 10,
        seed: int = 42,
        query_text: str = "",
        resolver: str = CONSENSUS,
        target_recall: float = 0.95,
        console: Console | None = None,
        input: Any = None,
        output: Any = None,
        rank_fn: Callable[[dict[str, int]], pd.DataFrame] | None = None,
    ) -> None:
        self.records = records.set_index("record_id", drop=False)
        self.decisions = Path(decisions)
        self.screener = screener
        self.stage = stage
        self.review = review
        self.reasons = list(reasons)
        self.retrain_every = retrain_every if stage == "title_abstract" else 0
        self.target_recall = target_recall
        self.console = console or Console(highlight=False)
        self.input = input
        self.output = output
        highlight = highlight or {}
        self.include_re = keyword_pattern(list(highlight.get("include", ())))
        self.exclude_re = keyword_pattern(list(highlight.get("exclude", ())))

        self._load_decisions(records, queue, resolver=resolver)
        self.undo_stack: list[tuple[str, dict[str, Any] | None]] = []
        self.since_retrain = 0
        self.saved = 0
        self.message = ""
        self.ranked_on = "queue.csv" if len(queue) else "record id order (no ranking yet)"
        self.ranker: Ranker | None = None
        if self.retrain_every:
            self.ranker = Ranker(rank_fn or _default_rank_fn(records, seed, query_text))
            # Start from a model of this screener's own decisions (blind), in the background.
            self.ranker.request(self.own_labels())

    def _load_decisions(self, records: pd.DataFrame, queue: pd.DataFrame, *, resolver: str) -> None:
        """This screener's lines so far, the records of the stage and the ones still to do,
        ranked records first in rank order, then the unranked by id."""
        screener, stage = self.screener, self.stage
        frame = history(self.decisions, review=self.review)
        current = latest(frame)
        mine = frame[(frame["screener"] == screener) & (frame["stage"] == stage)]
        # This screener's lines at this stage, oldest first: progress, labels and undo.
        self.mine: list[dict[str, Any]] = mine.drop(columns="line").to_dict("records")
        self.pool = candidates(records, frame, stage=stage, resolver=resolver)
        self.n_total = len(self.pool)
        done = (
            set(
                current.loc[
                    (current["screener"] == screener) & (current["stage"] == stage), "record_id"
                ]
            )
            if len(current)
            else set()
        )
        ranks = dict(zip(queue["record_id"], queue["rank"], strict=True))
        self.scores: dict[str, float] = {
            r: float(s) for r, s in zip(queue["record_id"], queue["score"], strict=True)
        }
        todo = [r for r in self.pool if r not in done]
        self.todo: list[str] = sorted(
            todo, key=lambda r: (pd.isna(ranks.get(r, pd.NA)), ranks.get(r, 0) or 0, r)
        )

    # ---------------------------------------------------------------- state

    def _own_current(self) -> list[tuple[str, dict[str, Any]]]:
        """This screener's current decision per record, in the order first decided."""
        current: dict[str, dict[str, Any]] = {}
        order: dict[str, int] = {}
        for i, line in enumerate(self.mine):
            order.setdefault(line["record_id"], i)
            if line["decision"] == WITHDRAWN:
                current.pop(line["record_id"], None)
            else:
                current[line["record_id"]] = line
        return sorted(current.items(), key=lambda kv: order[kv[0]])

    def own_labels(self) -> dict[str, int]:
        value = {"include": 1, "exclude": 0}
        return {r: value[d["decision"]] for r, d in self._own_current() if d["decision"] in value}

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for _, line in self._own_current():
            out[line["decision"]] = out.get(line["decision"], 0) + 1
        return out

    def stopping(self) -> dict[str, Any] | None:
        if self.stage != "title_abstract":
            return None
        try:
            from pipeline.screen.stopping import stopping_estimate
        except ImportError:  # pragma: no cover
            return None
        value = {"include": 1, "exclude": 0}
        order = [value[d["decision"]] for _, d in self._own_current() if d["decision"] in value]
        try:
            return stopping_estimate(order, self.n_total, target_recall=self.target_recall)
        except (ValueError, ArithmeticError):
            return None

    def _swap_if_ready(self) -> None:
        if self.ranker is None:
            return
        if self.ranker.error:
            self.message = f"re-ranking failed ({self.ranker.error}); keeping the current order"
            self.ranker.error = ""
        ranking = self.ranker.poll()
        if ranking is None:
            return
        remaining = set(self.todo)
        ranked = [r for r in ranking["record_id"] if r in remaining]
        rest = [r for r in self.todo if r not in set(ranked)]
        self.todo = ranked + rest
        self.scores.update(zip(ranking["record_id"], ranking["score"], strict=True))
        n = self.ranker.n_labels
        self.ranked_on = (
            f"model trained on your {n} decision{'s' if n != 1 else ''}"
            if n
            else "model cold start (no decisions yet)"
        )

    # ---------------------------------------------------------------- actions

    def decide(self, record_id: str, decision: str, *, reason: str = "") -> dict[str, Any]:
        """Append this screener's decision and move on (also used by tests and undo)."""
        previous = next((d for r, d in reversed(self._own_current()) if r == record_id), None)
        line = make_decision(
            record_id,
            self.screener,
            self.stage,
            decision,
            review=self.review,
            reason=reason,
            # The place the record had in this screener's order when decided.
            rank=len(self._own_current()) + self.todo.index(record_id) + 1
            if record_id in self.todo
            else None,
            score=self.scores.get(record_id),
            reasons=self.reasons,
        )
        append(self.decisions, [line])
        self.mine.append(line)
        self.saved += 1
        if record_id in self.todo:
            self.todo.remove(record_id)
        self.undo_stack.append((record_id, previous))
        self.since_retrain += 1
        # An inclusion re-ranks at once: it is the best clue to similar records still
        # unscreened (pipeline.screen.active, retraining schedule).
        if self.ranker is not None and (
            self.since_retrain >= self.retrain_every or decision == "include"
        ):
            self.since_retrain = 0
            self.ranker.request(self.own_labels())
        return line

    def undo(self) -> str | None:
        """Take back this session's last decision (appends the previous state)."""
        if not self.undo_stack:
            return None
        record_id, previous = self.undo_stack.pop()
        if previous is None:
            line = make_decision(
                record_id, self.screener, self.stage, WITHDRAWN, review=self.review
            )
        else:
            line = make_decision(
                record_id,
                self.screener,
                self.stage,
                previous["decision"],
                review=self.review,
                reason=previous.get("reason", ""),
                note=previous.get("note", ""),
                rank=previous.get("rank"),
                score=previous.get("score"),
            )
        append(self.decisions, [line])
        self.mine.append(line)
        self.saved += 1
        if previous is None and record_id not in self.todo:
            self.todo.insert(0, record_id)
        return record_id

    def skip(self, record_id: str) -> None:
        self.todo.remove(record_id)
        self.todo.append(record_id)

    # ---------------------------------------------------------------- display

    def _highlighted(self, text: str) -> Text:
        # Record text is shown as plain text: never read as rich markup, and without the
        # control sequences a terminal would act on (pipeline.safetext).
        out = Text(for_terminal(text))
        if self.include_re is not None:
            out.highlight_regex(self.include_re, style="bold green")
        if self.exclude_re is not None:
            out.highlight_regex(self.exclude_re, style="bold red")
        return out

    def render(self, record_id: str | None) -> None:
        console = self.console
        console.clear()
        if record_id is not None:
            row = self.records.loc[record_id]
            year = "" if pd.isna(row["year"]) else str(int(row["year"]))
            score = self.scores.get(record_id)
            position = self.n_total - len(self.todo) + 1
            heading = f"{self.stage.replace('_', '/')} · next {position} of {self.n_total}"
            if score is not None and not pd.isna(score):
                heading += f" · score {score:.3f}"
            title = self._highlighted(row["title"] or "(no title)")
            title.stylize("bold")
            body = Group(
                title,
                Text(
                    for_terminal(" · ".join(v for v in (row["journal"], year, record_id) if v)),
                    style="dim",
                ),
                Text(""),
                self._highlighted(row["abstract"] or "(no abstract)"),
            )
            console.print(Panel(body, title=Text(heading), title_align="left"))
        else:
            console.print(Panel(Text("Nothing left to screen at this stage."), title="done"))
        counts = self.counts()
        decided = sum(counts.values())
        parts = ", ".join(f"{counts[k]} {k}" for k in sorted(counts)) or "none yet"
        console.print(
            Text.assemble(
                (for_terminal(self.screener), "bold"),
                f": {decided} decided ({parts}); {len(self.todo)} to go · order: "
                + self.ranked_on
                + (" · re-ranking…" if self.ranker is not None and self.ranker.busy else ""),
            )
        )
        estimate = self.stopping()
        if estimate is not None:
            verdict = "STOP" if estimate.get("stop") else "continue"
            remaining = estimate.get("estimated_relevant_remaining")
            left = "?" if remaining is None else f"{remaining:.1f}"
            upper = estimate.get("estimated_relevant_remaining_upper")
            console.print(
                Text.assemble(
                    f"stopping rule: ~{left} relevant left (at most {upper}) · says ",
                    (verdict, "bold"),
                )
            )
        if self.message:
            console.print(Text(for_terminal(self.message), style="yellow"))
            self.message = ""
        keys = DECISION_KEYS[self.stage]
        legend = "  ".join(f"[{k}] {v.replace('_', ' ')}" for k, v in keys.items())
        console.print(f"{legend}  [u] undo  [s] skip  [q] quit", markup=False)

    def ask_reason(self) -> str | None:
        self.console.print("Exclusion reason:", markup=False)
        for i, reason in enumerate(self.reasons, start=1):
            self.console.print(Text(f"  {i:>2}. {for_terminal(reason)}"))
        number = read_number(
            f"reason number 1-{len(self.reasons)} (Enter cancels): ",
            len(self.reasons),
            input=self.input,
            output=self.output,
        )
        return None if number is None else self.reasons[number - 1]

    # ---------------------------------------------------------------- loop

    def run(self) -> int:
        """Screen until the screener quits; returns the number of lines saved."""
        keys = DECISION_KEYS[self.stage]
        allowed = [*keys, *ACTION_KEYS]
        while True:
            self._swap_if_ready()
            current = self.todo[0] if self.todo else None
            self.render(current)
            key = read_key(allowed, input=self.input, output=self.output)
            if key == "q":
                break
            if key == "u":
                undone = self.undo()
                self.message = f"undone: {undone}" if undone else "nothing to undo"
                continue
            if current is None:
                continue
            if key == "s":
                self.skip(current)
                self.message = f"skipped {current} (it comes back at the end)"
                continue
            decision = keys[key]
            reason = ""
            if self.stage == "full_text" and decision == "exclude":
                chosen = self.ask_reason()
                if chosen is None:
                    self.message = "exclusion cancelled"
                    continue
                reason = chosen
            self.decide(current, decision, reason=reason)
            self.message = f"saved: {current} {decision}" + (f" ({reason})" if reason else "")
        self.console.print(
            Text(for_terminal(f"saved {self.saved} decision line(s) to {self.decisions}"))
        )
        return self.saved
