"""Texts of the health-insurance booklet service."""

from __future__ import annotations

BOOKLET_TITLE = "دفترچه بیمه سلامت"
MENU_BOOKLET = "📘 المثنی دفترچه بیمه"
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
