// The Refah playground page: a small messenger over the local Bot API server's simulation API.
// Actions are POSTs to /api/*; every change of a conversation arrives over the /api/ws WebSocket.
"use strict";

const $ = (selector) => document.querySelector(selector);
const FA_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
const fa = (value) => String(value).replace(/[0-9]/g, (d) => FA_DIGITS[Number(d)]);

const ERRORS = {
  host: "این صفحه فقط از همین رایانه در دسترس است.",
  json: "درخواست نامعتبر بود.",
  user: "این کاربر در زمین بازی نیست.",
  chat: "این کاربر عضو این گفتگو نیست.",
  empty: "پیام خالی است.",
  button: "این دکمه پیدا نشد.",
  upload: "فایل ارسال نشد.",
  file: "فایل پیدا نشد.",
  no_phone: "این کاربر شماره تلفنی ندارد.",
  amount: "مقدار جابه‌جایی زمان نامعتبر است.",
  date: "تاریخ را به شکل ۱۴۰۵/۰۹/۱۰ بنویسید.",
  time: "ساعت را به شکل ۰۸:۳۰ بنویسید.",
  past: "ساعت اداره فقط به جلو می‌رود؛ زمانی بعد از اکنون انتخاب کنید.",
  too_far: "در هر بار حداکثر ۴۰۰ روز می‌توان جلو رفت.",
  confirm: "شروع دوباره تأیید نشد.",
  refused: "این کار انجام نشد.",
  network: "ارتباط با زمین بازی برقرار نیست.",
};
const ACTIONS = {
  typing: "در حال نوشتن…",
  upload_document: "در حال ارسال فایل…",
  upload_photo: "در حال ارسال عکس…",
};
// What each staff member can try in their private chat: [text, command to insert or null].
const STAFF_TIPS = {
  clerk: [["کارت‌ها را در «گروه کارشناسان رفاه» بررسی کنید؛ «مشاهده مدارک» فایل‌ها را همین‌جا می‌فرستد.", null]],
  clerk2: [["کارشناس دوم: برای تأییدهای دومرحله‌ای که باید کس دیگری بزند.", null]],
  head: [["تأیید مرحله بعدی وام‌ها در گروه با شماست.", null]],
  finance: [["نامه بانک وام‌های تأییدشده این‌جا می‌رسد؛ پس از واریز «وام پرداخت شد» را در گروه بزنید.", null]],
  payroll: [["فهرست کسر اقساط ماه جاری:", "/deductions"]],
  operator: [["ورود و خروج‌های امروز مهمانسراها:", "/today"]],
  admin: [["نقش‌های تعریف‌شده:", "/roles"], ["دادن نقش (مثال):", "/grant 2002 clerk loan"]],
};
const AVATAR_COLORS = ["#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774", "#5e9fd8"];

const S = {
  chats: new Map(),   // chat id -> chat (messages, reply_keyboard, person | title/members)
  order: [],          // chat ids in list order
  current: null,      // the open chat's id
  zone: "Asia/Tehran",
  bot: { first_name: "ربات" },
  speaker: new Map(), // group id -> member id who speaks and presses
  replyTo: new Map(), // chat id -> message id the next text answers
  unread: new Map(),  // chat id -> count of bot messages not seen
  kbHidden: new Map(),// chat id -> JSON of a one-time keyboard already used
  pending: new Map(), // callback query id -> the pressed button element
  typing: new Map(),  // chat id -> { until (ms), action } of the bot's last chat action
  clock: null,
  clockAt: 0,
  connected: false,
};

// ------------------------------------------------------------------ time, in the Jalali calendar

