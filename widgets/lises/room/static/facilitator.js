/* The facilitator's page: choose what the room does, open and close it, release the key, a
   timer, close the room to new participants, hide free texts from the projector.  Every action
   is a JSON POST with the session's CSRF token; the overview is fetched at every push and every
   few seconds (answers do not change the room's version). */
"use strict";

(function () {
  const R = window.LisesRum;
  const el = R.el;
  const main = document.getElementById("indhold");
  const code = main.dataset.kode;
  const csrf = main.dataset.csrf;
  const $ = (id) => document.getElementById(id);
  const REFRESH_MS = 4000;

  function message(text, problem) {
    const node = $("besked");
    node.textContent = text || "";
    node.classList.toggle("problem", Boolean(problem));
  }

  async function act(action, body) {
    const reply = await R.api("/api/" + code + "/facilitator/" + action, { method: "POST", csrf, body: body || {} });
    if (reply.status === 403 && /log ind/i.test(reply.data.fejl || "")) {
      message(reply.data.fejl, true);
      window.setTimeout(() => window.location.reload(), 1500);
      return;
    }
    message(reply.ok ? reply.data.besked : reply.data.fejl || "Handlingen mislykkedes.", !reply.ok);
    refresh();
  }

  function yesNo(flag, yes, no) { return flag ? yes : no; }

  let chosen = null;
  function drawRoom(room) {
    const current = room.exercise ? room.exercise + "|" + room.item : null;
    if (current && current !== chosen && document.activeElement !== $("emne")) $("emne").value = current;
    chosen = current;
    $("s-opgave").textContent = room.exercise ? room.exercise_title + ": " + optionTitle(room) : "Ingen valgt";
    $("s-svar").textContent = room.exercise ? yesNo(room.is_open, "Åben for svar", "Lukket for svar") : "–";
    $("s-noegle").textContent = room.exercise ? yesNo(room.released, "Frigivet", "Ikke frigivet") : "–";
    $("s-rum").textContent = yesNo(room.closed, "Lukket for nye deltagere", "Åben for nye deltagere");
    if (room.timer_ends_at) R.countdown($("s-timer"), room.timer_ends_at, room.now, "");
    else { R.countdown($("s-timer"), null); $("s-timer").hidden = false; $("s-timer").textContent = "Ingen"; }
    $("aabn").disabled = !room.exercise || room.is_open;
    $("luk").disabled = !room.exercise || !room.is_open;
    $("frigiv").disabled = !room.exercise || room.released;
    $("tilbage").disabled = !room.exercise || !room.released;
    $("rum-luk").disabled = room.closed;
    $("rum-aabn").disabled = !room.closed;
  }

  function optionTitle(room) {
    const option = document.querySelector('#emne option[value="' + CSS.escape(room.exercise + "|" + room.item) + '"]');
    return option ? option.textContent.split(": ").slice(1).join(": ") : room.item;
  }

  function names(list, items, empty) {
    list.replaceChildren(...(items.length ? items.map((n) => el("li", { text: n })) : [el("li", { class: "muted", text: empty })]));
  }

  function drawTexts(texts) {
    const list = $("tekster");
    if (!texts.length) { list.replaceChildren(el("li", { class: "muted", text: "Ingen fritekstsvar endnu." })); return; }
    list.replaceChildren(...texts.map((t) => el("li", { class: t.hidden ? "skjult" : "" },
      el("p", { class: "tekst", text: t.text }),
      el("button", { class: "btn small", type: "button", onclick: () => act("skjul", { answer_id: t.id, hidden: !t.hidden }) },
        t.hidden ? "Vis på projektoren igen" : "Skjul på projektoren"),
      t.hidden ? el("span", { class: "muted", text: " Skjult på projektoren." }) : null)));
  }

  let refreshing = false;
  async function refresh() {
    if (refreshing) return;
    refreshing = true;
    const reply = await R.api("/api/" + code + "/facilitator/overblik");
    refreshing = false;
    if (reply.status === 403) { window.location.reload(); return; }
    if (!reply.ok) return;
    const data = reply.data;
    drawRoom(data.room);
    $("s-deltagere").textContent = String(data.joined);
    $("s-faerdige").textContent = String(data.done.length);
    $("hvem-antal").textContent = data.room.exercise
      ? data.done.length + " af " + data.joined + " deltagere er færdige; " + data.working.length + " er i gang."
      : "Ingen opgave valgt. " + data.joined + " deltagere er med.";
    names($("faerdige"), data.done, "Ingen endnu.");
    names($("i-gang"), data.working, "Ingen.");
    drawTexts(data.texts);
  }

  $("valg").addEventListener("submit", (event) => {
    event.preventDefault();
    const [exercise, item] = $("emne").value.split("|");
    act("aktivitet", { exercise, item });
  });
  for (const button of document.querySelectorAll("button[data-action]")) {
    button.addEventListener("click", () => {
      const body = button.dataset.on === undefined ? {} : { on: button.dataset.on === "true" };
      act(button.dataset.action, body);
    });
  }
  $("timer-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const minutes = Number($("minutter").value.replace(",", "."));
    if (!(minutes > 0 && minutes <= 240)) { message("Skriv et antal minutter mellem 0,5 og 240.", true); $("minutter").focus(); return; }
    act("timer", { minutes });
  });
  $("timer-stop").addEventListener("click", () => act("timer", { minutes: null }));
  // The two forms work only through this script: their buttons stay disabled until it has taken
  // over their submit, or a click on a page still loading would reload it with the choice in
  // the address and do nothing.
  for (const button of document.querySelectorAll("button[data-script-form]")) button.disabled = false;

  R.connect(code, () => refresh());
  refresh();
  window.setInterval(refresh, REFRESH_MS);
})();
