// Ferry status page: polls /api/v1/status every second and redraws; no library, no network beyond this server.
(function () {
  "use strict";
  var POLL_MS = 1000;
  var name = null;
  var $ = function (id) { return document.getElementById(id); };

  function text(id, value) { $(id).textContent = value; }
  function fmtInt(n) { return n == null ? "–" : Number(n).toLocaleString("en-US"); }
  function fmtSeconds(s) {
    if (s == null) { return "–"; }
    s = Math.round(s);
    if (s < 60) { return s + " s"; }
    if (s < 3600) { return Math.floor(s / 60) + " min " + (s % 60) + " s"; }
    return Math.floor(s / 3600) + " h " + Math.floor((s % 3600) / 60) + " min";
  }
  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (content != null) { e.textContent = content; }
    return e;
  }
  function bar(fraction, cls) {
    var b = el("span", "bar" + (cls ? " " + cls : ""));
    var fill = el("span");
    fill.style.width = Math.max(0, Math.min(100, fraction * 100)) + "%";
    b.appendChild(fill);
    return b;
  }
  function replace(list, items) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    items.forEach(function (i) { list.appendChild(i); });
  }

  function drawLag(lag, now) {
    var svg = $("lag-chart");
    var W = 900, H = 200, windowMs = (lag.windowSeconds || 900) * 1000;
    var points = lag.points || [];
    var max = 1;
    points.forEach(function (p) { if (p[1] > max) { max = p[1]; } });
    max = Math.ceil(max * 1.2);
    var coords = points.map(function (p) {
      var x = W - (now - p[0]) / windowMs * W;
      var y = H - p[1] / max * (H - 10);
      return x.toFixed(1) + "," + y.toFixed(1);
    });
    $("lag-line").setAttribute("points", coords.join(" "));
    svg.setAttribute("data-points", String(points.length));
    var grid = $("lag-grid");
    var lines = [];
    for (var i = 1; i < 4; i++) {
      var l = document.createElementNS("http://www.w3.org/2000/svg", "line");
      l.setAttribute("x1", "0"); l.setAttribute("x2", String(W));
      l.setAttribute("y1", String(H - i * (H - 10) / 4)); l.setAttribute("y2", String(H - i * (H - 10) / 4));
      lines.push(l);
    }
    replace(grid, lines);
    text("lag-max", "scale 0 – " + max + " s");
    text("lag-now", lag.seconds == null ? "unknown" : lag.seconds.toFixed(1) + " s");
  }

  function drawTables(copy) {
    var rows = (copy.tables || []).map(function (t) {
      var tr = el("tr");
      tr.appendChild(el("td", null, t.table));
      tr.appendChild(el("td", "num", fmtInt(t.copiedRows)));
      tr.appendChild(el("td", "num", fmtInt(t.sourceRows)));
      var p = el("td");
      p.appendChild(bar(t.percent / 100));
      p.appendChild(document.createTextNode(" " + t.percent + " %"));
      tr.appendChild(p);
      tr.appendChild(el("td", null, t.percent >= 100 ? "done" : fmtSeconds(t.etaSeconds)));
      tr.appendChild(el("td", "num", fmtInt(t.appliedRows)));
      return tr;
    });
    if (!copy.known) {
      var tr = el("tr");
      var td = el("td", "muted", "capture runs in another process: see its /metrics for the copy's progress");
      td.colSpan = 6;
      tr.appendChild(td);
      rows = [tr];
    }
    replace($("tables").tBodies[0], rows);
    text("applied-rate", copy.appliedRowsPerSecond == null ? "–" : fmtInt(copy.appliedRowsPerSecond));
    text("applied-total", fmtInt(copy.appliedRows));
    text("copy-summary", copy.known ? (copy.streaming ? "snapshot done (" + fmtInt(copy.copiedRows) + " rows); streaming changes"
        : "copying: " + fmtInt(copy.copiedRows) + " of about " + fmtInt(copy.sourceRows) + " rows, "
          + fmtInt(copy.copyRowsPerSecond) + " rows/s, ETA " + fmtSeconds(copy.etaSeconds)) : "");
  }

  function drawTimeline(c) {
    if (!c) {
      replace($("timeline"), [el("li", "muted", "no cutover yet")]);
      text("cutover-outcome", "");
      text("write-pause", "");
      return;
    }
    var steps = c.steps || [];
    var longest = 1;
    steps.forEach(function (s) { if (s.millis > longest) { longest = s.millis; } });
    var frozen = false;
    var items = steps.map(function (s) {
      if (s.step === "freeze") { frozen = true; }
      var li = el("li", s.error ? "failed" : null);
      li.setAttribute("data-step", s.step);
      li.appendChild(el("span", "step", s.step));
      li.appendChild(bar(s.millis / longest, frozen ? "frozen" : null));
      li.appendChild(document.createTextNode(" " + s.millis + " ms" + (frozen ? " (writes frozen)" : "") + (s.error ? " FAILED: " + s.error : "")));
      if (s.step === "flip") { frozen = false; }
      return li;
    });
    replace($("timeline"), items);
    text("cutover-outcome", c.outcome + (c.startedAt ? " · started " + c.startedAt : "") + (c.reason ? " · " + c.reason : ""));
    text("write-pause", c.freezeMillis == null ? "" : "source writes paused for " + c.freezeMillis + " ms");
  }

  /** Reverse replication (cutover.reverse.enabled): shown once the migration has it. */
  function drawReverse(r) {
    $("reverse-card").hidden = !r;
    if (!r) { return; }
    text("reverse-lag", r.running && r.lagMillis != null && r.lagMillis >= 0 ? (r.lagMillis / 1000).toFixed(1) + " s" : "–");
    text("reverse-state", r.failure ? "stopped: " + r.failure
        : r.rollbackRunning ? "a rollback is running"
        : r.running ? (r.streaming ? "running: every write on the target reaches the source" : "starting")
        : "not running (it starts at the flip)");
  }

  function draw(s) {
    name = s.name;
    text("name", s.name || "");
    text("phase", s.phase || "unknown");
    text("route", s.route ? "· applications use the " + s.route.side + " (route v" + s.route.version + ")" : "");
    text("updated", "updated " + new Date(s.now).toLocaleTimeString());
    drawLag(s.lag || {}, s.now);
    drawTables(s.copy || {});
    drawReverse(s.reverse);
    var dlq = s.deadLetters || { count: 0, latest: [] };
    text("dlq-count", fmtInt(dlq.count));
    replace($("dlq-list"), (dlq.latest || []).map(function (d) {
      return el("li", null, (d.table || "?") + ": " + d.reason + " (" + d.source + ")");
    }));
    var r = s.readiness || {};
    var after = ["FLIPPED", "COMPLETE"].indexOf(s.phase) >= 0;
    $("ready").className = after ? "ready-yes" : r.ready ? "ready-yes" : "ready-no";
    text("ready", after ? "cut over: applications use the target" : r.measured ? (r.ready ? "ready for a cutover" : "not ready") : "not measured yet");
    replace($("refusals"), after ? [] : (r.refusals || []).map(function (x) { return el("li", null, x.reason); }));
    var v = s.validation || {};
    var vdiv = $("validation");
    replace(vdiv, []);
    if (v.finished) {
      vdiv.appendChild(el("span", v.clean ? "ready-yes" : "ready-no", v.clean ? "clean" : v.differences + " difference(s)"));
      vdiv.appendChild(document.createTextNode(" · " + new Date(v.at).toLocaleTimeString() + " · " + v.elapsedMillis + " ms · "));
      var a = el("a", null, "report");
      a.href = v.reportUrl;
      vdiv.appendChild(a);
    } else {
      vdiv.textContent = v.running ? "running: " + v.running.table + " " + fmtInt(v.running.checkedRows) + " of " + fmtInt(v.running.totalRows) + " rows" : "none yet";
    }
    replace($("validation-tables"), (v.tables || []).map(function (t) {
      return el("li", null, t.table + ": " + t.status.toLowerCase() + (t.differences ? " (" + t.differences + " differences)" : ""));
    }));
    drawTimeline(s.lastCutover);
    replace($("history"), (s.history || []).map(function (h) {
      return el("li", null, h.at + "  " + (h.from || "–") + " → " + h.to + "  (" + h.actor + "): " + h.reason);
    }));
    text("token-note", s.tokenConfigured ? "" : "No admin token is configured (cutover.api.token): the buttons are refused.");
  }

  function poll() {
    fetch("/api/v1/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(draw)
      .catch(function (e) { text("updated", "cannot reach the coordinator: " + e); })
      .finally(function () { setTimeout(poll, POLL_MS); });
  }

  function act(action) {
    var result = $("action-result");
    if (!name) { return; }
    var token = $("token").value.trim();
    if (token && !window.confirm("Really " + action + " migration " + name + "?")) { return; }
    if (!token) {
      result.className = "error";
      result.textContent = "enter the admin token first; asking the API anyway…";
    }
    var headers = { "X-Ferry-Actor": "status page" };
    if (token) { headers.Authorization = "Bearer " + token; }
    fetch("/api/v1/migrations/" + encodeURIComponent(name) + "/" + action, { method: "POST", headers: headers })
      .then(function (r) {
        return r.text().then(function (body) {
          var msg;
          try { var j = JSON.parse(body); msg = j.error || j.outcome + (j.reason ? ": " + j.reason : ""); } catch (e) { msg = body; }
          result.className = r.ok ? "ok" : "error";
          result.textContent = action + (r.ok ? " answered " : " refused (" + r.status + "): ") + msg;
        });
      })
      .catch(function (e) { result.className = "error"; result.textContent = action + " failed: " + e; });
  }

  ["cutover-button", "abort-button", "complete-button"].forEach(function (id) {
    $(id).addEventListener("click", function () { act($(id).getAttribute("data-action")); });
  });
  poll();
})();
