/* Brug notifications: the bell's count, live over Socket.IO. Without this script the count in the
   menu is still right on every page load. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || typeof io === "undefined") { return; }
  var selector = '.site-header a[href="' + script.dataset.bell + '"]';
  // The bell is in the menu twice (the bar for wide screens, the "More" list on a phone): update both.
  var links = Array.prototype.slice.call(document.querySelectorAll(selector));
  if (!links.length) { return; }
  var more = document.querySelector(".site-header details.more > summary");
  var underMore = more && more.parentNode.querySelector(selector) !== null;

  function number(badge) { return badge ? parseInt(badge.textContent, 10) || 0 : 0; }
  function label(count) { return count < 100 ? String(count) : "99+"; }
  var current = number(links[0].querySelector(".badge"));

  function setBadge(link, count) {
    var badge = link.querySelector(".badge");
    if (!count) {
      if (badge) { badge.remove(); }
      return;
    }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "badge";
      link.appendChild(document.createTextNode(" "));
      link.appendChild(badge);
    }
    badge.textContent = label(count);
    badge.removeAttribute("aria-label");  // the server's label counted another number
  }

  // "More" counts what waits under it: the bell's change moves its badge by as much.
  function moveMore(delta) {
    if (!underMore || !delta) { return; }
    var badge = more.querySelector(".badge");
    var total = Math.max(0, number(badge) + delta);
    var spoken = more.querySelector(".visually-hidden");
    if (spoken && badge) { spoken.textContent = spoken.textContent.replace(badge.textContent, String(total)); }
    if (!total) {
      if (badge) { badge.remove(); }
      if (spoken) { spoken.remove(); }
      return;
    }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "badge";
      more.appendChild(document.createTextNode(" "));
      more.appendChild(badge);
    }
    badge.textContent = label(total);
  }

  function show(count) {
    links.forEach(function (link) { setBadge(link, count); });
    moveMore(count - current);
    current = count;
  }

  var socket = io("/notifications", { transports: ["websocket", "polling"] });
  socket.on("notifications_unread", function (data) { show(Number(data.count) || 0); });
  // After a (re)connection: what was missed meanwhile.
  socket.on("connect", function () {
    fetch(script.dataset.countUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { show(Number(data.count) || 0); } })
      .catch(function () { /* offline: the count stays until the next page */ });
  });
})();
