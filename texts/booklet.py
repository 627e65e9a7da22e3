"""Texts of the health-insurance booklet service: the four processes, the status page, forms and lists."""

from __future__ import annotations

BOOKLET_TITLE = "دفترچه بیمه سلامت"
BOOKLET_TITLES = {
    "first_issue": "دفترچه بیمه سلامت — صدور اولیه",
    "add_dependant": "دفترچه بیمه سلامت — افزودن عضو خانواده",
    "cancellation": "دفترچه بیمه سلامت — ابطال",
}
MENU_BOOKLET = "📘 دفترچه بیمه سلامت"
#: The menu button of earlier versions: an old keyboard still on a phone starts the duplicate directly.
MENU_BOOKLET_DUPLICATE = "📘 المثنی دفترچه بیمه"
BOOKLET_KINDS = {
    "first_issue": "صدور اولیه",
    "add_dependant": "افزودن افراد خانواده",
    "cancellation": "ابطال",
    "duplicate": "صدور المثنی",
}
BOOKLET_ASK_PERSON = "المثنی دفترچه بیمه برای چه کسی صادر شود؟"
BOOKLET_ASK_DOCS = (
    "دفترچه {name}.\nتصویر کارت ملی یا شناسنامه و حکم (عکس یا PDF) را بفرستید؛ "
    "تاکنون {count} فایل دریافت شده. پس از ارسال، «✅ تمام شد» را بزنید."
)
BOOKLET_REVIEW = (
    "لطفاً بررسی کنید:\nخدمت: {kind}\nبرای: {name}\nمدارک: {count} فایل\nدر صورت درستی، ثبت نهایی را بزنید."
)
BOOKLET_CARD_KIND = "نوع: {kind}"
BOOKLET_CARD_PERSON = "برای: {name} ({relation})"

# --- choosing the process ----------------------------------------------------------------------------------
BK_ASK_PROCESS = (
    "دفترچه بیمه سلامت: چه کاری انجام شود؟\n"
    "همه مراحل همین‌جا در ربات انجام می‌شود؛ تنها مراجعه لازم، مراجعه به دفتر پیشخوان دولت است."
)
BK_BTN_PROCESS = {
    "first_issue": "🆕 صدور اولیه (بازنشستگان و وظیفه‌بگیران)",
    "add_dependant": "👪 افزودن عضو خانواده",
    "cancellation": "✂️ ابطال دفترچه یکی از افراد",
    "duplicate": "📄 صدور المثنی",
}
BK_BTN_STATUS = "📊 وضعیت دفترچه"
BK_REFUSALS = {
    "not_retired": "صدور اولیه دفترچه فقط برای بازنشستگان و وظیفه‌بگیران است.",
    "not_eligible": "این خدمت برای وضعیت استخدامی شما فعال نیست.",
    "reason_not_for_person": "این علت ابطال برای این شخص صدق نمی‌کند؛ علت دیگری انتخاب کنید.",
    "birth_in_future": "تاریخ تولد نمی‌تواند در آینده باشد. لطفاً دوباره وارد کنید.",
    "implausible_age": "این تاریخ تولد پذیرفتنی نیست. لطفاً دوباره بررسی کنید.",
    "too_young": "برای این نسبت سن باید دست‌کم {limit} سال باشد.",
    "age_limit": "برای این نسبت سن باید کمتر از {limit} سال باشد.",
    "generation_gap": "فاصله سنی با شما برای این نسبت پذیرفتنی نیست. تاریخ تولد را بررسی کنید.",
    "same_as_applicant": "این کد ملی خود شماست؛ کد ملی عضو خانواده را وارد کنید.",
    "already_member": "این شخص از پیش در دفترچه شما یا درخواست دیگری ثبت شده است.",
    "missing_documents": "مدارک کامل نیست.",
    "bad_name": "نام و نام خانوادگی را با حروف فارسی بنویسید (مثال: سارا رضایی).",
}

