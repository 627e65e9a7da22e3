"""Welfare-fund loan: eligibility at once, then product, amount, schedule preview, documents, review, submit.

Also the loan's one-shot handlers: finance marks a loan paid out from its bank letter, and payroll asks for
the month's deduction list (``/deductions``) and records it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from domain import buttons
from domain.buttons import Button
from domain.validators import InvalidInput
from domain.workflow import IllegalTransition, NotPermitted, OwnCase, Refused, Role, WorkflowError
from kit.actions import preparing_document
from kit.context import RefahContext
from kit.conversation import (
    END,
    FREE_INPUT,
    back_to,
    draft,
    drop_draft,
    new_draft,
    persistent_conversation,
    show,
    submit_rows,
    submitted_draft,
)
from kit.files import FileRefused, attachment_from, from_json, to_json
from kit.keyboards import inline, nav_row
from kit.manifest import Manifest, StaffCommand
from kit.menu import MenuEntry
from kit.settings import Settings
from services import loans, loans_model, loans_text
from services.render import fa, invalid_text, status_label
from services.requests import RequestNotFound, current_status
from storage.loans import LoanProduct
from texts import access as access_t
from texts import admin as admin_t
from texts import common as t
from texts import loans as loan_t

FEATURE = loans_model.FEATURE

Rows = list[list[tuple[str, str]]]


PRODUCT = Button(FEATURE, "product", r"\d{1,9}")
NEXT = Button(FEATURE, "next")
BACK = buttons.nav(FEATURE)[0]


class State(StrEnum):
    """The steps of the loan application."""

    PRODUCT = "loan.product"
    AMOUNT = "loan.amount"
    PREVIEW = "loan.preview"
    DOCS = "loan.docs"
    CONFIRM = "loan.confirm"


async def start(update: Update, context: RefahContext) -> State | int:
    """The menu entry: an open loan's status, or every unmet condition, or the choice of product."""
    message = update.effective_message
    assert message is not None
    drop_draft(context, FEATURE)
    employee = context.employee
    standing = await loans.standing(context.env, employee)
    if standing.loans:
        await message.reply_text(loans_text.status_text(standing))
        return END
    if not standing.available:
        await message.reply_text(loan_t.LOAN_NOT_AVAILABLE.format(contact=context.env.office_contact))
        return END
    if not standing.eligibility.eligible:
        await message.reply_text(loans_text.reasons_text(standing))
        return END
    new_draft(context, FEATURE, documents=[])
    return await ask_product(update, context)


async def ask_product(update: Update, context: RefahContext) -> State | int:
    """The products on offer, one button each."""
    offered = await loans.products(context.env)
    if not offered:
        await show(update, loan_t.LOAN_PRODUCT_GONE, None)
        return END
    rows: Rows = [[(loans_text.product_label(p), PRODUCT.data(p.id))] for p in offered]
    rows.append(nav_row(FEATURE, back=False))
    await show(update, loan_t.LOAN_ASK_PRODUCT, inline(rows))
    return State.PRODUCT


async def receive_product(update: Update, context: RefahContext) -> State | int:
    """The chosen product; then the amount."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    item = await loans.product(context.env, PRODUCT.number(query.data))
    if not current or item is None:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.PRODUCT
    await query.answer()
    current.update(product_id=item.id, documents=[])
    current.pop("amount", None)
    return await ask_amount(update, context)


async def ask_amount(update: Update, context: RefahContext) -> State | int:
    """Ask for the amount, with the product's terms."""
    item = await _product(context)
    if item is None:
        return await _gone(update, context)
    await show(update, loans_text.amount_prompt(item), inline([nav_row(FEATURE)]))
    return State.AMOUNT


async def receive_amount(update: Update, context: RefahContext) -> State | int:
    """The amount typed; a bad one is refused and asked again; a good one shows the schedule."""
    return await _take_amount(update, context, stay=State.AMOUNT)


