// The signing page's one script: the person's passkey signs the digest of the statement shown (the form's
// data-challenge), the assertion goes into the form's hidden inputs, and the form goes back to Steward.
(function () {
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
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "sign" || form.getAttribute("data-signed") === "yes") { return; }
    event.preventDefault();
    var status = document.getElementById("sign-status");
    var options = { challenge: fromB64url(form.getAttribute("data-challenge")), rpId: form.getAttribute("data-rp"),
      userVerification: "required", timeout: 120000 };
    var ids = (form.getAttribute("data-credentials") || "").split(",").filter(function (s) { return s; });
    if (ids.length) {
      options.allowCredentials = ids.map(function (id) { return { type: "public-key", id: fromB64url(id) }; });
    }
    status.textContent = "Waiting for your passkey…";
    navigator.credentials.get({ publicKey: options }).then(function (credential) {
      var r = credential.response;
      var parts = {
        credentialId: toB64url(credential.rawId),
        authenticatorData: toB64url(r.authenticatorData),
        clientDataJson: toB64url(r.clientDataJSON),
        signature: toB64url(r.signature),
        userHandle: r.userHandle ? toB64url(r.userHandle) : ""
      };
      Object.keys(parts).forEach(function (name) { form.querySelector('input[name="' + name + '"]').value = parts[name]; });
      form.setAttribute("data-signed", "yes");
      status.textContent = "Signed; sending it back to Steward…";
      form.submit();
    }).catch(function (e) {
      status.textContent = "No signature: " + (e && e.message ? e.message : e);
    });
  });
})();
