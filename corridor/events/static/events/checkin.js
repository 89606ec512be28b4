// Check-in at the door: read ticket QR codes with the phone's camera and post them.
// Uses the browser's BarcodeDetector where it exists, jsQR otherwise. Without
// JavaScript (or a camera) the page's forms still work: type the code or search by name.
(function () {
  "use strict";

  function csrfToken(root) {
    const input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function refreshCounts() {
    const counts = document.getElementById("live-counts");
    if (counts && window.htmx) window.htmx.trigger(counts, "refresh");
  }

  function setup(root) {
    const url = root.dataset.scanUrl;
    const result = root.querySelector("#scan-result");
    const video = root.querySelector("[data-scanner-video]");
    const canvas = root.querySelector("[data-scanner-canvas]");
    const start = root.querySelector("[data-scanner-start]");
    const stop = root.querySelector("[data-scanner-stop]");
    const unsupported = root.querySelector("[data-scanner-unsupported]");
    const manual = root.querySelector("[data-manual-code]");
    let stream = null;
    let detector = null;
    let busy = false;
    let last = { code: "", at: 0 };

    async function send(code) {
      const body = new FormData();
      body.append("code", code);
      busy = true;
      try {
        const response = await fetch(url, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(root), "X-Corridor-Scan": "1" },
        });
        result.innerHTML = await response.text();
        const admitted = response.headers.get("X-Check-In") === "ok";
        if (admitted && navigator.vibrate) navigator.vibrate(80);
        refreshCounts();
      } catch (error) {
        result.textContent = String(error);
      } finally {
        busy = false;
      }
    }

    async function readFrame() {
      if (!stream) return;
      if (!busy && video.readyState >= 2) {
        let code = "";
        try {
          if (detector) {
            const found = await detector.detect(video);
            if (found.length) code = found[0].rawValue;
          } else if (window.jsQR) {
            canvas.width = video.videoWidth;
            canvas.height = video.videoHeight;
            const context = canvas.getContext("2d", { willReadFrequently: true });
            context.drawImage(video, 0, 0, canvas.width, canvas.height);
            const image = context.getImageData(0, 0, canvas.width, canvas.height);
            const found = window.jsQR(image.data, image.width, image.height, {
              inversionAttempts: "dontInvert",
            });
            if (found) code = found.data;
          }
        } catch (error) {
          code = "";
        }
        const now = Date.now();
        // The same ticket stays in front of the camera for a while: post it once.
        if (code && (code !== last.code || now - last.at > 4000)) {
          last = { code: code, at: now };
          await send(code);
        }
      }
      window.setTimeout(readFrame, 200);
    }

    async function startCamera() {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
          audio: false,
        });
      } catch (error) {
        unsupported.hidden = false;
        return;
      }
      if ("BarcodeDetector" in window) {
        try {
          const formats = await window.BarcodeDetector.getSupportedFormats();
          if (formats.includes("qr_code")) {
            detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          }
        } catch (error) {
          detector = null;
        }
      }
      video.srcObject = stream;
      video.hidden = false;
      start.hidden = true;
      stop.hidden = false;
      await video.play();
      readFrame();
    }

    function stopCamera() {
      if (stream) stream.getTracks().forEach((track) => track.stop());
      stream = null;
      video.hidden = true;
      stop.hidden = true;
      start.hidden = false;
    }

    if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      start.hidden = false;
      start.addEventListener("click", startCamera);
      stop.addEventListener("click", stopCamera);
    } else {
      unsupported.hidden = false;
    }

    if (manual) {
      manual.addEventListener("submit", (event) => {
        const input = manual.querySelector("input[name=code]");
        if (!input || !input.value.trim()) return;
        event.preventDefault();
        send(input.value.trim()).then(() => {
          input.value = "";
          input.focus();
        });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.getElementById("scanner");
    if (root) setup(root);
  });
})();
