"""The features of Brug, in the order they plug in. Each has a `plugin.init_app(app)` that registers
its blueprints, commands and socket namespaces and adds its parts to the core registry.

Notifications come after the features that tell members things (they register digest sources and
labels for it); search after the features whose kinds it indexes; demo last, as it uses them all.
"""
from community.accounts import plugin as accounts
from community.board import plugin as board
from community.buddies import plugin as buddies
from community.chat import plugin as chat
from community.checks import plugin as checks
from community.coordination import plugin as coordination
from community.demo import plugin as demo
from community.events import plugin as events
from community.groups import plugin as groups
from community.guide import plugin as guide
from community.notifications import plugin as notifications
from community.push import plugin as push
from community.pwa import plugin as pwa
from community.search import plugin as search

FEATURES = (accounts, coordination, groups, buddies, board, checks, events, chat, notifications, guide, push, pwa,
            search, demo)
