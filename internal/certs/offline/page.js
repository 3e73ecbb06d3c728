"use strict";
// The offline verification page (internal/certs/offline). It checks a
// certificate's payload (TC1.<claims>.<signature>, see cert/payload.go)
// against the issuer keys embedded in the page, with WebCrypto's Ed25519,
// and nothing leaves the page: it fetches nothing.
(function () {
  const $ = (id) => document.getElementById(id);
  const data = (id) => JSON.parse($(id).textContent);
  const text = data("offline-text");
  const keys = (data("offline-keys").keys || []).filter((k) => k && typeof k === "object");
  let list = data("offline-revocations");

  const PREFIX = "TC1.";
  const MAX_PAYLOAD = 2048;
  const REQUIRED = ["c", "k", "n", "t", "f", "u"];
  const CLAIM_TYPES = { c: "string", k: "string", n: "string", t: "string", f: "string", u: "string", h: "number", i: "string" };
  const ED25519 = { name: "Ed25519" };

  // --- encoding ---

  // b64 decodes unpadded base64url strictly (the unused bits of the last
  // character must be zero, as cert's decoder wants): null when s is not.
  function b64(s) {
    if (typeof s !== "string" || !/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
    let bin;
    try {
      bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
    } catch (e) {
      return null;
    }
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    let again = "";
    for (let i = 0; i < bytes.length; i += 0x8000) again += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    again = btoa(again).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    return again === s ? bytes : null;
  }

  const hex = (s) => Uint8Array.from(s.match(/../g), (h) => parseInt(h, 16));

  // canonical is the JSON Canonicalization Scheme (RFC 8785) form of v:
  // members sorted by their UTF-16 code units, no spaces; strings and
  // numbers as JSON.stringify writes them, which is what RFC 8785 asks.
  function canonical(v) {
    if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
    if (v !== null && typeof v === "object") {
      return "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canonical(v[k])).join(",") + "}";
    }
    return JSON.stringify(v);
  }

  // normalizeCode is cert.NormalizeCode: the code in its stored form.
  function normalizeCode(s) {
    if (typeof s !== "string") return "";
    const c = s.toUpperCase().replace(/[- ]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
    return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(c) ? c : "";
  }

  function formatCode(s) {
    const c = normalizeCode(s);
    return c ? c.match(/.{4}/g).join("-") : s;
  }

  // extract is cert.ExtractPayload: the payload in a text that holds one
  // (the QR code's address, whose fragment is the payload).
  function extract(s) {
    s = s.trim();
    if (s.length > 2 * MAX_PAYLOAD) return "";
    const i = s.indexOf(PREFIX);
    if (i < 0) return "";
    const p = s.slice(i);
    const end = p.search(/[ \t\r\n&?#"'<>]/);
    return end < 0 ? p : p.slice(0, end);
  }

  // --- dates and numbers as the platform writes them (i18n.Date) ---

  function fill(pattern, t) {
    const two = (n) => String(n).padStart(2, "0");
    const parts = { 2006: String(t.getUTCFullYear()).padStart(4, "0"), "01": two(t.getUTCMonth() + 1), "02": two(t.getUTCDate()),
      15: two(t.getUTCHours()), "04": two(t.getUTCMinutes()) };
    return pattern.replace(/2006|01|02|15|04/g, (m) => parts[m]);
  }

  function day(s) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    const t = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : new Date(s);
    return isNaN(t) ? s : fill(text.date, t);
  }

  function moment(s) {
    const t = new Date(s);
    return isNaN(t) ? s : fill(text.datetime, t);
  }

  const number = (n) => new Intl.NumberFormat(text.lang, { maximumFractionDigits: 2 }).format(n);
  const say = (key, date) => text[key].replace("{date}", date || "");

  // --- keys and signatures ---

  const imported = new Map();

  function findKey(kid) {
    return keys.find((k) => k.kid === kid && k.kty === "OKP" && k.crv === "Ed25519");
  }

  async function verifyWith(jwk, sig, message) {
    if (!imported.has(jwk.kid)) {
      const raw = b64(jwk.x);
      imported.set(jwk.kid, raw && raw.length === 32 ? crypto.subtle.importKey("raw", raw, ED25519, false, ["verify"]) : Promise.resolve(null));
    }
    try {
      const key = await imported.get(jwk.kid);
      return key !== null && (await crypto.subtle.verify(ED25519, key, sig, new TextEncoder().encode(message)));
    } catch (e) {
      return false; // a key WebCrypto refuses verifies nothing
    }
  }

  // supported checks, once, that WebCrypto verifies Ed25519: RFC 8032's
  // first test vector (an empty message).
  const supported = (async function () {
    try {
      const key = await crypto.subtle.importKey("raw", hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"), ED25519, false, ["verify"]);
      const sig = hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
      return await crypto.subtle.verify(ED25519, key, sig, new Uint8Array(0));
    } catch (e) {
      return false;
    }
  })();

  // check reads payload p: malformed, unknown (key), forged, revoked or
  // valid, as cert.Verify and the revocation list answer.
  async function check(p) {
    if (!p || p.length > MAX_PAYLOAD || !p.startsWith(PREFIX)) return { kind: "malformed" };
    const dot = p.lastIndexOf(".");
    if (dot <= PREFIX.length) return { kind: "malformed" };
    const signed = p.slice(0, dot);
    const body = b64(signed.slice(PREFIX.length));
    const sig = b64(p.slice(dot + 1));
    if (!body || !sig || sig.length !== 64) return { kind: "malformed" };
    let c;
    try {
      c = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    } catch (e) {
      return { kind: "malformed" };
    }
    if (!c || typeof c !== "object" || Array.isArray(c)) return { kind: "malformed" };
    for (const [k, v] of Object.entries(c)) {
      if (typeof v !== CLAIM_TYPES[k]) return { kind: "malformed" };
    }
    if (REQUIRED.some((k) => !c[k])) return { kind: "malformed" };
    const jwk = findKey(c.k);
    if (!jwk) return { kind: "unknown", kid: c.k };
    if (!(await verifyWith(jwk, sig, signed))) return { kind: "forged" };
    const code = normalizeCode(c.c);
    const revoked = (list.revoked || []).find((r) => r && normalizeCode(r.code) === code && code !== "");
    return { kind: revoked ? "revoked" : "valid", claims: c, key: jwk, revocation: revoked };
  }

  // --- showing the answer ---

  const result = $("result");

  function el(tag, cls, content) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined) e.textContent = content;
    return e;
  }

  function facts(rows) {
    const dl = el("dl", "facts");
    for (const [label, value] of rows) {
      if (value === undefined || value === "") continue;
      dl.append(el("dt", "", text[label]), el("dd", "", value));
    }
    return dl;
  }

  function show(r) {
    const parts = [];
    let state = "bad";
    switch (r.kind) {
      case "valid":
      case "revoked": {
        const c = r.claims;
        state = r.kind;
        parts.push(el("p", "verdict", text[r.kind]));
        const revocation = r.revocation ? [["revoked_on", day(r.revocation.revoked_at)], ["reason", r.revocation.reason]] : [];
        const dates = c.f === c.u ? day(c.f) : day(c.f) + " – " + day(c.u);
        parts.push(facts([
          ...revocation, ["name", c.n], ["course", c.t], ["dates", dates], ["hours", c.h ? number(c.h) : ""],
          ["code", formatCode(c.c)], ["issuer", c.i], ["key", r.key.kid],
          ["key_status", r.key.retired ? say("key_retired", day(r.key.retired)) : text.key_current],
        ]));
        if (text.base) {
          parts.push(el("p", "help", text.online_check), el("p", "address", text.base.replace(/\/+$/, "") + "/verify/" + formatCode(c.c)));
        }
        break;
      }
      case "unknown":
        parts.push(el("p", "verdict", text.unknown_key), facts([["unknown_key_id", r.kid]]));
        break;
      default:
        parts.push(el("p", "verdict", text[r.kind]));
    }
    result.className = "result " + state;
    result.dataset.state = r.kind;
    result.replaceChildren(...parts);
  }

  let last = "";

  async function run(input) {
    last = input;
    if (!(await supported)) {
      show({ kind: "no_crypto" });
      return;
    }
    show(input.trim() ? await check(extract(input)) : { kind: "empty" });
  }

  $("check").addEventListener("submit", (e) => {
    e.preventDefault();
    run($("payload").value);
  });

  // The QR code's address opened with this page (saved as a file):
  // its fragment is the payload.
  function fromHash() {
    let hash = location.hash.slice(1);
    try {
      hash = decodeURIComponent(hash);
    } catch (e) {
      // not percent-encoded: read as it is
    }
    const p = extract(hash);
    if (p) {
      $("payload").value = p;
      run(p);
    }
  }
  window.addEventListener("hashchange", fromHash);

  // --- a newer revocation list, checked before it is used ---

  function showList() {
    $("list-date").textContent = moment(list.issued_at);
    $("list-count").textContent = number((list.revoked || []).length);
  }

  // readList checks a revocation list file as cert.ParseRevocations does:
  // its format, then its Ed25519 signature over the canonical form of the
  // list without the signature, by a key of this page.
  async function readList(raw) {
    let l;
    try {
      l = JSON.parse(raw);
    } catch (e) {
      return "revocations_invalid";
    }
    if (!l || typeof l !== "object" || l.format !== "topcop-revocations/1" || !Array.isArray(l.revoked) ||
      typeof l.issued_at !== "string" || isNaN(new Date(l.issued_at))) {
      return "revocations_invalid";
    }
    const jwk = findKey(l.key_id);
    const sig = b64(l.signature);
    if (!jwk || !sig || sig.length !== 64) return "revocations_refused";
    const unsigned = Object.fromEntries(Object.entries(l).filter(([k]) => k !== "signature"));
    if (!(await verifyWith(jwk, sig, canonical(unsigned)))) return "revocations_refused";
    if (new Date(l.issued_at) < new Date(list.issued_at)) return "revocations_older";
    list = l;
    // "Save page as" keeps the newer list.
    $("offline-revocations").textContent = JSON.stringify(l).replace(/</g, "\\u003c");
    showList();
    return "revocations_loaded";
  }

  $("list-file").addEventListener("change", async (e) => {
    const f = e.target.files[0];
    const status = $("list-status");
    if (!f) return;
    let answer;
    if (!(await supported)) answer = "no_crypto";
    else if (f.size > 16 << 20) answer = "revocations_invalid";
    else answer = await readList(await f.text());
    status.textContent = say(answer, moment(list.issued_at));
    status.className = "list-status " + (answer === "revocations_loaded" ? "ok" : "bad");
    status.dataset.state = answer;
    if (answer === "revocations_loaded" && last) run(last);
  });

  showList();
  supported.then((ok) => {
    $("no-crypto").hidden = ok;
    document.documentElement.dataset.ready = ok ? "yes" : "no-crypto";
  });
  fromHash();
})();