# --- who, and what kind of member ---------------------------------------------------------------------------
BK_ASK_MEMBER = "کدام عضو خانواده به دفترچه افزوده شود؟ از افراد ثبت‌شده انتخاب کنید یا شخص جدیدی وارد کنید."
BK_BTN_NEW_MEMBER = "➕ شخص جدید"
BK_PERSON_BUTTON = "{name} ({relation})"
BK_ASK_CATEGORY = "نسبت {name} با شما چیست؟ (مدارک لازم به آن بستگی دارد)"
BK_ASK_CATEGORY_NEW = "نسبت عضو جدید با شما چیست؟ (مدارک لازم به آن بستگی دارد)"
BK_CATEGORIES = {
    "spouse": "همسر",
    "child": "فرزند (زیر ۱۸ سال)",
    "student_child": "فرزند دانشجو",
    "divorced_daughter": "دختر مطلقه",
    "disabled_child": "فرزند معلول",
    "parent": "پدر یا مادر",
}
BK_ASK_NAME = "نام و نام خانوادگی {category} را بنویسید."
BK_ASK_NATIONAL_ID = "کد ملی {name} را وارد کنید (۱۰ رقم)."
BK_ASK_BIRTH = "تاریخ تولد {name} را به شمسی وارد کنید (مثال: ۱۳۸۵/۰۴/۱۲)."
BK_NO_MEMBERS = "عضو ثبت‌شده‌ای برای افزودن نیست؛ «➕ شخص جدید» را بزنید."
BK_ASK_CANCEL_PERSON = "دفترچه چه کسی باطل شود؟"
BK_ASK_REASON = "علت ابطال دفترچه {name} چیست؟"
BK_REASONS = {
    "death": "فوت",
    "marriage": "ازدواج فرزند",
    "divorce": "طلاق",
    "age_limit": "پایان سن مجاز فرزند",
    "leaving": "قطع رابطه با سازمان",
}

# --- the papers -----------------------------------------------------------------------------------------------
BK_DOCUMENTS = {
    "id_documents": "تصویر شناسنامه و کارت ملی",
    "decree": "حکم کارگزینی یا حکم بازنشستگی",
    "marriage_certificate": "سند ازدواج",
    "student_certificate": "گواهی اشتغال به تحصیل",
    "divorce_decree": "گواهی یا حکم طلاق",
    "disability_certificate": "گواهی معلولیت از بهزیستی",
    "no_other_insurance": "گواهی عدم بیمه دیگر",
    "death_certificate": "گواهی فوت",
    "termination_decree": "حکم قطع رابطه با سازمان",
}
BK_ASK_FILES = (
    "مدارک {kind} برای {name}؛ هر مدرک را جداگانه (عکس یا PDF) بفرستید:\n{checklist}\n"
    "اکنون بفرستید: {next}\nپس از ارسال همه، «✅ تمام شد» را بزنید."
)
BK_ASK_FILES_COMPLETE = "مدارک {kind} برای {name}:\n{checklist}\nهمه مدارک رسید؛ «✅ تمام شد» را بزنید."
BK_CHECK_DONE = "✅ {label}"
BK_CHECK_TODO = "⬜ {label}"
BK_FILES_MISSING = "مدارک کامل نیست. هنوز لازم است: {missing}"
BK_LIST_SEPARATOR = "، "
BK_REVIEW = (
    "لطفاً بررسی کنید:\nخدمت: {kind}\nبرای: {name} ({relation})\n{extra}مدارک: {documents}\n"
    "در صورت درستی، ثبت نهایی را بزنید."
)
BK_REVIEW_CATEGORY = "نسبت: {category}\nکد ملی: {national_id}\nتاریخ تولد: {born}\n"
BK_REVIEW_REASON = "علت ابطال: {reason}\n"
BK_SUBMIT_REFUSED = "ثبت نشد: {reason}"