async def retype_amount(update: Update, context: RefahContext) -> State | int:
    """A new amount typed over the preview: taken if good; otherwise refused and the preview kept."""
    return await _take_amount(update, context, stay=State.PREVIEW)


async def _take_amount(update: Update, context: RefahContext, *, stay: State) -> State | int:
    message = update.effective_message
    assert message is not None and message.text is not None
    item = await _product(context)
    if item is None:
        return await _gone(update, context)
    try:
        amount = loans.read_amount(item, message.text)
    except InvalidInput as refused:
        text = f"{invalid_text(refused.code)}\n{loans_text.amount_range(item)}"
        await message.reply_text(text, reply_markup=inline([nav_row(FEATURE)]))
        return stay
    draft(context, FEATURE)["amount"] = amount
    return await show_preview(update, context)


async def reask_amount(update: Update, context: RefahContext) -> State:
    """Anything but text while the amount is expected."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(invalid_text("amount_format"), reply_markup=inline([nav_row(FEATURE)]))
    return State.AMOUNT


async def show_preview(update: Update, context: RefahContext) -> State | int:
    """The repayment schedule: each instalment's Jalali month and amount, the fee and the total."""
    item = await _product(context)
    if item is None:
        return await _gone(update, context)
    schedule = loans.quote(context.env, item, draft(context, FEATURE)["amount"])
    rows: Rows = [[(loan_t.LOAN_BTN_CONTINUE, NEXT.data())], nav_row(FEATURE)]
    await show(update, loans_text.preview_text(item, schedule), inline(rows))
    return State.PREVIEW


async def accept_preview(update: Update, context: RefahContext) -> State | int:
    """The schedule is accepted: the documents, or the review if the product needs none."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    return await ask_document(update, context)


async def ask_document(update: Update, context: RefahContext) -> State | int:
    """Ask for the next required document, or review once all are in."""
    item = await _product(context)
    if item is None:
        return await _gone(update, context)
    received = len(draft(context, FEATURE)["documents"])
    if received >= len(item.documents):
        return await review(update, context)
    await show(update, loans_text.document_prompt(item, received), inline([nav_row(FEATURE)]))
    return State.DOCS


async def receive_document(update: Update, context: RefahContext) -> State | int:
    """One photo or PDF for the document asked for."""
    message = update.effective_message
    assert message is not None
    item = await _product(context)
    if item is None:
        return await _gone(update, context)
    current = draft(context, FEATURE)
    index = len(current["documents"])
    try:
        attachment = attachment_from(message)
    except FileRefused as refused:
        text = f"{t.FILE_REFUSED[refused.code]}\n{loans_text.document_prompt(item, index)}"
        await message.reply_text(text, reply_markup=inline([nav_row(FEATURE)]))
        return State.DOCS
    kind = item.documents[index]
    current["documents"].append({"kind": kind, "file": to_json(attachment)})
    await message.reply_text(loans_text.document_received(kind))
    return await ask_document(update, context)


async def reask_document(update: Update, context: RefahContext) -> State | int:
    """Anything but a file while a document is expected."""
    message = update.effective_message
    assert message is not None
    item = await _product(context)
    if item is None:
        return await _gone(update, context)
    index = len(draft(context, FEATURE)["documents"])
    text = f"{t.FILE_REFUSED['not_a_file']}\n{loans_text.document_prompt(item, index)}"
    await message.reply_text(text, reply_markup=inline([nav_row(FEATURE)]))
    return State.DOCS


async def review(update: Update, context: RefahContext) -> State | int:
    """Everything at a glance before it is filed."""
    item = await _product(context)
    if item is None:
        return await _gone(update, context)
    current = draft(context, FEATURE)
    schedule = loans.quote(context.env, item, current["amount"])
    rows: Rows = submit_rows(FEATURE, current)
    await show(update, loans_text.review_text(item, schedule), inline(rows))
    return State.CONFIRM


async def submit(update: Update, context: RefahContext) -> State | int:
    """File the application once, whatever happens to this button afterwards."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    current = await submitted_draft(update, context, FEATURE)
    if current is None:
        return State.CONFIRM
    await query.answer()
    employee = context.employee
    documents = [(d["kind"], from_json(d["file"])) for d in current["documents"]]
    try:
        await loans.submit_loan(
            context.env,
            employee=employee,
            user_id=update.effective_user.id,
            product_id=current["product_id"],
            amount=current["amount"],
            documents=documents,
            key=current["key"],
        )
    except loans.NotEligible as refused:
        drop_draft(context, FEATURE)
        await query.edit_message_text(loans_text.reasons_text(refused.standing))
        return END
    except loans.TermsChanged:
        drop_draft(context, FEATURE)
        await query.edit_message_text(loan_t.LOAN_PRODUCT_GONE)
        return END
    drop_draft(context, FEATURE)
    await query.edit_message_reply_markup(None)
    return END


