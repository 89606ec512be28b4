"use strict";
// Starts Redoc on /api/redoc/. The nonce this script was loaded with is handed to Redoc
// so that the <style> elements it generates pass the page's CSP (style-src 'nonce-…').
(function () {
  const nonce = document.currentScript && document.currentScript.nonce;
  const container = document.getElementById("redoc-container");
  const options = nonce ? { nonce } : {};
  Redoc.init(container.dataset.schemaUrl, options, container);
})();