# --- cards and notices -------------------------------------------------------------------------------------------
BK_CARD_CATEGORY = "نسبت: {category} — کد ملی {national_id}"
BK_CARD_REASON = "علت ابطال: {reason}"
BK_CARD_DOCUMENTS = "مدارک: {documents}"
BK_CARD_PREMIUM = "حق بیمه ماهانه: {amount} از {month}"
BK_CARD_PREMIUM_STOP = "توقف کسر حق بیمه ماهانه {amount} از {month}"
BK_CARD_SALARY = "فرم پس از پرداخت نخستین حقوق با کسر: {day}"
BK_STATUS_LABELS = {
    "submitted": "در انتظار بررسی کارشناس رفاه",
    "recorded": "ثبت در سامانه بیمه سلامت",
    "awaiting_salary": "در انتظار نخستین حقوق با کسر حق بیمه",
    "form_due": "آماده تأیید فرم",
    "letter_issued": "نامه به اداره بیمه سلامت صادر شد",
    "reply_received": "پاسخ پیشخوان دریافت شد",
    "at_payroll": "در انتظار تأیید حقوق و دستمزد",
    "done": "انجام شد",
}
BK_ACTION_LABELS = {
    "record": "🗂 ثبت در سامانه بیمه",
    "ask_deduction": "💰 درخواست کسر حق بیمه",
    "sign_form": "✍️ تأیید و صدور فرم",
    "issue_letter": "✉️ صدور نامه ابطال",
    "ask_reduction": "💰 درخواست توقف کسر",
    "payroll_ok": "✅ تأیید حقوق و دستمزد",
    "salary_paid": "پرداخت نخستین حقوق",
    "bring_reply": "ارسال پاسخ پیشخوان",
}
BK_NOTICE_RECORDED = (
    "درخواست «{title}» با کد {code} در سامانه بیمه سلامت ثبت شد. کاری لازم نیست؛ مرحله بعد کسر حق بیمه است."
)
BK_NOTICE_REMOVED = (
    "ابطال دفترچه {name} (کد {code}) در سامانه بیمه سلامت ثبت شد. نامه اداره بیمه سلامت به‌زودی برایتان می‌آید."
)
BK_NOTICE_DEDUCTION = (
    "برای درخواست {code} از حقوق و دستمزد خواسته شد حق بیمه {name} به مبلغ ماهانه {amount} از {month} کسر شود.\n"
    "پس از پرداخت نخستین حقوق با این کسر ({day})، فرم شما صادر می‌شود. فعلاً کاری لازم نیست."
)
BK_NOTICE_SALARY = (
    "نخستین حقوق با کسر حق بیمه برای درخواست {code} پرداخت شد. کارشناس رفاه اکنون فرم شما را تأیید می‌کند."
)
BK_NOTICE_SIGNED = (
    "فرم درخواست {code} را کارشناس رفاه تأیید کرد و برای تأیید حقوق و دستمزد فرستاده شد. کاری لازم نیست."
)
BK_NOTICE_REDUCTION = (
    "از حقوق و دستمزد خواسته شد کسر حق بیمه {name} به مبلغ ماهانه {amount} از {month} متوقف شود (کد {code})."
)
BK_NOTICE_CLOSED = "ابطال دفترچه {name} (کد {code}) را حقوق و دستمزد تأیید کرد؛ کسر حق بیمه از {month} متوقف می‌شود. پرونده بسته شد."
BK_CLERK_FORM_DUE = (
    "⏰ یادآوری: نخستین حقوق با کسر حق بیمه برای درخواست {code} ({name}) پرداخت شد؛ فرم آماده تأیید است."
)
BK_FORM_CAPTION = (
    "فرم «{title}» با کد {code} صادر شد و حقوق و دستمزد آن را تأیید کرد.\n"
    "این فرم را به یکی از دفاتر پیشخوان دولت ببرید. همراه داشته باشید:\n{bring}"
)
BK_FORM_FOR_PAYROLL = (
    "فرم «{title}» با کد {code} برای {name} (پرسنلی {personnel_no}) را کارشناس رفاه تأیید کرد.\n"
    "حق بیمه ماهانه: {amount} از {month}.\nبه‌جای مهر، تأیید خود را با دکمه زیر ثبت کنید."
)
BK_LETTER_CAPTION = (
    "نامه ابطال دفترچه {name} (کد {code}) به {office} صادر شد.\n"
    "این نامه را به یکی از دفاتر پیشخوان دولت ببرید و پاسخ پیشخوان را با دکمه زیر همین‌جا بفرستید."
)
BK_BTN_SEND_REPLY = "📤 ارسال پاسخ پیشخوان"
BK_BTN_PAYROLL_OK = "✅ تأیید حقوق و دستمزد"
BK_BTN_FORM = "📄 دریافت فرم {code}"
BK_DUPLICATE_APPROVED = (
    "درخواست «{title}» با کد {code} تأیید شد.\n"
    "فرم المثنی را با دکمه زیر دریافت کنید و به یکی از دفاتر پیشخوان دولت ببرید. همراه داشته باشید:\n{bring}"
)
BK_BRING_LINE = "• {item}"
BK_BRING = {
    "first_issue": (
        "اصل شناسنامه و کارت ملی",
        "اصل حکم بازنشستگی یا وظیفه‌بگیری",
        "یک قطعه عکس",
        "همین فرم (چاپ‌شده یا روی تلفن همراه)",
    ),
    "add_dependant": (
        "اصل شناسنامه و کارت ملی خودتان و عضو جدید",
        "اصل مدرک نسبت (سند ازدواج، گواهی تحصیل، ...)",
        "یک قطعه عکس عضو جدید",
        "همین فرم (چاپ‌شده یا روی تلفن همراه)",
    ),
    "duplicate": (
        "اصل شناسنامه و کارت ملی",
        "یک قطعه عکس",
        "همین فرم (چاپ‌شده یا روی تلفن همراه)",
    ),
    "cancellation": (
        "اصل شناسنامه و کارت ملی",
        "اصل مدرک علت ابطال",
        "همین نامه",
    ),
}
BK_FORM_NOT_READY = "فرم این درخواست هنوز آماده نیست."
BK_OWN_DONE = "انجام شد: {action}"

