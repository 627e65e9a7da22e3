"""The clerks' group: card buttons, reasons as replies, documents sent privately; role commands.

Every press is checked against the presser's roles in the database (not group membership): a member of
the group without the role is refused.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import ForceReply, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from domain.buttons import NO_REASON, parse
from domain.workflow import (
    IllegalTransition,
    NotPermitted,
    OwnCase,
    ReasonRequired,
    Refused,
    SameActor,
    WorkflowError,
)
from kit.context import RefahContext
from kit.keyboards import inline
from kit.settings import Settings
from services import roles as role_service
from services.render import action_label, status_label
from services.requests import (
    RequestNotFound,
    act_on_request,
    check_action,
    current_status,
    send_documents_to_staff,
)
from texts import access as access_t
from texts import admin as admin_t
from texts import common as t

_LOG = logging.getLogger(__name__)

#: Card buttons are ``req:<action>:<request id>``; ``answer`` belongs to the owner's private chat.
CARD_PATTERN = r"^req:(?!answer:|noreason:)[a-z_]{1,16}:\d{1,12}$"


def _actor_name(update: Update) -> str:
    user = update.effective_user
    assert user is not None
    return user.full_name or str(user.id)


async def press(update: Update, context: RefahContext) -> None:
    """A clerk pressed an action on a request card."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    data = parse(query.data)
    message = query.message
    if (
        data is None
        or data.arg is None
        or not data.arg.isdigit()
        or message is None
        or message.chat.id != context.env.admin_chat_id
    ):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return
    env, actor = context.env, update.effective_user.id
    if data.action == "docs":
        try:
            count = await send_documents_to_staff(env, request_id=data.number, actor=actor)
        except PermissionError:
            await query.answer(admin_t.ADMIN_NO_ROLE, show_alert=True)
            return
        except OwnCase:
            await query.answer(access_t.ACCESS_OWN_CASE, show_alert=True)
            return
        except RequestNotFound:
            await query.answer(t.STALE_BUTTON, show_alert=True)
            return
        await query.answer(admin_t.ADMIN_DOCS_SENT.format(count=count), show_alert=True)
        return
    try:
        request, transition = await check_action(env, request_id=data.number, action=data.action, actor=actor)
        if transition.handled_by is not None:
            # the action needs more input than a reason: only its service's own button takes it
            await query.answer(t.STALE_BUTTON, show_alert=True)
            return
        if transition.needs_reason:
            await _ask_reason(update, context, request.id, request.tracking_code, data.action)
            return
        await act_on_request(
            env, request_id=request.id, action=data.action, actor=actor, actor_name=_actor_name(update)
        )
    except RequestNotFound:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return
    except WorkflowError as error:
        await query.answer(_refusal(error, await current_status(env, data.number)), show_alert=True)
        return
    spec = env.services.get(request.service)
    await query.answer(admin_t.ADMIN_DONE.format(action=action_label(data.action, spec)))


async def _ask_reason(update: Update, context: RefahContext, request_id: int, code: str, action: str) -> None:
    """Ask the clerk for the reason, as a reply to a prompt the bot remembers."""
    query = update.callback_query
    assert query is not None and query.message is not None and update.effective_user is not None
    await query.answer()
    name, label = _actor_name(update), action_label(action)
    pending: dict[str, Any] = context.chat_data.setdefault("reasons", {})  # type: ignore[union-attr]
    asked = {"request_id": request_id, "action": action, "actor": update.effective_user.id, "code": code}
    if context.settings.is_bale:
        # Bale has no ForceReply: the clerk's next message in this group is the reason (or they cancel)
        prompt = await context.bot.send_message(
            query.message.chat.id,
            admin_t.ADMIN_ASK_REASON_NEXT.format(name=name, action=label, code=code),
            reply_markup=inline([[(t.BTN_CANCEL, NO_REASON.data(update.effective_user.id))]]),
        )
        pending[f"actor:{update.effective_user.id}"] = {**asked, "prompt": prompt.message_id}
        return
    prompt = await context.bot.send_message(
        query.message.chat.id,
        admin_t.ADMIN_ASK_REASON.format(name=name, action=label, code=code),
        reply_markup=ForceReply(input_field_placeholder=admin_t.ADMIN_REASON_PLACEHOLDER),
    )
    pending[str(prompt.message_id)] = asked


