#!/usr/bin/env python3
"""Browser checks of the kaohe site: every page kind on a phone (390 px, and 360 px for sideways
scroll) and on a desk (1366 px), in the system Chromium driven by Playwright, with axe-core.

For each page: the page never scrolls sideways, no visible text is smaller than 12 px, and axe-core
finds no violation of impact serious or critical. Screenshots (and A4 print PDFs of the notices,
with PNGs of their first pages) are written for a person to look at.

Sites checked: the demo site (`kaohe demo`) and a site built from the test fixtures
(Tests/IngestTests/Fixtures imported with `kaohe import`, then `kaohe build`); or the sites given
with --site. The last line is `N passed, N failed`; the exit status is 1 when a check failed.

    python3 Tests/browser/check_pages.py [--kaohe .build/debug/kaohe] [--site DIR ...]
"""
import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
MIN_TEXT_PX = 12.0
WIDTHS = {"phone": 390, "desk": 1366}
NARROW = 360  # the narrowest phone: checked for sideways scroll only
BAD_IMPACTS = ("serious", "critical")
# The WCAG 2.0–2.2 A and AA rules of axe-core (its best-practice rules take as long again and are advice).
AXE_OPTIONS = {"resultTypes": ["violations"],
               "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}

# Visible text nodes under 12 px: [{text, size, tag, cls}].
SMALL_TEXT_JS = """(minPx) => {
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const t = walker.currentNode;
    const text = t.textContent.trim();
    if (!text) continue;
    const el = t.parentElement;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const px = parseFloat(cs.fontSize);
    if (px < minPx) bad.push({text: text.slice(0, 24), size: px, tag: el.tagName, cls: el.className});
  }
  return bad;
}"""

# The 附件说明: "附件：" must end before the first item's number ("1. ", drawn as the list marker in the
# item's own font) begins, and further lines must start under the item's name. Null when the page has none.
ATTACHMENTS_JS = """() => {
  const head = document.querySelector('.attachments-head');
  if (!head) return null;
  const problems = [];
  const headRight = head.getBoundingClientRect().right;
  const ctx = document.createElement('canvas').getContext('2d');
  for (const li of document.querySelectorAll('.attachment-list li')) {
    const cs = getComputedStyle(li);
    const range = document.createRange();
    range.selectNodeContents(li);
    const lines = [...range.getClientRects()];
    if (!lines.length) continue;
    const left = lines[0].left;
    if (cs.listStyleType !== 'none') {
      ctx.font = cs.fontSize + ' ' + cs.fontFamily;
      const marker = ctx.measureText((li.value || 1) + '. ').width;
      if (left - marker < headRight - 0.5)
        problems.push(`number of “${li.textContent.slice(0, 12)}” overlaps 附件：by ${Math.round(headRight - (left - marker))} px`);
    } else if (left < headRight - 0.5) {
      problems.push(`“${li.textContent.slice(0, 12)}” starts under 附件：`);
    }
    for (const r of lines.slice(1))
      if (Math.abs(r.left - left) > 1 && r.top > lines[0].top + 1)
        problems.push(`a further line of “${li.textContent.slice(0, 12)}” starts at ${Math.round(r.left)} px, not under its name (${Math.round(left)} px)`);
  }
  return problems;
}"""

# How far the page reaches beyond the viewport, and the widest culprit.
OVERFLOW_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const sw = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  let worst = null;
  if (sw > vw) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > vw + 0.5 && (!worst || r.right > worst.right)) {
        let inScroller = false;
        for (let p = el.parentElement; p; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (o === 'auto' || o === 'scroll' || o === 'hidden') { inScroller = true; break; }
        }
        if (!inScroller) worst = {tag: el.tagName, cls: el.className, right: Math.round(r.right)};
      }
    }
  }
  return {viewport: vw, scroll: sw, worst};
}"""


def run(cmd, **kw):
    """Runs a command; its output is shown only when it fails."""
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        sys.stderr.write(f"command failed ({p.returncode}): {' '.join(map(str, cmd))}\n{p.stdout[-2000:]}{p.stderr[-2000:]}")
        raise SystemExit(2)
    return p


def build_demo(kaohe, work):
    out = work / "demo-site"
    run([kaohe, "demo", "--db", work / "demo.sqlite", "--data", work / "demo-data", "--out", out], cwd=ROOT)
    return out


def build_fixture_site(kaohe, work):
    """The test fixtures of Ingest (weeks, a correction, events, 专栏1 observations) through
    `kaohe import` into a fresh database, then `kaohe build`."""
    db = work / "fixtures.sqlite"
    for f in db.parent.glob(db.name + "*"):
        f.unlink()
    fx = ROOT / "Tests/IngestTests/Fixtures"
    for name in ("long.csv", "correction.csv", "english_bom.csv", "events.csv", "targets.csv"):
        run([kaohe, "import", fx / name, "--scheme", "gaoxin-2018", "--db", db], cwd=ROOT)
    out = work / "fixtures-site"
    run([kaohe, "build", "--db", db, "--out", out], cwd=ROOT)
    return out


def page_kinds(site):
    """One page of each kind: home, targets, a scheme's index of units, and per scheme the latest
    weekly, monthly and quarterly notice and the largest unit page."""
    pages = []
    if (site / "index.html").exists():
        pages.append(("home", site / "index.html"))
    if (site / "targets.html").exists():
        pages.append(("targets", site / "targets.html"))
    schemes = sorted(p for p in site.iterdir() if p.is_dir() and (p / "units").is_dir())
    if schemes and (schemes[0] / "index.html").exists():
        pages.append((f"scheme-index-{schemes[0].name}", schemes[0] / "index.html"))
    for scheme in schemes:
        htmls = sorted(scheme.glob("*.html"))
        for kind, marker in (("weekly", "-W"), ("quarterly", "-Q")):
            found = [h for h in htmls if marker in h.stem]
            if found:
                pages.append((f"{kind}-{scheme.name}", found[-1]))
        months = [h for h in htmls if len(h.stem) == 7 and h.stem[4] == "-" and h.stem[5:].isdigit()]
        if months:
            pages.append((f"monthly-{scheme.name}", months[-1]))
        units = sorted(scheme.glob("units/*.html"), key=lambda u: (-u.stat().st_size, u.name))
        if units:
            pages.append((f"unit-{scheme.name}", units[0]))
    return pages


class Checker:
    def __init__(self, browser, axe, shots):
        self.browser, self.axe, self.shots = browser, axe, shots
        self.root = Path("/")  # the site being checked (labels name pages from it)
        self.passed = 0
        self.failed = 0

    def result(self, label, problems):
        if problems:
            self.failed += 1
            print(f"FAIL {label}")
            for p in problems[:8]:
                print(f"     {p}")
            if len(problems) > 8:
                print(f"     … and {len(problems) - 8} more")
        else:
            self.passed += 1
            print(f"ok   {label}")

    def check(self, site_name, kind, path):
        for view, width in WIDTHS.items():
            ctx = self.browser.new_context(viewport={"width": width, "height": 900})
            page = ctx.new_page()
            page.goto(path.as_uri(), wait_until="load")
            label = f"{site_name} {kind} @{width}px ({path.relative_to(self.root)})"
            problems = []
            o = page.evaluate(OVERFLOW_JS)
            if o["scroll"] > o["viewport"]:
                problems.append(f"scrolls sideways: {o['scroll']} px wide in {o['viewport']} px (widest: {o['worst']})")
            for p in page.evaluate(ATTACHMENTS_JS) or []:
                problems.append(f"附件说明: {p}")
            for t in page.evaluate(SMALL_TEXT_JS, MIN_TEXT_PX):
                problems.append(f"text {t['size']} px < {MIN_TEXT_PX:g} px: {t['tag']}.{t['cls']} “{t['text']}”")
            for v in self.axe.run(page, options=AXE_OPTIONS).response["violations"]:
                if v.get("impact") in BAD_IMPACTS:
                    nodes = "; ".join(n["target"][0] if n.get("target") else "?" for n in v["nodes"][:3])
                    problems.append(f"axe {v['id']} ({v['impact']}), {len(v['nodes'])} nodes: {nodes}")
            self.shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(self.shots / f"{site_name}-{kind}-{width}.png"), full_page=True)
            if view == "phone":
                page.set_viewport_size({"width": NARROW, "height": 900})
                o = page.evaluate(OVERFLOW_JS)
                if o["scroll"] > o["viewport"]:
                    problems.append(f"scrolls sideways at {NARROW} px: {o['scroll']} px wide (widest: {o['worst']})")
            self.result(label, problems)
            ctx.close()

    def print_pdf(self, site_name, kind, path):
        """A4 print of a notice, for a person to look at (pages as PNG when pdftoppm is there)."""
        ctx = self.browser.new_context()
        page = ctx.new_page()
        page.goto(path.as_uri(), wait_until="load")
        pdf = self.shots / f"{site_name}-{kind}-print.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        ctx.close()
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(pdf.with_suffix(""))],
                           check=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kaohe", default=str(ROOT / ".build/debug/kaohe"))
    ap.add_argument("--work", default=str(ROOT / ".build/browser-work"))
    ap.add_argument("--shots", default=str(ROOT / ".build/browser-shots"))
    ap.add_argument("--site", action="append", help="check this built site instead of building the two")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright
    from axe_playwright_python.sync_playwright import Axe

    work, shots = Path(args.work), Path(args.shots)
    work.mkdir(parents=True, exist_ok=True)
    if shots.exists():
        shutil.rmtree(shots)
    if args.site:
        sites = [(Path(s).name, Path(s).resolve()) for s in args.site]
    else:
        kaohe = Path(args.kaohe)
        if not kaohe.exists():
            sys.exit(f"{kaohe}: 找不到 kaohe (no kaohe binary): swift build --product kaohe")
        sites = [("demo", build_demo(kaohe, work).resolve()), ("fixtures", build_fixture_site(kaohe, work).resolve())]

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        checker = Checker(browser, Axe(), shots)
        for name, site in sites:
            pages = page_kinds(site)
            checker.root = site
            if not any(k == "home" for k, _ in pages):
                checker.result(f"{name}: site has a home page", [f"{site}/index.html is missing"])
            for kind, path in pages:
                checker.check(name, kind, path)
                if kind.startswith(("weekly", "monthly")) and name == sites[0][0]:
                    checker.print_pdf(name, kind, path)
        browser.close()
    print(f"screenshots: {shots}")
    print(f"{checker.passed} passed, {checker.failed} failed")
    sys.exit(1 if checker.failed else 0)


if __name__ == "__main__":
    main()
