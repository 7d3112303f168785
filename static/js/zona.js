/* zona.js: small progressive enhancements. Every page works without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  /* Move focus to an error summary so screen readers and keyboard users land on it. */
  function focusErrorSummary() {
    var el = document.querySelector("[data-autofocus]");
    if (el && el.querySelector("li")) {
      el.focus();
    }
  }

  /* Links in an error summary: focus the field, keeping its label in view. */
  function wireErrorLinks() {
    var links = document.querySelectorAll(".error-summary a[href^='#']");
    Array.prototype.forEach.call(links, function (a) {
      a.addEventListener("click", function (ev) {
        var input = document.getElementById(a.getAttribute("href").slice(1));
        if (!input) {
          return;
        }
        ev.preventDefault();
        var label = document.querySelector("label[for='" + input.id + "']");
        (label || input).scrollIntoView({ block: "start" });
        input.focus({ preventScroll: true });
      });
    });
  }

  /* Prevent a second submission while the first is on its way. */
  function guardDoubleSubmit() {
    Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
      form.addEventListener("submit", function (ev) {
        if (form.dataset.submitted === "1") {
          ev.preventDefault();
          return;
        }
        form.dataset.submitted = "1";
        window.setTimeout(function () { delete form.dataset.submitted; }, 8000);
      });
    });
  }

  /* A page restored from the back/forward cache may keep the flag: clear it. */
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-submitted]"), function (form) {
      delete form.dataset.submitted;
    });
  });

  function init() {
    focusErrorSummary();
    wireErrorLinks();
    guardDoubleSubmit();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