async def back_a_document(update: Update, context: RefahContext) -> State | int:
    """Back one document (it is asked again), or to the preview before the first one."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    documents = draft(context, FEATURE).get("documents", [])
    if not documents:
        return await show_preview(update, context)
    documents.pop()
    return await ask_document(update, context)


async def reask_choice(update: Update, context: RefahContext) -> None:
    """Typed text where a button is expected: point at the buttons, stay on this step."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t.USE_BUTTONS)


async def _product(context: RefahContext) -> LoanProduct | None:
    """The draft's product, if the draft is alive and the product still offered."""
    current = draft(context, FEATURE)
    if not current or "product_id" not in current:
        return None
    return await loans.product(context.env, current["product_id"])


async def _gone(update: Update, context: RefahContext) -> int:
    """The draft expired or its product was withdrawn: start again from the menu."""
    drop_draft(context, FEATURE)
    if update.callback_query is not None:
        await update.callback_query.answer()
    await show(update, loan_t.LOAN_PRODUCT_GONE, None)
    return END


# --- finance and payroll ------------------------------------------------------------------------------------


async def mark_disbursed(update: Update, context: RefahContext) -> None:
    """Finance pressed "paid out" under a bank letter."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    request_id = loans_model.PAID.number(query.data)
    user = update.effective_user
    try:
        acted = await loans.disburse(
            context.env, request_id=request_id, actor=user.id, actor_name=user.full_name or str(user.id)
        )
    except RequestNotFound:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return
    except WorkflowError as error:
        await query.answer(_refusal(error, await current_status(context.env, request_id)), show_alert=True)
        return
    await query.answer(loan_t.LOAN_DISBURSE_DONE.format(code=acted.request.tracking_code), show_alert=True)
    await query.edit_message_reply_markup(None)


async def send_deductions(update: Update, context: RefahContext) -> None:
    """``/deductions [YYYY/MM]``: payroll gets the month's deduction list as XLSX, with the record button."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    args = context.args or []
    try:
        if len(args) > 1:
            raise ValueError(args)
        month = loans_model.parse_month(args[0]) if args else None
    except ValueError:
        await message.reply_text(loan_t.LOAN_DEDUCTIONS_USAGE)
        return
    await preparing_document(update, context)
    try:
        sheet = await loans.deduction_sheet(context.env, actor=update.effective_user.id, month=month)
    except loans.NotPayroll:
        await message.reply_text(loan_t.LOAN_PAYROLL_ONLY)
        return
    except loans.FutureMonth:
        assert month is not None  # only a month asked for can lie ahead
        await message.reply_text(loan_t.LOAN_RECORD_FUTURE.format(month=loans_text.month_label(month)))
        return
    if sheet.xlsx is None:
        await message.reply_text(
            loan_t.LOAN_DEDUCTIONS_NONE.format(month=loans_text.month_label(sheet.month))
        )
        return
    markup = inline(loans_text.record_button(sheet.month)) if sheet.recorded_at is None else None
    await message.reply_document(
        sheet.xlsx,
        filename=f"loan-deductions-{loans_model.month_key(sheet.month)}.xlsx",
        caption=loans_text.sheet_caption(sheet, context.env.zone),
        reply_markup=markup,
    )


