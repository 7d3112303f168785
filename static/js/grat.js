/* grat.js: the gratification report form shows its advice and deadlines while it is filled.
 * When the date, the value, the giver, the occasion, the object's type or the year's total change,
 * it asks GET /api/v1/gratification/advice (form[data-grat-advice]) and writes the answer into
 * #saran-hasil, an aria-live region, with the texts the server put on it (data-text-*); on a
 * returned report being completed (data-grat-filed) only the advice, as its deadlines stand on
 * the page already. Without
 * JavaScript the "Periksa" button brings the same panel back from the server; nothing here ever
 * blocks sending the report. */
(function () {
  "use strict";

  var WATCHED = ["tanggal", "nilai", "pemberi_jenis", "peristiwa_jenis", "objek_jenis", "total_tahun"];

  function value(form, name) {
    var el = form.elements[name];
    return el && typeof el.value === "string" ? el.value.trim() : "";
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined && text !== null) {
      e.textContent = text;
    }
    return e;
  }

  /* filed: a report being completed, whose own deadlines the page shows: the advice only */
  function render(panel, a, filed) {
    var t = panel.dataset;
    if (filed) {
      a.deadlines = [];
      a.warnings = [];
      a.late_text = "";
      a.unknown_year_text = "";
    }
    var box = document.createDocumentFragment();
    if (a.deadlines && a.deadlines.length) {
      var ul = el("ul", "stat-grid stat-grid--3");
      ul.setAttribute("aria-label", t.textDeadlines || "");
      a.deadlines.forEach(function (d) {
        var li = el("li", "stat deadline" + (d.soon ? " deadline--soon" : "") + (d.passed ? " deadline--past" : ""));
        li.appendChild(el("span", "deadline__label", d.label));
        li.appendChild(el("span", "deadline__days", d.day));
        li.appendChild(el("span", "deadline__label", d.note));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    if (a.unknown_year_text) {
      box.appendChild(el("p", "muted text-small", a.unknown_year_text));
    }
    (a.warnings || []).forEach(function (w) {
      var div = el("div", "alert " + (w.error ? "alert--error" : "alert--warning"));
      div.appendChild(el("p", "alert__text", w.text));
      box.appendChild(div);
    });
    if (a.late_text) {
      box.appendChild(el("p", "text-small", a.late_text));
    }
    if (a.must_report === true || a.must_report === false) {
      var v = el("div", "verdict " + (a.must_report ? "verdict--no" : "verdict--yes"));
      v.appendChild(el("h3", "verdict__title", a.must_report ? t.textMust : t.textExempt));
      v.appendChild(el("p", "", a.reason));
      if (a.rule) {
        v.appendChild(el("p", "muted", (t.textRule || "") + ": " + a.rule));
      }
      if (a.threshold_text) {
        var lim = (t.textLimit || "") + ": " + a.threshold_text;
        if (a.year_threshold_text) {
          lim += " · " + (t.textYearLimit || "") + ": " + a.year_threshold_text;
        }
        v.appendChild(el("p", "muted", lim));
      }
      box.appendChild(v);
    }
    if (a.pending && a.pending.length) {
      box.appendChild(el("p", "muted", (t.textPending || "") + ":"));
      var pl = el("ul", "muted");
      a.pending.forEach(function (p) {
        pl.appendChild(el("li", "", p));
      });
      box.appendChild(pl);
    }
    panel.textContent = "";
    panel.appendChild(box);
  }

  function problems(panel, body) {
    var div = el("div", "alert alert--warning");
    var ul = el("ul", "alert__text");
    var fields = body && body.error && body.error.fields;
    var any = false;
    if (fields) {
      Object.keys(fields).forEach(function (k) {
        ul.appendChild(el("li", "", fields[k]));
        any = true;
      });
    }
    if (!any) {
      ul.appendChild(el("li", "", (body && body.error && body.error.message) || panel.dataset.textFailed || ""));
    }
    div.appendChild(ul);
    panel.textContent = "";
    panel.appendChild(div);
  }

  function wire(form) {
    var panel = document.getElementById("saran-hasil");
    var url = form.getAttribute("data-grat-advice");
    if (!panel || !url || !window.fetch || !window.URLSearchParams) {
      return;
    }
    var cash = (form.getAttribute("data-grat-cash") || "").split(" ");
    var filed = form.getAttribute("data-grat-filed") === "1";
    var timer = null;
    var seq = 0;

    function ask() {
      var received = value(form, "tanggal");
      if (!received) {
        return; /* nothing to count from yet: the panel keeps what it shows */
      }
      var q = new URLSearchParams();
      q.set("received", received);
      q.set("value", value(form, "nilai"));
      q.set("giver", value(form, "pemberi_jenis"));
      q.set("event", value(form, "peristiwa_jenis"));
      q.set("year_total", value(form, "total_tahun"));
      if (cash.indexOf(value(form, "objek_jenis")) >= 0 && value(form, "objek_jenis") !== "") {
        q.set("cash", "1");
      }
      var mine = ++seq;
      panel.setAttribute("aria-busy", "true");
      fetch(url + "?" + q.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          return r.json().then(function (body) {
            return { ok: r.ok, status: r.status, body: body };
          });
        })
        .then(function (res) {
          if (mine !== seq) {
            return; /* a newer question is on its way */
          }
          if (res.ok) {
            render(panel, res.body, filed);
          } else {
            problems(panel, res.status === 422 ? res.body : null);
          }
        })
        .catch(function () {
          if (mine === seq) {
            problems(panel, null);
          }
        })
        .then(function () {
          if (mine === seq) {
            panel.removeAttribute("aria-busy");
          }
        });
    }

    function later(ev) {
      var name = ev.target && ev.target.name;
      if (WATCHED.indexOf(name) < 0) {
        return;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, ev.type === "input" ? 500 : 50);
    }

    form.addEventListener("change", later);
    form.addEventListener("input", later);
    /* a page that came back with a date (an error, the check button, a report to complete) */
    if (value(form, "tanggal") && !panel.children.length) {
      ask();
    }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-grat-advice]"), wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
