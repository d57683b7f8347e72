/* The participant's page: join with a nickname, then do what the room does now, step by step.
   The server decides everything (what is due, what is shown, whether an answer counts); this
   script only draws the screen it gets and sends the answer given.  The token that resumes the
   participant is kept in localStorage, so a reload continues where they were. */
"use strict";

(function () {
  const R = window.LisesRum;
  const el = R.el;
  const main = document.getElementById("indhold");
  const code = main.dataset.kode;
  const STORE = "lises-rum:" + code;
  const WAITING = "Venter på, at facilitatoren frigiver nøglen.";
  const NO_ACTIVITY = "Venter på, at facilitatoren vælger en opgave. Siden skifter af sig selv.";
  const NOT_OPEN = "Der er lukket for svar lige nu. Vent på facilitatoren.";
  const SEND_FAILED = "Svaret kunne ikke sendes. Tjek forbindelsen, og prøv igen.";

  const parts = {
    loading: document.getElementById("indlaeser"),
    join: document.getElementById("deltag"),
    form: document.getElementById("deltag-form"),
    code: document.getElementById("kode"),
    nickname: document.getElementById("kaldenavn"),
    nicknameError: document.getElementById("kaldenavn-fejl"),
    task: document.getElementById("opgave"),
    name: document.getElementById("navn"),
    timer: document.getElementById("timer"),
    screen: document.getElementById("skaerm"),
  };

  let token = null;
  try { token = window.localStorage.getItem(STORE); } catch (e) { token = null; }
  let shown = null; /* what is drawn now: {signature, activity, done, released, step} */
  let sending = false;

  function remember(value) {
    token = value;
    try {
      if (value) window.localStorage.setItem(STORE, value);
      else window.localStorage.removeItem(STORE);
    } catch (e) { /* private mode: the session lasts as long as the page */ }
  }

  function showJoin(message) {
    parts.loading.hidden = true;
    parts.task.hidden = true;
    parts.join.hidden = false;
    if (message) fieldError(message);
  }

  function fieldError(message) {
    parts.nicknameError.textContent = message || "";
    if (message) parts.nickname.setAttribute("aria-invalid", "true");
    else parts.nickname.removeAttribute("aria-invalid");
  }

  async function join(event) {
    event.preventDefault();
    const typed = parts.code.value.replace(/[\s-]/g, "").toUpperCase();
    if (typed && typed !== code) { window.location.assign("/" + encodeURIComponent(typed)); return; }
    const button = parts.form.querySelector("button");
    button.disabled = true;
    const reply = await R.api("/api/" + code + "/join", { method: "POST", body: { nickname: parts.nickname.value } });
    button.disabled = false;
    if (reply.status === 201) {
      fieldError("");
      remember(reply.data.token);
      R.announce("Du er med som " + reply.data.nickname + ".");
      await load("join");
      return;
    }
    fieldError(reply.data.fejl || "Det lykkedes ikke at deltage. Prøv igen.");
    parts.nickname.focus();
  }

  async function load(reason) {
    if (!token) { showJoin(); return; }
    const reply = await R.api("/api/" + code + "/skaerm", { token, retry: true });
    if (reply.status === 401) { remember(null); showJoin(); return; }
    if (!reply.ok) {
      if (reason === "start") showJoin(reply.data.fejl);
      return;
    }
    draw(reply.data, reason);
  }

  function signatureOf(data) {
    const room = data.room;
    return JSON.stringify([room.exercise, room.item, room.is_open, room.released, data.screen]);
  }

  /* -- drawing the screen ------------------------------------------------------------------ */

  function choiceInput(due, send) {
    const group = el("div", { class: "choices", role: "group", "aria-labelledby": "due-prompt" });
    due.options.forEach((option, i) => {
      const helpId = option.help ? "valg-hjaelp-" + i : null;
      const button = el("button", {
        class: "btn choice", type: "button", "aria-describedby": helpId,
        onclick: () => send(option.value),
      }, option.label);
      group.append(el("div", { class: "option" }, button,
        option.help ? el("p", { class: "hint", id: helpId, text: option.help }) : null));
    });
    return group;
  }

  function textInput(due, send, draft) {
    const area = el("textarea", {
      id: "svar-tekst", rows: 5, maxlength: due.max_length, placeholder: due.placeholder,
      required: due.required, "aria-describedby": "svar-graense svar-fejl",
    });
    area.value = draft || "";
    const form = el("form", { class: "answer-text", novalidate: true, onsubmit: (event) => {
      event.preventDefault();
      if (due.required && !area.value.trim()) {
        showError("Skriv et svar, før du går videre.");
        area.focus();
        return;
      }
      send(area.value);
    } },
    el("label", { for: "svar-tekst", text: due.label }),
    area,
    el("p", { class: "hint", id: "svar-graense", text: "Højst " + due.max_length + " tegn. Skriv ingen navne, telefonnumre eller CPR-numre." }),
    el("button", { class: "btn btn-primary", type: "submit", "aria-describedby": "svar-send-hjaelp" }, due.submit.label),
    el("p", { class: "hint", id: "svar-send-hjaelp", text: due.submit.help }));
    return form;
  }

  function weightsInput(due, send) {
    const form = el("form", { class: "weights", novalidate: true });
    due.fields.forEach((field, i) => {
      const helpId = "vaegt-hjaelp-" + i;
      const set = el("fieldset", { "aria-describedby": helpId }, el("legend", { text: field.label }),
        el("p", { class: "hint", id: helpId, text: field.help }));
      const row = el("div", { class: "scale" });
      for (let n = field.min; n <= field.max; n++) {
        const id = "vaegt-" + field.name + "-" + n;
        const radio = el("input", { type: "radio", id, name: field.name, value: n, checked: n === field.value });
        row.append(el("span", { class: "scale-step" }, radio, el("label", { for: id, text: String(n) })));
      }
      set.append(row);
      form.append(set);
    });
    form.append(el("button", { class: "btn btn-primary", type: "submit", "aria-describedby": "vaegt-send-hjaelp" }, due.submit.label),
      el("p", { class: "hint", id: "vaegt-send-hjaelp", text: due.submit.help }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = {};
      for (const field of due.fields) {
        const checked = form.querySelector('input[name="' + field.name + '"]:checked');
        value[field.name] = checked ? Number(checked.value) : field.value;
      }
      send(value);
    });
    return form;
  }

  function dueBlock(due, room, draft) {
    const block = el("section", { class: "due", "aria-labelledby": "due-prompt" });
    const prompt = el("div", { id: "due-prompt", class: "prompt", tabindex: "-1", html: due.prompt_html || "" });
    if (!due.prompt_html) prompt.append(el("p", { class: "visually-hidden", text: "Næste skridt" }));
    block.append(prompt);
    if (due.help_html) block.append(el("details", { class: "help" }, el("summary", { text: "Hjælp til svaret" }), el("div", { html: due.help_html })));
    block.append(el("p", { id: "svar-fejl", class: "fejl", role: "alert" }));
    const send = (value) => answer(due.step, value, room);
    if (due.input === "text") block.append(textInput(due, send, draft));
    else if (due.input === "weights") block.append(weightsInput(due, send));
    else block.append(choiceInput(due, send));
    return block;
  }

  function showError(message) {
    const node = document.getElementById("svar-fejl");
    if (node) node.textContent = message || "";
  }

  /* Tables from the feedback (a dilemma's trade-offs) become one card per row on a phone: each
     cell is labelled with its column's heading (room.css shows it before the cell). */
  function stackTables(root) {
    for (const table of root.querySelectorAll("table")) {
      const headings = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
      if (!headings.length) continue;
      table.classList.add("stackable");
      for (const row of table.querySelectorAll("tbody tr")) {
        [...row.children].forEach((cell, i) => headings[i] && cell.setAttribute("data-label", headings[i]));
      }
    }
  }

  function draw(data, reason) {
    const room = data.room;
    const screen = data.screen;
    parts.loading.hidden = true;
    parts.join.hidden = true;
    parts.task.hidden = false;
    parts.name.textContent = data.nickname;
    R.countdown(parts.timer, room.timer_ends_at, room.now);
    const signature = signatureOf(data);
    if (shown && shown.signature === signature) return;
    const typed = document.getElementById("svar-tekst");
    const draft = typed && shown && screen && screen.due && shown.step === screen.due.step ? typed.value : "";
    const before = shown;
    const activity = room.exercise + "/" + room.item;
    shown = { signature, activity, step: screen && screen.due ? screen.due.step : null,
      done: screen ? screen.done : false, released: room.released,
      progress: screen && screen.progress ? screen.progress.done : 0 };
    const box = parts.screen;
    box.replaceChildren();
    if (!screen) {
      const text = data.problem || NO_ACTIVITY;
      box.append(el("p", { class: "venter", id: "ny", tabindex: "-1", text }));
      settle(before, reason, "ny", text);
      return;
    }
    const answered = screen.progress && screen.progress.done > 0;
    box.append(el("details", { class: "intro", open: !answered }, el("summary", { text: "Om opgaven: " + screen.title }), el("div", { html: screen.intro_html })));
    screen.parts_html.forEach((html) => box.append(el("div", { class: "part", html })));
    if (screen.status_html) box.append(el("div", { class: "status-note", html: screen.status_html }));
    if (screen.waiting) box.append(el("p", { class: "venter", id: "venter", tabindex: "-1", text: WAITING }));
    if (screen.feedback_html) box.append(el("section", { class: "feedback", id: "feedback", tabindex: "-1", "aria-label": "Feedback" }, el("div", { html: screen.feedback_html })));
    stackTables(box);
    if (screen.due && room.is_open) box.append(dueBlock(screen.due, room, draft));
    else if (screen.due) box.append(el("p", { class: "venter", id: "lukket", tabindex: "-1", text: NOT_OPEN }));
    settle(before, reason, null, null);
  }

  /* Move the focus to what is new and say it, so keyboard and screen-reader users follow. */
  function settle(before, reason, id, text) {
    if (reason === "start" && !id) return;
    const now = shown;
    let target = id ? document.getElementById(id) : null;
    let say = text;
    const newActivity = !before || before.activity !== now.activity;
    if (!target && newActivity && reason !== "start") {
      target = parts.screen.querySelector("details.intro summary");
      say = "Ny opgave: " + (target ? target.textContent.replace("Om opgaven: ", "") : "");
    } else if (!target && now.released && !(before && before.released) && document.getElementById("feedback")) {
      target = document.getElementById("feedback");
      say = "Nøglen er frigivet. Feedbacken vises nu.";
    } else if (!target && now.progress !== (before ? before.progress : 0)) {
      const turns = parts.screen.querySelectorAll(".part li");
      target = turns.length ? turns[turns.length - 1] : parts.screen.querySelector(".part:last-of-type");
      const status = parts.screen.querySelector(".part [role=status]");
      say = (status ? status.textContent + " " : "") + (target ? target.textContent : "");
    }
    if (!target) target = document.getElementById("venter") || document.getElementById("due-prompt") || document.getElementById("lukket");
    if (!target) return;
    if (!target.hasAttribute("tabindex") && !/^(SUMMARY|BUTTON|A|INPUT|TEXTAREA)$/.test(target.tagName)) target.setAttribute("tabindex", "-1");
    if (reason !== "push" || newActivity || now.released !== (before && before.released)) target.focus();
    R.announce(say || target.textContent.slice(0, 300));
  }

  async function answer(step, value, room) {
    if (sending) return;
    sending = true;
    for (const control of parts.screen.querySelectorAll(".due button")) control.disabled = true;
    const reply = await R.api("/api/" + code + "/svar", {
      method: "POST", token, retry: true, body: { step, value, exercise: room.exercise, item: room.item },
    });
    sending = false;
    for (const control of parts.screen.querySelectorAll(".due button")) control.disabled = false;
    if (reply.status === 401) { remember(null); showJoin(reply.data.fejl); return; }
    if (reply.status === 0) { showError(SEND_FAILED); return; }
    if (reply.data.room && reply.data.screen !== undefined) {
      if (reply.ok) { draw(reply.data, "answer"); return; }
      if (shown) shown.signature = null; /* draw again, keeping a typed text */
      draw(reply.data, "answer");
    }
    if (!reply.ok) {
      showError(reply.data.fejl || SEND_FAILED);
      R.announce(reply.data.fejl || SEND_FAILED);
      const field = document.getElementById("svar-tekst");
      if (field) field.focus();
    }
  }

  parts.form.addEventListener("submit", join);
  // Enabled only now: a tap while the script loads would put the nickname in the address.
  for (const button of document.querySelectorAll("button[data-script-form]")) button.disabled = false;
  R.connect(code, (version, reconnected) => {
    if (token) load(reconnected ? "reconnect" : "push");
  });
  load("start");
})();