# --- the reply letter ---------------------------------------------------------------------------------------
BK_ASK_REPLY = "تصویر یا PDF نامه پاسخ پیشخوان دولت برای درخواست {code} را بفرستید."
BK_REPLY_NOT_WAITING = "این درخواست دیگر منتظر پاسخ پیشخوان نیست."
BK_REPLY_RECEIVED = "پاسخ پیشخوان برای درخواست {code} دریافت شد و برای کارشناس رفاه فرستاده شد."

# --- the status page -----------------------------------------------------------------------------------------
BK_STATUS_TITLE = "📊 وضعیت دفترچه بیمه سلامت {name}"
BK_STATUS_COVERED = "افراد تحت پوشش:"
BK_STATUS_NONE_COVERED = "هنوز کسی از طریق ربات تحت پوشش ثبت نشده است."
BK_STATUS_PERSON = "• {name} ({relation}) — حق بیمه ماهانه {amount} از {start}"
BK_STATUS_PERSON_ENDS = "• {name} ({relation}) — حق بیمه ماهانه {amount} از {start} تا پیش از {end}"
BK_STATUS_OPEN = "درخواست‌های جاری:"
BK_STATUS_NO_OPEN = "درخواست جاری ندارید."
BK_STATUS_REQUEST = "• {kind} برای {name} — کد {code}\n  مرحله: {stage}\n  گام بعدی شما: {next}"
BK_STATUS_READY = "فرم‌های آماده:"
BK_STATUS_FORM = "• {kind} برای {name} — کد {code}: فرم را به دفتر پیشخوان دولت ببرید."
BK_NEXT_NOTHING = "کاری لازم نیست؛ کارشناس رفاه پرونده را بررسی می‌کند."
BK_NEXT_RECORDED = "کاری لازم نیست؛ مرحله بعد درخواست کسر حق بیمه از حقوق و دستمزد است."
BK_NEXT_RECORDED_CANCEL = "کاری لازم نیست؛ نامه ابطال به‌زودی صادر می‌شود."
BK_NEXT_SALARY = "کاری لازم نیست تا پرداخت نخستین حقوق با کسر ({day})؛ سپس فرم شما صادر می‌شود."
BK_NEXT_FORM_DUE = "کاری لازم نیست؛ کارشناس رفاه فرم را تأیید می‌کند."
BK_NEXT_PAYROLL = "کاری لازم نیست؛ حقوق و دستمزد فرم را در ربات تأیید می‌کند."
BK_NEXT_LETTER = (
    "نامه ابطال را به یکی از دفاتر پیشخوان دولت ببرید و پاسخ آن را با دکمه «📤 ارسال پاسخ پیشخوان» بفرستید."
)
BK_NEXT_REPLY = "کاری لازم نیست؛ کارشناس رفاه پاسخ پیشخوان را بررسی می‌کند."
BK_NEXT_INFO = "به پرسش کارشناس پاسخ دهید (دکمه «✍️ پاسخ و ارسال مدارک»)."
BK_BTN_REPLY_FOR = "📤 پاسخ پیشخوان {code}"
BK_BTN_ANSWER_FOR = "✍️ پاسخ به کارشناس {code}"

