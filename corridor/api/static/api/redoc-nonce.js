"use strict";
// Loaded (with this request's CSP nonce) just before Redoc's bundle, which inserts <style>
// elements as it starts: its CSS modules before any option could pass a nonce, and its
// styled-components afterwards. Each <style> element created by a script gets the nonce,
// so the page's CSP keeps style-src 'self' 'nonce-…' (no 'unsafe-inline'); styles in
// markup (for instance injected through the schema's descriptions) stay blocked.
(function () {
  const nonce = document.currentScript && document.currentScript.nonce;
  if (!nonce) {
    return;
  }
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (name, options) {
    const element = createElement.call(this, name, options);
    if (String(name).toLowerCase() === "style") {
      element.nonce = nonce;
    }
    return element;
  };
})();
