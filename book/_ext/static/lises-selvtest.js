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

  function Gribning(root, data) {
    this.root = root;
    this.common = data.common;
    this.excerpts = data.excerpts;
    this.id = "lises-selvtest-" + (++counter);
    this.showChooser();
  }

  Gribning.prototype.screen = function (children) {
    this.root.replaceChildren.apply(this.root, children);
  };

  Gribning.prototype.focusFirstButton = function (box) {
    var target = box.querySelector("button, select");
    if (target) target.focus();
  };

  Gribning.prototype.showChooser = function () {
    var self = this, common = this.common;
    var header = el("div", { class: "lises-selvtest-header" }, common.header + this.excerpts[0].note);
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
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        var chosen = self.excerpts[Number(select.value)];
        header.innerHTML = common.header + chosen.note;
        intro.innerHTML = chosen.intro;
      });
      field.append(label, " ", select);
      nodes.push(field);
    }
    intro.innerHTML = this.excerpts[0].intro;
    var start = button(common.buttons.start, function () {
      self.start(self.excerpts[select ? Number(select.value) : 0]);
    }, true);
    var startRow = el("p", {});
    startRow.appendChild(start);
    nodes.push(intro, startRow);
    this.screen(nodes);
  };

  Gribning.prototype.start = function (excerpt) {
    this.ex = excerpt;
    this.revealed = 1;
    this.marked = {};
    this.responses = {};
    this.paused = {};
    this.title = el("h3", { tabindex: "-1" }, excerpt.title);
    this.progress = el("progress", { max: String(excerpt.turns.length), value: "1", "aria-label": "Fremskridt" });
    this.progressText = el("div", {});
    this.conversation = el("div", { class: "lises-conversation-box" });
    this.announce = el("div", { class: "lises-visually-hidden", "aria-live": "polite" });
    this.stepBox = el("div", { class: "lises-step" });
    this.screen([this.title, this.progress, this.progressText, this.conversation, this.announce, this.stepBox]);
    this.render();
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

  Gribning.prototype.render = function () {
    var self = this, ex = this.ex, common = this.common, buttons = common.buttons;
    this.progress.value = this.revealed;
    this.progressText.innerHTML = fill(common.progress, { revealed: this.revealed, total: ex.turns.length });
    this.conversation.innerHTML = fill(common.conversation, { items: ex.turns.slice(0, this.revealed).join("") });
    var step = this.step(), controls = [];
    if (step.kind === "mark") {
      var row = el("div", { class: "lises-row" });
      row.append(
        button(buttons.yes, function () { self.act(function () { self.marked[step.turn] = true; }); }, true),
        button(buttons.no, function () { self.act(function () { self.marked[step.turn] = false; }); })
      );
      controls = [el("div", {}, ex.citizen[step.turn].mark), row];
    } else if (step.kind === "classify") {
      var choices = el("div", { class: "lises-row" });
      (buttons.responseOrder || Object.keys(buttons.responses)).forEach(function (code) {
        choices.appendChild(button(buttons.responses[code], function () {
          self.act(function () { self.responses[step.turn] = code; });
        }));
      });
      controls = [el("div", {}, ex.citizen[step.turn].classify), choices, el("div", {}, common.responseHelp)];
    } else if (step.kind === "pause") {
      controls = [el("div", {}, ex.pauses[step.turn]),
        button(buttons.pause, function () { self.act(function () { self.paused[step.turn] = true; }); }, true)];
    } else if (step.kind === "next") {
      controls = [button(buttons.next, function () { self.act(function () { self.revealed++; }, true); }, true)];
    } else {
      controls = [el("div", {}, common.done), button(buttons.feedback, function () { self.showFeedback(); }, true)];
    }
    this.stepBox.replaceChildren.apply(this.stepBox, controls);
    this.focusFirstButton(this.stepBox);
  };

  Gribning.prototype.act = function (change, revealsTurn) {
    change();
    if (revealsTurn) {
      // Read the new turn aloud: focus moves to the question, not to the conversation.
      var tmp = el("div", {}, this.ex.turns[this.revealed - 1]);
      this.announce.textContent = tmp.textContent;
    }
    this.render();
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

  Gribning.prototype.showFeedback = function () {
    var self = this, codes = {}, c = this.codes();
    c.turns.forEach(function (n, i) { codes[n] = c.learner[i]; });
    var result = el("div", { class: "lises-result" }, this.feedbackHtml(codes));
    var again = button(this.common.buttons.another, function () { self.showChooser(); self.focusFirstButton(self.root); });
    this.screen([this.title, result, again]);
    var heading = result.querySelector("h3");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  };

  // -- the potentials sorting --------------------------------------------------------------

  function Potentials(root, data) {
    this.root = root;
    this.data = data;
    this.showIntro();
  }

  Potentials.prototype.screen = Gribning.prototype.screen;

  Potentials.prototype.showIntro = function () {
    var self = this;
    var start = button(this.data.buttons.start, function () { self.start(); }, true);
    this.screen([el("div", {}, this.data.intro + this.data.setIntro), start]);
  };

  Potentials.prototype.start = function () {
    this.placements = {};
    this.position = 0;
    this.progress = el("progress", { max: String(this.data.items.length), value: "0", "aria-label": "Placeret" });
    this.itemView = el("div", {});
    this.feedback = el("div", { class: "lises-sort-result" });
    this.stepBox = el("div", { class: "lises-step" });
    this.screen([this.progress, this.itemView, this.feedback, this.stepBox]);
    this.showItem();
  };

  Potentials.prototype.showItem = function () {
    var self = this, data = this.data, item = data.items[this.position];
    this.progress.value = Object.keys(this.placements).length;
    this.itemView.innerHTML = item.html;
    this.feedback.innerHTML = "";
    var column = el("div", { class: "lises-column" });
    Object.keys(data.buttons.place).forEach(function (p) {
      column.appendChild(button(data.buttons.place[p], function () { self.place(item, p); }));
    });
    this.stepBox.replaceChildren(el("div", {}, data.question), column);
    column.querySelector("button").focus();
  };

  Potentials.prototype.place = function (item, potential) {
    var self = this, data = this.data;
    this.placements[item.id] = Number(potential);
    this.progress.value = Object.keys(this.placements).length;
    this.feedback.innerHTML = variant(item.feedback, potential);
    var last = this.position === data.items.length - 1;
    var next = button(last ? data.buttons.summary : data.buttons.next, function () {
      if (last) self.showSummary(); else { self.position++; self.showItem(); }
    }, true);
    this.stepBox.replaceChildren(next);
    next.focus();
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

  Potentials.prototype.showSummary = function () {
    var self = this;
    this.itemView.innerHTML = this.data.allPlaced;
    this.feedback.innerHTML = this.summaryHtml(this.placements);
    var again = button(this.data.buttons.restart, function () { self.start(); });
    this.stepBox.replaceChildren(again);
    var heading = this.feedback.querySelector("h3");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  };

  // -- start every self-check on the page ---------------------------------------------------

  // The registry's self-check kinds (lises.core.exercises, those with a ``selfcheck``);
  // tests/test_exercise_registry.py fails when the two differ.
  var KINDS = { gribning: Gribning, potentialer: Potentials };

  function init() {
    document.querySelectorAll(".lises-selvtest").forEach(function (root) {
      if (root.lisesExercise) return;
      var source = root.querySelector(".lises-selvtest-data");
      var Kind = KINDS[root.getAttribute("data-kind")];
      if (!source || !Kind) return;
      root.lisesExercise = new Kind(root, decode(source.textContent));
    });
  }

  window.lisesSelvtest = { fill: fill, fmt: fmt, cohenKappa: cohenKappa, init: init };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
