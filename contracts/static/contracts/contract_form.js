// The contract form: shows the computed end date and the legal minimums while the business types.
// The values come from the server (contracts:calculation runs the same rules as the checks); without this
// script the page shows them from the saved draft. Loaded as a file (no inline script, CSP).
(function () {
  "use strict";
  var german = (document.documentElement.lang || "de").indexOf("de") === 0;
  var text = german
    ? {
        duration: function (d, r) { return d + " Monate (Regelausbildungsdauer " + r + " Monate)"; },
        noDuration: "nach Wahl des Ausbildungsberufs",
        noEnd: "nach Eingabe des Beginns",
        atLeast: function (value) { return "Mindestens " + value; },
        atLeastDays: function (days) { return "Mindestens " + days + " Tage"; },
        holidayLabel: function (year) { return "Urlaub " + year + " (Tage)"; }
      }
    : {
        duration: function (d, r) { return d + " months (regular duration " + r + " months)"; },
        noDuration: "after choosing the occupation",
        noEnd: "after entering the start",
        atLeast: function (value) { return "At least " + value; },
        atLeastDays: function (days) { return "At least " + days + " days"; },
        holidayLabel: function (year) { return "Holiday " + year + " (days)"; }
      };
  var FIELDS = [
    "occupation", "start_date", "shortening_months", "training_form", "part_time_reduction_percent",
    "apprentice_birth_date", "days_per_week"
  ];

  function value(form, name) {
    var checked = form.querySelector("[name=" + name + "]:checked");
    if (checked) { return checked.value; }
    var field = form.querySelector("[name=" + name + "]:not([type=radio])");
    return field ? field.value : "";
  }

  function setText(selector, content) {
    var node = document.querySelector(selector);
    if (node) { node.textContent = content; }
  }

  function filled(row) {
    var input = row.querySelector("input");
    return input && input.value !== "" || row.querySelector(".is-invalid");
  }

  function showRows(selector, count) {
    document.querySelectorAll(selector).forEach(function (row, index) {
      row.hidden = index >= count && !filled(row);
    });
  }

  function update(data) {
    setText("[data-calc=duration]", data.duration_months !== null
      ? text.duration(data.duration_months, data.regular_months) : text.noDuration);
    setText("[data-calc=end]", data.end || text.noEnd);
    if (data.years.length) { showRows("[data-remuneration-year]", data.years.length); }
    document.querySelectorAll("[data-minimum-for]").forEach(function (node, index) {
      var year = data.years[index];
      node.textContent = year && year.minimum ? text.atLeast(year.minimum) : "";
    });
    if (data.holiday.length) { showRows("[data-holiday-index]", data.holiday.length); }
    document.querySelectorAll("[data-holiday-index]").forEach(function (row, index) {
      var entry = data.holiday[index];
      var label = row.querySelector("label");
      if (entry && label) { label.textContent = text.holidayLabel(entry.year); }
      var hint = row.querySelector("[data-holiday-minimum-for]");
      if (hint) { hint.textContent = entry && entry.days !== null ? text.atLeastDays(entry.days) : ""; }
    });
    var note = document.getElementById("minor-note");
    if (note && data.minor !== null) {
      note.textContent = data.minor ? note.dataset.minorYes : note.dataset.minorNo;
    }
  }

  function togglePartTime(form) {
    var field = form.querySelector("[name=part_time_reduction_percent]");
    var wrapper = field && field.closest("[id^=div_id_]");
    if (wrapper) {
      wrapper.hidden = value(form, "training_form") !== "part_time" && field.value === "";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("contract-form");
    if (!form || !window.fetch) { return; }
    var url = form.dataset.calculationUrl;
    var timer = null;
    var latest = 0;

    function recalculate() {
      var params = new URLSearchParams();
      FIELDS.forEach(function (name) { params.set(name, value(form, name)); });
      var request = ++latest;
      fetch(url + "?" + params.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && request === latest) { update(data); } })
        .catch(function () { /* the values from the saved draft stay on the page */ });
    }

    function schedule() {
      togglePartTime(form);
      window.clearTimeout(timer);
      timer = window.setTimeout(recalculate, 250);
    }

    FIELDS.forEach(function (name) {
      form.querySelectorAll("[name=" + name + "]").forEach(function (field) {
        field.addEventListener("input", schedule);
        field.addEventListener("change", schedule);
      });
    });
    togglePartTime(form);
    recalculate();
  });
})();
