"""nrules report: one self-contained HTML page with the answer and two charts."""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from negotiation_rules import assess, load_situation, loads_situation
from negotiation_rules.cli import main
from negotiation_rules.levers import with_levers
from negotiation_rules.report import MissingExtra, render_report

EXAMPLES = Path(__file__).parent.parent / "examples"


class Page(HTMLParser):
    """The parts of a page the tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.sections: dict[str, list[str]] = {}
        self.fetches: list[str] = []
        self._section: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self._section = found.get("id")
            self.sections[str(self._section)] = []
        elif self._section:
            self.sections[self._section].append(f"<{tag}>")
        for name in ("src", "href"):
            if found.get(name):
                self.fetches.append(str(found[name]))
        if tag in ("script", "link", "iframe", "img"):
            self.fetches.append(tag)

    def handle_data(self, data: str) -> None:
        if self._section and data.strip():
            self.sections[self._section].append(data.strip())


def page_for(name: str) -> tuple[str, Page]:
    situation = load_situation(EXAMPLES / f"{name}.toml")
    text = render_report(situation, with_levers(situation))
    return text, Page(text)


def test_every_part_is_there() -> None:
    _, page = page_for("vendor-contract")
    assert list(page.sections) == ["headline", "warnings", "recommendations", "preparation",
                                   "notes", "numberline", "history", "levers", "rules"]
    assert "hold" in page.sections["headline"]
    assert "caving" in page.sections["warnings"]
    assert "<svg>" in page.sections["numberline"]
    assert "<svg>" in page.sections["history"]
    assert "-10,000" in page.sections["history"]  # a concession's size
    assert "concede.hold_unanswered" in page.sections["rules"]
    assert "One-sided retreat teaches the other side that pressure works." in \
        page.sections["rules"]


def test_self_contained_and_deterministic() -> None:
    text, page = page_for("lease")
    assert page.fetches == []
    assert text == page_for("lease")[0]


def test_no_history_chart_without_offers() -> None:
    _, page = page_for("supplier-renewal")
    assert "history" not in page.sections
    assert "numberline" in page.sections


def test_cli_writes_the_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(main, ["report", str(EXAMPLES / "lease.toml"), "-o", str(out)])
    assert result.exit_code == 0
    assert result.stderr == f"wrote {out}\n"
    assert "walk_away" in Page(out.read_text()).sections["headline"]


def test_missing_extra_is_a_clear_message(runner: CliRunner, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    situation = load_situation(EXAMPLES / "lease.toml")
    with pytest.raises(MissingExtra, match=r"pip install 'negotiation-rules\[report\]'"):
        render_report(situation, assess(situation))
    out = tmp_path / "report.html"
    result = runner.invoke(main, ["report", str(EXAMPLES / "lease.toml"), "-o", str(out)])
    assert result.exit_code == 1
    assert "matplotlib" in result.stderr and not out.exists()


def test_bad_situation_exits_2(runner: CliRunner) -> None:
    assert runner.invoke(main, ["report", "missing.toml"]).exit_code == 2


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                    "(apt-get install chromium); .ci/run installs it")
def test_renders_in_a_browser_without_errors(tmp_path: Path) -> None:
    """Headless Chromium loads the page offline, logs no console error, and shows it."""
    text, _ = page_for("vendor-contract")
    path = tmp_path / "report.html"
    path.write_text(text)
    result = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr",
         "--v=0", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120, check=True)
    assert ":CONSOLE" not in result.stderr
    dom = Page(result.stdout)
    assert "hold" in dom.sections["headline"]
    assert "<svg>" in dom.sections["history"]


@pytest.mark.parametrize("unit", ["$$", "$x^2$", "a_b", "\\frac{1}{2}", "$"])
def test_units_and_labels_are_plain_text(unit: str) -> None:
    """Issue 14: matplotlib read the unit as mathtext ("$$" raised a ParseException)."""
    text = (EXAMPLES / "vendor-contract.toml").read_text().replace('unit = "USD"',
                                                                   f"unit = {unit!r}")
    situation = loads_situation(text)
    page = render_report(situation, with_levers(situation))
    assert html.escape(unit, quote=False) in "".join(Page(page).sections["history"])


def test_the_callers_matplotlib_settings_are_left_alone() -> None:
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "path", "text.parse_math": True}):
        page_for("lease")
        assert (matplotlib.rcParams["svg.fonttype"], matplotlib.rcParams["text.parse_math"]) \
            == ("path", True)
