// "wird eingerichtet": asks the server for the link's state and reloads the page once it has changed.
(function () {
  "use strict";
  var box = document.getElementById("link-status");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-status-url");
  var delay = 700;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.status !== "pending") {
          window.location.assign(data.next);
          return;
        }
        delay = Math.min(delay * 1.5, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, delay);
})();
