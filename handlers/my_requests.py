"""My requests: the user's cases with their status and history, and what the user can do next."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from domain.buttons import ANSWER_INFO, MY_CANCEL, MY_CANCEL_OK, MY_LIST, MY_VIEW
from domain.validators import InvalidInput, parse_tracking_code
from domain.workflow import Action, Status, WorkflowError
from kit.context import RefahContext
from kit.keyboards import inline
from services.deadlines import expected_line
from services.render import fa, invalid_text, jalali_time, status_label
from services.requests import (
    RequestNotFound,
    RequestView,
    act_on_request,
    history_line,
    my_requests,
    request_id_by_code,
    view_request,
)
from texts import common as t


async def list_requests(update: Update, context: RefahContext) -> None:
    """The latest requests, one button each."""
    employee = context.employee
    requests = await my_requests(context.env, employee.id)
    services = context.env.services
    rows = [
        [
            (
                t.MY_REQUEST_BUTTON.format(
                    title=services.get(r.service).title,
                    code=r.tracking_code,
                    status=status_label(r.status, services.get(r.service)),
                ),
                MY_VIEW.data(r.id),
            )
        ]
        for r in requests
    ]
    text = t.MY_REQUESTS_TITLE if requests else t.MY_REQUESTS_EMPTY
    if update.callback_query is not None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(text, reply_markup=inline(rows) if rows else None)
    else:
        assert update.effective_message is not None
        await update.effective_message.reply_text(text, reply_markup=inline(rows) if rows else None)


async def show_request(update: Update, context: RefahContext) -> None:
    """One request, from its button in the list."""
    query = update.callback_query
    assert query is not None and query.data is not None
    assert update.effective_user is not None
    try:
        view = await view_request(
            context.env, request_id=MY_VIEW.number(query.data), user_id=update.effective_user.id
        )
    except RequestNotFound:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return
    await query.answer()
    text, rows = _detail(view, context)
    await query.edit_message_text(text, reply_markup=inline([*rows, [(t.BTN_BACK, MY_LIST.data())]]))


async def track(update: Update, context: RefahContext) -> None:
    """``/track <code>``: one request by its tracking code (any case, any digits, dash optional)."""
    message = update.effective_message
    assert message is not None
    assert update.effective_user is not None
    if not context.args:  # no code at all: explain the command rather than call it a wrong code
        await message.reply_text(t.TRACK_USAGE)
        return
    try:
        code = parse_tracking_code(" ".join(context.args))
        request_id = await request_id_by_code(
            context.env, tracking_code=code, user_id=update.effective_user.id
        )
    except InvalidInput as invalid:
        await message.reply_text(f"{invalid_text(invalid.code)}\n{t.TRACK_USAGE}")
        return
    except RequestNotFound:
        await message.reply_text(t.TRACK_NOT_FOUND)
        return
    view = await view_request(context.env, request_id=request_id, user_id=update.effective_user.id)
    text, rows = _detail(view, context)
    await message.reply_text(text, reply_markup=inline(rows) if rows else None)


def _detail(view: RequestView, context: RefahContext) -> tuple[str, list[list[tuple[str, str]]]]:
    """A request's details, status and history, and the buttons for the owner's next actions."""
    request, zone = view.request, context.env.zone
    spec = context.env.services.get(request.service)
    expected = expected_line(context.env, spec, request, view.events)
    lines = [
        t.MY_REQUEST_HEADER.format(title=spec.title, code=request.tracking_code),
        *spec.describe(request.payload),
        t.MY_REQUEST_STATUS.format(status=status_label(request.status, spec)),
        *([expected] if expected else []),
        t.MY_REQUEST_FILES.format(count=fa(len(view.attachments))),
        t.MY_REQUEST_HISTORY,
        *(history_line(e, zone, spec) for e in view.events),
        t.MY_REQUEST_UPDATED.format(at=jalali_time(request.updated_at, zone)),
    ]
    rows = []
    if request.status == Status.NEEDS_INFO:
        rows.append([(t.BTN_ANSWER_INFO, ANSWER_INFO.data(request.id))])
    if any(tr.action == Action.CANCEL for tr in spec.workflow.owner_actions(request.status)):
        rows.append([(t.BTN_CANCEL_REQUEST, MY_CANCEL.data(request.id))])
    return "\n".join(lines), rows


async def ask_cancel(update: Update, context: RefahContext) -> None:
    """Confirm before cancelling a request."""
    query = update.callback_query
    assert query is not None and query.data is not None
    request_id = MY_CANCEL.number(query.data)
    await query.answer()
    await query.edit_message_text(
        t.MY_REQUEST_CANCEL_CONFIRM,
        reply_markup=inline(
            [[(t.BTN_YES_CANCEL, MY_CANCEL_OK.data(request_id)), (t.BTN_BACK, MY_VIEW.data(request_id))]]
        ),
    )


async def cancel_request(update: Update, context: RefahContext) -> None:
    """The owner cancels the request."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    employee = context.employee
    try:
        acted = await act_on_request(
            context.env,
            request_id=MY_CANCEL_OK.number(query.data),
            action=Action.CANCEL,
            actor=update.effective_user.id,
            actor_name=employee.full_name,
        )
    except (WorkflowError, RequestNotFound):
        await query.answer(t.CANNOT_CANCEL, show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(t.MY_REQUEST_CANCELLED.format(code=acted.request.tracking_code))


def handlers() -> list[BaseHandler[Update, RefahContext, None]]:
    """My-requests handlers."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("requests", list_requests, filters=private),
        CommandHandler("track", track, filters=private),
        MessageHandler(private & filters.Text([t.MENU_MY_REQUESTS]), list_requests),
        CallbackQueryHandler(list_requests, pattern=MY_LIST.pattern),
        CallbackQueryHandler(show_request, pattern=MY_VIEW.pattern),
        CallbackQueryHandler(ask_cancel, pattern=MY_CANCEL.pattern),
        CallbackQueryHandler(cancel_request, pattern=MY_CANCEL_OK.pattern),
    ]
