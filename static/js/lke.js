/* lke.js: enhancements of the LKE pages (templates/lke/). Every form there works without it.
 *
 * - Answers save as they are typed: a form with data-autosave posts itself (urlencoded, Accept:
 *   application/json) 800 ms after the last change, or at once on submit. What is typed is first
 *   written to localStorage, and only removed once the server has it, so a lost connection, a
 *   closed tab or an expired session never loses it: the draft comes back on the next visit and
 *   is sent again. A 409 (someone saved after this page was loaded) keeps the typed value and
 *   offers to save it over the newer answer.
 * - Uploads (data-upload) go through XMLHttpRequest with a progress bar, then reload the page at
 *   the question.
 * - Evidence previews (PDF, images) open inside the page.
 * - Selects and Ya/Tidak radios whose model carries only the current value (data-current) take it.
 * - The guidance of each question folds on narrow screens.
 * Texts come translated from the page: data-* attributes of .lke-text. */
(function () {
  "use strict";
  if (!window.fetch || !window.FormData || !window.URLSearchParams || !document.querySelector) {
    return;
  }

  var DEBOUNCE_MS = 800;
  var RETRY_MS = 10000;
  var text = {};
  var savers = [];

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  function t(key) {
    return text[key] || "";
  }

  function readTexts() {
    var el = document.querySelector(".lke-text");
    if (!el) {
      return;
    }
    Object.keys(el.dataset).forEach(function (k) {
      text[k] = el.dataset[k];
    });
  }

  /* A local path of this site ("/x", never "//host"). */
  function localPath(href) {
    return typeof href === "string" && href.charAt(0) === "/" && href.charAt(1) !== "/" &&
      href.charAt(1) !== "\\";
  }

  function store() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  /* --- values the model gives only as text ------------------------------------------------ */

  function applyCurrent() {
    each(document.querySelectorAll("select[data-current]"), function (sel) {
      var cur = sel.getAttribute("data-current");
      var stand = sel.querySelector("option[data-current-option]");
      var match = null;
      each(sel.options, function (o) {
        if (!match && !o.hasAttribute("data-current-option") && o.value === cur) {
          match = o;
        }
      });
      if (match) {
        if (stand) {
          stand.parentNode.removeChild(stand);
        }
        match.selected = true;
      }
    });
    each(document.querySelectorAll("fieldset[data-current]"), function (fs) {
      var cur = (fs.getAttribute("data-current") || "").toLowerCase();
      if (fs.querySelector("input[type=radio]:checked")) {
        return;
      }
      each(fs.querySelectorAll("input[type=radio]"), function (r) {
        if (r.value === cur) {
          r.checked = true;
        }
      });
    });
    each(document.querySelectorAll("table[data-sort]"), function (table) {
      var key = table.getAttribute("data-sort");
      each(table.querySelectorAll("th[data-sort-key]"), function (th) {
        if (key && th.getAttribute("data-sort-key") === key) {
          th.setAttribute("aria-sort", key === "nilai" ? "descending" : "ascending");
        }
      });
    });
  }

  function foldGuidance() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 47.99em)").matches) {
      return;
    }
    each(document.querySelectorAll("details[data-collapse-narrow]"), function (d) {
      d.open = false;
    });
  }

  /* --- evidence previews -------------------------------------------------------------------- */

  function openPreview(details) {
    if (details.dataset.loaded === "1") {
      return;
    }
    var link = details.querySelector("a[data-preview-src]");
    var summary = details.querySelector("summary");
    var mime = details.getAttribute("data-mime") || "";
    if (!link || !localPath(link.getAttribute("href"))) {
      return;
    }
    var el;
    if (mime.indexOf("image/") === 0) {
      el = document.createElement("img");
      el.className = "evidence__image";
      el.alt = summary ? summary.textContent.trim() : "";
    } else if (mime === "application/pdf") {
      el = document.createElement("iframe");
      el.className = "evidence__frame";
      el.title = summary ? summary.textContent.trim() : "";
    } else {
      return;
    }
    el.src = link.getAttribute("href");
    details.dataset.loaded = "1";
    details.insertBefore(el, link.parentNode);
  }

  function wirePreviews() {
    document.addEventListener("toggle", function (ev) {
      var d = ev.target;
      if (d && d.classList && d.classList.contains("evidence__preview") && d.open) {
        openPreview(d);
      }
    }, true);
  }

  /* --- autosave ------------------------------------------------------------------------------ */

  function Saver(form) {
    this.form = form;
    this.code = form.elements.code ? form.elements.code.value : "";
    this.key = "zona-draft:" + location.pathname + ":" + this.code;
    this.status = form.querySelector("[data-status]");
    this.error = form.querySelector("[data-error]");
    this.revInput = form.querySelector("[data-rev]");
    this.timer = 0;
    this.retryTimer = 0;
    this.busy = false;
    this.again = false;
    this.pending = false; /* a draft the server does not have yet */
    this.conflictRev = null;
    this.savedSnap = this.snapshot();
  }

  /* What a person typed: every field but the token, the code and the revision. */
  Saver.prototype.fields = function () {
    var out = [];
    new FormData(this.form).forEach(function (v, k) {
      if (k !== "csrf" && k !== "code" && k !== "rev" && typeof v === "string") {
        out.push([k, v]);
      }
    });
    return out;
  };

  Saver.prototype.snapshot = function () {
    return JSON.stringify(this.fields());
  };

  Saver.prototype.rev = function () {
    return this.revInput ? this.revInput.value : "";
  };

  Saver.prototype.writeDraft = function (conflict) {
    var s = store();
    if (!s) {
      return;
    }
    try {
      s.setItem(this.key, JSON.stringify({
        fields: this.fields(), rev: this.rev(), at: Date.now(), conflict: !!conflict,
      }));
    } catch (e) { /* storage full or blocked: the page still holds the text */ }
  };

  Saver.prototype.dropDraft = function () {
    var s = store();
    if (s) {
      try {
        s.removeItem(this.key);
      } catch (e) { /* ignore */ }
    }
  };

  Saver.prototype.readDraft = function () {
    var s = store();
    try {
      return s ? JSON.parse(s.getItem(this.key) || "null") : null;
    } catch (e) {
      return null;
    }
  };

  Saver.prototype.applyFields = function (list) {
    var values = {};
    list.forEach(function (p) {
      values[p[0]] = p[1];
    });
    each(this.form.elements, function (el) {
      if (!el.name || el.name === "csrf" || el.name === "code" || el.name === "rev" ||
          el.type === "submit" || el.type === "button" || el.type === "file") {
        return;
      }
      var v = values[el.name];
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = v !== undefined && el.value === v;
      } else {
        el.value = v === undefined ? "" : v;
      }
    });
  };

  Saver.prototype.setState = function (state, message) {
    var f = this.form;
    f.classList.toggle("answer-form--saving", state === "saving");
    f.classList.toggle("answer-form--unsaved", state === "unsaved");
    f.classList.toggle("answer-form--failed", state === "failed");
    if (this.status) {
      this.status.textContent = message || "";
    }
  };

  Saver.prototype.showError = function (message, withKeepMine) {
    var errorId = "";
    if (this.error) {
      if (!this.error.id) {
        this.error.id = "err-" + (this.form.id || Math.random().toString(36).slice(2));
      }
      errorId = this.error.id;
    }
    each(this.form.querySelectorAll("input[type=number]"), function (el) {
      var described = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (x) {
        return x && x !== errorId;
      });
      if (message && (el.validity.badInput || !el.validity.valid || el.value !== "")) {
        el.setAttribute("aria-invalid", "true");
        if (errorId) {
          described.push(errorId); /* screen readers read the message with the field */
        }
      } else {
        el.removeAttribute("aria-invalid");
      }
      if (described.length) {
        el.setAttribute("aria-describedby", described.join(" "));
      } else {
        el.removeAttribute("aria-describedby");
      }
    });
    if (!this.error) {
      return;
    }
    this.error.textContent = message || "";
    this.error.hidden = !message;
    if (message && withKeepMine) {
      var self = this;
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button button--secondary button--small";
      b.textContent = t("keepMine");
      b.addEventListener("click", function () {
        if (self.revInput && self.conflictRev !== null) {
          self.revInput.value = self.conflictRev;
        }
        self.conflictRev = null;
        self.showError("");
        self.save();
      });
      this.error.appendChild(document.createElement("br"));
      this.error.appendChild(b);
    }
  };

  /* Number fields the browser cannot read (a letter in a percentage) are not sent. */
  Saver.prototype.badNumber = function () {
    var bad = null;
    each(this.form.querySelectorAll("input[type=number]"), function (el) {
      if (!bad && el.validity && el.validity.badInput) {
        bad = el;
      }
    });
    return bad;
  };

  Saver.prototype.edited = function () {
    var bad = this.badNumber();
    clearTimeout(this.timer);
    if (bad) {
      /* a half-typed number is not a draft: keeping it would replace the saved answer with an
         empty one after a reload */
      this.showError(t("number"));
      this.setState("unsaved", t("unsaved"));
      return;
    }
    this.pending = true;
    this.writeDraft(this.conflictRev !== null);
    if (this.conflictRev === null) {
      this.showError("");
      var self = this;
      this.timer = setTimeout(function () {
        self.save();
      }, DEBOUNCE_MS);
    }
  };

  Saver.prototype.scheduleRetry = function () {
    var self = this;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(function () {
      self.save();
    }, RETRY_MS);
  };

  Saver.prototype.save = function () {
    var self = this;
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
    if (this.busy) {
      this.again = true;
      return;
    }
    if (this.conflictRev !== null) {
      return;
    }
    var bad = this.badNumber();
    if (bad) {
      this.showError(t("number"));
      this.setState("unsaved", t("unsaved"));
      bad.focus();
      return;
    }
    var snap = this.snapshot();
    var body = new URLSearchParams(new FormData(this.form));
    this.busy = true;
    this.setState("saving", t("saving"));
    fetch(this.form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
    }).then(function (res) {
      return res.json().catch(function () {
        return {};
      }).then(function (j) {
        self.answered(res.status, j || {}, snap);
      });
    }, function () {
      self.offline();
    }).then(function () {
      self.busy = false;
      if (self.again) {
        self.again = false;
        if (self.snapshot() !== self.savedSnap) {
          self.save();
        }
      }
    });
  };

  Saver.prototype.offline = function () {
    this.writeDraft(false);
    this.pending = true;
    this.setState("unsaved", t("offline"));
    setPanelStatus(t("offline"));
    this.scheduleRetry();
  };

  Saver.prototype.answered = function (status, j, snap) {
    var message = j.error && j.error.message ? j.error.message : "";
    if (status === 200) {
      if (this.revInput && j.rev !== undefined) {
        this.revInput.value = j.rev;
      }
      this.savedSnap = snap;
      if (this.snapshot() === snap) {
        this.pending = false;
        this.dropDraft();
      } else {
        this.writeDraft(false); /* typed on meanwhile: the next save carries the new revision */
      }
      this.showError("");
      var done = t("saved") + (j.saved_at ? " " + shortTime(j.saved_at) : "");
      this.setState("saved", done);
      updateScore(this.form, j);
      setPanelStatus(done);
      return;
    }
    if (status === 409) {
      this.conflictRev = j.rev !== undefined ? String(j.rev) : null;
      this.writeDraft(true);
      this.setState("failed", t("unsaved"));
      this.showError(message || t("failed"), this.conflictRev !== null);
      return;
    }
    if (status >= 500 || status === 0 || status === 429) {
      this.offline();
      return;
    }
    /* 400, 403, 413, 401: what is typed stays here and on the device */
    this.writeDraft(false);
    this.setState("failed", t("unsaved"));
    this.showError(message || t("failed"));
  };

  /* "27 November 2026 17.05 WITA" -> "17.05 WITA" */
  function shortTime(s) {
    var m = /(\d{1,2}[.:]\d{2})(\s+[A-Z]{3,4})?\s*$/.exec(s || "");
    return m ? m[1] + (m[2] || "") : s;
  }

  function setPanelStatus(message) {
    var el = document.querySelector("[data-save-status]");
    if (el) {
      el.textContent = message;
    }
  }

  function updateScore(form, j) {
    var q = form.closest("[data-question]");
    var pts = q ? q.querySelector("[data-points]") : null;
    if (pts && typeof j.points === "string") {
      pts.textContent = j.points;
    }
    var total = document.querySelector("[data-score-total]");
    if (total && typeof j.total === "string") {
      total.textContent = j.total;
    }
    ["wbk", "wbbm"].forEach(function (k) {
      var pill = document.querySelector("[data-verdict=\"" + k + "\"]");
      if (!pill || typeof j[k] !== "boolean") {
        return;
      }
      pill.classList.toggle("verdict-pill--yes", j[k]);
      var said = pill.querySelector("[data-verdict-text]");
      if (said) {
        said.textContent = j[k] ? t("met") : t("notMet");
      }
    });
    var count = document.querySelector("[data-area-count] [data-count-value]");
    if (count && typeof j.answered === "number" && typeof j.questions === "number") {
      count.textContent = j.answered + "/" + j.questions;
    }
  }

  function restoreDrafts() {
    savers.forEach(function (s) {
      var d = s.readDraft();
      if (!d || !Array.isArray(d.fields)) {
        return;
      }
      if (JSON.stringify(d.fields) === s.savedSnap) {
        s.dropDraft();
        return;
      }
      s.applyFields(d.fields);
      s.pending = true;
      if (d.conflict) {
        /* the person chose nothing yet: show their text, send only when they press Save */
        s.setState("unsaved", t("restoredConflict"));
        return;
      }
      if (s.revInput && d.rev !== undefined && d.rev !== "") {
        s.revInput.value = d.rev; /* a newer answer on the server answers 409 */
      }
      s.setState("unsaved", t("restored"));
      s.save();
    });
  }

  function wireAutosave() {
    each(document.querySelectorAll("form[data-autosave]"), function (form) {
      var s = new Saver(form);
      savers.push(s);
      form.addEventListener("input", function () {
        s.edited();
      });
      form.addEventListener("change", function () {
        s.edited();
      });
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        delete form.dataset.submitted; /* zona.js guards real submissions only */
        s.conflictRev = null;
        s.showError("");
        s.save();
      });
    });
    window.addEventListener("online", function () {
      savers.forEach(function (s) {
        if (s.pending && s.conflictRev === null) {
          s.save();
        }
      });
    });
    restoreDrafts();
  }

  /* --- uploads ------------------------------------------------------------------------------- */

  function wireUploads() {
    each(document.querySelectorAll("form[data-upload]"), function (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        delete form.dataset.submitted;
        if (form.dataset.sending === "1") {
          return;
        }
        var err = form.querySelector("[data-error]");
        var bar = form.querySelector("[data-progress]");
        var button = form.querySelector("button[type=submit]");
        var file = form.querySelector("input[type=file]");
        var code = form.elements.code ? form.elements.code.value : "";
        var show = function (message) {
          if (err) {
            err.textContent = message || "";
            err.hidden = !message;
          }
        };
        var max = file && file.dataset.maxMb ? Number(file.dataset.maxMb) : 0;
        if (file && file.files && file.files[0] && max > 0 && file.files[0].size > max * 1048576) {
          show(t("tooLarge") + " (" + max + " MB)");
          return;
        }
        show("");
        var xhr = new XMLHttpRequest();
        xhr.open("POST", form.action);
        xhr.setRequestHeader("Accept", "application/json");
        if (bar && file && file.files && file.files.length) {
          bar.hidden = false;
          bar.value = 0;
          xhr.upload.onprogress = function (e) {
            if (e.lengthComputable) {
              bar.value = Math.round((e.loaded * 100) / e.total);
            }
          };
        }
        var done = function () {
          form.dataset.sending = "";
          if (button) {
            button.disabled = false;
          }
          if (bar) {
            bar.hidden = true;
          }
        };
        xhr.onload = function () {
          if (xhr.status === 201 || xhr.status === 200) {
            try {
              sessionStorage.setItem("zona-lke-note", JSON.stringify({ code: code, text: t("evidenceAdded") }));
            } catch (e) { /* ignore */ }
            location.hash = code;
            location.reload();
            return;
          }
          var message = "";
          try {
            var j = JSON.parse(xhr.responseText);
            message = j && j.error && j.error.message;
          } catch (e) { /* not JSON */ }
          if (!message && xhr.status === 413) {
            message = t("tooLarge");
          }
          done();
          show(message || t("failed"));
        };
        xhr.onerror = function () {
          done();
          show(t("failed"));
        };
        form.dataset.sending = "1";
        if (button) {
          button.disabled = true;
        }
        xhr.send(new FormData(form));
      });
    });
    var note = null;
    try {
      note = JSON.parse(sessionStorage.getItem("zona-lke-note") || "null");
      sessionStorage.removeItem("zona-lke-note");
    } catch (e) { /* ignore */ }
    if (note && note.text) {
      var q = note.code ? document.getElementById(note.code) : null;
      var st = q ? q.querySelector("[data-status]") : null;
      if (st) {
        st.textContent = note.text;
      }
      setPanelStatus(note.text);
    }
  }

  function init() {
    readTexts();
    applyCurrent();
    foldGuidance();
    wirePreviews();
    wireAutosave();
    wireUploads();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