async def receive_reason(update: Update, context: RefahContext) -> None:
    """A clerk's reply carrying the reason for a reject or a question."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    pending: dict[str, Any] = (context.chat_data or {}).get("reasons", {})
    if message.reply_to_message is not None and str(message.reply_to_message.message_id) in pending:
        key = str(message.reply_to_message.message_id)
    else:
        key = f"actor:{update.effective_user.id}"  # Bale: the next message of the clerk who was asked
    asked = pending.get(key)
    if asked is None:
        return
    if asked["actor"] != update.effective_user.id:
        await message.reply_text(admin_t.ADMIN_NOT_YOUR_PROMPT)
        return
    try:
        acted = await act_on_request(
            context.env,
            request_id=asked["request_id"],
            action=asked["action"],
            actor=update.effective_user.id,
            actor_name=_actor_name(update),
            reason=message.text,
        )
    except WorkflowError as error:
        await message.reply_text(_refusal(error, await current_status(context.env, asked["request_id"])))
        if not isinstance(error, ReasonRequired):
            pending.pop(key, None)
        return
    pending.pop(key, None)
    await message.reply_text(
        admin_t.ADMIN_REASON_RECORDED.format(
            code=acted.request.tracking_code,
            status=context.env.services.status_label(acted.request.status, acted.request.service),
        )
    )


def _refusal(error: WorkflowError, status: str) -> str:
    """The one message for each refusal."""
    if isinstance(error, OwnCase):
        return access_t.ACCESS_OWN_CASE
    if isinstance(error, NotPermitted):
        return admin_t.ADMIN_NO_ROLE
    if isinstance(error, SameActor):
        return admin_t.ADMIN_SAME_ACTOR
    if isinstance(error, ReasonRequired):
        return admin_t.ADMIN_REASON_REQUIRED
    if isinstance(error, IllegalTransition):
        return admin_t.ADMIN_ALREADY_HANDLED.format(status=status_label(status))
    if isinstance(error, Refused):
        return error.text
    return t.STALE_BUTTON


# --- roles ----------------------------------------------------------------------------------------------


async def grant_command(update: Update, context: RefahContext) -> None:
    """``/grant <user id> <role> [scope]`` (admins only)."""
    await _role_command(update, context, grant=True)


async def revoke_command(update: Update, context: RefahContext) -> None:
    """``/revoke <user id> <role> [scope]`` (admins only)."""
    await _role_command(update, context, grant=False)


async def _role_command(update: Update, context: RefahContext, *, grant: bool) -> None:
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    args = context.args or []
    if len(args) not in (2, 3) or not args[0].lstrip("-").isdigit():
        await message.reply_text(admin_t.ROLES_USAGE)
        return
    user_id, role, scope = int(args[0]), args[1], args[2] if len(args) == 3 else ""
    change = role_service.grant if grant else role_service.revoke
    try:
        changed = await change(
            context.env, actor=update.effective_user.id, user_id=user_id, role=role, scope=scope
        )
    except role_service.NotAdmin:
        await message.reply_text(admin_t.ROLES_ADMINS_ONLY)
        return
    except ValueError:
        await message.reply_text(admin_t.ROLES_UNKNOWN.format(roles=", ".join(admin_t.ROLE_LABELS)))
        return
    template = (
        (admin_t.ROLES_GRANTED if changed else admin_t.ROLES_ALREADY)
        if grant
        else (admin_t.ROLES_REVOKED if changed else admin_t.ROLES_NOT_HELD)
    )
    await message.reply_text(
        template.format(user_id=user_id, role=admin_t.ROLE_LABELS.get(role, role), scope=scope)
    )


async def roles_command(update: Update, context: RefahContext) -> None:
    """``/roles``: every grant (admins only)."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    if not await role_service.is_admin(context.env, update.effective_user.id):
        await message.reply_text(admin_t.ROLES_ADMINS_ONLY)
        return
    grants = await role_service.list_roles(context.env)
    lines = [
        admin_t.ROLES_LINE.format(user_id=u, role=admin_t.ROLE_LABELS.get(r, r), scope=s)
        for u, r, s, _ in grants
    ]
    await message.reply_text("\n".join([admin_t.ROLES_TITLE, *lines]) if lines else admin_t.ROLES_NONE)


async def cancel_reason(update: Update, context: RefahContext) -> None:
    """The clerk who was asked for a reason (on Bale) gives up: nothing changes."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    pending: dict[str, Any] = (context.chat_data or {}).get("reasons", {})
    asked = pending.get(f"actor:{update.effective_user.id}")
    if asked is None or NO_REASON.number(query.data) != update.effective_user.id:
        await query.answer(
            admin_t.ADMIN_NOT_YOUR_PROMPT if asked is None else t.STALE_BUTTON, show_alert=True
        )
        return
    pending.pop(f"actor:{update.effective_user.id}", None)
    await query.answer()
    await query.edit_message_text(admin_t.ADMIN_REASON_CANCELLED.format(code=asked.get("code", "")))


def handlers(settings: Settings) -> list[BaseHandler[Update, RefahContext, None]]:
    """Admin-group handlers (cards and reasons only in the configured group) and role commands."""
    found: list[BaseHandler[Update, RefahContext, None]] = [
        CommandHandler("grant", grant_command),
        CommandHandler("revoke", revoke_command),
        CommandHandler("roles", roles_command),
    ]
    if settings.admin_chat_id is not None:
        group = filters.Chat(settings.admin_chat_id)
        found += [
            CallbackQueryHandler(press, pattern=CARD_PATTERN),
            CallbackQueryHandler(cancel_reason, pattern=NO_REASON.pattern),
            MessageHandler(
                group
                & filters.TEXT
                & ~filters.COMMAND
                & (filters.REPLY if not settings.is_bale else filters.ALL),
                receive_reason,
            ),
        ]
    return found
