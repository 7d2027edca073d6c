// The service desk's keyboard shortcuts (press ? for the list), the queue's tick-all box and the canned-reply picker.
// Shortcuts never fire while someone types in a field, nor with Ctrl, Alt or Meta held (those belong to the browser).
(function () {
  "use strict";
  // The help overlay is built from this list, so what it shows is what the keys do.
  var SHORTCUTS = [
    ["In the queue", [["j / k", "next / previous ticket"], ["x", "tick or untick the ticket (for bulk actions)"],
      ["o or Enter", "open the ticket"], ["/", "search"], ["n", "new ticket"]]],
    ["On a ticket", [["r", "write a reply"], ["i", "write an internal note"], ["a", "take it (assign to me), where the page offers it"],
      ["s", "change the status"]]],
    ["Anywhere", [["g then q", "go to the queue"], ["?", "show or hide this help"], ["Esc", "close this help"]]]
  ];
  var current = -1;
  var pendingG = 0;

  function typing(event) {
    var t = event.target;
    if (!t || !t.tagName) { return false; }
    var tag = t.tagName.toUpperCase();
    return t.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#ticket-rows tr.ticket-row"));
  }

  function move(step) {
    var all = rows();
    if (all.length === 0) { return false; }
    current = Math.max(0, Math.min(all.length - 1, current < 0 ? (step > 0 ? 0 : all.length - 1) : current + step));
    all.forEach(function (r, i) { r.classList.toggle("current", i === current); });
    all[current].scrollIntoView({block: "nearest"});
    return true;
  }

  function currentRow() {
    var all = rows();
    return current >= 0 && current < all.length ? all[current] : null;
  }

  function click(selector) {
    var el = document.querySelector(selector);
    if (!el) { return false; }
    el.click();
    return true;
  }

  function focusComposer(internal) {
    var body = document.querySelector("textarea#body");
    if (!body || !body.form) { return false; }
    var box = body.form.querySelector("input[name=internal]");
    if (box) { box.checked = internal; }
    // The ticket page's composer has a button per kind instead of a checkbox: the key says which one is meant.
    var button = body.form.querySelector(internal ? "#add-note" : "#send-reply");
    if (button) {
      body.placeholder = internal ? "Internal note: the client does not see it" : "Reply to the client";
      body.form.querySelectorAll("button[name=internal]").forEach(function (b) { b.classList.toggle("secondary", b !== button); });
    }
    body.focus();
    return true;
  }

  function overlay() {
    var el = document.getElementById("shortcuts-help");
    if (el) { return el; }
    el = document.createElement("div");
    el.id = "shortcuts-help";
    el.className = "shortcuts-overlay";
    el.hidden = true;
    el.setAttribute("role", "dialog");
    el.setAttribute("aria-modal", "true");
    el.setAttribute("aria-labelledby", "shortcuts-title");
    var card = document.createElement("div");
    card.className = "card";
    var h = document.createElement("h2");
    h.id = "shortcuts-title";
    h.textContent = "Keyboard shortcuts";
    card.appendChild(h);
    SHORTCUTS.forEach(function (group) {
      var table = document.createElement("table");
      var cap = document.createElement("caption");
      cap.textContent = group[0];
      table.appendChild(cap);
      group[1].forEach(function (s) {
        var tr = table.insertRow();
        var key = document.createElement("kbd");
        key.textContent = s[0];
        tr.insertCell().appendChild(key);
        tr.insertCell().textContent = s[1];
      });
      card.appendChild(table);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.className = "secondary";
    close.id = "shortcuts-close";
    close.textContent = "Close";
    close.addEventListener("click", function () { el.hidden = true; });
    card.appendChild(close);
    el.appendChild(card);
    el.addEventListener("click", function (e) { if (e.target === el) { el.hidden = true; } });
    document.body.appendChild(el);
    return el;
  }

  function toggleHelp() {
    var el = overlay();
    el.hidden = !el.hidden;
    if (!el.hidden) { document.getElementById("shortcuts-close").focus(); }
  }

  function handle(key) {
    var now = Date.now();
    if (pendingG && now - pendingG < 1500) {
      pendingG = 0;
      if (key === "q") { window.location.href = "/servicedesk"; return true; }
      return false;
    }
    switch (key) {
      case "?": toggleHelp(); return true;
      case "g": pendingG = now; return true;
      case "j": return move(1);
      case "k": return move(-1);
      case "x": {
        var row = currentRow();
        var box = row && row.querySelector("input.row-select");
        if (!box) { return false; }
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", {bubbles: true}));
        return true;
      }
      case "o": case "Enter": {
        var link = currentRow() && currentRow().querySelector("a[href]");
        if (!link) { return false; }
        window.location.href = link.href;
        return true;
      }
      case "/": {
        var search = document.querySelector("#queue-search input[name=q]") || document.getElementById("header-search");
        if (!search) { return false; }
        search.focus();
        return true;
      }
      case "n": return click("#new-ticket");
      case "r": return focusComposer(false);
      case "i": return focusComposer(true);
      case "a": return click("[data-shortcut=take], #take-it, #take");
      case "s": {
        var status = document.querySelector("select#status");
        if (!status) { return false; }
        status.focus();
        return true;
      }
      default: return false;
    }
  }

  document.addEventListener("keydown", function (event) {
    var help = document.getElementById("shortcuts-help");
    if (event.key === "Escape" && help && !help.hidden) { help.hidden = true; return; }
    if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing || typing(event)) { return; }
    // Enter on a focused link or button is that element's own.
    if (event.key === "Enter" && document.activeElement && document.activeElement !== document.body) { return; }
    if (handle(event.key)) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    var t = event.target;
    if (!t || !t.closest) { return; }
    if (t.closest("[data-shortcuts-help]")) { event.preventDefault(); toggleHelp(); return; }
    var insert = t.closest("[data-canned-insert]");
    if (insert) { insertCanned(insert); }
  });

  // Tick or untick every row shown; the count beside the bulk actions says how many are ticked.
  document.addEventListener("change", function (event) {
    var t = event.target;
    if (t && t.id === "select-all") {
      document.querySelectorAll("#ticket-rows input.row-select").forEach(function (b) { b.checked = t.checked; });
    }
    if (t && (t.id === "select-all" || (t.classList && t.classList.contains("row-select")))) { count(); }
  });

  function count() {
    var label = document.getElementById("bulk-count");
    if (label) { label.textContent = "Ticked tickets: " + document.querySelectorAll("#ticket-rows input.row-select:checked").length; }
  }

  document.addEventListener("htmx:afterSwap", function () {
    current = -1;
    var all = document.getElementById("select-all");
    if (all) { all.checked = false; }
    count();
  });

  // A button that needs a second thought in a form with several (bulk merge) carries data-confirm itself. A template
  // fills in the new-ticket form for the client already chosen there.
  document.addEventListener("submit", function (event) {
    var q = event.submitter && event.submitter.getAttribute("data-confirm");
    if (q && !window.confirm(q)) { event.preventDefault(); return; }
    var client = document.getElementById("clientId");
    var carried = event.target.querySelector && event.target.querySelector("#template-client");
    if (carried && client && client.value) { carried.value = client.value; }
  });

  // The server expands the chosen reply for this ticket; it goes in at the cursor, as plain text.
  function insertCanned(button) {
    var select = document.querySelector(button.getAttribute("data-canned-insert"));
    var target = document.querySelector(button.getAttribute("data-canned-target"));
    if (!select || !target || !select.value) { return; }
    fetch(select.value, {headers: {"Accept": "text/plain"}, credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.text(); })
      .then(function (text) {
        var start = target.selectionStart || 0, end = target.selectionEnd || 0;
        target.value = target.value.slice(0, start) + text + target.value.slice(end);
        target.focus();
        target.selectionStart = target.selectionEnd = start + text.length;
      })
      .catch(function () { button.textContent = "Could not insert"; });
  }
})();
