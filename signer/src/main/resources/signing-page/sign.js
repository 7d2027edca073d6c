// The signing page's one script: the person's passkey signs the digest of the statement shown (the form's
// data-challenge), the assertion goes into the form's hidden inputs, and the form goes back to Steward.
// The button arms only once the page has been in view for a moment (and again after the window was left), so a
// click meant for the page before, or a statement swapped in at the last moment, does not start a signature.
(function () {
  var ARM_MILLIS = 1500;
  var attr = function (el, name) { return Element.prototype.getAttribute.call(el, name); };
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
  var timer = null;
  function button() { return document.getElementById("sign-with-passkey"); }
  function disarm() {
    if (timer) { clearTimeout(timer); timer = null; }
    if (button()) { button().disabled = true; }
  }
  function arm() {
    disarm();
    if (document.visibilityState !== "visible" || !button()) { return; }
    timer = setTimeout(function () { button().disabled = false; }, ARM_MILLIS);
  }
  document.addEventListener("DOMContentLoaded", arm);
  document.addEventListener("visibilitychange", arm);
  window.addEventListener("focus", arm);
  window.addEventListener("blur", disarm);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (attr(form, "id") !== "sign" || attr(form, "data-signed") === "yes") { return; }
    event.preventDefault();
    if (button().disabled) { return; }
    var status = document.getElementById("sign-status");
    var options = { challenge: fromB64url(attr(form, "data-challenge")), rpId: attr(form, "data-rp"),
      userVerification: "required", timeout: 120000 };
    var ids = (attr(form, "data-credentials") || "").split(",").filter(function (s) { return s; });
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
      Object.keys(parts).forEach(function (name) {
        Element.prototype.querySelector.call(form, 'input[name="' + name + '"]').value = parts[name];
      });
      Element.prototype.setAttribute.call(form, "data-signed", "yes");
      status.textContent = "Signed; sending it back to Steward…";
      HTMLFormElement.prototype.submit.call(form);
    }).catch(function (e) {
      status.textContent = "No signature: " + (e && e.message ? e.message : e);
    });
  });
})();
