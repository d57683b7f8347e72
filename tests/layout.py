"""Layout as a person sees it, measured from the rendered boxes of a page in Chromium.

:func:`measure` runs :data:`MEASURE_JS` in the page and returns what a reader would notice:

sideways
    the page scrolls sideways (``scrollWidth`` of the document beyond its ``clientWidth``), with
    the outermost elements that stick out past the right edge.
overlaps
    text drawn over other text: the line boxes of visible text (``Range.getClientRects`` of
    every text node), clipped to what their overflow ancestors let through, that intersect the
    line boxes of another element's text.  An element's own ancestors and descendants are not
    compared with it (their text is laid out together); hidden, fully clipped, transparent and
    screen-reader-only text is not drawn and so is left out.  The boxes of fields and buttons
    (which draw their own text) take part too: a field drawn over a label is an overlap.
cut
    text cut off: a line box that an ancestor with ``overflow: hidden``/``clip`` (ellipsis
    included) or the left edge of the page cuts through, a ``<select>`` whose chosen option is
    wider than the box it is drawn in, a button-like ``<input>`` whose value overflows.  A scroll
    container (``overflow: auto``/``scroll``) is not a cut: the reader can scroll to the rest.
narrow
    a slider whose track is narrower than :data:`MIN_TRACK` px (a person cannot see or drag it).

Every finding names the element (tag, id, classes) and its text, so that a failing test says
what a person would see.  The helpers are plain functions over a Playwright page: the tests in
``test_layout.py`` decide which pages, widths and themes to look at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MIN_TRACK = 96

MEASURE_JS = r"""
(minTrack) => {
  const root = document.scrollingElement || document.documentElement;
  const vw = root.clientWidth;
  const sx = window.scrollX, sy = window.scrollY;
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'SELECT', 'OPTION',
                        'OPTGROUP', 'DATALIST', 'TITLE', 'HEAD']);
  const styles = new Map();
  const style = (el) => { let s = styles.get(el); if (!s) { s = getComputedStyle(el); styles.set(el, s); } return s; };
  const alpha = (color) => {
    const m = /rgba?\(([^)]*)\)/.exec(color || '');
    if (!m) return 1;
    const parts = m[1].split(/[ ,\/]+/).filter(Boolean);
    return parts.length > 3 ? parseFloat(parts[3]) : 1;
  };
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    const cls = [...el.classList].filter(c => !c.startsWith('lm-') && !c.startsWith('jp-')).slice(0, 3);
    if (cls.length) s += '.' + cls.join('.');
    return s;
  };
  const textOf = (el) => ((el.innerText || el.value || el.textContent || '') + '').replace(/\s+/g, ' ').trim().slice(0, 80);

  // Not drawn at all: invisible, transparent, or a screen-reader-only box (clipped to nothing,
  // or 1-2 px with its overflow hidden).
  const hiddenCache = new Map();
  const hidden = (el) => {
    if (hiddenCache.has(el)) return hiddenCache.get(el);
    let result = false;
    const s = style(el);
    // checkVisibility covers display, visibility, opacity and content-visibility (the body
    // of a closed <details>, which keeps stale boxes).
    const seen = el.checkVisibility({opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: false});
    if (!seen || s.visibility !== 'visible' || parseFloat(s.opacity) === 0) result = true;
    else if (/rect\(0px,? 0px,? 0px,? 0px\)/.test(s.clip) || /inset\(50%\)/.test(s.clipPath)) result = true;
    else if (s.overflow !== 'visible') {
      const r = el.getBoundingClientRect();
      if (r.width <= 2 || r.height <= 2) result = true;
    }
    if (!result && el.parentElement) result = hidden(el.parentElement);
    hiddenCache.set(el, result);
    return result;
  };

  // A pane scrolls the page: it is on screen and reaches from near the top of the window to
  // its bottom (a drawer parked beside the page, like the book's closed sidebar, is not one).
  const isPane = (el) => {
    const r = el.getBoundingClientRect();
    return r.top <= 0.25 * window.innerHeight && r.bottom >= window.innerHeight - 2
      && el.clientHeight >= 0.5 * window.innerHeight && r.left >= -1 && r.right <= vw + 1
      && el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  };
  const panes = [root, ...[...document.body.querySelectorAll('*')].filter(e => {
    const s = style(e);
    return /auto|scroll/.test(s.overflowY) && isPane(e);
  })];

  // The boxes that clip an element: ancestors (and itself) whose overflow is not visible, and
  // which hold its containing block (an absolutely positioned box escapes the overflow of
  // ancestors between it and its positioned ancestor; a fixed box escapes all of them).
  const clipCache = new Map();
  const clips = (el) => {
    if (clipCache.has(el)) return clipCache.get(el);
    const out = [];
    let skipUntilPositioned = false, fixed = false, scrolled = false;
    for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      const s = style(a);
      const contains = s.transform !== 'none' || s.filter !== 'none' || /paint|layout|strict|content/.test(s.contain);
      if (fixed && !contains) continue;
      fixed = false;
      const positioned = s.position !== 'static' || contains;
      const canClip = !skipUntilPositioned || positioned;
      if (skipUntilPositioned && positioned) skipUntilPositioned = false;
      if (canClip && a !== document.body && (s.overflowX !== 'visible' || s.overflowY !== 'visible')) {
        const r = a.getBoundingClientRect();
        const left = r.left + a.clientLeft, top = r.top + a.clientTop;
        const scrolls = (v) => v === 'auto' || v === 'scroll';
        // A pane that scrolls the whole page (Voilà's #rendered_cells) hides nothing from a
        // reader who scrolls: neither its height nor that of the boxes around it clips.
        if (scrolls(s.overflowY) && isPane(a)) scrolled = true;
        const pane = scrolled;
        out.push({el: a,
          left: s.overflowX === 'visible' ? -1e9 : left,
          right: s.overflowX === 'visible' ? 1e9 : left + (a.clientWidth || r.width),
          top: s.overflowY === 'visible' || pane ? -1e9 : top,
          bottom: s.overflowY === 'visible' || pane ? 1e9 : top + (a.clientHeight || r.height),
          scrollX: scrolls(s.overflowX), scrollY: scrolls(s.overflowY)});
      }
      if (s.position === 'absolute') skipUntilPositioned = true;
      if (s.position === 'fixed') { fixed = true; skipUntilPositioned = false; }
    }
    clipCache.set(el, out);
    return out;
  };

  const tallest = Math.max(...panes.map(p => p.scrollHeight + (window.innerHeight - p.clientHeight)));
  const pageW = Math.max(root.scrollWidth, vw), pageH = tallest;
  const boxes = [];
  const cut = [];
  const cutSeen = new Set();
  const addCut = (el, why) => {
    if (cutSeen.has(el)) return;
    cutSeen.add(el);
    cut.push({element: name(el), text: textOf(el), why});
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest('script,style,noscript,template,textarea,select,svg title,svg desc') || SKIP.has(el.tagName)) continue;
    if (hidden(el)) continue;
    const s = style(el);
    if (alpha(s.color) === 0 && alpha(s.webkitTextFillColor) === 0) continue;
    range.selectNodeContents(node);
    const cl = clips(el);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      let left = r.left, right = r.right, top = r.top, bottom = r.bottom;
      let cutBy = null;
      for (const c of cl) {
        const nl = Math.max(left, c.left), nr = Math.min(right, c.right);
        const nt = Math.max(top, c.top), nb = Math.min(bottom, c.bottom);
        const lostX = (right - left) - Math.max(0, nr - nl);
        const lostY = (bottom - top) - Math.max(0, nb - nt);
        const partlyX = lostX > 2 && nr - nl > 1, partlyY = lostY > (bottom - top) * 0.25 && nb - nt > 1;
        if (!cutBy && ((partlyX && !c.scrollX) || (partlyY && !c.scrollY))) cutBy = c.el;
        left = nl; right = nr; top = nt; bottom = nb;
      }
      if (right - left < 1 || bottom - top < 1) continue;  // clipped away entirely: not drawn
      if (right + sx < 0 || bottom + sy < 0 || left + sx > pageW || top + sy > pageH) continue;  // off the page
      if (cutBy) addCut(el, 'klippet af ' + name(cutBy) + (style(cutBy).textOverflow === 'ellipsis' ? ' (…)' : ''));
      else if (r.left + sx < -1 && right + sx > 0) addCut(el, 'uden for sidens venstre kant');
      boxes.push({el, left, right, top, bottom});
    }
  }

  // Fields and buttons that draw themselves (their text is not in the document's text): their
  // boxes take part in the overlap check, so a field drawn over a label is found as well.
  for (const field of document.body.querySelectorAll('input:not([type=hidden]), textarea, select, button')) {
    if (hidden(field) || field.closest('svg')) continue;
    for (const r of field.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      let left = r.left, right = r.right, top = r.top, bottom = r.bottom;
      for (const c of clips(field)) {
        left = Math.max(left, c.left); right = Math.min(right, c.right);
        top = Math.max(top, c.top); bottom = Math.min(bottom, c.bottom);
      }
      if (right - left >= 1 && bottom - top >= 1) boxes.push({el: field, left, right, top, bottom});
    }
  }

  // Form controls draw their text themselves: a chosen option wider than its box, a button-like
  // input whose value overflows.
  const canvas = document.createElement('canvas').getContext('2d');
  for (const sel of document.querySelectorAll('select')) {
    if (hidden(sel) || sel.multiple || (sel.size || 0) > 1 || !sel.getClientRects().length) continue;
    const option = sel.selectedOptions[0];
    if (!option) continue;
    const s = style(sel);
    canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const shown = option.label || option.text;  // a label attribute is what the box shows
    const need = canvas.measureText(shown).width;
    // A native select (appearance auto) draws its arrow inside the content box; ipywidgets'
    // selects (appearance none) draw theirs in the right padding.
    const arrow = s.appearance === 'none' ? 0 : 1.25 * parseFloat(s.fontSize);
    const room = sel.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - arrow - 4;
    if (need > room + 1) addCut(sel, `valgt tekst ${Math.round(need)} px i ${Math.round(room)} px: ${shown.trim().slice(0, 60)}`);
  }
  for (const input of document.querySelectorAll('input[type=button], input[type=submit], input[type=reset]')) {
    if (!hidden(input) && input.getClientRects().length && input.scrollWidth > input.clientWidth + 1) addCut(input, 'teksten er bredere end knappen');
  }

  // Text over text: line boxes of different elements (neither inside the other) that intersect
  // by more than a sliver (line boxes of neighbouring lines may touch).
  boxes.sort((a, b) => a.top - b.top);
  const overlaps = [];
  const pairs = new Set();
  for (let i = 0; i < boxes.length && overlaps.length < 20; i++) {
    const a = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].top < a.bottom; j++) {
      const b = boxes[j];
      if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w <= 2 || h <= Math.max(2, 0.25 * Math.min(a.bottom - a.top, b.bottom - b.top))) continue;
      const key = name(a.el) + '|' + textOf(a.el) + '|' + name(b.el) + '|' + textOf(b.el);
      if (pairs.has(key)) continue;
      pairs.add(key);
      overlaps.push({first: name(a.el), first_text: textOf(a.el), second: name(b.el), second_text: textOf(b.el),
                     at: [Math.round(Math.max(a.left, b.left) + sx), Math.round(Math.max(a.top, b.top) + sy)], size: [Math.round(w), Math.round(h)]});
    }
  }

  // Sideways: the outermost elements whose box reaches past the right edge, outside any
  // scroll container of their own.
  let sideways = null;
  const wide = panes.find(p => p.scrollWidth > p.clientWidth + 1);
  if (wide) {
    const offenders = [];
    const edge = wide === root ? vw : wide.getBoundingClientRect().left + wide.clientLeft + wide.clientWidth;
    const inside = wide === root ? document.body : wide;
    for (const el of inside.querySelectorAll('*')) {
      if (offenders.length >= 5) break;
      const r = el.getBoundingClientRect();
      if (r.right <= edge + 1 || r.width < 1 || hidden(el)) continue;
      if (clips(el).some(c => c.el !== el && c.el !== wide && inside.contains(c.el) && c.right <= edge + 1)) continue;
      if (offenders.some(o => o.node.contains(el))) continue;
      offenders.push({node: el, element: name(el), text: textOf(el), right: Math.round(r.right)});
    }
    sideways = {scroll_width: wide.scrollWidth, client_width: wide.clientWidth, pane: name(wide),
                offenders: offenders.map(({node, ...rest}) => rest)};
  }

  // Sliders: a track a person can see and drag.
  const narrow = [];
  for (const track of document.querySelectorAll('.widget-slider .slider-container, input[type=range]')) {
    const holder = track.closest('.widget-slider') || track;
    if (hidden(track) || !holder.getClientRects().length) continue;
    const w = track.getBoundingClientRect().width;
    if (w < minTrack) narrow.push({element: name(holder), text: textOf(holder), width: Math.round(w)});
  }
  return {width: vw, sideways, overlaps, cut: cut.slice(0, 20), narrow, text_boxes: boxes.length,
          height: Math.ceil(tallest)};
}
"""  # noqa: E501 (JavaScript, kept as one readable block)


@dataclass
class Layout:
    """What :data:`MEASURE_JS` found on one page view."""

    view: str
    width: int
    sideways: dict | None = None
    overlaps: list[dict] = field(default_factory=list)
    cut: list[dict] = field(default_factory=list)
    narrow: list[dict] = field(default_factory=list)
    text_boxes: int = 0
    screenshot: Path | None = None

    def problems(self) -> list[str]:
        """One line per finding, naming the elements and their text (empty when it reads)."""
        lines = []
        if self.sideways:
            s = self.sideways
            lines.append(
                f"siden ruller sidelæns: {s['scroll_width']} px indhold i {s['client_width']} px"
            )
            lines += [
                f"  stikker ud til {o['right']} px: {o['element']} «{o['text']}»"
                for o in s["offenders"]
            ]
        lines += [
            f"tekst oven i tekst ved {o['at']} ({o['size'][0]}×{o['size'][1]} px): "
            f"{o['first']} «{o['first_text']}» / {o['second']} «{o['second_text']}»"
            for o in self.overlaps
        ]
        lines += [f"tekst skåret af: {c['element']} «{c['text']}» ({c['why']})" for c in self.cut]
        lines += [
            f"skyder uden synligt spor ({n['width']} px bred): {n['element']} «{n['text']}»"
            for n in self.narrow
        ]
        return lines

    def report(self) -> str:
        where = f" (skærmbillede: {self.screenshot})" if self.screenshot else ""
        return f"{self.view} ved {self.width} px{where}:\n  " + "\n  ".join(self.problems())


def measure(page, view: str, screenshot: Path | None = None) -> Layout:
    """Measure the page as it is drawn now; keep a full-page screenshot in ``screenshot``."""
    found = page.evaluate(MEASURE_JS, MIN_TRACK)
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        viewport = page.viewport_size
        # A page that scrolls inside a pane (Voilà) is photographed whole by making the window
        # as tall as the pane's content; the width, and so the layout measured, stays.
        tall = min(found["height"], 12_000)
        if tall > viewport["height"]:
            page.set_viewport_size({"width": viewport["width"], "height": tall})
        page.screenshot(path=str(screenshot), full_page=True, animations="disabled")
        if tall > viewport["height"]:
            page.set_viewport_size(viewport)
    return Layout(
        view=view,
        width=found["width"],
        sideways=found["sideways"],
        overlaps=found["overlaps"],
        cut=found["cut"],
        narrow=found["narrow"],
        text_boxes=found["text_boxes"],
        screenshot=screenshot,
    )


def settle(page, width: int, height: int = 900) -> None:
    """Resize the viewport and wait until the page has laid itself out again: two frames, and
    the end of the transitions the resize started (the book's sidebar slides, for instance;
    mid-slide its links are drawn over each other, which no reader sees for long)."""
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate(
        """async () => {
          const frame = () => new Promise(r => requestAnimationFrame(() => r()));
          await frame(); await frame();
          const until = performance.now() + 3000;
          while (performance.now() < until
                 && document.getAnimations().some(a => a.playState === 'running'
                    && a.effect && a.effect.getComputedTiming().iterations !== Infinity)) {
            await frame();
          }
          await frame();
        }"""
    )
