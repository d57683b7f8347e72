/* The book's self-checks without a server: the catching exercise, the potentials sorting, the
 * dilemma weighing and the understanding questions.
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
  function reveal(target, context, correcting) {
    if (!target) return;
    if (correcting) {
      if (document.activeElement !== target) return; // the learner has moved on: leave it
    } else {
      if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    }
    var top = headerBottom() + 8, bottom = window.innerHeight - 8;
    var box = target.getBoundingClientRect();
    var start = context ? Math.min(context.getBoundingClientRect().top, box.top) : box.top;
    if (box.bottom - start > bottom - top) start = box.top;
    var delta = 0;
    if (start < top) delta = start - top;
    else if (box.bottom > bottom) delta = Math.min(box.bottom - bottom, start - top);
    if (delta) {
      var smooth = !correcting && !(REDUCED && REDUCED.matches);
      window.scrollBy({ top: delta, behavior: smooth ? "smooth" : "instant" });
      if (smooth) settle(target, context);
    }
  }

  /** Look again when the smooth scroll has ended: the theme's header may have come back on the
   *  way up, or the page grown, and left ``target`` under the header; correct it at once. */
  function settle(target, context) {
    var done = false;
    function again() {
      if (done) return;
      done = true;
      window.removeEventListener("scrollend", again);
      reveal(target, context, true);
    }
    window.addEventListener("scrollend", again);
    window.setTimeout(again, 1500);
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

  // -- what every self-check shares: its first screen and "Start forfra" ---------------------

  var SAVED_NOTE = "Dine svar gemmes kun i denne browser, så du kan fortsætte, hvor du slap. Intet sendes nogen steder hen.";
  var RESTART_ALL = ["Start forfra", "Slet dine gemte svar i denne øvelse og begynd forfra"];

  /**
   * The choice of what to work on (an excerpt, a case) as radio buttons rather than a select:
   * a long title wraps on a phone instead of being cut off.  ``onChange(i)`` on a new choice;
   * returns the group, whose ``chosen()`` is the index chosen.
   */
  function chooser(id, legend, labels, first, onChange) {
    var group = el("fieldset", { class: "lises-choices" });
    group.appendChild(el("legend", {}, legend));
    labels.forEach(function (label, i) {
      var row = el("div", { class: "lises-option" });
      var input = el("input", { type: "radio", name: id, id: id + "-" + i, value: String(i) });
      input.checked = i === first;
      input.addEventListener("change", function () { onChange(i); });
      row.append(input, el("label", { for: id + "-" + i }, label));
      group.appendChild(row);
    });
    group.chosen = function () {
      var checked = group.querySelector("input:checked");
      return checked ? Number(checked.value) : 0;
    };
    return group;
  }

  /**
   * What the four self-checks share around their steps, mixed into each one's prototype by
   * ``sharesStartScreen`` (as the Voilà views share ExerciseView): the place on the page and the
   * saved answers, the first screen with its start button, and "Start forfra" back to it.
   *
   * A self-check supplies ``showStart()``, its first screen through ``showChoices`` or
   * ``showIntro``, and its own ``start``, ``restore`` and steps.
   */
  var StartScreen = {
    /** Work in ``root`` with the answers kept under ``kind`` and ``ids`` (what the self-check
     *  is over): resume them if they fit, or show the first screen. */
    open: function (root, parts, kind, ids) {
      this.root = root;
      this.announcer = parts.announcer;
      this.store = new Store(parts.storeKey(kind, ids), kind);
      if (!this.restore()) this.showStart();
    },

    screen: function (children) {
      this.root.replaceChildren.apply(this.root, children);
    },

    /** For a self-check over one item list (``this.data.id``): start again and replay the saved
     *  steps through ``apply``, at most ``limit`` of them (the store is the reader's and may have
     *  been edited).  The saved record, or null if there is none or it is another list's (then
     *  it is dropped). */
    replaySaved: function (limit) {
      var saved = this.store.load();
      if (!saved) return null;
      if (saved.id !== this.data.id) { this.store.clear(); return null; }
      this.start(true);
      for (var i = 0; i < saved.log.length && i < limit; i++) {
        if (!this.apply(saved.log[i])) break;
      }
      return saved;
    },

    /**
     * The first screen of a self-check over excerpts or cases: ``lead``, the chooser when there
     * is more than one, the chosen one's intro and the button that starts it.  ``chosen`` (the
     * one under way, if any) is chosen again; ``onChoice(picked)`` fits ``lead`` to the first
     * choice and to every new one.
     */
    showChoices: function (lead, legend, choices, chosen, startSpec, onChoice) {
      var self = this;
      var first = chosen || choices[0];
      var intro = el("div", { class: "lises-selvtest-intro" });
      function show(picked) {
        if (onChoice) onChoice(picked);
        intro.innerHTML = picked.intro;
      }
      var nodes = [lead];
      var group = null;
      if (choices.length > 1) {
        group = chooser(this.id + "-valg", legend, choices.map(function (c) { return c.option; }),
          choices.indexOf(first), function (i) { show(choices[i]); });
        nodes.push(group);
      }
      show(first);
      var start = button(startSpec, function () {
        self.start(choices[group ? group.chosen() : 0]);
      }, true);
      var startRow = el("p", {});
      startRow.appendChild(start);
      nodes.push(intro, startRow);
      this.screen(nodes);
      this.startButton = start;
    },

    /** The first screen of a self-check over one set: ``html`` and the button that starts it. */
    showIntro: function (html, startSpec) {
      var self = this;
      this.startButton = button(startSpec, function () { self.start(); }, true);
      this.screen([el("div", {}, html), this.startButton]);
    },

    /** Back to the first screen with nothing kept: the saved answers are deleted. */
    restart: function () {
      this.store.clear();
      this.showStart();
      reveal(this.startButton, this.root);
    },

    /** A button that starts afresh as ``restart`` does, labelled by ``spec``. */
    restartButton: function (spec) {
      var self = this;
      return button(spec, function () { self.restart(); });
    },

    /** The row above an exercise under way: where the answers are kept, and "Start forfra". */
    savedRow: function () {
      var row = el("div", { class: "lises-selvtest-saved" });
      var note = el("p", { class: "lises-muted" });
      note.textContent = SAVED_NOTE;
      row.append(note, this.restartButton(RESTART_ALL));
      return row;
    },

    /** Take the row away from a summary: the summary's own "Start forfra" does the same. */
    dropSavedRow: function () {
      var row = this.root.querySelector(".lises-selvtest-saved");
      if (row) row.remove();
    },
  };

  function sharesStartScreen(Kind) {
    Object.keys(StartScreen).forEach(function (name) { Kind.prototype[name] = StartScreen[name]; });
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
    this.common = data.common;
    this.excerpts = data.excerpts;
    this.id = "lises-selvtest-" + (++counter);
    this.open(root, parts, "gribning", this.excerpts.map(function (e) { return e.id; }));
  }

  sharesStartScreen(Gribning);

  /** The chooser of excerpts; the header names the chosen excerpt's source. */
  Gribning.prototype.showStart = function () {
    var common = this.common;
    var header = el("div", { class: "lises-selvtest-header" });
    this.showChoices(header, "Vælg uddrag:", this.excerpts, this.ex, common.buttons.start, function (picked) {
      header.innerHTML = common.header + picked.note;
    });
  };

  Gribning.prototype.start = function (excerpt, restoring) {
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
    this.screen([this.savedRow(), this.title, this.progress, this.progressText, this.conversation, this.stepBox]);
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
    var codes = {}, c = this.codes();
    c.turns.forEach(function (n, i) { codes[n] = c.learner[i]; });
    var result = el("div", { class: "lises-result" }, this.feedbackHtml(codes));
    this.screen([this.title, result, this.restartButton(this.common.buttons.another)]);
    this.save(true);
    var heading = result.querySelector("h3");
    if (heading && !restoring) {
      reveal(heading);
      announce(this.announcer, heading.textContent);
    }
  };

  // -- the potentials sorting --------------------------------------------------------------

  function Potentials(root, data, parts) {
    this.data = data;
    this.open(root, parts, "potentialer", [data.id]);
  }

  sharesStartScreen(Potentials);

  Potentials.prototype.showStart = function () {
    this.showIntro(this.data.intro + this.data.setIntro, this.data.buttons.start);
  };

  Potentials.prototype.start = function (restoring) {
    this.placements = {};
    this.position = 0;
    this.log = [];
    this.progress = el("progress", { max: String(this.data.items.length), value: "0", "aria-label": "Placeret" });
    this.itemView = el("div", { class: "lises-sort-current" });
    this.feedback = el("div", { class: "lises-sort-result" });
    this.stepBox = el("div", { class: "lises-step" });
    this.screen([this.savedRow(), this.progress, this.itemView, this.feedback, this.stepBox]);
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
    var saved = this.replaySaved(500);
    if (!saved) return false;
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
    this.store.save(this.data.id, this.log, true);
    this.itemView.innerHTML = this.data.allPlaced;
    this.feedback.innerHTML = this.summaryHtml(this.placements);
    this.stepBox.replaceChildren(this.restartButton(this.data.buttons.restart));
    this.dropSavedRow();
    var heading = this.feedback.querySelector("h3");
    if (heading && !restoring) {
      reveal(heading);
      announce(this.announcer, heading.textContent);
    }
  };

  // -- the dilemma weighing ------------------------------------------------------------------

  /** Fill the renderer's weight slots ``{=fairness+respekt-effektivitet}`` with the learner's
   *  weights (lises/book/dilemma_check.py). */
  function sums(html, weights) {
    return html.replace(/\{=((?:[+-][a-z]+)+)\}/g, function (slot, expr) {
      var total = 0;
      expr.replace(/([+-])([a-z]+)/g, function (term, sign, name) {
        total += (sign === "-" ? -1 : 1) * weights[name];
        return term;
      });
      return String(total);
    });
  }

  function escapeText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  /** A short message the screen reader says at once (a missing answer). */
  function alertBox() {
    return el("div", { class: "lises-selvtest-message", role: "alert" });
  }

  function Dilemma(root, data, parts) {
    this.data = data;
    this.id = "lises-selvtest-" + (++counter);
    this.open(root, parts, "dilemma", data.cases.map(function (c) { return c.id; }));
  }

  sharesStartScreen(Dilemma);

  Dilemma.prototype.showStart = function () {
    var data = this.data;
    this.showChoices(el("div", {}, data.intro + data.voila), "Vælg sag:", data.cases, this.case, data.buttons.start);
  };

  Dilemma.prototype.start = function (dilemma, restoring) {
    this.case = dilemma;
    this.weights = null; this.action = null; this.reason = null;
    this.log = [];
    this.caseView = el("div", { class: "lises-dilemma-case" }, dilemma.case);
    this.answersView = el("div", {});
    this.message = alertBox();
    this.stepBox = el("div", { class: "lises-step" });
    this.feedback = el("div", { class: "lises-result" });
    this.screen([this.savedRow(), this.caseView, this.answersView, this.message, this.stepBox, this.feedback]);
    if (restoring) return;
    this.save();
    this.render();
    reveal(this.caseView.querySelector("h3") || this.caseView);
  };

  Dilemma.prototype.save = function (done) {
    this.store.save(this.case.id, this.log, done);
  };

  Dilemma.prototype.step = function () {
    if (this.weights === null) return "weights";
    if (this.action === null) return "action";
    if (this.reason === null) return "begrundelse";
    return "done";
  };

  Dilemma.prototype.actionById = function (id) {
    var found = null;
    this.case.actions.forEach(function (a) { if (a.id === id) found = a; });
    return found;
  };

  /**
   * Apply ``["weights", {dimension: 0–5}]``, ``["action", id]`` or ``["begrundelse", text]`` if
   * it is the step that is due and the value is valid as lises/dilemma/scoring.py checks it.
   */
  Dilemma.prototype.apply = function (answer) {
    var data = this.data, due = this.step();
    if (!Array.isArray(answer) || answer[0] !== due) return false;
    var value = answer[1];
    if (due === "weights") {
      if (!value || typeof value !== "object" || Array.isArray(value)) return false;
      var keys = Object.keys(value), weights = {}, any = false;
      if (keys.length !== data.dimensions.length) return false;
      for (var i = 0; i < data.dimensions.length; i++) {
        var name = data.dimensions[i].id, w = value[name];
        if (!Object.prototype.hasOwnProperty.call(value, name)) return false;
        if (typeof w !== "number" || !Number.isInteger(w) || w < data.range[0] || w > data.range[1]) return false;
        weights[name] = w;
        any = any || w > 0;
      }
      if (!any) return false;
      this.weights = weights;
      answer = ["weights", weights];
    } else if (due === "action") {
      if (typeof value !== "string" || !this.actionById(value)) return false;
      this.action = value;
    } else if (due === "begrundelse") {
      if (typeof value !== "string") return false;
      this.reason = value.trim().slice(0, data.maxReason);
      answer = ["begrundelse", this.reason];
    } else {
      return false;
    }
    this.log.push(answer);
    return true;
  };

  Dilemma.prototype.restore = function () {
    var saved = this.store.load();
    if (!saved) return false;
    var found = null;
    this.data.cases.forEach(function (c) { if (c.id === saved.id) found = c; });
    if (!found) { this.store.clear(); return false; }
    this.start(found, true);
    for (var i = 0; i < saved.log.length && i < 10; i++) {
      if (!this.apply(saved.log[i])) break;
    }
    this.save(this.step() === "done");
    this.render();
    return true;
  };

  /** What the learner has answered so far (lises.dilemma.html.answers_html). */
  Dilemma.prototype.answersHtml = function () {
    var answers = this.case.answers;
    if (this.weights === null) return "";
    if (this.action === null) return sums(answers.weights, this.weights);
    if (!this.reason) return sums(variant(answers.action, this.action), this.weights);
    var reason = escapeText(this.reason);
    return sums(variant(answers.reason, this.action), this.weights).replace("{begrundelse}", function () { return reason; });
  };

  /** The feedback for a weighing and an action, as lises.dilemma.html.feedback_html renders it
   *  with lises.dilemma.scoring.reflect. */
  Dilemma.prototype.feedbackHtml = function (weights, actionId) {
    var dims = this.data.dimensions.map(function (d) { return d.id; });
    var action = this.actionById(actionId);
    var highest = Math.max.apply(null, dims.map(function (d) { return weights[d]; }));
    var top = dims.filter(function (d) { return weights[d] === highest; });
    var served = top.filter(function (d) { return action.serves.indexOf(d) >= 0; });
    var costs = dims.filter(function (d) { return action.costs.indexOf(d) >= 0 && weights[d] > 0; });
    costs.sort(function (a, b) { return (weights[b] - weights[a]) || (dims.indexOf(a) - dims.indexOf(b)); });
    function total(list) { return list.reduce(function (sum, d) { return sum + weights[d]; }, 0); }
    var balances = this.case.actions.map(function (a) { return total(a.serves) - total(a.costs); });
    var bestValue = Math.max.apply(null, balances);
    var best = this.case.actions.filter(function (a, i) { return balances[i] === bestValue; })
      .map(function (a) { return a.id; });
    var keys = { top: top.join(","), served: served.join(","), costs: costs.join(","), best: best.join(",") };
    var html = action.feedback.map(function (part) {
      return typeof part === "string" ? part : part.text[keys[part.field]];
    }).join("");
    return sums(html, weights);
  };

  Dilemma.prototype.render = function () {
    var self = this, data = this.data, step = this.step(), controls = [];
    this.answersView.innerHTML = this.answersHtml();
    this.message.textContent = "";
    this.feedback.innerHTML = "";
    if (step === "weights") {
      var help = el("ul", { class: "lises-muted" }, data.dimensions.map(function (d) {
        return "<li><strong>" + d.label + "</strong>: " + d.help + "</li>";
      }).join(""));
      controls = [el("div", { class: "lises-question" }, data.weightsQuestion), help];
      var sliders = {};
      data.dimensions.forEach(function (d) {
        var id = self.id + "-" + d.id;
        var row = el("div", { class: "lises-weight" });
        var label = el("label", { for: id }, d.label + ":");
        var input = el("input", { type: "range", id: id, min: String(data.range[0]), max: String(data.range[1]), step: "1", value: "0" });
        var shown = el("output", { for: id, "aria-hidden": "true" }, "0");
        input.addEventListener("input", function () { shown.textContent = input.value; });
        sliders[d.id] = input;
        row.append(label, input, shown);
        controls.push(row);
      });
      controls.push(button(data.buttons.weights, function () {
        var weights = {};
        Object.keys(sliders).forEach(function (name) { weights[name] = Number(sliders[name].value); });
        var first = sliders[data.dimensions[0].id];
        if (!self.act(["weights", weights])) self.warn(data.messages.weights, first, first.parentNode);
      }, true));
    } else if (step === "action") {
      var group = el("fieldset", { class: "lises-choices" });
      group.appendChild(el("legend", {}, "<strong>" + data.actionQuestion + "</strong>"));
      this.case.actions.forEach(function (a, i) {
        var id = self.id + "-handling-" + i;
        var row = el("div", { class: "lises-option" });
        row.append(el("input", { type: "radio", name: self.id + "-handling", id: id, value: a.id }),
          el("label", { for: id }, a.label));
        group.appendChild(row);
      });
      controls = [group, button(data.buttons.action, function () {
        var checked = group.querySelector("input:checked");
        if (!checked || !self.act(["action", checked.value])) self.warn(data.messages.action, group.querySelector("input"), group);
      }, true)];
    } else if (step === "begrundelse") {
      var field = el("p", { class: "lises-field" });
      var reasonId = this.id + "-begrundelse";
      var text = el("textarea", { id: reasonId, rows: "4", maxlength: String(data.maxReason), placeholder: data.reasonPlaceholder });
      field.append(el("label", { for: reasonId }, data.reasonLabel), el("br"), text);
      controls = [field, button(data.buttons.reason, function () { self.act(["begrundelse", text.value]); }, true)];
    } else {
      this.feedback.innerHTML = this.feedbackHtml(this.weights, this.action);
      controls = [this.restartButton(data.buttons.another)];
    }
    this.stepBox.replaceChildren.apply(this.stepBox, controls);
  };

  /** Say what is missing (an alert) right above ``before``, and put the focus on ``focus``,
   *  both in view. */
  Dilemma.prototype.warn = function (text, focus, before) {
    var box = this.message;
    box.textContent = "";
    before.parentNode.insertBefore(box, before);
    focus.focus({ preventScroll: true });
    // The text comes a moment later, so a repeated message is said again; the view is fitted
    // once the message has its height.
    window.setTimeout(function () { box.textContent = text; reveal(focus, box); }, 30);
  };

  /** Apply an answer from the page; the focus moves to the next step's first control, or to the
   *  feedback's first heading. */
  Dilemma.prototype.act = function (answer) {
    if (!this.apply(answer)) return false;
    var done = this.step() === "done";
    this.save(done);
    this.render();
    if (done) {
      var heading = this.feedback.querySelector("h3");
      reveal(heading);
      announce(this.announcer, heading.textContent);
    } else {
      reveal(this.stepBox.querySelector("input, textarea, legend, .lises-question") || this.stepBox);
    }
    return true;
  };

  // -- the understanding questions -----------------------------------------------------------

  function Quiz(root, data, parts) {
    this.data = data;
    this.open(root, parts, "forstaaelse", [data.id]);
  }

  sharesStartScreen(Quiz);

  Quiz.prototype.showStart = function () {
    this.showIntro(this.data.intro, this.data.buttons.start);
  };

  Quiz.prototype.start = function (restoring) {
    this.answers = {};
    this.position = 0;
    this.log = [];
    this.progress = el("progress", { max: String(this.data.items.length), value: "0", "aria-label": "Besvaret" });
    this.itemView = el("div", { class: "lises-quiz-current" });
    this.message = alertBox();
    this.feedback = el("div", { class: "lises-quiz-result" });
    this.stepBox = el("div", { class: "lises-step" });
    this.screen([this.savedRow(), this.progress, this.itemView, this.message, this.feedback, this.stepBox]);
    if (restoring) return;
    this.save();
    this.showItem();
  };

  Quiz.prototype.save = function (done) {
    this.store.save(this.data.id, this.log, done);
  };

  /** Apply ``["answer", item id, option]`` or ``["next"]`` if the self-check waits for it. */
  Quiz.prototype.apply = function (answer) {
    var item = this.data.items[this.position];
    if (!Array.isArray(answer) || !item) return false;
    if (answer[0] === "answer") {
      if (answer[1] !== item.id || Object.prototype.hasOwnProperty.call(this.answers, item.id)) return false;
      var n = answer[2];
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n >= item.options.length) return false;
      this.answers[item.id] = n;
    } else if (answer[0] === "next") {
      if (!Object.prototype.hasOwnProperty.call(this.answers, item.id) || this.position >= this.data.items.length - 1) return false;
      this.position++;
    } else {
      return false;
    }
    this.log.push(answer);
    return true;
  };

  Quiz.prototype.restore = function () {
    var saved = this.replaySaved(100);
    if (!saved) return false;
    var item = this.data.items[this.position];
    var answered = Object.prototype.hasOwnProperty.call(this.answers, item.id);
    var last = this.position === this.data.items.length - 1;
    this.save(saved.done && answered && last);
    if (saved.done && answered && last) this.showSummary(true);
    else {
      this.showItem(true);
      if (answered) this.showAnswered(item, true);
    }
    return true;
  };

  Quiz.prototype.showItem = function (restoring) {
    var self = this, data = this.data, item = data.items[this.position];
    this.progress.value = Object.keys(this.answers).length;
    this.itemView.innerHTML = item.html;
    this.feedback.innerHTML = "";
    this.message.textContent = "";
    this.stepBox.replaceChildren(button(data.buttons.answer, function () { self.answer(item); }, true));
    if (!restoring) reveal(this.itemView);
  };

  Quiz.prototype.answer = function (item) {
    var checked = this.itemView.querySelector("input:checked");
    if (!checked) {
      // What is missing, above the question, with the focus on its first option.
      var box = this.message, text = this.data.chooseFirst;
      box.textContent = "";
      this.itemView.insertBefore(box, this.itemView.firstChild);
      var first = this.itemView.querySelector("input");
      first.focus({ preventScroll: true });
      window.setTimeout(function () { box.textContent = text; reveal(first, box); }, 30);
      return;
    }
    if (!this.apply(["answer", item.id, Number(checked.value)])) return;
    this.save();
    this.showAnswered(item);
  };

  /** The verdict and why, the chosen option kept and the options locked, and the way on. */
  Quiz.prototype.showAnswered = function (item, restoring) {
    var self = this, data = this.data, chosen = this.answers[item.id];
    this.message.textContent = "";
    this.progress.value = Object.keys(this.answers).length;
    this.itemView.querySelectorAll("input").forEach(function (input) {
      input.checked = Number(input.value) === chosen;
      input.disabled = true;
    });
    this.feedback.innerHTML = item.feedback[chosen];
    var last = this.position === data.items.length - 1;
    this.stepBox.replaceChildren(button(last ? data.buttons.summary : data.buttons.next, function () {
      if (last) self.showSummary();
      else if (self.apply(["next"])) { self.save(); self.showItem(); }
    }, true));
    if (restoring) return;
    var verdict = this.feedback.querySelector(".lises-verdict") || this.feedback;
    reveal(verdict);
    announce(this.announcer, verdict.textContent);
  };

  /** The result and every item's feedback, from answers {item id: option} (as
   *  lises.book.quiz_check.summary_html renders it). */
  Quiz.prototype.summaryHtml = function (answers) {
    var data = this.data, right = 0, total = 0, rows = "";
    data.items.forEach(function (item) {
      if (!Object.prototype.hasOwnProperty.call(answers, item.id)) return;
      var n = answers[item.id];
      total++;
      if (n === item.right) right++;
      rows += fill(data.allItem, { question: item.question, answer: item.options[n], feedback: item.feedback[n] });
    });
    return fill(data.summary, { right: right, total: total }) + fill(data.all, { items: rows });
  };

  Quiz.prototype.showSummary = function (restoring) {
    this.save(true);
    this.itemView.innerHTML = "";
    this.feedback.innerHTML = this.summaryHtml(this.answers);
    this.stepBox.replaceChildren(this.restartButton(this.data.buttons.restart));
    this.dropSavedRow();
    var heading = this.feedback.querySelector("h3");
    if (heading && !restoring) {
      reveal(heading);
      announce(this.announcer, heading.textContent);
    }
  };

  // -- start every self-check on the page ---------------------------------------------------

  // The registry's self-check kinds (lises.core.exercises, those with a ``selfcheck``);
  // tests/test_exercise_registry.py fails when the two differ.
  var KINDS = { gribning: Gribning, potentialer: Potentials, dilemma: Dilemma };
  // Self-checks the book has and Voilà has not (book/_ext/lises_selfcheck.py, BOOK_ONLY).
  var BOOK_ONLY = { forstaaelse: Quiz };

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
      var kind = root.getAttribute("data-kind");
      var Kind = Object.prototype.hasOwnProperty.call(KINDS, kind) ? KINDS[kind]
        : Object.prototype.hasOwnProperty.call(BOOK_ONLY, kind) ? BOOK_ONLY[kind] : null;
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
