/* Corridor — small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    // Navigation collapses behind a "Menu" button on small screens.
    var toggle = document.querySelector(".nav-toggle");
    var navbar = document.getElementById("site-nav");
    if (toggle && navbar) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        var open = navbar.classList.toggle("is-open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }

    // After a failed submission, move focus to the error summary so it is read out first.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }

    // Formsets: "Add a row" clones the blank row Django renders in a <template>.
    document.querySelectorAll("[data-formset]").forEach(function (set) {
      var prefix = set.getAttribute("data-formset");
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
      var template = set.querySelector("template[data-formset-template]");
      var list = set.querySelector("[data-formset-rows]");
      var button = set.querySelector("[data-formset-add]");
      if (!total || !template || !list || !button) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var index = parseInt(total.value, 10);
        if (max && index >= parseInt(max.value, 10)) { return; }
        var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var row = holder.firstElementChild;
        list.appendChild(row);
        total.value = String(index + 1);
        var first = row.querySelector("input:not([type=hidden]), select, textarea");
        if (first) { first.focus(); }
      });
    });

    // Copy buttons (the API token page).
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var source = document.querySelector(button.getAttribute("data-copy-target"));
      if (!source || !navigator.clipboard) { return; }
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.value).then(function () {
          button.textContent = button.getAttribute("data-copied-text") || label;
          setTimeout(function () { button.textContent = label; }, 2500);
        });
      });
    });
  });
})();
