// Passkeys on forms. Sign-in: a form with data-passkey-challenge="<base64url>" (and optionally data-passkey-rp)
// is submitted only after the person's authenticator signed that challenge; the assertion goes in the form's hidden
// inputs credentialId, authenticatorData, clientDataJson, signature and userHandle (base64url).
// Statements for the task signer (tasks, standard changes, keyring entries) are never signed on Steward's pages: a
// form with data-signer-page="<url>" and data-signer-statement="<base64url statement>" (optionally
// data-signer-script, data-passkey-credentials) is handed to the signer's own signing page, which shows the
// statement, lets the passkey sign it there, and posts the form's fields with the assertion back to the form's action.
// Registration of a new passkey is below. Kept in a file because the CSP forbids inline scripts.
var stewardPasskeys = (function () {
  function toB64url(buffer) {
    var bytes = new Uint8Array(buffer), s = "";
    for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function fromB64url(text) {
    var s = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    var bytes = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { bytes[i] = s.charCodeAt(i); }
    return bytes.buffer;
  }
  // Signs a base64url challenge; resolves to the assertion's parts, base64url.
  function sign(challenge, rpId, credentialIds) {
    var options = { challenge: fromB64url(challenge), userVerification: "required", timeout: 120000 };
    if (rpId) { options.rpId = rpId; }
    if (credentialIds && credentialIds.length) {
      options.allowCredentials = credentialIds.map(function (id) { return { type: "public-key", id: fromB64url(id) }; });
    }
    return navigator.credentials.get({ publicKey: options }).then(function (credential) {
      var r = credential.response;
      return {
        credentialId: toB64url(credential.rawId),
        authenticatorData: toB64url(r.authenticatorData),
        clientDataJson: toB64url(r.clientDataJSON),
        signature: toB64url(r.signature),
        userHandle: r.userHandle ? toB64url(r.userHandle) : ""
      };
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var challenge = form.getAttribute && form.getAttribute("data-passkey-challenge");
    if (!challenge || form.getAttribute("data-passkey-signed") === "yes") { return; }
    event.preventDefault();
    var ids = (form.getAttribute("data-passkey-credentials") || "").split(",").filter(function (s) { return s; });
    var status = form.querySelector("[data-passkey-status]");
    if (status) { status.textContent = "Waiting for your passkey…"; }
    sign(challenge, form.getAttribute("data-passkey-rp"), ids).then(function (a) {
      Object.keys(a).forEach(function (name) {
        var input = form.querySelector('input[name="' + name + '"]');
        if (!input) { input = document.createElement("input"); input.type = "hidden"; input.name = name; form.appendChild(input); }
        input.value = a[name];
      });
      form.setAttribute("data-passkey-signed", "yes");
      form.submit();
    }).catch(function (e) {
      if (status) { status.textContent = "No signature: " + (e && e.message ? e.message : e); }
    });
  });
  var ASSERTION_FIELDS = ["credentialId", "authenticatorData", "clientDataJson", "signature", "userHandle"];
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.getAttribute || !form.hasAttribute("data-signer-statement")) { return; }
    event.preventDefault();
    var page = form.getAttribute("data-signer-page");
    var status = form.querySelector("[data-passkey-status]");
    if (!page) {
      if (status) { status.textContent = "The task signer cannot be reached now: try again in a moment."; }
      return;
    }
    var carried = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (ASSERTION_FIELDS.indexOf(name) < 0) { carried.append(name, value); }
    });
    var handOver = document.createElement("form");
    handOver.method = "post";
    handOver.action = page;
    var fields = { statement: form.getAttribute("data-signer-statement"), script: form.getAttribute("data-signer-script") || "",
      "return": form.action, carry: carried.toString(), credentials: form.getAttribute("data-passkey-credentials") || "" };
    Object.keys(fields).forEach(function (name) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = fields[name];
      handOver.appendChild(input);
    });
    document.body.appendChild(handOver);
    handOver.submit();
  });
  // Registers a new passkey: asks the server for options (POST to optionsUrl with the page's CSRF token), lets the
  // authenticator create the credential, and resolves to its answer's parts, base64url.
  function register(optionsUrl, csrfToken) {
    return fetch(optionsUrl, { method: "POST", credentials: "same-origin",
      headers: { "X-CSRF-TOKEN": csrfToken, "Accept": "application/json" } }).then(function (response) {
      if (!response.ok) { throw new Error("the server refused to start (" + response.status + ")"); }
      return response.json();
    }).then(function (o) {
      var options = {
        challenge: fromB64url(o.challenge),
        rp: o.rp,
        user: { id: fromB64url(o.user.id), name: o.user.name, displayName: o.user.displayName },
        pubKeyCredParams: o.pubKeyCredParams,
        timeout: o.timeout,
        attestation: o.attestation,
        authenticatorSelection: o.authenticatorSelection,
        excludeCredentials: (o.excludeCredentials || []).map(function (c) { return { type: c.type, id: fromB64url(c.id) }; })
      };
      return navigator.credentials.create({ publicKey: options });
    }).then(function (credential) {
      var r = credential.response;
      return {
        clientDataJson: toB64url(r.clientDataJSON),
        attestationObject: toB64url(r.attestationObject),
        transports: r.getTransports ? r.getTransports().join(",") : ""
      };
    });
  }
  // A form with data-passkey-register="<options url>" is submitted once the new passkey's answer is in its hidden
  // inputs clientDataJson, attestationObject and transports.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var optionsUrl = form.getAttribute && form.getAttribute("data-passkey-register");
    if (!optionsUrl || form.getAttribute("data-passkey-registered") === "yes") { return; }
    event.preventDefault();
    var status = form.querySelector("[data-passkey-status]");
    if (status) { status.textContent = "Follow your browser's prompt to create the passkey…"; }
    var csrf = form.querySelector('input[name="_csrf"]');
    register(optionsUrl, csrf ? csrf.value : "").then(function (a) {
      Object.keys(a).forEach(function (name) {
        var input = form.querySelector('input[name="' + name + '"]');
        if (!input) { input = document.createElement("input"); input.type = "hidden"; input.name = name; form.appendChild(input); }
        input.value = a[name];
      });
      form.setAttribute("data-passkey-registered", "yes");
      form.submit();
    }).catch(function (e) {
      if (status) { status.textContent = "No passkey was added: " + (e && e.message ? e.message : e); }
    });
  });
  return { sign: sign, register: register, toB64url: toB64url, fromB64url: fromB64url };
})();
