/* The book's self-checks without a server: the catching exercise and the potentials sorting.
 *
 * Every text comes from the page's payload, rendered at build time by the same Python functions
 * as the Voilà exercises (widgets/lises/book/selfcheck.py); this script only keeps track of the
 * learner's answers, scores them as lises/scoring.py does, and fills the same templates.
 * tests/test_selfcheck_browser.py checks that the result equals what Python renders.
 */
(function () {
  "use strict";

  // -- shared helpers -----------------------------------------------------------------------

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (slot, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : slot;
    });
  }

  function decode(text) {
    var binary = atob(text.trim());
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return JSON.parse(new TextDecoder("utf-8").decode(bytes));
  }

  function variant(factored, name) {
    return factored.start + factored.middle[name] + factored.end;
  }

  // Python's format(x, ".Nf") rounds exact ties to even, toFixed rounds them up.  toFixed with
  // 30 more digits shows the double's exact decimal expansion far enough to tell a true tie.
  function fixed(x, digits) {
    var size = Math.abs(x);
    var long = size.toFixed(digits + 30);
    var cut = long.indexOf(".") + (digits ? digits + 1 : 0);
    var text = size.toFixed(digits);
    if (/^\.?50*$/.test(long.slice(cut)) && Number(long.charAt(cut - 1)) % 2 === 0) {
      text = long.slice(0, cut);
    }
    return (x < 0 ? "-" : "") + text;
  }

  function fmt(value, percent) {
    if (value === null) return "–";
    return percent ? fixed(value * 100, 0) + " %" : fixed(value, 2).replace(".", ",");
  }

  function el(tag, attrs, html) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (html !== undefined) node.innerHTML = html;
    return node;
  }

  function button(spec, onClick, primary) {
    var b = el("button", { type: "button", title: spec[1], class: "lises-btn" + (primary ? " lises-btn-primary" : "") });
    b.textContent = spec[0];
    b.addEventListener("click", onClick);
    return b;
  }

  var counter = 0;

  // -- moving the learner to what changed ---------------------------------------------------

  var REDUCED = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;

  /** Where the theme's sticky headers end (the site's on a phone, the article's on a laptop):
   *  content under them is hidden. */
  function headerBottom() {
    var bottom = 0;
    document.querySelectorAll(".bd-header, .bd-header-article").forEach(function (header) {
      var style = getComputedStyle(header), box = header.getBoundingClientRect();
      if (style.position === "sticky" || style.position === "fixed") {
        bottom = Math.max(bottom, (parseFloat(style.top) || 0) + box.height);
      }
    });
    return bottom;
  }

  /**
   * Give ``target`` the focus and scroll it into view below the sticky header, with ``context``
   * (the newest turn) above it when both fit; a smooth scroll unless the reader asked the system
   * for reduced motion.  Without this, the new item or verdict was drawn above the screen.
   */
  function reveal(target, context) {
    if (!target) return;
    if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    var top = headerBottom() + 8, bottom = window.innerHeight - 8;
    var box = target.getBoundingClientRect();
    var start = context ? Math.min(context.getBoundingClientRect().top, box.top) : box.top;
    if (box.bottom - start > bottom - top) start = box.top;
    var delta = 0;
    if (start < top) delta = start - top;
    else if (box.bottom > bottom) delta = Math.min(box.bottom - bottom, start - top);
    if (delta) {
      window.scrollBy({ top: delta, behavior: REDUCED && REDUCED.matches ? "instant" : "smooth" });
    }
  }

  /** Say ``text`` through the self-check's live region (emptied first, so a repeat is said). */
  function announce(region, text) {
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text.replace(/\s+/g, " ").trim(); }, 60);
  }

  // -- the learner's answers, kept in this browser only -------------------------------------

  // One entry per self-check in localStorage: {v, kind, id, log, done}.  Nothing is sent
  // anywhere.  What is read back is untrusted (another version, another page, a hand edit): it
  // is replayed through the exercise's own steps and dropped at the first step that does not fit.
  var STORE_VERSION = 1;

  function Store(key, kind, id) {
    this.key = key; this.kind = kind; this.id = id;
  }

  Store.prototype.load = function () {
    try {
      var value = JSON.parse(window.localStorage.getItem(this.key));
      if (value && typeof value === "object" && value.v === STORE_VERSION && value.kind === this.kind
          && typeof value.id === "string" && Array.isArray(value.log)) return value;
    } catch (error) { /* unreadable or blocked storage: start afresh */ }
    return null;
  };

  Store.prototype.save = function (id, log, done) {
    try {
      window.localStorage.setItem(this.key, JSON.stringify({ v: STORE_VERSION, kind: this.kind, id: id, log: log, done: !!done }));
    } catch (error) { /* storage full or blocked: the exercise still works, unsaved */ }
  };

  Store.prototype.clear = function () {
    try { window.localStorage.removeItem(this.key); } catch (error) { /* nothing to clear */ }
  };

  var SAVED_NOTE = "Dine svar gemmes kun i denne browser, så du kan fortsætte, hvor du slap. Intet sendes nogen steder hen.";
  var RESTART_ALL = ["Start forfra", "Slet dine gemte svar i denne øvelse og begynd forfra"];

  /** The row above an exercise under way: where the answers are kept, and "Start forfra". */
  function savedRow(onRestart) {
    var row = el("div", { class: "lises-selvtest-saved" });
    var note = el("p", { class: "lises-muted" });
    note.textContent = SAVED_NOTE;
    row.append(note, button(RESTART_ALL, onRestart));
    return row;
  }

  // -- scoring (lises/scoring.py) -----------------------------------------------------------

  function cohenKappa(first, second) {
    var n = first.length;
    if (n === 0) return null;
    var same = 0, a = {}, b = {};
    for (var i = 0; i < n; i++) {
      if (first[i] === second[i]) same++;
      a[first[i]] = (a[first[i]] || 0) + 1;
      b[second[i]] = (b[second[i]] || 0) + 1;
    }
    var observed = same / n, products = 0;
    Object.keys(a).forEach(function (code) { products += a[code] * (b[code] || 0); });
    var expected = products / (n * n);
    if (expected === 1.0) return null;
    return (observed - expected) / (1.0 - expected);
  }

  function kappaBand(common, kappa) {
    if (kappa === null) return common.bandUndefined;
    if (kappa < 0) return common.bandNegative;
    for (var i = 0; i < common.bands.length; i++) {
      if (kappa <= common.bands[i][0] + 1e-12) return common.bands[i][1];
    }
    return common.bands[common.bands.length - 1][1];
  }

  function scoreCodes(common, keyCodes, learnerCodes) {
    var hits = 0, misses = 0, falseAlarms = 0, agrees = 0, classifiedRight = 0;
    for (var i = 0; i < keyCodes.length; i++) {
      var keyed = keyCodes[i] !== "ingen", marked = learnerCodes[i] !== "ingen";
      if (keyed && marked) hits++;
      else if (keyed) misses++;
      else if (marked) falseAlarms++;
      if (keyCodes[i] === learnerCodes[i]) {
        agrees++;
        if (keyed) classifiedRight++;
      }
    }
    var denominator = 2 * hits + misses + falseAlarms;
    var kappa = cohenKappa(keyCodes, learnerCodes);
    return {
      hits: hits, misses: misses, falseAlarms: falseAlarms, classifiedRight: classifiedRight,
      f1: denominator ? (2 * hits) / denominator : null,
      agreement: keyCodes.length ? agrees / keyCodes.length : null,
      kappa: kappa, band: kappaBand(common, kappa),
    };
  }

  function summaryHtml(common, s) {
    var kappaText = s.kappa === null ? common.kappaUndefined
      : fill(common.kappaText, { kappa: fmt(s.kappa), band: s.band });
    return fill(common.summary, {
      hits: s.hits, present: s.hits + s.misses, misses: s.misses, false_alarms: s.falseAlarms,
      classified_right: s.classifiedRight, f1: fmt(s.f1), agreement: fmt(s.agreement, true),
      kappa_text: kappaText, band_meaning: common.bandMeaning,
    });
  }

  // -- the catching exercise ---------------------------------------------------------------

  function Gribning(root, data, parts) {
    this.root = root;
    this.announcer = parts.announcer;
    this.common = data.common;
    this.excerpts = data.excerpts;
    this.id = "lises-selvtest-" + (++counter);
    this.store = new Store(parts.storeKey("gribning", this.excerpts.map(function (e) { return e.id; })), "gribning");
    if (!this.restore()) this.showChooser();
  }

  Gribning.prototype.screen = function (children) {
    this.root.replaceChildren.apply(this.root, children);
  };

  Gribning.prototype.showChooser = function (chosen) {
    var self = this, common = this.common;
    var first = chosen || this.excerpts[0];
    var header = el("div", { class: "lises-selvtest-header" }, common.header + first.note);
    var intro = el("div", { class: "lises-selvtest-intro" });
    var nodes = [header];
    var select = null;
    if (this.excerpts.length > 1) {
      var field = el("p", { class: "lises-field" });
      var label = el("label", { for: this.id + "-valg" });
      label.textContent = "Vælg uddrag:";
      select = el("select", { id: this.id + "-valg" });
      this.excerpts.forEach(function (e, i) {
        var option = el("option", { value: String(i) });
        option.textContent = e.option;
        if (e === first) option.selected = true;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        var picked = self.excerpts[Number(select.value)];
        header.innerHTML = common.header + picked.note;
        intro.innerHTML = picked.intro;
      });
      field.append(label, " ", select);
      nodes.push(field);
    }
    intro.innerHTML = first.intro;
    var start = button(common.buttons.start, function () {
      self.start(self.excerpts[select ? Number(select.value) : 0]);
    }, true);
    var startRow = el("p", {});
    startRow.appendChild(start);
    nodes.push(intro, startRow);
    this.screen(nodes);
    this.chooserStart = start;
  };

  /** Back to the chooser with nothing kept: the saved answers are deleted. */
  Gribning.prototype.restart = function () {
    var chosen = this.ex;
    this.store.clear();
    this.showChooser(chosen);
    reveal(this.chooserStart, this.root);
  };

  Gribning.prototype.start = function (excerpt, restoring) {
    var self = this;
    this.ex = excerpt;
    this.revealed = 1;
    this.marked = {};
    this.responses = {};
    this.paused = {};
    this.log = [];
    this.title = el("h3", { tabindex: "-1" }, excerpt.title);
    this.progress = el("progress", { max: String(excerpt.turns.length), value: "1", "aria-label": "Fremskridt" });
    this.progressText = el("div", {});
    this.conversation = el("div", { class: "lises-conversation-box" });
    this.stepBox = el("div", { class: "lises-step" });
    this.screen([savedRow(function () { self.restart(); }), this.title, this.progress, this.progressText,
      this.conversation, this.stepBox]);
    if (restoring) return;
    this.save();
    this.render();
    announce(this.announcer, this.plain(excerpt.turns[0]));
    this.show();
  };

  Gribning.prototype.save = function (done) {
    this.store.save(this.ex.id, this.log, done);
  };

  Gribning.prototype.plain = function (html) {
    return el("div", {}, html).textContent;
  };

  /** Focus the new question (or the button that continues), with the newest turn above it. */
  Gribning.prototype.show = function () {
    var first = this.stepBox.firstElementChild;
    var turns = this.conversation.querySelectorAll("li");
    reveal(first, turns.length ? turns[turns.length - 1] : null);
  };

  Gribning.prototype.step = function () {
    var ex = this.ex, last = this.revealed, citizen = ex.citizen;
    if (citizen[last] && !(last in this.marked)) return { kind: "mark", turn: last };
    var turns = Object.keys(this.marked).map(Number).sort(function (a, b) { return a - b; });
    for (var i = 0; i < turns.length; i++) {
      var turn = turns[i], responder = citizen[turn].responder;
      if (this.marked[turn] && !(turn in this.responses) && responder && responder <= last) {
        return { kind: "classify", turn: turn };
      }
    }
    if (ex.pauses[last] && !this.paused[last]) return { kind: "pause", turn: last };
    if (last < ex.turns.length) return { kind: "next" };
    return { kind: "done" };
  };

  /**
   * Apply one answer if it is the answer the exercise waits for; false (and nothing changed)
   * otherwise.  Answers are ``["mark", turn, bool]``, ``["classify", turn, code]``,
   * ``["pause", turn]`` and ``["next"]``; restoring replays the saved ones through here.
   */
  Gribning.prototype.apply = function (action) {
    var step = this.step(), buttons = this.common.buttons;
    if (!Array.isArray(action) || action[0] !== step.kind) return false;
    if (step.kind !== "next" && action[1] !== step.turn) return false;
    if (step.kind === "mark") {
      if (typeof action[2] !== "boolean") return false;
      this.marked[step.turn] = action[2];
    } else if (step.kind === "classify") {
      if ((buttons.responseOrder || Object.keys(buttons.responses)).indexOf(action[2]) < 0) return false;
      this.responses[step.turn] = action[2];
    } else if (step.kind === "pause") {
      this.paused[step.turn] = true;
    } else if (step.kind === "next") {
      this.revealed++;
    } else {
      return false;
    }
    this.log.push(action);
    return true;
  };

  /** The saved answers of this self-check, if there are any that fit: true if resumed. */
  Gribning.prototype.restore = function () {
    var saved = this.store.load();
    if (!saved) return false;
    var excerpt = null;
    this.excerpts.forEach(function (e) { if (e.id === saved.id) excerpt = e; });
    if (!excerpt) { this.store.clear(); return false; }
    this.start(excerpt, true);
    for (var i = 0; i < saved.log.length && i < 500; i++) {
      if (!this.apply(saved.log[i])) break;
    }
    this.save();
    if (saved.done && this.step().kind === "done") this.showFeedback(true);
    else this.render();
    return true;
  };

  Gribning.prototype.render = function () {
    var self = this, ex = this.ex, common = this.common, buttons = common.buttons;
    this.progress.value = this.revealed;
    this.progressText.innerHTML = fill(common.progress, { revealed: this.revealed, total: ex.turns.length });
    this.conversation.innerHTML = fill(common.conversation, { items: ex.turns.slice(0, this.revealed).join("") });
    var step = this.step(), controls = [];
    if (step.kind === "mark") {
      var row = el("div", { class: "lises-row" });
      row.append(
        button(buttons.yes, function () { self.act(["mark", step.turn, true]); }, true),
        button(buttons.no, function () { self.act(["mark", step.turn, false]); })
      );
      controls = [el("div", { class: "lises-question" }, ex.citizen[step.turn].mark), row];
    } else if (step.kind === "classify") {
      var choices = el("div", { class: "lises-row" });
      (buttons.responseOrder || Object.keys(buttons.responses)).forEach(function (code) {
        choices.appendChild(button(buttons.responses[code], function () {
          self.act(["classify", step.turn, code]);
        }));
      });
      controls = [el("div", { class: "lises-question" }, ex.citizen[step.turn].classify), choices,
        el("div", {}, common.responseHelp)];
    } else if (step.kind === "pause") {
      controls = [el("div", { class: "lises-question" }, ex.pauses[step.turn]),
        button(buttons.pause, function () { self.act(["pause", step.turn]); }, true)];
    } else if (step.kind === "next") {
      controls = [button(buttons.next, function () { self.act(["next"]); }, true)];
    } else {
      controls = [el("div", { class: "lises-question" }, common.done),
        button(buttons.feedback, function () { self.showFeedback(); }, true)];
    }
    this.stepBox.replaceChildren.apply(this.stepBox, controls);
  };

  Gribning.prototype.act = function (action) {
    if (!this.apply(action)) return;
    this.save();
    this.render();
    if (action[0] === "next") {
      // The new turn is read aloud; the focus moves to the question about it.
      announce(this.announcer, this.plain(this.ex.turns[this.revealed - 1]));
    }
    this.show();
  };

  Gribning.prototype.codes = function () {
    var ex = this.ex, self = this, keys = [], learner = [];
    Object.keys(ex.citizen).map(Number).sort(function (a, b) { return a - b; }).forEach(function (n) {
      keys.push(ex.citizen[n].key);
      learner.push(self.marked[n] ? (self.responses[n] || "markeret") : "ingen");
    });
    return { turns: Object.keys(ex.citizen).map(Number).sort(function (a, b) { return a - b; }), key: keys, learner: learner };
  };

  /** The feedback as HTML, from the learner's codes (one per citizen turn, in turn order). */
  Gribning.prototype.feedbackHtml = function (learnerByTurn) {
    var ex = this.ex, common = this.common;
    var turns = Object.keys(ex.citizen).map(Number).sort(function (a, b) { return a - b; });
    var keys = turns.map(function (n) { return ex.citizen[n].key; });
    var learner = turns.map(function (n) { return learnerByTurn[n]; });
    var score = scoreCodes(common, keys, learner);
    var shapes = "", items = "", alts = [];
    for (var n = 1; n <= ex.turns.length; n++) {
      if (ex.citizen[n]) {
        var answers = ex.citizen[n].answers, code = learnerByTurn[n];
        shapes += variant(answers.picture, code);
        items += variant(answers.feedback, code);
        alts.push(variant(answers.alt, code));
      } else {
        shapes += ex.others[n].picture;
        items += ex.others[n].feedback;
      }
    }
    return summaryHtml(common, score)
      + fill(common.picture, { width: ex.width, alt: alts.join("; "), shapes: shapes })
      + fill(common.turnFeedback, { items: items });
  };

  Gribning.prototype.showFeedback = function (restoring) {
    var self = this, codes = {}, c = this.codes();
    c.turns.forEach(function (n, i) { codes[n] = c.learner[i]; });
    var result = el("div", { class: "lises-result" }, this.feedbackHtml(codes));
    var again = button(this.common.buttons.another, function () { self.restart(); });
    this.screen([this.title, result, again]);
    this.save(true);
    var heading = result.querySelector("h3");
    if (heading && !restoring) {
      reveal(heading);
      announce(this.announcer, heading.textContent);
    }
  };

  // -- the potentials sorting --------------------------------------------------------------

  function Potentials(root, data, parts) {
    this.root = root;
    this.announcer = parts.announcer;
    this.data = data;
    this.store = new Store(parts.storeKey("potentialer", [data.id]), "potentialer");
    if (!this.restore()) this.showIntro();
  }

  Potentials.prototype.screen = Gribning.prototype.screen;

  Potentials.prototype.showIntro = function () {
    var self = this;
    this.startButton = button(this.data.buttons.start, function () { self.start(); }, true);
    this.screen([el("div", {}, this.data.intro + this.data.setIntro), this.startButton]);
  };

  Potentials.prototype.restart = function () {
    this.store.clear();
    this.showIntro();
    reveal(this.startButton, this.root);
  };

  Potentials.prototype.start = function (restoring) {
    var self = this;
    this.placements = {};
    this.position = 0;
    this.log = [];
    this.progress = el("progress", { max: String(this.data.items.length), value: "0", "aria-label": "Placeret" });
    this.itemView = el("div", { class: "lises-sort-current" });
    this.feedback = el("div", { class: "lises-sort-result" });
    this.stepBox = el("div", { class: "lises-step" });
    this.screen([savedRow(function () { self.restart(); }), this.progress, this.itemView, this.feedback, this.stepBox]);
    if (restoring) return;
    this.store.save(this.data.id, this.log);
    this.showItem();
  };

  /** Apply ``["place", item id, potential]`` or ``["next"]`` if the exercise waits for it. */
  Potentials.prototype.apply = function (action) {
    var data = this.data, item = data.items[this.position];
    if (!Array.isArray(action)) return false;
    if (action[0] === "place") {
      if (!item || action[1] !== item.id || item.id in this.placements) return false;
      if (typeof action[2] !== "number" || !(String(action[2]) in data.names)) return false;
      this.placements[item.id] = action[2];
    } else if (action[0] === "next") {
      if (!item || !(item.id in this.placements) || this.position >= data.items.length - 1) return false;
      this.position++;
    } else {
      return false;
    }
    this.log.push(action);
    return true;
  };

  Potentials.prototype.restore = function () {
    var saved = this.store.load();
    if (!saved) return false;
    if (saved.id !== this.data.id) { this.store.clear(); return false; }
    this.start(true);
    for (var i = 0; i < saved.log.length && i < 500; i++) {
      if (!this.apply(saved.log[i])) break;
    }
    this.store.save(this.data.id, this.log);
    var item = this.data.items[this.position];
    var placed = item.id in this.placements;
    var last = this.position === this.data.items.length - 1;
    if (saved.done && placed && last) this.showSummary(true);
    else {
      this.showItem(true);
      if (placed) this.showPlaced(item, true);
    }
    return true;
  };

  Potentials.prototype.showItem = function (restoring) {
    var self = this, data = this.data, item = data.items[this.position];
    this.progress.value = Object.keys(this.placements).length;
    this.itemView.innerHTML = item.html;
    this.feedback.innerHTML = "";
    var column = el("div", { class: "lises-column" });
    Object.keys(data.buttons.place).forEach(function (p) {
      column.appendChild(button(data.buttons.place[p], function () { self.place(item, p); }));
    });
    this.stepBox.replaceChildren(el("div", {}, data.question), column);
    // The new item has the focus (its "Emne n af m" is a status, read aloud by itself).
    if (!restoring) reveal(this.itemView);
  };

  Potentials.prototype.place = function (item, potential) {
    if (!this.apply(["place", item.id, Number(potential)])) return;
    this.store.save(this.data.id, this.log);
    this.showPlaced(item);
  };

  /** The verdict on the placed item, and the button that goes on. */
  Potentials.prototype.showPlaced = function (item, restoring) {
    var self = this, data = this.data;
    this.progress.value = Object.keys(this.placements).length;
    this.feedback.innerHTML = variant(item.feedback, String(this.placements[item.id]));
    var last = this.position === data.items.length - 1;
    var next = button(last ? data.buttons.summary : data.buttons.next, function () {
      if (last) self.showSummary();
      else if (self.apply(["next"])) { self.store.save(data.id, self.log); self.showItem(); }
    }, true);
    this.stepBox.replaceChildren(next);
    if (restoring) return;
    var verdict = this.feedback.querySelector(".lises-verdict") || this.feedback;
    reveal(verdict);
    announce(this.announcer, verdict.textContent);
  };

  /** The summary and every item's feedback, from placements {item id: potential}. */
  Potentials.prototype.summaryHtml = function (placements) {
    var data = this.data, asKey = 0, plausible = 0, placed = 0, rows = "", items = "";
    var tally = {};
    Object.keys(data.names).forEach(function (p) { tally[p] = { items: 0, asKey: 0 }; });
    data.items.forEach(function (item) {
      tally[item.key].items++;
      if (!(item.id in placements)) return;
      var p = placements[item.id];
      placed++;
      if (p === item.key) { asKey++; tally[item.key].asKey++; }
      else if (item.also.indexOf(p) >= 0) plausible++;
      items += fill(data.allFeedbackItem, { text: item.text, feedback: variant(item.feedback, String(p)) });
    });
    Object.keys(data.names).forEach(function (p) {
      rows += fill(data.summaryRow, { name: data.names[p], as_key: tally[p].asKey, items: tally[p].items });
    });
    return fill(data.summary, {
      as_key: asKey, placed: placed, rows: rows,
      plausible: plausible ? fill(data.summaryPlausible, { plausible: plausible }) : "",
    }) + fill(data.allFeedback, { items: items });
  };

  Potentials.prototype.showSummary = function (restoring) {
    var self = this;
    this.store.save(this.data.id, this.log, true);
    this.itemView.innerHTML = this.data.allPlaced;
    this.feedback.innerHTML = this.summaryHtml(this.placements);
    var again = button(this.data.buttons.restart, function () { self.restart(); });
    this.stepBox.replaceChildren(again);
    var row = this.root.querySelector(".lises-selvtest-saved");
    if (row) row.remove();  // the summary's own "Start forfra" does the same
    var heading = this.feedback.querySelector("h3");
    if (heading && !restoring) {
      reveal(heading);
      announce(this.announcer, heading.textContent);
    }
  };

  // -- start every self-check on the page ---------------------------------------------------

  // The registry's self-check kinds (lises.core.exercises, those with a ``selfcheck``);
  // tests/test_exercise_registry.py fails when the two differ.
  var KINDS = { gribning: Gribning, potentialer: Potentials };

  /** The localStorage key of a self-check: its kind and what it is over (excerpts, set). */
  function storeKey(kind, ids) {
    return "lises-selvtest:" + kind + ":" + ids.join(",");
  }

  // The theme's "Til toppen" floats over the lower middle of the screen: while a self-check is
  // in view it is hidden (CSS), so a tap on an answer is never a tap on it.
  var inView = [];
  var watcher = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      var at = inView.indexOf(entry.target);
      if (entry.isIntersecting && at < 0) inView.push(entry.target);
      if (!entry.isIntersecting && at >= 0) inView.splice(at, 1);
    });
    document.documentElement.classList.toggle("lises-selvtest-synlig", inView.length > 0);
  }) : null;

  function init() {
    document.querySelectorAll(".lises-selvtest").forEach(function (root) {
      if (root.lisesExercise) return;
      var source = root.querySelector(".lises-selvtest-data");
      var Kind = KINDS[root.getAttribute("data-kind")];
      if (!source || !Kind) return;
      var live = el("div", { class: "lises-selvtest-live" });
      var announcer = el("div", { class: "lises-visually-hidden lises-selvtest-announce", "aria-live": "polite", "aria-atomic": "true" });
      root.append(live, announcer);
      root.lisesExercise = new Kind(live, decode(source.textContent), { announcer: announcer, storeKey: storeKey });
      if (watcher) watcher.observe(root);
    });
  }

  window.lisesSelvtest = { fill: fill, fmt: fmt, cohenKappa: cohenKappa, init: init, storeKey: storeKey };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
