"""The main menu, /start for a linked employee, /help, /whoami."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from kit.context import RefahContext
from kit.menu import main_menu
from kit.staff import commands_of, commands_text
from texts import common as t


async def show_menu(update: Update, context: RefahContext) -> None:
    """Greet a linked employee and show the services (on Bale, with the commands of their staff roles)."""
    employee = context.employee
    assert update.effective_message is not None and update.effective_user is not None
    text = t.MENU_GREETING.format(name=employee.first_name)
    if context.settings.is_bale:
        staff = await commands_of(context.env, context.host.staff_menu, update.effective_user.id)
        if staff:
            text = f"{text}\n\n{commands_text(staff)}"
    await update.effective_message.reply_text(text, reply_markup=main_menu())


async def show_help(update: Update, context: RefahContext) -> None:
    """How Refah works, and how to reach the office."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        t.HELP.format(contact=context.env.office_contact), reply_markup=main_menu()
    )


async def whoami(update: Update, context: RefahContext) -> None:
    """The user's numeric id (an admin needs it to grant a role)."""
    assert update.effective_message is not None and update.effective_user is not None
    await update.effective_message.reply_text(t.WHOAMI.format(user_id=update.effective_user.id))


def handlers() -> list[BaseHandler[Update, RefahContext, None]]:
    """The menu's handlers."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler(["start", "menu"], show_menu, filters=private),
        CommandHandler("help", show_help, filters=private),
        MessageHandler(private & filters.Text([t.MENU_HELP]), show_help),
        CommandHandler("whoami", whoami),
    ]
