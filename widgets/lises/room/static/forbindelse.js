/* The room's shared helpers (window.LisesRum): JSON calls, the push stream with its connection
   banner, announcements for screen readers, the timer and safe element building.
   Plain JavaScript, no framework, nothing from other hosts (the CSP allows only this server). */
"use strict";

(function () {
  const DROPPED = "Forbindelsen til workshoppen er afbrudt. Siden prøver igen af sig selv …";
  const NETWORK = "Ingen forbindelse til serveren. Tjek netværket; siden prøver igen.";

  /* An element with attributes and children; text is always inserted as text. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name === "html") node.innerHTML = value; /* only the server's own escaped HTML */
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const RETRY_STATUS = [0, 502, 503, 504];
  const RETRY_FOR_MS = 30000;
  const RESENDING = "Forbindelsen svigtede. Svaret sendes igen …";

  /* A JSON call: {status, ok, data}; status 0 when the network failed.  With {retry: true} (the
     room's calls are idempotent: an answer already stored is answered with the screen), a call
     that did not get through, or met a server being restarted or a balancer without a server,
     is sent again for up to 30 s, a little later each time, with a note in the banner. */
  async function api(path, options) {
    const opts = options || {};
    if (!opts.retry) return apiOnce(path, opts);
    const until = Date.now() + RETRY_FOR_MS;
    let wait = 500;
    for (;;) {
      const reply = await apiOnce(path, opts);
      if (!RETRY_STATUS.includes(reply.status) || Date.now() + wait > until) {
        if (wait > 500) banner("");
        return reply;
      }
      banner(RESENDING);
      await new Promise((done) => window.setTimeout(done, wait));
      wait = Math.min(wait * 2, 8000);
    }
  }

  async function apiOnce(path, opts) {
    const headers = { Accept: "application/json" };
    if (opts.token) headers["X-Deltager-Token"] = opts.token;
    if (opts.csrf) headers["X-CSRF-Token"] = opts.csrf;
    const init = { method: opts.method || "GET", headers, credentials: "same-origin", cache: "no-store" };
    if (opts.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(opts.body);
    }
    try {
      const response = await fetch(path, init);
      let data = {};
      try { data = await response.json(); } catch (e) { data = {}; }
      return { status: response.status, ok: response.ok, data };
    } catch (e) {
      return { status: 0, ok: false, data: { fejl: NETWORK } };
    }
  }

  /* Say something to screen readers through the page's polite live region. */
  function announce(text) {
    const region = document.getElementById("meddelelse");
    if (!region || !text) return;
    region.textContent = "";
    window.setTimeout(() => { region.textContent = text; }, 60);
  }

  function banner(text) {
    const node = document.getElementById("forbindelse");
    if (node) node.textContent = text || "";
  }

  /* The room's push stream: onChange(version, reconnected) at the start, at every change and
     after every reconnect.  EventSource reconnects by itself after a network error; a stream the
     server refused (readyState CLOSED) is opened again here, a little later each time. */
  function connect(code, onChange) {
    let source = null;
    let dropped = false;
    let delay = 2000;
    function open() {
      source = new EventSource("/api/" + encodeURIComponent(code) + "/begivenheder");
      source.onopen = () => {
        delay = 2000;
        if (dropped) { dropped = false; banner(""); onChange(null, true); }
      };
      source.onmessage = (event) => {
        let data = {};
        try { data = JSON.parse(event.data); } catch (e) { return; }
        if (dropped) { dropped = false; banner(""); }
        onChange(data.version, false);
      };
      source.onerror = () => {
        dropped = true;
        banner(DROPPED);
        if (source.readyState === EventSource.CLOSED) {
          source.close();
          window.setTimeout(open, delay);
          delay = Math.min(delay * 2, 15000);
        }
      };
    }
    open();
    window.addEventListener("pagehide", () => source && source.close());
    return { close: () => source && source.close() };
  }

  /* A countdown in `node` to endsIso, corrected by the server's clock (nowIso). */
  const timers = new WeakMap();
  function countdown(node, endsIso, nowIso, prefix) {
    if (!node) return;
    window.clearInterval(timers.get(node));
    if (!endsIso) { node.hidden = true; node.textContent = ""; return; }
    const skew = Date.parse(nowIso) - Date.now();
    const ends = Date.parse(endsIso);
    function tick() {
      const left = Math.max(0, Math.round((ends - (Date.now() + skew)) / 1000));
      const minutes = Math.floor(left / 60);
      const seconds = String(left % 60).padStart(2, "0");
      node.textContent = left > 0 ? (prefix || "Tid tilbage: ") + minutes + ":" + seconds : "Tiden er gået.";
      if (left <= 0) window.clearInterval(timers.get(node));
    }
    node.hidden = false;
    tick();
    timers.set(node, window.setInterval(tick, 1000));
  }

  window.LisesRum = { el, api, announce, banner, connect, countdown };
})();
