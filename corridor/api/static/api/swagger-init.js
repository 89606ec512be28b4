"use strict";
// Starts Swagger UI on /api/docs/ from the settings in the page's JSON data block, so
// that the page needs no inline script (CSP: script-src 'self').
(function () {
  const config = JSON.parse(document.getElementById("swagger-config").textContent);

  // Session-authenticated writes need the CSRF token (same-origin requests only).
  const requestInterceptor = (request) => {
    if (!["GET", "HEAD", undefined].includes(request.method) && request.credentials === "same-origin") {
      request.headers[config.csrfHeaderName] = config.csrfToken;
    }
    return request;
  };

  window.ui = SwaggerUIBundle({
    url: config.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor,
    ...config.settings,
  });
})();
