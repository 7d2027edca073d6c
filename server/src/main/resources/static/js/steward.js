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
