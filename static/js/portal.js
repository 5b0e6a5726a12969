// Show/hide toggle for every password field. Loaded as a file (no inline script, CSP).
(function () {
  "use strict";
  var lang = document.documentElement.lang || "de";
  var labels = lang.indexOf("de") === 0
    ? { show: "Anzeigen", hide: "Verbergen", showLong: "Passwort anzeigen", hideLong: "Passwort verbergen" }
    : { show: "Show", hide: "Hide", showLong: "Show password", hideLong: "Hide password" };

  function addToggle(input) {
    if (input.dataset.toggleReady) { return; }
    input.dataset.toggleReady = "1";
    var group = document.createElement("div");
    group.className = "input-group password-toggle-group";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary password-toggle";
    button.textContent = labels.show;
    button.setAttribute("aria-label", labels.showLong);
    button.setAttribute("aria-pressed", "false");
    if (input.id) { button.setAttribute("aria-controls", input.id); }
    button.addEventListener("click", function () {
      var hidden = input.type === "password";
      input.type = hidden ? "text" : "password";
      button.textContent = hidden ? labels.hide : labels.show;
      button.setAttribute("aria-label", hidden ? labels.hideLong : labels.showLong);
      button.setAttribute("aria-pressed", hidden ? "true" : "false");
      input.focus();
    });
    group.appendChild(button);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[type=password]").forEach(addToggle);
  });
})();

// A refused form: the summary of its problems (portal/templates/portal/_error_summary.html) gets the focus,
// so that screen readers read it out and keyboard users start there; its links lead to the fields.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (!summary) { return; }
    if (!document.getElementById("form-errors")) { summary.focus(); }
    // A link of the summary puts the focus into its field (a fragment alone only scrolls there).
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (!field) { return; }
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
  });
})();
