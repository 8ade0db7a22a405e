"""What the services answer about groups and posts beyond the rows themselves: counts and the reader's
own membership, in small frozen objects (nothing is stuck on an ORM row, which every reader of the
session shares); serializers and templates read these."""
from __future__ import annotations

from dataclasses import dataclass

from community.groups.models import Group, GroupMembership, Post


@dataclass(frozen=True)
class GroupRow:
    """A group as one member sees it: how many members it has, and their own membership (or request)."""

    group: Group
    member_count: int = 0
    my_membership: GroupMembership | None = None

    @property
    def id(self) -> int:
        return self.group.id

    @property
    def is_member(self) -> bool:
        return self.my_membership is not None and self.my_membership.is_active_member

    @property
    def is_pending(self) -> bool:
        return self.my_membership is not None and self.my_membership.is_pending

    @property
    def is_moderator(self) -> bool:
        return self.my_membership is not None and self.my_membership.is_moderator


@dataclass(frozen=True)
class PostRow:
    """A post with the number of answers its reader sees (blocked members' answers left out)."""

    post: Post
    comment_count: int = 0

    @property
    def id(self) -> int:
        return self.post.id
