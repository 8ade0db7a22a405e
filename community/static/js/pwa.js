/* The installable app (community/pwa): registers the service worker, tells it who is signed in (a key
   per login session, empty for a visitor) and tells it to forget saved pages at logout. Pages work
   without this script; it only adds offline reading. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var meta = function (name) {
    var tag = document.querySelector('meta[name="' + name + '"]');
    return tag ? tag.getAttribute("content") : "";
  };
  var workerUrl = meta("brug-sw");
  if (!workerUrl) return;
  var key = meta("brug-cache-key") || "";
  var lang = document.documentElement.lang || "";

  function tell(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  // A copy the worker served without a connection says nothing about who is signed in now.
  var copy = !navigator.onLine || document.querySelector("[data-pwa-saved-shown], [data-pwa-offline]");
  navigator.serviceWorker.register(workerUrl, {scope: "/"}).then(function () {
    if (!copy) return tell({type: "member", key: key, lang: lang});
  }).catch(function () { /* no offline copies then; the site works as before */ });

  // Logging out: saved pages go at once (the worker also sees the logout request, and the response
  // clears the browser's cache).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var action = form && form.getAttribute ? new URL(form.action, location.href).pathname : "";
    if (/\/logout(-everywhere)?$/.test(action) && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({type: "forget"});
    }
  }, true);

  // A saved copy shown offline: say it again when the connection comes back.
  var banner = document.querySelector("[data-pwa-saved-shown]");
  if (banner) {
    window.addEventListener("online", function () { location.reload(); });
  }
})();
