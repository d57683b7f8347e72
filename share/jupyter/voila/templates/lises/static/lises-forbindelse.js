/* The page says so when its kernel is gone (lises template; loaded before Voilà's own script).
 *
 * A Voilà page is only alive while its kernel runs: the server culls the kernels of closed
 * pages, a kernel can die, and a restarted server knows none of the old ones. The buttons of
 * such a page would silently do nothing. This script watches the page's kernel websocket
 * (/api/kernels/<id>/channels; it wraps window.WebSocket, which Voilà's front end uses to open
 * it) and, when the kernel is gone, shows a Danish banner (role="alert") with a button that
 * reloads the page, and stops every click and key press on the exercise, moving the focus to
 * that button instead.
 *
 * The kernel is gone when the server says so (a status message "dead" or "restarting": a
 * restarted kernel has none of the page's widgets; or 404 for the page's kernel, asked by the
 * front end or by this script every 20 s, seen by wrapping window.fetch), or when the socket
 * closed and has not come back within a few seconds (Voilà's front end retries at once; a culled kernel or a restarted
 * server answers 404). A short network drop that heals hides the banner again.
 */
(function () {
  "use strict";
  var NativeWebSocket = window.WebSocket;
  if (!NativeWebSocket) return;
  var CHANNELS = /\/api\/kernels\/[0-9a-f-]{36}\/channels/;
  var GRACE_MS = 4000;
  var CHECK_MS = 20000;
  var open = 0;
  var timer = null;
  var gone = false; // the kernel itself is lost: never hide the banner again
  var leaving = false;
  var banner = null;

  function text(bytes) {
    return new TextDecoder("utf-8").decode(bytes);
  }

  /* The execution state of a status message, in either websocket protocol, else null. */
  function executionState(data) {
    var message = null;
    try {
      if (typeof data === "string") {
        message = JSON.parse(data);
      } else if (data instanceof ArrayBuffer && data.byteLength > 48) {
        // v1.kernel.websocket.jupyter.org: count, offsets (8 bytes each, little-endian), then
        // channel, header, parent header, metadata, content, buffers.
        var view = new DataView(data);
        var offset = function (i) { return Number(view.getBigUint64(8 * (i + 1), true)); };
        if (Number(view.getBigUint64(0, true)) < 6) return null;
        var header = JSON.parse(text(new Uint8Array(data, offset(1), offset(2) - offset(1))));
        if (header.msg_type !== "status") return null;
        message = {
          header: header,
          content: JSON.parse(text(new Uint8Array(data, offset(4), offset(5) - offset(4)))),
        };
      }
    } catch (error) {
      return null;
    }
    if (!message || !message.header || message.header.msg_type !== "status") return null;
    return message.content && message.content.execution_state;
  }

  function show() {
    if (leaving) return;
    document.body.classList.add("lises-uden-forbindelse");
    if (banner) {
      banner.hidden = false;
      return;
    }
    banner = document.createElement("div");
    banner.className = "lises-afbrudt";
    banner.setAttribute("role", "alert");
    var lines = [
      "Forbindelsen til øvelsen er afbrudt.",
      "Serveren kører ikke længere denne side (den har været lukket, eller serveren er " +
        "startet igen), så knapperne og felterne virker ikke. Genindlæs siden for at fortsætte.",
    ];
    lines.forEach(function (line, i) {
      var p = document.createElement("p");
      if (i === 0) {
        var strong = document.createElement("strong");
        strong.textContent = line;
        p.appendChild(strong);
      } else {
        p.textContent = line;
      }
      banner.appendChild(p);
    });
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Genindlæs siden";
    button.addEventListener("click", function () { window.location.reload(); });
    banner.appendChild(button);
    document.body.insertBefore(banner, document.body.firstChild);
    button.focus();
  }

  function hide() {
    if (gone || !banner) return;
    banner.hidden = true;
    document.body.classList.remove("lises-uden-forbindelse");
  }

  function lost() {
    gone = true;
    show();
  }

  /* While the banner is up, the exercise takes no input: a click or key press on it moves the
   * focus to "Genindlæs siden" (which the screen reader announces) instead of reaching a widget
   * whose kernel is gone. */
  function refuse(event) {
    if (!banner || banner.hidden || banner.contains(event.target)) return;
    var cells = document.getElementById("rendered_cells");
    if (!cells || !cells.contains(event.target)) return;
    if (event.type === "keydown" && ["Tab", "Shift"].indexOf(event.key) >= 0) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    banner.querySelector("button").focus();
  }
  ["click", "mousedown", "pointerdown", "keydown", "beforeinput", "change"].forEach(function (type) {
    window.addEventListener(type, refuse, true);
  });
  window.addEventListener("pagehide", function () { leaving = true; });
  window.addEventListener("beforeunload", function () { leaving = true; });

  function watch(socket) {
    var opened = false;
    socket.addEventListener("open", function () {
      opened = true;
      open += 1;
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      hide();
    });
    socket.addEventListener("message", function (event) {
      var state = executionState(event.data);
      if (state === "dead" || state === "restarting") lost();
    });
    socket.addEventListener("close", function () {
      if (opened) open -= 1;
      opened = false;
      if (open > 0 || timer) return;
      timer = setTimeout(function () {
        timer = null;
        if (open === 0) show();
      }, GRACE_MS);
    });
  }

  function WatchedWebSocket(url, protocols) {
    var socket = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    if (CHANNELS.test(String(url))) watch(socket);
    return socket;
  }
  WatchedWebSocket.prototype = NativeWebSocket.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
    WatchedWebSocket[name] = NativeWebSocket[name];
  });
  window.WebSocket = WatchedWebSocket;

  /* A kernel shut down by the server (the culler, an administrator) leaves the page's socket
   * open and says nothing, so the page also asks the server about its kernel now and then, when
   * it becomes visible again (a phone woken up) and on the first touch after a pause: one small
   * request, answered 404 once the kernel is gone. */
  var lastCheck = 0;
  function pageConfig() {
    var element = document.getElementById("jupyter-config-data");
    try {
      return element ? JSON.parse(element.textContent) : null;
    } catch (error) {
      return null;
    }
  }
  function check() {
    var config = pageConfig();
    if (gone || leaving || !config || !config.kernelId) return;
    lastCheck = Date.now();
    var url = (config.baseUrl || "/") + "api/kernels/" + config.kernelId;
    window.fetch(url, { cache: "no-store", credentials: "same-origin" }).catch(function () {
      // The server does not answer at all: the socket's close event tells.
    });
  }
  setInterval(check, CHECK_MS);
  // A page handed a kernel that died on the way gets no word from the server at all (Jupyter
  // tells a socket about a dead kernel only once the kernel has answered it): ask early.
  window.addEventListener("load", function () {
    setTimeout(check, 3000);
    setTimeout(check, 8000);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") check();
  });
  window.addEventListener("pointerdown", function () {
    if (Date.now() - lastCheck > 5000) check();
  }, true);

  /* Before it opens the socket, the front end asks the server for the kernel: a 404 there means
   * the kernel was gone before the page could use it (e.g. a preheated kernel that died as it
   * was handed out), and no socket is ever opened. */
  var nativeFetch = window.fetch;
  var KERNEL = /\/api\/kernels\/[0-9a-f-]{36}(?:[?#]|$)/;
  if (nativeFetch) {
    window.fetch = function (resource) {
      var url = typeof resource === "string" ? resource : (resource && resource.url) || "";
      var answer = nativeFetch.apply(this, arguments);
      if (KERNEL.test(String(url))) {
        answer.then(function (response) {
          if (response.status === 404) lost();
        }, function () {});
      }
      return answer;
    };
  }
})();
