// "Mein Konto → Sicherheit": print button, the reminder to save recovery codes, and readable messages
// when the browser refuses a passkey. Loaded as a file (no inline script, CSP).
(function () {
  "use strict";
  var german = (document.documentElement.lang || "de").indexOf("de") === 0;
  var texts = german ? {
    cancelled: "Der Vorgang wurde abgebrochen oder hat zu lange gedauert. Bitte versuchen Sie es noch einmal.",
    exists: "Dieser Passkey ist für Ihr Konto schon eingerichtet.",
    unsupported: "Dieser Browser oder dieses Gerät unterstützt keine Passkeys. Bitte nutzen Sie einen aktuellen Browser oder die Authenticator-App.",
    failed: "Der Passkey konnte nicht verwendet werden. Bitte versuchen Sie es noch einmal.",
  } : {
    cancelled: "The operation was cancelled or took too long. Please try again.",
    exists: "This passkey is already set up for your account.",
    unsupported: "This browser or device does not support passkeys. Please use a current browser or the authenticator app.",
    failed: "The passkey could not be used. Please try again.",
  };

  function showError(text) {
    var box = document.querySelector("[data-webauthn-error]");
    if (!box) { return; }
    box.textContent = text;
    box.hidden = false;
    box.focus();
  }

  // allauth's webauthn.js reports failures with this event; without a handler it only logs them.
  document.addEventListener("allauth.error", function (event) {
    var exception = event.detail && event.detail.exception;
    var name = exception && exception.name;
    event.preventDefault();
    if (name === "NotAllowedError" || name === "AbortError") { showError(texts.cancelled); }
    else if (name === "InvalidStateError") { showError(texts.exists); }
    else if (name === "NotSupportedError" || name === "SecurityError") { showError(texts.unsupported); }
    else { showError(texts.failed); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.PublicKeyCredential) {
      document.querySelectorAll("[data-webauthn-only]").forEach(function (element) { element.hidden = true; });
      document.querySelectorAll("[data-webauthn-unsupported]").forEach(function (element) { element.hidden = false; });
    }
    document.querySelectorAll("[data-print-page]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    var saved = document.querySelector("[data-codes-saved]");
    if (saved) {
      var warn = function (event) { event.preventDefault(); event.returnValue = ""; };
      window.addEventListener("beforeunload", warn);
      saved.addEventListener("change", function () {
        if (saved.checked) { window.removeEventListener("beforeunload", warn); }
        else { window.addEventListener("beforeunload", warn); }
      });
    }
  });
})();
