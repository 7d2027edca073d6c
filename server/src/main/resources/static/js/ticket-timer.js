// The ticket page's running timer: <strong data-timer-started="2026-12-06T08:00:00Z">. The server keeps the timer and
// books the minutes when it stops; this only keeps the shown time ticking (H:MM:SS). Its own file: the CSP forbids inline scripts.
(function () {
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    document.querySelectorAll("[data-timer-started]").forEach(function (el) {
      var started = Date.parse(el.getAttribute("data-timer-started"));
      if (isNaN(started)) { return; }
      var s = Math.max(0, Math.floor((Date.now() - started) / 1000));
      el.textContent = Math.floor(s / 3600) + ":" + pad(Math.floor(s % 3600 / 60)) + ":" + pad(s % 60);
    });
  }
  document.addEventListener("DOMContentLoaded", tick);
  setInterval(tick, 1000);
})();
