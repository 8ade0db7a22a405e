/* Push on the settings page (community/push): offered only where the browser can receive push.
   Subscribes with the server's VAPID key and sends the subscription to the API. */
(function () {
  "use strict";
  var box = document.querySelector("[data-push]");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return;
  var on = box.querySelector("[data-push-subscribe]");
  var off = box.querySelector("[data-push-unsubscribe]");
  var status = box.querySelector("[data-push-status]");
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function say(text) { status.textContent = text; }
  function show(subscribed) {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    say(box.dataset[subscribed ? "on" : "off"]);
  }
  function send(method, body) {
    return fetch(box.dataset.subscriptionsUrl, {
      method: method, credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
    });
  }
  function keyBytes(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  navigator.serviceWorker.ready.then(function (registration) {
    box.hidden = false;
    registration.pushManager.getSubscription().then(function (subscription) { show(!!subscription); });

    on.addEventListener("click", function () {
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") { say(box.dataset.denied); return null; }
        return fetch(box.dataset.keyUrl, {credentials: "same-origin"})
          .then(function (response) { if (!response.ok) throw new Error("no key"); return response.json(); })
          .then(function (data) {
            return registration.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: keyBytes(data.key)});
          })
          .then(function (subscription) { return send("POST", subscription.toJSON()); })
          .then(function () { show(true); });
      }).catch(function () { say(box.dataset.failed); });
    });

    off.addEventListener("click", function () {
      registration.pushManager.getSubscription().then(function (subscription) {
        if (!subscription) { show(false); return null; }
        return send("DELETE", {endpoint: subscription.endpoint})
          .then(function () { return subscription.unsubscribe(); })
          .then(function () { show(false); });
      }).catch(function () { say(box.dataset.failed); });
    });
  });
})();