# --- payroll's monthly list ------------------------------------------------------------------------------------
BK_LIST_ANNOUNCE = (
    "فهرست تغییرات حق بیمه تکمیلی {month}: {count} ردیف، جمع تغییر ماهانه {total}.\n"
    "فایل اکسل را دریافت کنید و فهرست را تأیید کنید یا برگردانید (به‌جای نامه)."
)
BK_BTN_LIST_XLSX = "📥 فایل اکسل"
BK_BTN_LIST_OK = "✅ تأیید فهرست"
BK_BTN_LIST_RETURN = "↩️ برگرداندن"
BK_BTN_LIST_RESEND = "📨 ارسال دوباره به حقوق و دستمزد"
BK_LIST_CAPTION = "فهرست تغییرات حق بیمه {month}: {count} ردیف، جمع {total}"
BK_LIST_APPROVED = "فهرست تغییرات حق بیمه {month} تأیید شد."
BK_LIST_RETURNED = "فهرست تغییرات حق بیمه {month} برگردانده شد و به کارشناسان رفاه اطلاع داده شد."
BK_LIST_GROUP_APPROVED = "✅ حقوق و دستمزد فهرست تغییرات حق بیمه {month} را تأیید کرد ({name})."
BK_LIST_GROUP_RETURNED = (
    "↩️ حقوق و دستمزد فهرست تغییرات حق بیمه {month} را برگرداند ({name}). پس از بررسی دوباره بفرستید."
)
BK_LIST_RESENT = "فهرست {month} دوباره برای حقوق و دستمزد فرستاده شد."
BK_LIST_NOT_OPEN = "این فهرست دیگر منتظر تصمیم نیست."
BK_LIST_EMPTY = "برای {month} تغییری در حق بیمه نیست."
BK_LIST_NO_ROLE = "فقط حقوق و دستمزد می‌تواند این فهرست را تأیید کند یا برگرداند."
BK_PREMIUMS_USAGE = "نحوه استفاده: /premiums و در صورت نیاز ماه، مثلاً /premiums ۱۴۰۴/۰۵"
BK_CHANGE_START = "شروع کسر"
BK_CHANGE_STOP = "توقف کسر"
BK_MONTH = "{month} {year}"

