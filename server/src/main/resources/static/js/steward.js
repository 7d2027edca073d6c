// Sends the CSRF token with every htmx request; kept in a file because the CSP forbids inline scripts.
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header && token.content) {
    event.detail.headers[header.content] = token.content;
  }
});
// Buttons that need a second thought carry data-confirm="question".
document.addEventListener("submit", function (event) {
  var q = event.target.getAttribute("data-confirm");
  if (q && !window.confirm(q)) {
    event.preventDefault();
  }
});
// Copy buttons: data-copy="#element-id".
document.addEventListener("click", function (event) {
  var sel = event.target.getAttribute && event.target.getAttribute("data-copy");
  if (sel) {
    var el = document.querySelector(sel);
    if (el && navigator.clipboard) { navigator.clipboard.writeText(el.textContent.trim()); event.target.textContent = "Copied"; }
  }
});
// Live SLA countdowns: <time data-due="2026-11-23T10:00:00Z">; the server decides breach state, this only keeps the words fresh.
function stewardCountdowns() {
  var now = Date.now();
  document.querySelectorAll("[data-due]").forEach(function (el) {
    var due = Date.parse(el.getAttribute("data-due"));
    if (isNaN(due)) { return; }
    // Whole minutes towards zero and the units of the server's DurationWords.until, so both read the same.
    var mins = Math.trunc((due - now) / 60000), abs = Math.abs(mins);
    var text = abs >= 1440 ? Math.floor(abs / 1440) + " d " + Math.floor((abs % 1440) / 60) + " h"
             : abs >= 60 ? Math.floor(abs / 60) + " h" + (abs % 60 ? " " + (abs % 60) + " min" : "") : abs + " min";
    el.textContent = mins >= 0 ? "in " + text : "overdue " + text;
  });
}
document.addEventListener("DOMContentLoaded", stewardCountdowns);
document.addEventListener("htmx:afterSwap", stewardCountdowns);
setInterval(stewardCountdowns, 30000);
// Logo uploads preview the chosen file before it is sent: <input type="file" data-preview="#img-id">. A data: URL,
// because the CSP allows images from 'self' and data: only; the server still checks every byte on upload.
document.addEventListener("change", function (event) {
  var sel = event.target.getAttribute && event.target.getAttribute("data-preview");
  var file = event.target.files && event.target.files[0];
  var img = sel && document.querySelector(sel);
  if (!img || !file || !/^image\/(png|jpeg)$/.test(file.type)) { return; }
  var reader = new FileReader();
  reader.onload = function () { img.src = reader.result; img.hidden = false; };
  reader.readAsDataURL(file);
});
