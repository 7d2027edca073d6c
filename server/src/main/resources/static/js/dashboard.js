// The staff dashboard refreshes itself every minute (hx-trigger on #dashboard-figures). "Breaches today" counts from
// midnight in a time zone: the one the page was drawn in (data-zone: the viewer's own, or the address's), else the
// browser's. A separate file because the CSP forbids inline scripts and htmx's js: values.
document.addEventListener("htmx:configRequest", function (event) {
  var el = event.detail.elt;
  if (!el || el.id !== "dashboard-figures") { return; }
  var zone = el.getAttribute("data-zone");
  if (!zone) {
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { zone = "UTC"; }
  }
  event.detail.parameters.zone = zone;
  if (el.getAttribute("data-days")) { event.detail.parameters.days = el.getAttribute("data-days"); }
});
