/* Brug chat: live messages over Socket.IO on top of the server-rendered page.
   Without this script the page still works (plain form, older/newer links). */
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || typeof io === "undefined" || root.dataset.live !== "true") { return; }
  var conversationId = Number(root.dataset.conversation);
  var me = Number(root.dataset.me);
  var lastId = Number(root.dataset.last) || 0;
  var list = document.getElementById("chat-messages");
  var statusLine = document.getElementById("chat-status");
  var typingLine = document.getElementById("chat-typing");
  var seenLine = document.getElementById("chat-seen");
  var form = document.getElementById("chat-form");
  var strings = document.getElementById("chat-strings").dataset;
  var pending = [];       // messages typed while offline, resent with the same client_id
  var typingTimer = null;
  var lastTypingSent = 0;
  var othersRead = Number(root.dataset.othersRead) || 0;

  function showStatus(text) {
    statusLine.textContent = text || "";
    statusLine.hidden = !text;
  }

  function clientId() {
    var bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function updateSeen() {
    var mine = list.querySelectorAll(".chat-message.mine");
    var newestMine = mine.length ? Number(mine[mine.length - 1].dataset.id) : 0;
    seenLine.hidden = !(newestMine && othersRead >= newestMine);
  }

  function render(message) {
    if (document.getElementById("m" + message.id)) { return; }  // at-least-once delivery: show once
    var empty = document.getElementById("chat-empty");
    if (empty) { empty.remove(); }
    var item = document.createElement("li");
    item.className = "chat-message" + (message.sender_id === me ? " mine" : "");
    item.id = "m" + message.id;
    item.dataset.id = message.id;
    var meta = document.createElement("p");
    meta.className = "meta";
    var name = document.createElement("strong");
    // A member's name and text keep their own direction inside a page of the other direction.
    var bdi = document.createElement("bdi");
    bdi.textContent = message.sender_name || strings.former;
    name.append(bdi);
    var time = document.createElement("time");
    time.dateTime = message.created_at;
    time.textContent = new Date(message.created_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    meta.append(name, " · ", time);
    var body = document.createElement("p");
    body.className = "chat-body";
    body.dir = "auto";
    body.innerHTML = message.body_html;  // sanitised on the server (nh3): only links and line breaks
    item.append(meta, body);
    // Keep the list in id order even when a sync and a live event cross.
    var next = Array.prototype.find.call(list.children, function (li) { return Number(li.dataset.id) > message.id; });
    list.insertBefore(item, next || null);
    lastId = Math.max(lastId, message.id);
    updateSeen();
  }

  function markRead() {
    if (document.visibilityState === "visible" && lastId) {
      socket.emit("read", { conversation_id: conversationId, message_id: lastId }, function () {});
    }
  }

  function sync() {
    socket.emit("sync", { conversation_id: conversationId, after_id: lastId }, function (answer) {
      if (!answer || !answer.ok) { return; }
      answer.messages.forEach(render);
      if (answer.more) { sync(); } else { markRead(); flush(); }
    });
  }

  function send(item) {
    socket.timeout(10000).emit("send", item, function (error, answer) {
      if (error) { pending.unshift(item); showStatus(strings.reconnecting); return; }
      if (answer.ok) { render(answer.message); return; }
      showStatus(answer.error || strings.failed);
      if (answer.code === "rate_limited" && form) { form.elements.body.value = item.body; }
    });
  }

  function flush() {
    while (pending.length && socket.connected) { send(pending.shift()); }
  }

  var socket = io("/chat", { reconnectionDelayMax: 5000 });

  socket.on("connect", function () {
    showStatus("");
    socket.emit("join", { conversation_id: conversationId }, function (answer) {
      if (answer && answer.ok) {
        othersRead = Math.max(othersRead, answer.others_read_id || 0);
        sync();  // catch up on whatever was sent while we were away
      } else if (answer) {
        showStatus(answer.error);
      }
    });
  });
  socket.on("disconnect", function () { showStatus(strings.reconnecting); });
  socket.io.on("reconnect_attempt", function () { showStatus(strings.reconnecting); });
  socket.on("connect_error", function () { showStatus(strings.reconnecting); });

  socket.on("message", function (message) {
    if (message.conversation_id !== conversationId) { return; }
    render(message);
    if (message.sender_id !== me) { typingLine.hidden = true; markRead(); }
  });
  // The server lost its message queue for a while: ask for what may have been missed since the last
  // message it relayed before that, even if newer ones reached us since (render() shows each once).
  socket.on("resync", function (hint) {
    if (hint && typeof hint.after_id === "number") { lastId = Math.min(lastId, hint.after_id); }
    sync();
  });
  socket.on("typing", function (event) {
    if (event.conversation_id !== conversationId || event.user_id === me) { return; }
    typingLine.textContent = strings.typing.replace("__NAME__", event.name);
    typingLine.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { typingLine.hidden = true; }, 4000);
  });
  socket.on("read", function (event) {
    if (event.conversation_id === conversationId && event.user_id !== me) {
      othersRead = Math.max(othersRead, event.message_id);
      updateSeen();
    }
  });
  document.addEventListener("visibilitychange", markRead);

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = form.elements.body.value.trim();
      if (!body) { return; }
      var item = { conversation_id: conversationId, body: body, client_id: clientId() };
      form.elements.body.value = "";
      // The page does not reload: keep the keyboard where the next message is written, not on "Send".
      form.elements.body.focus();
      if (socket.connected) { send(item); } else { pending.push(item); showStatus(strings.offline); }
    });
    form.elements.body.addEventListener("input", function () {
      var now = Date.now();
      if (socket.connected && now - lastTypingSent > 2000) {
        lastTypingSent = now;
        socket.emit("typing", { conversation_id: conversationId }, function () {});
      }
    });
  }
  updateSeen();
  var latest = list.lastElementChild;
  if (latest) { latest.scrollIntoView({ block: "end" }); }
}());
