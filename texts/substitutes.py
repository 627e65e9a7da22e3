"""Texts of substitutes: someone acts for a staff member who is away."""

from __future__ import annotations

# Substitutes (services/substitutes.py, handlers/office.py): naming one, the list, the card's "on behalf of".
SUB_ON_BEHALF = "{name} به جای {principal}"
SUB_USAGE = (
    "برای معرفی جانشین در مدت غیبت بنویسید:\n"
    "/substitute شناسه_جانشین از_تاریخ تا_تاریخ\n"
    "مثال: /substitute ۱۲۳۴۵۶ ۱۴۰۵/۰۲/۰۱ ۱۴۰۵/۰۲/۱۰\n"
    "مدیر سامانه برای دیگران: /substitute شناسه_کارمند شناسه_جانشین از_تاریخ تا_تاریخ\n"
    "فهرست جانشین‌ها: /substitutes — پایان زودتر: /substitute_end شماره"
)
SUB_BAD_DATE = "تاریخ «{text}» درست نیست؛ مانند ۱۴۰۵/۰۲/۰۱ بنویسید."
SUB_REFUSALS = {
    "not_staff": "جانشین فقط برای کسی معرفی می‌شود که نقش کارمندی در سامانه دارد.",
    "not_allowed": "فقط خود کارمند یا مدیر سامانه می‌تواند برای او جانشین معرفی کند یا جانشینی را پایان دهد.",
    "self": "کسی نمی‌تواند جانشین خودش باشد.",
    "order": "تاریخ پایان پیش از تاریخ شروع است.",
    "past": "این بازه پیش از امروز به پایان رسیده است.",
    "too_long": "جانشینی بیش از {days} روز پذیرفته نمی‌شود.",
    "not_found": "جانشینی با این شماره پیدا نشد یا پیش‌تر پایان یافته است.",
}
SUB_NAMED = "جانشین ثبت شد (شماره {id}): {substitute} از {first} تا {last} به جای {principal} اقدام می‌کند."
SUB_NOTICE = (
    "شما از {first} تا {last} جانشین {principal} هستید و در این مدت با همان نقش او روی درخواست‌ها اقدام"
    " می‌کنید. اقدام‌های شما «به جای {principal}» ثبت می‌شود."
)
SUB_ENDED = "جانشینی شماره {id} پایان یافت."
SUB_LIST_TITLE = "جانشین‌های جاری و آینده:"
SUB_LIST_LINE = "{id}. {substitute} به جای {principal}: {first} تا {last}"
SUB_LIST_EMPTY = "هیچ جانشینی ثبت نشده است."
