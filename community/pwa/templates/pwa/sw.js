/* Brug's service worker (community/pwa). It keeps the app shell, saves the member's own pages
   (network first) to be read offline under a key per login session, forgets them at logout, and
   shows web push notifications. Pages work the same without it. */
"use strict";

const VERSION = {{ version|tojson }};
const SHELL_CACHE = "brug-shell-" + VERSION;
const META_CACHE = "brug-meta";
const PAGES_PREFIX = "brug-pages-";
const SHELL_URLS = {{ shell_urls|tojson }};
const OFFLINE_URL = {{ offline_url|tojson }};
const SAVED_PATHS = {{ saved_paths|tojson }};
const SAVED_PREFIXES = {{ saved_prefixes|tojson }};  // a conversation, a guide entry: <prefix><id>
const LOGOUT_PATHS = {{ logout_paths|tojson }};
const KEY_HEADER = {{ key_header|tojson }};
const ICON_URL = {{ icon_url|tojson }};
const MEMBER_URL = "/__brug/member";  // where the current key is remembered between worker restarts

let member = null;  // {key, lang} once known

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE)
    .then((cache) => cache.addAll(SHELL_URLS.concat([OFFLINE_URL])))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith("brug-shell-") && n !== SHELL_CACHE)
      .map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

async function currentMember() {
  if (member) return member;
  const stored = await (await caches.open(META_CACHE)).match(MEMBER_URL);
  member = stored ? await stored.json() : {key: "", lang: ""};
  return member;
}

async function rememberMember(key, lang) {
  member = {key: key, lang: lang || ""};
  const meta = await caches.open(META_CACHE);
  await meta.put(MEMBER_URL, new Response(JSON.stringify(member), {headers: {"Content-Type": "application/json"}}));
}

// Drop every saved page except those of `keep` (nothing is kept for a visitor).
async function forgetPages(keep) {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PAGES_PREFIX) && n !== PAGES_PREFIX + keep)
    .map((n) => caches.delete(n)));
}

async function switchMember(key, lang) {
  const known = await currentMember();
  const changed = known.key !== key || (lang && known.lang !== lang);
  if (known.key !== key || !key) await forgetPages(key);
  await rememberMember(key, lang || known.lang);
  if (changed) await refreshOfflinePage(key);
}

// The offline page in the reader's language: a member's own copy (it shows their menu) is kept with
// their saved pages and goes with them; a visitor's is part of the shell.
async function refreshOfflinePage(key) {
  const response = await fetch(OFFLINE_URL, {credentials: "same-origin"}).catch(() => null);
  if (!response || !response.ok) return;
  const owner = response.headers.get(KEY_HEADER) || "";
  if (owner !== key) return;  // signed in or out meanwhile: the next page says so
  await (await caches.open(key ? PAGES_PREFIX + key : SHELL_CACHE)).put(OFFLINE_URL, response);
}

async function offlinePage() {
  const known = await currentMember();
  const own = known.key ? await caches.match(OFFLINE_URL, {cacheName: PAGES_PREFIX + known.key}) : null;
  return own || await caches.match(OFFLINE_URL, {cacheName: SHELL_CACHE});
}

async function forgetEverything() {
  await forgetPages("");
  await rememberMember("", "");
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "member") event.waitUntil(switchMember(String(data.key || ""), String(data.lang || "")));
  else if (data.type === "forget") event.waitUntil(forgetEverything());
});

function isSaved(url) {
  if (url.search) return false;  // older pages of a conversation, filters: not kept
  if (SAVED_PATHS.includes(url.pathname)) return true;
  return SAVED_PREFIXES.some((prefix) => url.pathname.startsWith(prefix)
    && /^\d+$/.test(url.pathname.slice(prefix.length)));
}

async function keep(url, response) {
  const key = response.headers.get(KEY_HEADER) || "";
  const type = response.headers.get("Content-Type") || "";
  if (!key) {  // a page for a visitor: nobody is signed in any more
    await forgetEverything();
    return;
  }
  if (!response.ok || response.redirected || !type.startsWith("text/html")) return;
  const known = await currentMember();
  if (known.key !== key) await switchMember(key, known.lang);
  const body = await response.blob();
  const saved = new Response(body, {headers: {"Content-Type": type, "X-Brug-Saved-At": new Date().toISOString()}});
  await (await caches.open(PAGES_PREFIX + key)).put(url.pathname, saved);
}

// A saved copy, marked as such: the page's hidden banner is shown with the time it was saved.
async function savedCopy(url) {
  const known = await currentMember();
  if (!known.key) return null;
  const cache = await caches.open(PAGES_PREFIX + known.key);
  const copy = await cache.match(url.pathname);
  if (!copy) return null;
  const when = new Date(copy.headers.get("X-Brug-Saved-At") || Date.now());
  let html = await copy.text();
  const lang = (html.match(/<html[^>]*\slang="([^"]+)"/) || [])[1];
  let shown;
  try {
    shown = new Intl.DateTimeFormat(lang, {dateStyle: "medium", timeStyle: "short"}).format(when);
  } catch (e) {
    shown = when.toLocaleString();
  }
  html = html.replace("data-pwa-saved hidden", "data-pwa-saved data-pwa-saved-shown")
    .replace("<time data-pwa-saved-time></time>",
      '<time data-pwa-saved-time datetime="' + when.toISOString() + '">' + shown + "</time>");
  return new Response(html, {headers: {"Content-Type": "text/html; charset=utf-8"}});
}

async function navigate(request, url) {
  const saved = isSaved(url);
  try {
    const response = await fetch(request);
    if (saved) await keep(url, response.clone()).catch(() => null);
    else if (!response.headers.get(KEY_HEADER) && (response.headers.get("Content-Type") || "").startsWith("text/html")
             && response.ok) await forgetEverything().catch(() => null);
    return response;
  } catch (error) {
    const copy = saved ? await savedCopy(url) : null;
    if (copy) return copy;
    return (await offlinePage()) || Response.error();
  }
}

async function fromShell(request) {
  const cached = await caches.match(request, {cacheName: SHELL_CACHE});
  return cached || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && LOGOUT_PATHS.includes(url.pathname)) {
    event.waitUntil(forgetEverything());  // the logout itself goes on untouched
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request, url));
  } else if (SHELL_URLS.includes(url.pathname + url.search)) {
    event.respondWith(fromShell(request));
  }
});

// Web push: a short title and where to go; never private data (the server makes sure of that).
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = {};
  }
  event.waitUntil(self.registration.showNotification(data.title || "Brug", {
    lang: data.lang || "", dir: "auto", icon: ICON_URL, tag: data.kind || "brug",
    data: {url: data.url || "/"},
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data || {}).url || "/", self.location.origin);
  if (target.origin !== self.location.origin) return;  // only our own pages
  event.waitUntil(self.clients.matchAll({type: "window", includeUncontrolled: true}).then((windows) => {
    const open = windows.find((w) => w.url === target.href);
    return open ? open.focus() : self.clients.openWindow(target.href);
  }));
});
