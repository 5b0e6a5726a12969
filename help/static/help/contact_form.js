// After a refused submission the list of problems at the top of the form gets the focus, so that screen
// readers read it out and keyboard users start there. A file, not inline code (Content-Security-Policy).
(function () {
  "use strict";
  var summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }
})();
