// Accessible names the Django admin leaves out (WCAG 2.1: 1.3.1, 4.1.2), added once for every admin page:
// - inputs of list_editable columns and of tabular inlines get the column's heading as their name;
// - the two inputs of a date-and-time field get "<field> – <Date|Time>";
// - select2 boxes (autocomplete fields) get the label of the select they stand for;
// - the filter_horizontal's search icons (a <span> with aria-label) become images.
(function () {
  "use strict";

  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").replace(/[:*]\s*$/, "").trim() : "";
  }

  function hasName(input) {
    if (input.getAttribute("aria-label") || input.getAttribute("aria-labelledby")) return true;
    if (input.closest("label")) return true;
    return Boolean(input.id && document.querySelector('label[for="' + CSS.escape(input.id) + '"]'));
  }

  function nameTableInputs() {
    document.querySelectorAll("table").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), text);
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (input) {
            if (!hasName(input) && headings[index]) input.setAttribute("aria-label", headings[index]);
          });
        });
      });
    });
  }

  function nameSplitDateTimes() {
    document.querySelectorAll("p.datetime").forEach(function (box) {
      var group = box.closest("fieldset, .form-row, .fieldBox, td");
      var legend = group && group.querySelector("legend, label");
      var field = text(legend);
      box.querySelectorAll("input").forEach(function (input) {
        if (hasName(input)) return;
        var part = input.previousSibling && input.previousSibling.textContent;
        part = (part || "").replace(/[:\s]+$/, "").trim();
        input.setAttribute("aria-label", [field, part].filter(Boolean).join(" – "));
      });
    });
  }

  function nameSelect2() {
    document.querySelectorAll(".select2-container").forEach(function (container) {
      var select = container.previousElementSibling;
      while (select && select.tagName !== "SELECT") select = select.previousElementSibling;
      var label = select && select.id && document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
      if (!label) return;
      if (!label.id) label.id = select.id + "_label";
      container.querySelectorAll(".select2-selection").forEach(function (box) {
        box.setAttribute("aria-labelledby", label.id);
      });
      container.querySelectorAll(".select2-selection__rendered").forEach(function (shown) {
        shown.setAttribute("aria-label", text(label));
      });
    });
  }

  function iconsAsImages() {
    document.querySelectorAll("span.help-tooltip[aria-label], span.search-label-icon[aria-label]").forEach(
      function (icon) {
        icon.setAttribute("role", "img");
      },
    );
  }

  function run() {
    nameTableInputs();
    nameSplitDateTimes();
    nameSelect2();
    iconsAsImages();
  }

  // The admin's own scripts (select2, the filter widget, inline rows) build their parts on load.
  function runOnce() {
    run();
    document.addEventListener("formset:added", run);
    document.documentElement.dataset.a11yReady = "true";  // what the accessibility test waits for
  }

  window.addEventListener("load", function () {
    // The admin builds its select2 boxes in jQuery's ready handlers, which jQuery calls asynchronously,
    // possibly after "load": a handler registered now runs after them.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(runOnce);
    } else {
      runOnce();
    }
  });
})();
