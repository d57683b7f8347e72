/* The projector: the room's anonymous answers as bar charts with their text alternatives, the
   free texts the facilitator has not hidden, counts and the timer.  No nicknames and no key
   reach this page before the facilitator releases it (the server leaves them out). */
"use strict";

(function () {
  const R = window.LisesRum;
  const el = R.el;
  const SVG = "http://www.w3.org/2000/svg";
  const main = document.getElementById("indhold");
  const code = main.dataset.kode;
  const $ = (id) => document.getElementById(id);
  const REFRESH_MS = 3000;
  let signature = null;

  function svgBar(fraction) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "bar");
    svg.setAttribute("viewBox", "0 0 100 10");
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const back = document.createElementNS(SVG, "rect");
    back.setAttribute("class", "bar-back");
    back.setAttribute("width", "100");
    back.setAttribute("height", "10");
    const rect = document.createElementNS(SVG, "rect");
    rect.setAttribute("class", "bar-fill");
    rect.setAttribute("width", String(Math.max(0, Math.min(100, fraction * 100))));
    rect.setAttribute("height", "10");
    svg.append(back, rect);
    return svg;
  }

  function chart(data) {
    const most = data.mean ? 5 : Math.max(1, ...data.values);
    const id = "diagram-" + data.id;
    const rows = el("div", { class: "bars", "aria-hidden": "true" });
    data.labels.forEach((label, i) => {
      const value = data.values[i];
      const shown = data.mean ? String(value).replace(".", ",") : String(value);
      const isKey = data.key === i;
      rows.append(el("div", { class: "bar-row" + (isKey ? " key" : "") },
        el("span", { class: "bar-label" }, isKey ? el("span", { class: "key-mark", text: "✓ " }) : null, label),
        svgBar(value / most),
        el("span", { class: "bar-value", text: shown })));
    });
    const stacked = data.labels.some((label) => label.length > 28);
    return el("figure", { class: stacked ? "chart stacked" : "chart", "aria-labelledby": id + "-t", "aria-describedby": id + "-alt" },
      el("figcaption", {}, el("h3", { id: id + "-t", text: data.title }),
        data.text ? el("p", { class: "chart-text", text: "»" + data.text + "«" }) : null),
      rows,
      el("p", { class: "visually-hidden", id: id + "-alt", text: data.alt }),
      el("p", { class: "answered", "aria-hidden": "true", text: data.answered + " svar" }));
  }

  function texts(group) {
    const section = el("section", { class: "free-texts" }, el("h3", { text: group.title }));
    if (!group.answers.length) section.append(el("p", { class: "muted", text: "Ingen svar endnu." }));
    else section.append(el("ul", { class: "quotes" }, ...group.answers.map((a) => el("li", { text: a.text }))));
    if (group.model_replies && group.model_replies.length) {
      section.append(el("h4", { text: "Forslag fra kurset" }),
        el("ul", { class: "quotes model" }, ...group.model_replies.map((t) => el("li", { text: t }))));
    }
    return section;
  }

  function draw(data) {
    const room = data.room;
    const view = data.view;
    $("p-deltagere").textContent = String(view ? view.joined : data.joined);
    $("p-faerdige").textContent = String(view ? view.done : 0);
    R.countdown($("p-timer"), room.timer_ends_at, room.now);
    const next = JSON.stringify([room.exercise, room.item, room.released, room.is_open, view]);
    if (next === signature) return;
    const first = signature === null;
    signature = next;
    if (!view) {
      $("p-titel").textContent = "Venter på, at facilitatoren vælger en opgave";
      $("p-status").textContent = data.problem || data.joined + " deltagere er med.";
      $("p-diagrammer").replaceChildren();
      $("p-tekster").replaceChildren();
      return;
    }
    $("p-titel").textContent = room.exercise_title + ": " + view.title;
    const state = [view.summary, room.is_open ? "Der er åbent for svar." : "Der er lukket for svar.",
      view.released ? "Nøglen er frigivet." : ""].filter(Boolean).join(" ");
    $("p-status").textContent = state;
    const shown = view.charts.filter((c) => c.answered > 0 || c.seen === undefined || c.seen > 0);
    $("p-diagrammer").replaceChildren(...shown.map(chart));
    $("p-tekster").replaceChildren(...view.texts.map(texts));
    if (!first && view.released) R.announce("Nøglen er frigivet.");
  }

  let busy = false;
  async function refresh() {
    if (busy) return;
    busy = true;
    const reply = await R.api("/api/" + code + "/projektor");
    busy = false;
    if (reply.status === 403) { window.location.reload(); return; }
    if (reply.ok) draw(reply.data);
  }

  R.connect(code, () => refresh());
  refresh();
  window.setInterval(refresh, REFRESH_MS);
})();