async def record_deductions(update: Update, context: RefahContext) -> None:
    """Payroll pressed "record" under a month's list."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    month = loans_model.parse_month(loans_model.RECORD.arg(query.data))
    label = loans_text.month_label(month)
    try:
        done = await loans.record_deductions(context.env, actor=update.effective_user.id, month=month)
    except loans.NotPayroll:
        await query.answer(loan_t.LOAN_PAYROLL_ONLY, show_alert=True)
        return
    except loans.FutureMonth:
        await query.answer(loan_t.LOAN_RECORD_FUTURE.format(month=label), show_alert=True)
        return
    if done.already:
        await query.answer(loan_t.LOAN_RECORD_ALREADY.format(month=label), show_alert=True)
    else:
        text = loan_t.LOAN_RECORD_DONE.format(count=fa(done.count), month=label, settled=fa(done.settled))
        await query.answer(text, show_alert=True)
    await query.edit_message_reply_markup(None)


def _refusal(error: WorkflowError, status: str) -> str:
    """The one message for each refusal of the pay-out button."""
    if isinstance(error, OwnCase):
        return access_t.ACCESS_OWN_CASE
    if isinstance(error, NotPermitted):
        return admin_t.ADMIN_NO_ROLE
    if isinstance(error, IllegalTransition):
        return admin_t.ADMIN_ALREADY_HANDLED.format(status=status_label(status, loans.SPEC))
    if isinstance(error, Refused):
        return error.text
    return t.STALE_BUTTON


def handlers(settings: Settings) -> list[BaseHandler[Update, RefahContext, Any]]:
    """Finance's pay-out button on the bank letter; payroll's record button."""
    return [
        CallbackQueryHandler(mark_disbursed, pattern=loans_model.PAID.pattern),
        CallbackQueryHandler(record_deductions, pattern=loans_model.RECORD.pattern),
    ]


def build_conversation(settings: Settings) -> ConversationHandler[Any]:
    """The loan application conversation (also the loan status view, from the menu or ``/loan``)."""
    private = filters.ChatType.PRIVATE
    choice = MessageHandler(FREE_INPUT, reask_choice)
    return persistent_conversation(
        FEATURE,
        entry_points=[
            MessageHandler(private & filters.Text([loan_t.MENU_LOAN]), start),
            CommandHandler("loan", start, filters=private),
        ],
        states={
            State.PRODUCT: [
                CallbackQueryHandler(receive_product, pattern=PRODUCT.pattern),
                choice,
            ],
            State.AMOUNT: [
                MessageHandler(FREE_INPUT & filters.TEXT, receive_amount),
                CallbackQueryHandler(back_to(ask_product), pattern=BACK.pattern),
                MessageHandler(FREE_INPUT, reask_amount),
            ],
            State.PREVIEW: [
                CallbackQueryHandler(accept_preview, pattern=NEXT.pattern),
                CallbackQueryHandler(back_to(ask_amount), pattern=BACK.pattern),
                MessageHandler(FREE_INPUT & filters.TEXT, retype_amount),  # a new amount over the preview
                choice,
            ],
            State.DOCS: [
                MessageHandler(private & (filters.PHOTO | filters.Document.ALL), receive_document),
                CallbackQueryHandler(back_a_document, pattern=BACK.pattern),
                MessageHandler(FREE_INPUT, reask_document),
            ],
            State.CONFIRM: [
                CallbackQueryHandler(submit, pattern=buttons.submit(FEATURE).pattern),
                CallbackQueryHandler(back_a_document, pattern=BACK.pattern),
                choice,
            ],
        },
        settings=settings,
    )


MANIFEST = Manifest(
    spec=loans.SPEC,
    menu=MenuEntry(loan_t.MENU_LOAN, row=0, place=1),
    conversation=build_conversation,
    handlers=handlers,
    commands=(StaffCommand("deductions", Role.PAYROLL, send_deductions, refusal=loan_t.LOAN_PAYROLL_ONLY),),
)