let fmtTime;
let fmtDay;
let fmtParts;
function makeFormats() {
  const base = { timeZone: S.zone };
  fmtTime = new Intl.DateTimeFormat("fa-IR-u-ca-persian-nu-arabext", { ...base, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  fmtDay = new Intl.DateTimeFormat("fa-IR-u-ca-persian-nu-arabext", { ...base, weekday: "long", day: "numeric", month: "long", year: "numeric" });
  fmtParts = new Intl.DateTimeFormat("en-US-u-ca-persian-nu-latn", {
    ...base, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
}
const partsOf = (format, date) => Object.fromEntries(format.formatToParts(date).map((x) => [x.type, x.value]));
function jalaliFull(ms) {
  const p = partsOf(fmtParts, new Date(ms));
  return fa(`${p.year.replace(/\D/g, "")}/${p.month}/${p.day} ${p.hour}:${p.minute}`);
}
function dayOf(seconds) {
  const p = partsOf(fmtDay, new Date(seconds * 1000));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}
const timeOf = (seconds) => fmtTime.format(new Date(seconds * 1000));
const officeNow = () => (S.clock ? Date.parse(S.clock.now) + (Date.now() - S.clockAt) : Date.now());

function describeOffset(seconds) {
  if (!seconds) return "";
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const parts = [];
  if (days) parts.push(`${fa(days)} روز`);
  if (hours) parts.push(`${fa(hours)} ساعت`);
  if (minutes && !days) parts.push(`${fa(minutes)} دقیقه`);
  return `${parts.join(" و ") || "کمی"} جلوتر از ساعت واقعی`;
}

// ------------------------------------------------------------------ talking to the server

async function api(path, body) {
  let response;
  try {
    response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  } catch {
    throw new Error(ERRORS.network);
  }
  const data = await response.json().catch(() => ({ ok: false, error: "network" }));
  if (!data.ok) throw new Error(ERRORS[data.error] || ERRORS.refused);
  return data;
}

async function loadState() {
  const response = await fetch("/api/state", { cache: "no-store" });
  const state = await response.json();
  S.zone = state.zone;
  S.bot = state.bot;
  makeFormats();
  setClock(state.clock);
  S.order = state.chats.map((c) => c.id);
  S.chats = new Map(state.chats.map((c) => [c.id, c]));
  for (const chat of state.chats) {
    if (chat.type === "group" && !S.speaker.has(chat.id) && chat.members.length) S.speaker.set(chat.id, chat.members[0].id);
  }
  const wanted = Number(new URLSearchParams(location.hash.slice(1)).get("chat"));
  if (S.current === null || !S.chats.has(S.current)) {
    S.current = S.chats.has(wanted) ? wanted : S.order[0];
    if (S.chats.has(wanted)) document.body.classList.add("chat-open");
  }
  renderAll(true);
}

function connect() {
  const ws = new WebSocket(`ws://${location.host}/api/ws`);
  ws.onopen = async () => {
    setConnected(true);
    try { await loadState(); } catch { toast(ERRORS.network, "error"); }
  };
  ws.onmessage = (event) => onEvent(JSON.parse(event.data));
  ws.onclose = () => {
    setConnected(false);
    setTimeout(connect, 1500);
  };
}

function setConnected(on) {
  S.connected = on;
  const status = $("#status");
  status.className = `status ${on ? "online" : "offline"}`;
  status.textContent = on ? "متصل به ربات محلی" : "در حال اتصال دوباره…";
}

function onEvent(event) {
  switch (event.type) {
    case "hello":
    case "clock":
      setClock(event.clock);
      return;
    case "message_sent":
    case "user_message":
    case "message_edited":
    case "message_deleted":
      applyMessage(event);
      return;
    case "reset":
      startedOver(event);
      return;
    case "callback_answered":
      answered(event);
      return;
    case "chat_action":
      S.typing.set(event.chat_id, { until: Date.now() + 4000, action: event.action });
      if (event.chat_id === S.current) renderHeader();
      return;
    default:
  }
}

function applyMessage(event) {
  const chat = S.chats.get(event.chat_id);
  if (!chat) return;
  const index = chat.messages.findIndex((m) => m.message_id === event.message_id);
  if (event.type === "message_deleted") {
    if (index >= 0) chat.messages.splice(index, 1);
  } else if (index >= 0) {
    chat.messages[index] = event.message;
  } else {
    chat.messages.push(event.message);
    if (event.outgoing && (chat.id !== S.current || !chatVisible())) S.unread.set(chat.id, (S.unread.get(chat.id) || 0) + 1);
    if (event.outgoing) S.typing.delete(chat.id);
  }
  if ("reply_keyboard" in event) chat.reply_keyboard = event.reply_keyboard;
  const markup = event.message && event.message.reply_markup;
  if (event.type === "message_sent" && markup && markup.force_reply) S.replyTo.set(chat.id, event.message.message_id);
  renderList();
  if (chat.id === S.current) renderChat(false);
}

function answered(event) {
  for (const [queryId, button] of S.pending) {
    if (queryId === event.query_id) {
      button.classList.remove("busy");
      S.pending.delete(queryId);
    }
  }
  if (!event.text) return;
  if (event.show_alert) showAlert(event.text);
  else toast(event.text);
}

// ------------------------------------------------------------------ who acts

function chatTitle(chat) {
  return chat.type === "group" ? chat.title : chat.person.name;
}
function actor(chat) {
  return chat.type === "group" ? S.speaker.get(chat.id) : chat.person.id;
}
function memberName(chat, userId) {
  const member = chat.members && chat.members.find((m) => m.id === userId);
  return member ? member.name : "";
}

// ------------------------------------------------------------------ rendering: the list

function avatar(name, id, small) {
  const el = document.createElement("div");
  el.className = small ? "avatar small" : "avatar";
  el.style.background = AVATAR_COLORS[Math.abs(id) % AVATAR_COLORS.length];
  el.textContent = (name || "?").trim().charAt(0);
  return el;
}

function preview(message) {
  if (!message) return "";
  const who = message.from && !message.from.is_bot && message.from.id !== message.chat.id ? `${message.from.first_name}: ` : "";
  if (message.text) return who + message.text.split("\n")[0];
  if (message.photo) return `${who}🖼 عکس`;
  if (message.document) return `${who}📄 ${message.document.file_name || "فایل"}`;
  if (message.contact) return `${who}👤 شماره تلفن`;
  return who + (message.caption || "پیام");
}

function renderList() {
  const list = $("#chat-list");
  list.replaceChildren();
  const heading = (text) => {
    const h = document.createElement("div");
    h.className = "list-heading";
    h.textContent = text;
    list.append(h);
  };
  let staffHeading = false;
  heading("کارکنان — هر کدام گفتگوی خود با ربات");
  for (const id of S.order) {
    const chat = S.chats.get(id);
    const isStaffSide = chat.type === "group" || chat.person.staff;
    if (isStaffSide && !staffHeading) {
      heading("کارشناسان و مدیران");
      staffHeading = true;
    }
    const last = chat.messages[chat.messages.length - 1];
    const item = document.createElement("button");
    item.type = "button";
    item.className = `chat-item${id === S.current ? " active" : ""}`;
    item.dataset.chatId = String(id);
    const body = document.createElement("div");
    body.className = "chat-item-body";
    const top = document.createElement("div");
    top.className = "chat-item-top";
    const name = document.createElement("span");
    name.className = "chat-item-name";
    name.textContent = (chat.type === "group" ? "👥 " : "") + chatTitle(chat);
    const time = document.createElement("span");
    time.className = "chat-item-time";
    time.textContent = last ? timeOf(last.date) : "";
    top.append(name, time);
    const bottom = document.createElement("div");
    bottom.className = "chat-item-bottom";
    const text = document.createElement("span");
    text.className = "chat-item-preview";
    text.textContent = last ? preview(last) : (chat.type === "group" ? chat.about : chat.person.about);
    bottom.append(text);
    const unread = S.unread.get(id);
    if (unread) {
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = fa(unread);
      bottom.append(badge);
    }
    body.append(top, bottom);
    item.append(avatar(chatTitle(chat), id), body);
    item.addEventListener("click", () => openChat(id));
    list.append(item);
  }
}

// ------------------------------------------------------------------ rendering: the open chat

function chip(label, value, onClick) {
  const el = document.createElement("button");
  el.type = "button";
  el.className = "chip";
  el.append(`${label} `);
  const v = document.createElement("bdi");
  v.textContent = fa(value);
  el.append(v);
  el.title = "برای درج در پیام کلیک کنید";
  el.addEventListener("click", onClick || (() => insertText(value)));
  return el;
}

function renderHeader() {
  const chat = S.chats.get(S.current);
  const header = $("#chat-header");
  header.replaceChildren();
  const back = document.createElement("button");
  back.type = "button";
  back.id = "back";
  back.title = "بازگشت به فهرست گفتگوها";
  back.setAttribute("aria-label", back.title);
  back.textContent = "→";
  back.addEventListener("click", showList);
  header.append(back);
  const body = document.createElement("div");
  body.className = "header-body";
  const title = document.createElement("div");
  title.className = "header-title";
  const sub = document.createElement("div");
  sub.className = "header-sub";
  const action = S.typing.get(chat.id);
  const typing = action && action.until > Date.now() ? `${S.bot.first_name} ${ACTIONS[action.action] || ACTIONS.typing}` : "";
  if (chat.type === "group") {
    title.textContent = chat.title;
    sub.textContent = typing || `${fa(chat.members.length)} عضو و ${S.bot.first_name} · ${chat.about}`;
  } else {
    title.textContent = `${chat.person.name} ↔ ${S.bot.first_name}`;
    sub.textContent = typing || chat.person.about;
  }
  if (typing) sub.classList.add("typing");
  body.append(title, sub);
  header.append(avatar(chatTitle(chat), chat.id, true), body);
  if (chat.type === "private") {
    const chips = document.createElement("div");
    chips.className = "chips";
    chips.append(chip("کد ملی", chat.person.national_id), chip("همراه", chat.person.phone));
    if (chat.person.staff) chips.append(chip("شناسه", String(chat.person.id)));
    header.append(chips);
  }
}

function nearBottom(el) {
  return el.scrollHeight - el.scrollTop - el.clientHeight < 120;
}

function renderChat(jump) {
  const chat = S.chats.get(S.current);
  const box = $("#messages");
  const stick = jump || nearBottom(box);
  renderHeader();
  box.replaceChildren();
  if (!chat.messages.length) box.append(hint(chat));
  let lastDay = "";
  for (const message of chat.messages) {
    const day = dayOf(message.date);
    if (day !== lastDay) {
      const sep = document.createElement("div");
      sep.className = "day";
      sep.textContent = day;
      box.append(sep);
      lastDay = day;
    }
    box.append(renderMessage(chat, message));
  }
  renderBottom(chat);
  if (stick) box.scrollTop = box.scrollHeight;
}

function hint(chat) {
  const card = document.createElement("div");
  card.className = "hint";
  const h = document.createElement("h2");
  const list = document.createElement("ol");
  const step = (...parts) => {
    const li = document.createElement("li");
    li.append(...parts);
    list.append(li);
  };
  if (chat.type === "group") {
    h.textContent = "گروه کارشناسان";
    step("کارت هر درخواست تازه اینجا می‌آید، با دکمه‌های تأیید، رد و درخواست اطلاعات.");
    step("با «ارسال و زدن دکمه‌ها به‌عنوان» (پایین صفحه) انتخاب کنید کدام کارشناس دکمه را می‌زند.");
    step("برای «رد» یا «درخواست اطلاعات»، دلیل را در پاسخ همان پیام ربات بنویسید.");
  } else if (chat.person.staff) {
    h.textContent = `${chat.person.name} — ${chat.person.about}`;
    step("حساب این همکار از قبل تأیید شده و نقشش داده شده است؛ «شروع» منوی خدمات را می‌آورد.");
    for (const [text, command] of STAFF_TIPS[chat.person.key] || []) {
      if (command) {
        const code = chip("", command);
        step(`${text} `, code);
      } else {
        step(text);
      }
    }
  } else {
    h.textContent = `گفتگوی ${chat.person.name} با ربات`;
    step("«شروع» را بزنید.");
    step("دکمه «📱 ارسال شماره تلفن من» را بزنید.");
    step("کد ملی را بفرستید: ", chip("", chat.person.national_id), " (برای درج کلیک کنید)");
    step("از منو خدمتی را انتخاب کنید؛ کارت درخواست به «گروه کارشناسان رفاه» می‌رود.");
  }
  card.append(h, list);
  return card;
}

function fileUrl(fileId, name, download) {
  const q = new URLSearchParams();
  if (name) q.set("name", name);
  if (download) q.set("download", "1");
  return `/api/file/${encodeURIComponent(fileId)}?${q}`;
}

function sizeText(bytes) {
  if (bytes >= 1024 * 1024) return `${fa((bytes / 1024 / 1024).toFixed(1))} مگابایت`;
  return `${fa(Math.max(1, Math.round(bytes / 1024)))} کیلوبایت`;
}

function renderMessage(chat, message) {
  const fromBot = Boolean(message.from && message.from.is_bot) || (message.from && message.from.id === S.bot.id);
  const row = document.createElement("div");
  row.className = `row ${fromBot ? "in" : "out"}`;
  row.dataset.messageId = String(message.message_id);
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (chat.type === "group") {
    const sender = document.createElement("div");
    sender.className = "sender";
    sender.textContent = fromBot ? S.bot.first_name : [message.from.first_name, message.from.last_name].filter(Boolean).join(" ");
    sender.style.color = fromBot ? "var(--accent-dark)" : AVATAR_COLORS[message.from.id % AVATAR_COLORS.length];
    bubble.append(sender);
  }
  if (message.reply_to_message) {
    const quote = document.createElement("div");
    quote.className = "quote";
    const who = document.createElement("strong");
    const r = message.reply_to_message;
    who.textContent = r.from ? [r.from.first_name, r.from.last_name].filter(Boolean).join(" ") : "";
    quote.append(who, preview({ ...r, from: null }));
    bubble.append(quote);
  }
  if (message.photo) {
    const biggest = message.photo[message.photo.length - 1];
    const link = document.createElement("a");
    link.className = "photo";
    link.href = fileUrl(biggest.file_id, "photo.jpg");
    link.target = "_blank";
    const img = document.createElement("img");
    img.src = link.href;
    img.alt = "عکس";
    link.append(img);
    bubble.append(link);
  }
  if (message.document) bubble.append(documentView(message.document));
  if (message.contact) {
    const c = document.createElement("div");
    c.className = "contact";
    const name = document.createElement("div");
    name.textContent = `👤 ${[message.contact.first_name, message.contact.last_name].filter(Boolean).join(" ")}`;
    const phone = document.createElement("div");
    phone.className = "contact-phone";
    phone.textContent = fa(message.contact.phone_number);
    const col = document.createElement("div");
    col.append(name, phone);
    c.append(col);
    bubble.append(c);
  }
  const body = message.text ?? message.caption;
  if (body) {
    const text = document.createElement("div");
    text.className = "text";
    text.dir = "auto";
    text.textContent = body;
    bubble.append(text);
  }
  if (message.sticker) bubble.append(message.sticker.emoji || "🙂");
  const meta = document.createElement("div");
  meta.className = "meta";
  if (message.edit_date) meta.append("ویرایش‌شده");
  meta.append(` ${timeOf(message.date)}`);
  bubble.append(meta);
  row.append(bubble);

  const reply = document.createElement("button");
  reply.type = "button";
  reply.className = "reply-action";
  reply.title = "پاسخ به این پیام";
  reply.textContent = "↩";
  reply.addEventListener("click", () => {
    S.replyTo.set(chat.id, message.message_id);
    renderBottom(chat);
    $("#text").focus();
  });
  row.append(reply);

  const markup = message.reply_markup;
  if (markup && markup.inline_keyboard && markup.inline_keyboard.length) {
    row.classList.add("with-keyboard");
    row.append(inlineKeyboard(chat, message, markup.inline_keyboard));
  }
  return row;
}

function documentView(doc) {
  const box = document.createElement("div");
  box.className = "doc";
  const icon = document.createElement("div");
  icon.className = "doc-icon";
  icon.textContent = (doc.mime_type || "").includes("pdf") ? "📄" : "📎";
  const body = document.createElement("div");
  body.className = "doc-body";
  const name = document.createElement("div");
  name.className = "doc-name";
  name.textContent = doc.file_name || "file";
  const size = document.createElement("div");
  size.className = "doc-size";
  size.textContent = sizeText(doc.file_size || 0);
  const links = document.createElement("div");
  links.className = "doc-links";
  const open = document.createElement("a");
  open.href = fileUrl(doc.file_id, doc.file_name);
  open.target = "_blank";
  open.rel = "noopener";
  open.textContent = "باز کردن";
  const save = document.createElement("a");
  save.href = fileUrl(doc.file_id, doc.file_name, true);
  save.download = doc.file_name || "file";
  save.textContent = "دانلود";
  links.append(open, save);
  body.append(name, size, links);
  box.append(icon, body);
  return box;
}

function inlineKeyboard(chat, message, rows) {
  const box = document.createElement("div");
  box.className = "inline-keyboard";
  for (const buttons of rows) {
    const row = document.createElement("div");
    row.className = "kb-row";
    for (const button of buttons) {
      let el;
      if (button.url) {
        el = document.createElement("a");
        el.href = button.url;
        el.target = "_blank";
        el.rel = "noopener";
      } else {
        el = document.createElement("button");
        el.type = "button";
        if (button.callback_data === undefined) {
          el.disabled = true;
        } else {
          el.dataset.callback = button.callback_data;
          el.addEventListener("click", () => press(chat, message, button, el));
        }
      }
      el.className = "kb-button";
      el.textContent = button.text;
      el.title = button.text;
      row.append(el);
    }
    box.append(row);
  }
  return box;
}

function renderBottom(chat) {
  const isPrivate = chat.type === "private";
  const empty = isPrivate && chat.messages.length === 0;
  $("#start-bar").hidden = !empty;
  $("#composer").hidden = empty;
  $("#contact").hidden = !isPrivate;

  const speakerRow = $("#speaker-row");
  speakerRow.hidden = isPrivate;
  const select = $("#speaker");
  if (!isPrivate && select.dataset.chat !== String(chat.id)) {
    select.replaceChildren(...chat.members.map((m) => {
      const option = document.createElement("option");
      option.value = String(m.id);
      option.textContent = `${m.name} — ${m.about}`;
      return option;
    }));
    select.dataset.chat = String(chat.id);
    select.value = String(S.speaker.get(chat.id));
  }

  const replyId = S.replyTo.get(chat.id);
  const replied = replyId && chat.messages.find((m) => m.message_id === replyId);
  $("#reply-bar").hidden = !replied;
  if (replied) $("#reply-bar-quote").textContent = preview({ ...replied, from: null });
  if (replyId && !replied) S.replyTo.delete(chat.id);

  const keyboard = chat.reply_keyboard;
  const key = keyboard ? JSON.stringify(keyboard) : "";
  const panel = $("#reply-keyboard");
  $("#kb-toggle").hidden = !keyboard || empty;
  const hidden = !keyboard || empty || S.kbHidden.get(chat.id) === key;
  panel.hidden = hidden;
  panel.replaceChildren();
  if (keyboard) {
    for (const buttons of keyboard.keyboard) {
      const row = document.createElement("div");
      row.className = "reply-row";
      for (const button of buttons) {
        const el = document.createElement("button");
        el.type = "button";
        el.className = `reply-button${button.request_contact ? " contact-request" : ""}`;
        el.textContent = button.text;
        el.addEventListener("click", () => pressReply(chat, button.text, keyboard));
        row.append(el);
      }
      panel.append(row);
    }
  }
}

function renderAll(jump) {
  renderList();
  renderChat(jump);
}

// On a phone one pane shows at a time: the chat list, or (body.chat-open) the open chat.
const PHONE = window.matchMedia("(max-width: 600px)");

function chatVisible() {
  return !PHONE.matches || document.body.classList.contains("chat-open");
}

function openChat(id) {
  S.current = id;
  S.unread.delete(id);
  history.replaceState(null, "", `#chat=${id}`);
  document.body.classList.add("chat-open");
  renderAll(true);
  if (!PHONE.matches) $("#text").focus();  // on a phone the on-screen keyboard would cover the chat
}

function showList() {
  document.body.classList.remove("chat-open");
  history.replaceState(null, "", location.pathname);
  renderList();
}

// ------------------------------------------------------------------ acting

function insertText(value) {
  const box = $("#text");
  box.value = value;
  box.focus();
  autosize();
}

async function run(action) {
  try {
    return await action();
  } catch (error) {
    toast(error.message, "error");
    return null;
  }
}

async function press(chat, message, button, el) {
  el.classList.add("busy");
  const result = await run(() => api("/api/press", {
    user_id: actor(chat), chat_id: chat.id, message_id: message.message_id, data: button.callback_data,
  }));
  if (!result) {
    el.classList.remove("busy");
    return;
  }
  S.pending.set(result.query_id, el);
  setTimeout(() => el.classList.remove("busy"), 5000);
}

async function pressReply(chat, text, keyboard) {
  if (keyboard.one_time_keyboard) S.kbHidden.set(chat.id, JSON.stringify(keyboard));
  await run(() => api("/api/reply-button", { user_id: actor(chat), chat_id: chat.id, text }));
  renderBottom(chat);
}

async function sendText(event) {
  event.preventDefault();
  const chat = S.chats.get(S.current);
  const box = $("#text");
  const text = box.value.trim();
  if (!text) return;
  const body = { user_id: actor(chat), chat_id: chat.id, text };
  const replyTo = S.replyTo.get(chat.id);
  if (replyTo) body.reply_to = replyTo;
  const result = await run(() => api("/api/send", body));
  if (result) {
    box.value = "";
    autosize();
    S.replyTo.delete(chat.id);
    renderBottom(chat);
  }
}

async function sendStart() {
  const chat = S.chats.get(S.current);
  await run(() => api("/api/send", { user_id: actor(chat), chat_id: chat.id, text: "/start" }));
}

async function shareContact() {
  const chat = S.chats.get(S.current);
  await run(() => api("/api/contact", { user_id: actor(chat), chat_id: chat.id }));
}

async function upload(file) {
  const chat = S.chats.get(S.current);
  const form = new FormData();
  form.append("user_id", String(actor(chat)));
  form.append("chat_id", String(chat.id));
  const caption = $("#text").value.trim();
  if (caption) form.append("caption", caption);
  form.append("file", file, file.name);
  const response = await fetch("/api/upload", { method: "POST", body: form }).catch(() => null);
  const data = response ? await response.json().catch(() => ({ ok: false })) : { ok: false, error: "network" };
  if (!data.ok) {
    toast(ERRORS[data.error] || ERRORS.upload, "error");
    return;
  }
  $("#text").value = "";
  autosize();
}

async function advance(body) {
  const result = await run(() => api("/api/clock", body));
  if (result) {
    setClock(result.clock);
    toast(`ساعت اداره: ${result.clock.text}`);
    $("#clock-to").hidden = true;
    $("#clock-to-toggle").setAttribute("aria-expanded", "false");
  }
}

// ------------------------------------------------------------------ the clock

// ------------------------------------------------------------------ starting over

async function resetOffice() {
  const button = $("#reset-open");
  button.disabled = true;
  try {
    const result = await run(() => api("/api/reset", { confirm: true }));
    if (result) toast("زمین بازی از نو شروع شد.");
  } finally {
    button.disabled = false;
  }
}

function startedOver(event) {
  for (const map of [S.unread, S.replyTo, S.kbHidden, S.pending, S.typing]) map.clear();
  setClock(event.clock);
  loadState().catch(() => toast(ERRORS.network, "error"));
}

function setClock(clock) {
  if (!clock) return;
  S.clock = clock;
  S.clockAt = Date.now();
  renderClock();
}

function renderClock() {
  if (!S.clock || !fmtParts) return;
  $("#clock-text").textContent = jalaliFull(officeNow());
  $("#clock-offset").textContent = describeOffset(S.clock.offset);
}

// ------------------------------------------------------------------ feedback

function toast(text, kind) {
  const el = document.createElement("div");
  el.className = `toast${kind ? ` ${kind}` : ""}`;
  el.textContent = text;
  const box = $("#toasts");
  box.append(el);
  while (box.children.length > 3) box.firstChild.remove();
  setTimeout(() => el.remove(), kind === "error" ? 5000 : 2600);
}

function showAlert(text) {
  $("#alert-text").textContent = text;
  const dialog = $("#alert");
  if (!dialog.open) dialog.showModal();
}

function autosize() {
  const box = $("#text");
  box.style.height = "auto";
  box.style.height = `${Math.min(box.scrollHeight, 160)}px`;
}

// ------------------------------------------------------------------ start

function wire() {
  $("#composer").addEventListener("submit", sendText);
  $("#text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) sendText(event);
  });
  $("#text").addEventListener("input", autosize);
  $("#start-button").addEventListener("click", sendStart);
  $("#contact").addEventListener("click", shareContact);
  $("#attach").addEventListener("click", () => $("#file").click());
  $("#file").addEventListener("change", async () => {
    const input = $("#file");
    for (const file of input.files) await upload(file);
    input.value = "";
  });
  $("#kb-toggle").addEventListener("click", () => {
    const chat = S.chats.get(S.current);
    const key = chat.reply_keyboard ? JSON.stringify(chat.reply_keyboard) : "";
    if (S.kbHidden.get(chat.id) === key) S.kbHidden.delete(chat.id);
    else S.kbHidden.set(chat.id, key);
    renderBottom(chat);
  });
  $("#reply-cancel").addEventListener("click", () => {
    S.replyTo.delete(S.current);
    renderBottom(S.chats.get(S.current));
  });
  $("#speaker").addEventListener("change", (event) => S.speaker.set(S.current, Number(event.target.value)));
  for (const button of document.querySelectorAll("[data-advance]")) {
    button.addEventListener("click", () => advance(JSON.parse(button.dataset.advance)));
  }
  $("#clock-to-toggle").addEventListener("click", () => {
    const form = $("#clock-to");
    form.hidden = !form.hidden;
    $("#clock-to-toggle").setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden && S.clock) {
      $("#clock-date").value = fa(S.clock.date);
      $("#clock-time").value = fa(S.clock.time);
      $("#clock-date").focus();
    }
  });
  $("#reset-open").addEventListener("click", () => {
    $("#reset-dialog").returnValue = "";  // Escape keeps the previous value
    $("#reset-dialog").showModal();
  });
  $("#reset-dialog").addEventListener("close", () => {
    if ($("#reset-dialog").returnValue === "reset") resetOffice();
  });
  $("#clock-to").addEventListener("submit", (event) => {
    event.preventDefault();
    advance({ date: $("#clock-date").value, time: $("#clock-time").value });
  });
  setInterval(() => {
    renderClock();
    const chat = S.chats.get(S.current);
    if (chat && S.typing.has(chat.id) && S.typing.get(chat.id).until < Date.now()) {
      S.typing.delete(chat.id);
      renderHeader();
    }
  }, 1000);
}

async function main() {
  makeFormats();
  wire();
  connect();
}

main();
