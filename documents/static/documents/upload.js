// Postfach: send the document form with a progress bar (XMLHttpRequest upload progress).
// Without JavaScript the form is sent as usual; with it, the sizes are checked before anything is sent, and
// on a refusal the entries and the chosen files stay as they are. No inline code (CSP): texts and limits come
// from data attributes of the form, written by the template in the page's language.
(function () {
  "use strict";

  var form = document.querySelector("form[data-upload-progress]");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var input = form.querySelector("input[type=file]");
  var errorsBox = document.getElementById("upload-errors");
  var listBox = document.getElementById("selected-files");
  var progressBox = document.getElementById("upload-progress");
  if (!input || !errorsBox || !progressBox) { return; }
  var bar = progressBox.querySelector("progress");
  var status = progressBox.querySelector("[data-upload-status]");
  var cancel = progressBox.querySelector("[data-upload-cancel]");
  var submit = form.querySelector("button[type=submit]");
  var data = form.dataset;
  var lang = document.documentElement.lang || "de";
  var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  var request = null;
  var announced = -1;

  function size(bytes) {
    if (bytes < 1024) { return bytes + " Bytes"; }
    if (bytes < 1024 * 1024) { return number.format(bytes / 1024) + " KB"; }
    return number.format(bytes / (1024 * 1024)) + " MB";
  }

  function text(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  // messages: list of texts; note: a sentence after them; withTitle: "Please check your entries." above them.
  function showErrors(messages, note, withTitle) {
    errorsBox.textContent = "";
    if (!messages.length) { return; }
    var alert = document.createElement("div");
    alert.className = "alert alert-danger";
    alert.setAttribute("role", "alert");
    if (withTitle !== false) {
      var title = document.createElement("p");
      title.className = "mb-1 fw-bold";
      title.textContent = data.msgTitle;
      alert.appendChild(title);
    }
    var list = document.createElement("ul");
    list.className = "mb-0";
    messages.forEach(function (message) {
      var item = document.createElement("li");
      item.textContent = message;
      list.appendChild(item);
    });
    alert.appendChild(list);
    if (note) {
      var kept = document.createElement("p");
      kept.className = "mb-0 mt-2";
      kept.textContent = note;
      alert.appendChild(kept);
    }
    errorsBox.appendChild(alert);
    errorsBox.focus();
  }

  function checkFiles() {
    var files = Array.prototype.slice.call(input.files || []);
    var messages = [];
    var maxFile = parseInt(data.maxFileBytes, 10);
    var maxTotal = parseInt(data.maxTotalBytes, 10);
    var maxFiles = parseInt(data.maxFiles, 10);
    var total = 0;
    if (!files.length) { messages.push(data.msgNone); }
    if (files.length > maxFiles) { messages.push(text(data.msgCount, { count: files.length, limit: maxFiles })); }
    files.forEach(function (file) {
      total += file.size;
      if (file.size === 0) {
        messages.push(text(data.msgEmpty, { name: file.name }));
      } else if (file.size > maxFile) {
        messages.push(text(data.msgTooLarge, { name: file.name, size: size(file.size), limit: size(maxFile) }));
      }
    });
    if (total > maxTotal) { messages.push(text(data.msgTotal, { size: size(total), limit: size(maxTotal) })); }
    return messages;
  }

  function listFiles() {
    if (!listBox) { return; }
    listBox.textContent = "";
    Array.prototype.forEach.call(input.files || [], function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + " (" + size(file.size) + ")";
      listBox.appendChild(item);
    });
  }

  function busy(on) {
    progressBox.hidden = !on;
    if (submit) { submit.disabled = on; }
    form.setAttribute("aria-busy", on ? "true" : "false");
  }

  function progress(loaded, total) {
    bar.max = total;
    bar.value = loaded;
    var percent = Math.floor((loaded / total) * 100);
    // Screen readers hear every tenth percent, not every event.
    if (Math.floor(percent / 10) !== announced || loaded === total) {
      announced = Math.floor(percent / 10);
      status.textContent = text(data.msgProgress, { percent: percent + "\u00a0%", loaded: size(loaded), total: size(total) });
    }
  }

  input.addEventListener("change", function () {
    listFiles();
    var messages = checkFiles();
    showErrors(messages.length && input.files.length ? messages : [], "");
  });

  cancel.addEventListener("click", function () {
    if (request) { request.abort(); }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var messages = checkFiles();
    if (messages.length) {
      showErrors(messages, data.msgKept);
      return;
    }
    showErrors([], "");
    announced = -1;
    bar.value = 0;
    status.textContent = "";
    busy(true);
    request = new XMLHttpRequest();
    request.open("POST", form.getAttribute("action") || window.location.href);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", function (progressEvent) {
      if (progressEvent.lengthComputable) { progress(progressEvent.loaded, progressEvent.total); }
    });
    request.upload.addEventListener("load", function () { status.textContent = data.msgChecking; });
    request.addEventListener("load", function () {
      var answer = null;
      try { answer = JSON.parse(request.responseText); } catch (error) { answer = null; }
      if (request.status === 200 && answer && answer.redirect) {
        window.location.assign(answer.redirect);
        return;
      }
      busy(false);
      request = null;
      if (answer && answer.errors) {
        showErrors(answer.errors, data.msgKept);
      } else {
        showErrors([data.msgRefused], "", false);
      }
    });
    request.addEventListener("error", function () {
      busy(false);
      request = null;
      showErrors([data.msgFailed], "", false);
    });
    request.addEventListener("abort", function () {
      busy(false);
      request = null;
      showErrors([data.msgCancelled], "", false);
    });
    request.send(new FormData(form));
  });
})();