# --- the documents (PDF and XLSX) ------------------------------------------------------------------------------
BKD_TRACKING = "کد رهگیری: {code}"
BKD_ISSUED_AT = "تاریخ صدور: {at}"
BKD_APPLICANT = "بیمه‌شده اصلی"
BKD_STATUS = "وضعیت استخدامی"
BKD_PERSONNEL_NO = "شماره پرسنلی"
BKD_NATIONAL_ID = "کد ملی"
BKD_INSURED = "نام فرد"
BKD_RELATION = "نسبت"
BKD_INSURED_NATIONAL_ID = "کد ملی فرد"
BKD_PREMIUM = "حق بیمه ماهانه (ریال)"
BKD_PREMIUM_FROM = "از ماه"
BKD_PREMIUM_UNTIL = "توقف کسر از"
BKD_REASON = "علت ابطال"
BKD_APPROVALS_TITLE = "تأییدها (به‌جای مهر و امضا؛ با کد QR قابل بررسی):"
BKD_APPROVED = "{role}: {name} — {at}"
BKD_AWAITING = "{role}: در انتظار تأیید"
BKD_ROLE_CLERK = "کارشناس رفاه"
BKD_ROLE_PAYROLL = "حقوق و دستمزد"
BKD_BRING_TITLE = "برای مراجعه به دفتر پیشخوان دولت همراه داشته باشید:"
BKD_FORM_FOOTER = "این فرم در ربات رفاه صادر شده و با کد رهگیری و کد QR آن قابل بررسی است."
BKD_FORM_TITLES = {
    "first_issue": "فرم صدور اولیه دفترچه بیمه سلامت",
    "add_dependant": "فرم افزودن عضو خانواده به دفترچه بیمه سلامت",
    "duplicate": "فرم صدور المثنی دفترچه بیمه سلامت",
}
BKD_LETTER_INVOCATION = "بسمه تعالی"
BKD_LETTER_NO = "شماره: {letter_no}"
BKD_LETTER_DATE = "تاریخ: {date}"
BKD_LETTER_RECIPIENT = "{office}"
BKD_LETTER_SUBJECT = "موضوع: ابطال دفترچه بیمه سلامت"
BKD_LETTER_LABEL = "نامه ابطال دفترچه بیمه سلامت"
BKD_LETTER_GREETING = "با سلام و احترام،"
BKD_LETTER_BODY = (
    "بدین‌وسیله به استحضار می‌رساند دفترچه بیمه سلامت {person} به کد ملی {national_id} ({relation})"
    " از افراد تحت تکفل {applicant} به شماره پرسنلی {personnel_no}، به علت {reason} باطل می‌شود و کسر"
    " حق بیمه آن از {month} متوقف خواهد شد. خواهشمند است دستور فرمایید ابطال در سامانه ثبت و پاسخ به"
    " متقاضی تحویل شود."
)
BKD_LETTER_FOOTER = "این نامه در ربات رفاه صادر شده و با کد رهگیری و کد QR آن قابل بررسی است."
BKD_DEFAULT_INSURER = "اداره کل بیمه سلامت استان"
BKD_SHEET_TITLE = "تغییرات حق بیمه تکمیلی - {period}"
BKD_SHEET_PERSONNEL_NO = "شماره پرسنلی"
BKD_SHEET_NAME = "نام کارمند"
BKD_SHEET_MEMBER = "فرد"
BKD_SHEET_CHANGE = "تغییر"
BKD_SHEET_MONTHLY = "مبلغ ماهانه (ریال)"
BKD_SHEET_FROM = "از ماه"
BKD_SHEET_TOTAL = "جمع کل"
BKD_WORKSHEET_NAME = "تغییرات حق بیمه"
#: The payroll staff command menu entry of /premiums.
BK_COMMAND_PREMIUMS = "فهرست ماهانه تغییر حق بیمه تکمیلی (اکسل)"
